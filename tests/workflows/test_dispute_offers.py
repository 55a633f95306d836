"""The case page offers exactly the stages the escalation service lets a dispute reach.

The page asks `escalation_blocker`, the service raises what it finds: for every later stage
of both ladders, at the points where the answer changes, an offered stage is one that
`dispute_escalate` does not refuse for a blocker (it may still ask for the other party's
consent, R-DSP-2), and a stage not offered is one it refuses."""

import pytest
from django.db import transaction

from cases.errors import DomainError
from cases.models import Committee, CommitteeKind, Dispute
from cases.services.dispute import dispute_consent, dispute_escalate, dispute_record_statement
from tests.disputes import LADDER_A, LADDER_B, open_dispute, sides_on, to_record
from tests.factories import member
from workflows.dispute.web import actions_for

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _service_allows(case: Dispute, user, stage: str) -> bool:
    """Whether the service takes the dispute to `stage` (a missing consent counts as allowed:
    the page offers the stage with «samtykke» first); nothing is kept."""
    try:
        with transaction.atomic():
            dispute_escalate(case=Dispute.objects.get(pk=case.pk), actor=user, stage=stage)
            raise _Undo
    except _Undo:
        return True
    except DomainError as problem:
        return problem.code == "consent_missing"


def _assert_page_matches_service(case: Dispute, user) -> set[str]:
    case = Dispute.objects.get(pk=case.pk)
    offered = {t["kind"] for t in actions_for(case, user)["targets"]}
    ahead = case.ladder.stages.filter(position__gt=case.stage.position)
    allowed = {s.kind for s in ahead if _service_allows(case, user, s.kind)}
    assert offered == allowed
    return offered


@pytest.mark.parametrize("slug", [LADDER_A, LADDER_B])
def test_the_page_offers_what_the_service_allows_r_dsp_1_r_dsp_4(world, slug):
    """R-DSP-1, R-DSP-4: before the record, after it, and while a statement is awaited."""
    sides = sides_on(world, slug)
    Committee.objects.create(
        community=world.community, kind=CommitteeKind.DISPUTE_BODY, name="Lokalt tvisteorgan"
    )
    case = open_dispute(sides)
    before = _assert_page_matches_service(case, sides.municipality)
    to_record(sides, case)
    after = _assert_page_matches_service(case, sides.municipality)
    assert after > before  # the record opens stages outside the dialogue
    stage = next(
        s
        for s in Dispute.objects.get(pk=case.pk).ladder.ordered_stages()
        if s.kind in after and s.gives_statement
    )
    if stage.needs_both_consent:
        for user in (sides.municipality, sides.trust):
            dispute_consent(case=case, actor=user, stage=stage.kind)
    dispute_escalate(case=case, actor=sides.municipality, stage=stage.kind)
    assert _assert_page_matches_service(case, sides.trust) == set()  # awaiting the statement
    recorder = (
        sides.trust
        if stage.kind == "national_board"
        else member(Committee.objects.get(kind=CommitteeKind.DISPUTE_BODY), party=world.harstad)
    )
    dispute_record_statement(case=case, actor=recorder, text="Organet anbefaler deling.")
    assert _assert_page_matches_service(case, sides.trust)
