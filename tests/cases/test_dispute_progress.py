"""Where a dispute stands on its ladder: passed, skipped, current and later stages."""

from cases.models import Dispute
from cases.services.dispute import dispute_consent, dispute_escalate, ladder_progress
from tests.disputes import LADDER_B, open_dispute, sides_on, to_record


def test_the_ladder_shows_where_the_dispute_stands(world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides)
    dispute_consent(case=case, actor=sides.trust, stage="national_board")
    progress = ladder_progress(case)
    assert [(p.stage.kind, p.state) for p in progress] == [
        ("dialogue", "current"),
        ("national_board", "ahead"),
        ("court", "ahead"),
        ("arbitration", "ahead"),
    ]
    assert progress[1].consented == {world.trust.pk}
    assert not progress[1].one_party_may_raise  # an agreement dispute
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.municipality, stage="court")
    case = Dispute.objects.get(pk=case.pk)
    assert [p.state for p in ladder_progress(case)] == ["passed", "skipped", "current", "ahead"]


def test_the_ladder_shows_the_usk_exception_where_it_applies(world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides, kind="usk_payment")
    assert [p.one_party_may_raise for p in ladder_progress(case)] == [False, True, False, False]
