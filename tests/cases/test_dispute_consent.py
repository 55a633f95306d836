"""R-DSP-2: a stage that needs both parties' consent opens only when both consented; a USK
payment dispute may reach the national board on one party's request where the agreement
says so."""

import pytest

from cases.models import Dispute, DisputeLadder, DisputeStatus, LadderStage
from cases.services.dispute import dispute_consent, dispute_escalate
from tests.disputes import LADDER_B, open_dispute, refused, sides_on, to_record


@pytest.fixture
def sides(world):
    return sides_on(world, LADDER_B)


def _at_board(case) -> bool:
    return Dispute.objects.get(pk=case.pk).status == DisputeStatus.NATIONAL_BOARD


def test_R_DSP_2_one_consent_does_not_open_a_stage_that_needs_both(sides):
    case = open_dispute(sides)
    to_record(sides, case)
    dispute_consent(case=case, actor=sides.municipality, stage="national_board")
    error = refused(
        "consent_missing",
        dispute_escalate,
        case=case,
        actor=sides.municipality,
        stage="national_board",
    )
    assert "UNN HF" in error.message
    dispute_consent(case=case, actor=sides.trust, stage="national_board")
    dispute_escalate(case=case, actor=sides.municipality, stage="national_board")
    assert _at_board(case)


def test_R_DSP_2_a_second_consent_of_the_same_party_is_refused(sides):
    case = open_dispute(sides)
    dispute_consent(case=case, actor=sides.trust, stage="national_board")
    refused(
        "already_consented", dispute_consent, case=case, actor=sides.trust, stage="national_board"
    )


def test_R_DSP_2_a_consent_from_outside_the_parties_is_refused(sides):
    case = open_dispute(sides)
    refused("not_a_party", dispute_consent, case=case, actor=sides.stranger, stage="national_board")
    refused(
        "not_a_party",
        dispute_consent,
        case=case,
        actor=sides.world.outsider,
        stage="national_board",
    )


def test_R_DSP_2_a_consent_to_a_stage_that_needs_none_is_refused(sides):
    case = open_dispute(sides)
    refused("consent_not_needed", dispute_consent, case=case, actor=sides.trust, stage="court")


def test_R_DSP_2_a_usk_payment_dispute_reaches_the_board_on_one_partys_request_under_ladder_b(
    sides,
):
    case = open_dispute(sides, kind="usk_payment")
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.municipality, stage="national_board")
    assert _at_board(case)
    assert not case.consents.exists()


def test_R_DSP_2_an_agreement_dispute_does_not_get_the_usk_exception(sides):
    case = open_dispute(sides, kind="agreement")
    to_record(sides, case)
    refused(
        "consent_missing",
        dispute_escalate,
        case=case,
        actor=sides.municipality,
        stage="national_board",
    )


def test_R_DSP_2_a_ladder_without_the_exception_refuses_the_usk_dispute_one_sided(world):
    """The exception is the agreement's data: the same ladder with it switched off refuses."""
    sides = sides_on(world, LADDER_B)
    strict = DisputeLadder.objects.create(slug="uten-unntak", name="Uten unntak", agreement="X")
    for stage in DisputeLadder.objects.get(slug=LADDER_B).ordered_stages():
        stage.pk, stage.ladder = None, strict
        stage.usk_one_party = False
        stage.save()
    world.community.dispute_ladder = strict
    world.community.save()
    case = open_dispute(sides, kind="usk_payment")
    to_record(sides, case)
    refused(
        "consent_missing",
        dispute_escalate,
        case=case,
        actor=sides.municipality,
        stage="national_board",
    )
    assert LadderStage.objects.filter(ladder=strict, usk_one_party=True).count() == 0
