"""R-DSP-3: resolution with terms at any stage. R-DSP-4: a board statement binds only if
both parties recorded so; otherwise court at the venue, or arbitration if both agree."""

import pytest

from cases.models import Dispute, DisputeStatus
from cases.services.dispute import (
    dispute_accept_binding,
    dispute_consent,
    dispute_escalate,
    dispute_record_statement,
    dispute_resolve,
    dispute_withdraw,
)
from tests.disputes import LADDER_A, LADDER_B, open_dispute, refused, sides_on, to_record


def _fresh(case) -> Dispute:
    return Dispute.objects.get(pk=case.pk)


@pytest.fixture
def sides(world):
    return sides_on(world, LADDER_B)


@pytest.fixture
def at_board(sides):
    case = open_dispute(sides)
    to_record(sides, case)
    dispute_consent(case=case, actor=sides.municipality, stage="national_board")
    dispute_consent(case=case, actor=sides.trust, stage="national_board")
    return dispute_escalate(case=case, actor=sides.trust, stage="national_board")


def test_R_DSP_3_the_parties_resolve_the_dispute_in_dialogue_with_terms(sides):
    case = open_dispute(sides)
    resolution = dispute_resolve(
        case=case, actor=sides.trust, terms="Helseforetaket dekker halvparten."
    )
    case = _fresh(case)
    assert case.status == DisputeStatus.RESOLVED and case.closed_at is not None
    assert resolution.terms == "Helseforetaket dekker halvparten."
    assert resolution.stage.kind == "dialogue"
    refused("illegal_state", dispute_resolve, case=case, actor=sides.trust, terms="Igjen")


def test_R_DSP_3_a_resolution_without_terms_is_refused(sides):
    case = open_dispute(sides)
    refused("terms_missing", dispute_resolve, case=case, actor=sides.trust, terms="   ")
    refused("not_a_party", dispute_resolve, case=case, actor=sides.stranger, terms="Enige")


def test_R_DSP_3_the_parties_resolve_the_dispute_at_the_board(sides, at_board):
    dispute_resolve(case=at_board, actor=sides.municipality, terms="Forlik.")
    case = _fresh(at_board)
    assert case.status == DisputeStatus.RESOLVED
    assert case.resolution.stage.kind == "national_board"


def test_R_DSP_4_the_statement_binds_only_when_both_parties_recorded_so(sides, at_board):
    dispute_record_statement(case=at_board, actor=sides.trust, text="Nemnda anbefaler X.")
    dispute_accept_binding(case=at_board, actor=sides.municipality)
    assert _fresh(at_board).status == DisputeStatus.NATIONAL_BOARD
    refused("already_consented", dispute_accept_binding, case=at_board, actor=sides.municipality)
    dispute_accept_binding(case=at_board, actor=sides.trust)
    case = _fresh(at_board)
    assert case.status == DisputeStatus.BOUND_BY_STATEMENT and case.is_closed
    refused("illegal_state", dispute_escalate, case=case, actor=sides.trust, stage="court")


def test_R_DSP_4_binding_agreed_before_the_statement_ends_the_case_when_it_comes(sides, at_board):
    dispute_accept_binding(case=at_board, actor=sides.municipality)
    dispute_accept_binding(case=at_board, actor=sides.trust)
    assert _fresh(at_board).status == DisputeStatus.NATIONAL_BOARD
    dispute_record_statement(case=at_board, actor=sides.municipality, text="Anbefaling.")
    assert _fresh(at_board).status == DisputeStatus.BOUND_BY_STATEMENT


def test_R_DSP_4_an_advisory_statement_lets_either_party_go_to_court_at_the_venue(sides, at_board):
    refused("statement_missing", dispute_escalate, case=at_board, actor=sides.trust, stage="court")
    dispute_record_statement(case=at_board, actor=sides.trust, text="Nemnda anbefaler X.")
    dispute_accept_binding(case=at_board, actor=sides.municipality)  # only one party
    dispute_escalate(case=at_board, actor=sides.municipality, stage="court")
    case = _fresh(at_board)
    assert case.status == DisputeStatus.COURT
    assert case.stage.venue == "Nord-Troms og Senja tingrett"
    assert case.events.last().data["venue"] == "Nord-Troms og Senja tingrett"


def test_R_DSP_4_arbitration_needs_both_parties(sides, at_board):
    dispute_record_statement(case=at_board, actor=sides.trust, text="Nemnda anbefaler X.")
    dispute_consent(case=at_board, actor=sides.trust, stage="arbitration")
    refused(
        "consent_missing",
        dispute_escalate,
        case=at_board,
        actor=sides.trust,
        stage="arbitration",
    )
    dispute_consent(case=at_board, actor=sides.municipality, stage="arbitration")
    dispute_escalate(case=at_board, actor=sides.trust, stage="arbitration")
    assert _fresh(at_board).status == DisputeStatus.ARBITRATION


def test_R_DSP_4_a_ladder_whose_statements_cannot_bind_refuses_binding(world):
    sides = sides_on(world, LADDER_A)
    case = open_dispute(sides)
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.trust, stage="local_body")
    refused("statement_cannot_bind", dispute_accept_binding, case=case, actor=sides.trust)


def test_a_statement_from_outside_the_parties_and_the_handling_body_is_refused(sides, at_board):
    refused(
        "permission_denied",
        dispute_record_statement,
        case=at_board,
        actor=sides.stranger,
        text="Uttalelse",
    )


def test_the_party_that_raised_the_dispute_withdraws_it(sides):
    case = open_dispute(sides)
    refused("permission_denied", dispute_withdraw, case=case, actor=sides.trust)
    dispute_withdraw(case=case, actor=sides.municipality, reason="Løst på annen måte")
    case = _fresh(case)
    assert case.status == DisputeStatus.WITHDRAWN and case.is_closed
    assert case.events.last().data == {"reason": "Løst på annen måte"}


def test_the_status_changes_only_through_the_declared_lifecycle(sides):
    case = open_dispute(sides)
    with pytest.raises(AttributeError):
        case.status = DisputeStatus.RESOLVED
