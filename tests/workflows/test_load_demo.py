"""`manage.py load_demo`: the demo community, its people and sample cases."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from viewflow.workflow.models import Task

from cases.ladder_data import LADDER_B
from cases.models import Community, Competence, Membership, Party, PartyKind, TaskTransfer
from workflows import engine
from workflows.demo import COMMUNITY_SLUG


def _load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    _load()
    counts = (
        Party.objects.count(),
        Membership.objects.count(),
        TaskTransfer.objects.count(),
        Task.objects.count(),
    )
    _load()
    assert (
        Party.objects.count(),
        Membership.objects.count(),
        TaskTransfer.objects.count(),
        Task.objects.count(),
    ) == counts
    assert Party.objects.filter(kind=PartyKind.MUNICIPALITY).count() >= 5
    assert Party.objects.filter(kind=PartyKind.HEALTH_TRUST, name="UNN HF").exists()


@pytest.mark.django_db
def test_the_demo_community_disputes_on_the_ladder_of_samarbeidsavtalen_with_unn():
    _load()
    community = Community.objects.get(slug=COMMUNITY_SLUG)
    assert community.dispute_ladder.slug == LADDER_B


@pytest.mark.django_db
@override_settings(SAKSFLYT_DEMO_ALLOWED=False)
def test_load_demo_refuses_unless_allowed():
    with pytest.raises(CommandError, match="Demodata kan ikke lastes"):
        _load()
    assert not Party.objects.exists()


@pytest.mark.django_db
def test_json_lists_every_role():
    rows = json.loads(_load("--json"))
    by_role: dict[str, list[dict]] = {}
    for row in rows:
        assert set(row) >= {"username", "name", "party", "roles"}
        for role in row["roles"]:
            by_role.setdefault(role, []).append(row)
    assert by_role["secretariat"]
    assert by_role["gp_council"]
    assert by_role["ssu_chair"]
    ssu_parties = {r["party"] for r in by_role["ssu"]}
    assert "UNN HF" in ssu_parties
    assert len({p for p in ssu_parties if p and p.endswith("kommune")}) >= 2
    for competence in Competence.values:
        assert by_role[f"expert_panel:{competence}"], competence
    assert any(r["username"] == "pasient" and r["party"] is None for r in rows)
    assert len(by_role["unit_head"]) >= 4


@pytest.mark.django_db
def test_demo_users_log_in_and_see_work():
    from django.contrib.auth import authenticate, get_user_model

    _load()
    assert authenticate(username="sekretariat", password="demo")
    statuses = set(TaskTransfer.objects.values_list("status", flat=True))
    assert {"submitted", "awaiting_panel", "under_investigation", "approved"} <= statuses
    User = get_user_model()
    for username in ("sekretariat", "ssu.unn", "fastlegeraad", "jurist"):
        user = User.objects.get(username=username)
        assert engine.queue(user).exists() or engine.inbox(user).exists(), username
