"""The two ladders of the sources, as data (DOMAIN.md "Tvisteløsning")."""

from cases.ladder_data import LADDER_A, LADDER_B
from cases.models import DisputeLadder


def _stages(slug):
    ladder = DisputeLadder.objects.get(slug=slug)
    return [
        (s.kind, s.may_be_skipped, s.needs_both_consent, s.usk_one_party, s.statement_may_bind)
        for s in ladder.ordered_stages()
    ]


def test_ladder_a_is_installed_as_hovedavtalen_punkt_8(db):
    """Dialogue, the SSU only if both want it, the local body, the national body, the courts
    at the municipal party's district court; no arbitration, no binding statement."""
    assert _stages(LADDER_A) == [
        ("dialogue", False, False, False, False),
        ("ssu", True, True, False, False),
        ("local_body", False, False, False, False),
        ("national_board", False, False, False, False),
        ("court", False, False, False, False),
    ]
    court = DisputeLadder.objects.get(slug=LADDER_A).stage_of_kind("court")
    assert court.venue == "Den kommunale partens tingrett"


def test_ladder_b_is_installed_as_samarbeidsavtalen_punkt_14(db):
    """Negotiation, the national board if both agree (one party for USK payment), whose
    statement may bind; the courts at Nord-Troms og Senja tingrett, or arbitration if both
    agree."""
    assert _stages(LADDER_B) == [
        ("dialogue", False, False, False, False),
        ("national_board", True, True, True, True),
        ("court", True, False, False, False),
        ("arbitration", False, True, False, False),
    ]
    court = DisputeLadder.objects.get(slug=LADDER_B).stage_of_kind("court")
    assert court.venue == "Nord-Troms og Senja tingrett"
