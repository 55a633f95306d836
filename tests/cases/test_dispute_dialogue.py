"""Opening a dispute, positions, and R-DSP-1: no leaving the dialogue without the
disagreement record. R-DSP-6: breach claims have an amount and climb the same ladder."""

from decimal import Decimal

import pytest

from cases.errors import DomainError
from cases.models import Dispute, DisputeStatus
from cases.services.dispute import (
    dispute_escalate,
    dispute_open,
    dispute_record_disagreement,
    dispute_record_position,
)
from tests.disputes import LADDER_A, LADDER_B, open_dispute, refused, sides_on, to_record


@pytest.fixture
def sides(world):
    return sides_on(world, LADDER_A)


def test_a_party_opens_a_dispute_on_the_first_stage_of_its_agreements_ladder(sides):
    case = open_dispute(sides)
    assert case.status == DisputeStatus.DIALOGUE
    assert case.stage.kind == "dialogue"
    assert case.ladder.slug == LADDER_A
    assert case.reference.startswith("TV-")
    assert set(case.parties.all()) == {sides.world.tromso, sides.world.trust}
    assert case.events.get().action == "dispute_opened"


def test_only_a_party_opens_a_dispute_and_only_against_the_other_side(sides):
    with pytest.raises(DomainError) as caught:
        dispute_open(
            actor=sides.world.outsider,
            counterparty=sides.world.trust,
            dispute_kind="agreement",
            subject="x",
        )
    assert caught.value.code == "validation_error"  # another community's party
    with pytest.raises(DomainError) as caught:
        dispute_open(
            actor=sides.municipality,
            counterparty=sides.world.harstad,
            dispute_kind="agreement",
            subject="x",
        )
    assert caught.value.errors[0]["code"] == "same_kind"
    assert not Dispute.objects.exists()


def test_R_DSP_1_leaving_dialogue_without_a_disagreement_record_is_refused(sides):
    case = open_dispute(sides)
    dispute_record_position(case=case, actor=sides.municipality, text="Vi mener A.")
    refused(
        "disagreement_record_missing",
        dispute_escalate,
        case=case,
        actor=sides.municipality,
        stage="local_body",
    )


def test_R_DSP_1_the_record_needs_both_positions_and_states_each(sides):
    case = open_dispute(sides)
    dispute_record_position(
        case=case, actor=sides.municipality, text="Helseforetaket har ansvaret."
    )
    refused("positions_missing", dispute_record_disagreement, case=case, actor=sides.trust)
    dispute_record_position(case=case, actor=sides.trust, text="Kommunen har ansvaret.")
    record = dispute_record_disagreement(case=case, actor=sides.trust)
    assert record.text.startswith("Uenighetsprotokoll")
    assert "Tromsø kommune sitt standpunkt:\nHelseforetaket har ansvaret." in record.text
    assert "UNN HF sitt standpunkt:\nKommunen har ansvaret." in record.text
    assert "Hovedavtalen punkt 8 og 9, Delavtale 2, punkt 2.2" in record.text
    refused("already_recorded", dispute_record_disagreement, case=case, actor=sides.trust)
    refused(
        "disagreement_recorded",
        dispute_record_position,
        case=case,
        actor=sides.trust,
        text="Nytt standpunkt",
    )


def test_R_DSP_1_a_party_restates_its_position_in_place(sides):
    """Restating a position at the same stage replaces it (one position per party and
    stage), and the record states the last one."""
    from cases.models import DisputePosition

    case = open_dispute(sides)
    dispute_record_position(case=case, actor=sides.municipality, text="Først.")
    dispute_record_position(case=case, actor=sides.municipality, text="Så dette.")
    positions = DisputePosition.objects.filter(dispute=case)
    assert [p.text for p in positions] == ["Så dette."]
    dispute_record_position(case=case, actor=sides.trust, text="Kommunen har ansvaret.")
    record = dispute_record_disagreement(case=case, actor=sides.trust)
    assert "Tromsø kommune sitt standpunkt:\nSå dette." in record.text


def test_R_DSP_1_with_the_record_the_dispute_leaves_dialogue(sides):
    case = open_dispute(sides)
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.municipality, stage="local_body")
    case = Dispute.objects.get(pk=case.pk)
    assert case.status == DisputeStatus.LOCAL_BODY


def test_a_position_from_outside_the_parties_is_refused(sides):
    case = open_dispute(sides)
    refused("not_a_party", dispute_record_position, case=case, actor=sides.stranger, text="x")


def test_R_DSP_6_a_breach_claim_needs_its_amount(sides):
    with pytest.raises(DomainError) as caught:
        open_dispute(sides, kind="breach")
    assert caught.value.code == "claim_amount_missing"
    assert not Dispute.objects.exists()


def test_R_DSP_6_a_breach_claim_climbs_the_same_ladder(world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides, kind="breach", claim_amount=Decimal("250000"))
    to_record(sides, case)
    assert "Kravets beløp: kr 250 000.00" in case.disagreement_record.text
    dispute_escalate(case=case, actor=sides.trust, stage="court")
    case = Dispute.objects.get(pk=case.pk)
    assert case.status == DisputeStatus.COURT
    assert case.ladder.slug == LADDER_B
