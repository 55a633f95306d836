"""`manage.py load_demo`: the demo community, its people and sample cases."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from viewflow.workflow.models import Task

from cases.ladder_data import LADDER_A, LADDER_B
from cases.models import (
    Case,
    CommitteeKind,
    Community,
    Competence,
    DisagreementRecord,
    Dispute,
    Membership,
    Party,
    PartyKind,
    TaskTransfer,
)
from cases.roles import Viewer
from workflows import demo_more, engine
from workflows.demo import COMMUNITY_SLUG
from workflows.dispute.demo import LOCAL_BODY_TITLE


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
def test_the_second_demo_community_disputes_on_ladder_a_at_its_local_dispute_body():
    """One community on each ladder: Møre og Romsdal on hovedavtalen's ladder, with a dispute
    past the dialogue (R-DSP-1: with its disagreement record) before the local dispute body."""
    _load()
    _load()
    community = Community.objects.get(slug=demo_more.SLUG)
    assert community.dispute_ladder.slug == LADDER_A
    names = set(Party.objects.filter(community=community).values_list("name", "kind"))
    assert names == {
        ("Helse Møre og Romsdal HF", PartyKind.HEALTH_TRUST),
        ("Ålesund kommune", PartyKind.MUNICIPALITY),
        ("Molde kommune", PartyKind.MUNICIPALITY),
    }
    body = community.committees.get(kind=CommitteeKind.DISPUTE_BODY)
    assert body.memberships.count() == 2
    dispute = Dispute.objects.get(community=community, title=LOCAL_BODY_TITLE)
    assert dispute.ladder.slug == LADDER_A
    assert dispute.stage.kind == "local_body"
    assert dispute.stage.handled_by == CommitteeKind.DISPUTE_BODY
    assert DisagreementRecord.objects.filter(dispute=dispute).count() == 1
    assert {dispute.claimant.name, dispute.respondent.name} == {
        "Ålesund kommune",
        "Helse Møre og Romsdal HF",
    }
    assert Dispute.objects.filter(community=community).count() == 1
    assert not TaskTransfer.objects.filter(community=community).exists()
    open_tasks = Task.objects.filter(process=dispute.process, flow_task_type="HUMAN")
    assert open_tasks.exclude(status="DONE").count() == 1


@pytest.mark.django_db
def test_the_local_dispute_body_of_the_second_community_sees_its_dispute():
    """R-PTY-2: the body handling the stage sees the dispute; Troms og Ofoten's people do not."""
    _load()
    User = get_user_model()

    def sees(username: str) -> bool:
        viewer = Viewer.of(User.objects.get(username=username))
        return Case.objects.filter(Dispute.visibility(viewer), title=LOCAL_BODY_TITLE).exists()

    assert sees("ssu.molde")  # dispute body, not a party of the dispute
    assert sees("sekretariat.hmr")
    assert not sees("sekretariat")
    assert not sees("ssu.tromso")


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
    second = [r for r in rows if r["community"] == demo_more.NAME]
    assert {r["username"] for r in second} == {p.username for p in demo_more.PEOPLE}
    assert any("dispute_body" in r["roles"] for r in second)
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


@pytest.mark.django_db
def test_the_printed_table_names_roles_in_norwegian():
    """The table a person reads names each role as the site does; `--json` keeps the codes."""
    out = _load()
    assert "Lokalt tvisteløsningsorgan" in out
    assert "Strategisk samarbeidsutvalg (SSU), leder" in out
    assert "Fagpool for faglige utvalg: juridisk kompetanse" in out
    assert "Leder for enhet" in out
    for code in ("dispute_body", "ssu_chair", "unit_head", "expert_pool:", "gp_council"):
        assert code not in out, code
