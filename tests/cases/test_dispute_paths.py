"""The complete path of both ladders through the services, and steps a ladder does not have
or does not allow."""

from cases.models import (
    Committee,
    CommitteeKind,
    Dispute,
    DisputeLadder,
    DisputeStatus,
    LadderStage,
)
from cases.services.dispute import (
    dispute_consent,
    dispute_escalate,
    dispute_record_position,
    dispute_record_statement,
)
from tests.disputes import LADDER_A, LADDER_B, open_dispute, refused, sides_on, to_record
from tests.factories import member


def _path(case) -> list[str]:
    return [entry.stage.kind for entry in Dispute.objects.get(pk=case.pk).entries.all()]


def test_ladder_a_dialogue_ssu_local_body_national_body_court(world):
    sides = sides_on(world, LADDER_A)
    body = Committee.objects.create(
        community=world.community, kind=CommitteeKind.DISPUTE_BODY, name="Lokalt tvisteorgan"
    )
    body_member = member(body, party=world.harstad, username="tvisteorgan")
    case = open_dispute(sides)
    # The SSU only if both want it; still part of the dialogue, so no record needed yet.
    dispute_consent(case=case, actor=sides.municipality, stage="ssu")
    dispute_consent(case=case, actor=sides.trust, stage="ssu")
    dispute_escalate(case=case, actor=sides.municipality, stage="ssu")
    assert Dispute.objects.get(pk=case.pk).status == DisputeStatus.SSU
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.municipality, stage="local_body")
    dispute_record_statement(case=case, actor=body_member, text="Organet anbefaler deling.")
    dispute_record_position(case=case, actor=sides.trust, text="Vi godtar ikke anbefalingen.")
    dispute_escalate(case=case, actor=sides.trust, stage="national_board")
    dispute_record_statement(case=case, actor=sides.trust, text="Nemnda anbefaler deling.")
    dispute_escalate(case=case, actor=sides.municipality, stage="court")
    case = Dispute.objects.get(pk=case.pk)
    assert case.status == DisputeStatus.COURT and not case.is_closed
    assert case.stage.venue == "Den kommunale partens tingrett"
    assert _path(case) == ["dialogue", "ssu", "local_body", "national_board", "court"]
    refused("illegal_state", dispute_escalate, case=case, actor=sides.trust, stage="court")


def test_ladder_a_does_not_skip_the_local_body_and_has_no_arbitration(world):
    sides = sides_on(world, LADDER_A)
    case = open_dispute(sides)
    to_record(sides, case)
    refused(
        "stage_not_reachable",
        dispute_escalate,
        case=case,
        actor=sides.trust,
        stage="national_board",
    )
    refused(
        "stage_not_on_ladder", dispute_escalate, case=case, actor=sides.trust, stage="arbitration"
    )
    refused("stage_not_ahead", dispute_escalate, case=case, actor=sides.trust, stage="dialogue")


def test_ladder_b_negotiation_board_court(world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides)
    to_record(sides, case)
    dispute_consent(case=case, actor=sides.municipality, stage="national_board")
    dispute_consent(case=case, actor=sides.trust, stage="national_board")
    dispute_escalate(case=case, actor=sides.trust, stage="national_board")
    dispute_record_statement(case=case, actor=sides.trust, text="Nemnda anbefaler X.")
    dispute_escalate(case=case, actor=sides.municipality, stage="court")
    assert _path(case) == ["dialogue", "national_board", "court"]


def test_ladder_b_without_consent_to_the_board_goes_straight_to_court(world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides)
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.municipality, stage="court")
    assert _path(case) == ["dialogue", "court"]
    assert Dispute.objects.get(pk=case.pk).events.last().data["skipped"] == ["national_board"]


def test_a_court_stage_on_a_ladder_without_one_is_refused(world):
    sides = sides_on(world, LADDER_B)
    no_court = DisputeLadder.objects.create(slug="uten-domstol", name="Uten", agreement="Y")
    LadderStage.objects.create(ladder=no_court, position=1, kind="dialogue")
    LadderStage.objects.create(ladder=no_court, position=2, kind="local_body")
    world.community.dispute_ladder = no_court
    world.community.save()
    case = open_dispute(sides)
    to_record(sides, case)
    refused("stage_not_on_ladder", dispute_escalate, case=case, actor=sides.trust, stage="court")
