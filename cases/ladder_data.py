"""The two dispute ladders of the sources, and the late-payment interest rates, as plain data.

Migration 0007 installs them; `install_standard_ladders` and `install_interest_rates` take the
model classes so that the migration can pass its historical models. After that they are data
like any other, edited in the admin.

- Ladder A, hovedavtalen punkt 8-9 (Helse Møre og Romsdal): dialogue and negotiation, the SSU
  if both parties want it, then the disagreement record to the local dispute body, the national
  dispute body, and the ordinary courts at the municipal party's district court.
- Ladder B, samarbeidsavtalen punkt 14 (UNN): negotiation, the national dispute board if both
  agree (a payment dispute for patients ready for discharge may be raised by one party), whose
  decision binds only if both agree so; otherwise the courts (Nord-Troms og Senja tingrett), or
  arbitration if both agree.
"""

from datetime import date
from decimal import Decimal

LADDER_A = "hovedavtalen-helse-more-og-romsdal"
LADDER_B = "samarbeidsavtalen-unn"

LADDERS = {
    LADDER_A: {
        "name": "Hovedavtalen Helse Møre og Romsdal",
        "agreement": "Hovedavtalen punkt 8 og 9",
        "stages": [
            {"kind": "dialogue"},
            {
                "kind": "ssu",
                "may_be_skipped": True,
                "needs_both_consent": True,
                "handled_by": "ssu",
            },
            {"kind": "local_body", "gives_statement": True, "handled_by": "dispute_body"},
            {"kind": "national_board", "gives_statement": True},
            {"kind": "court", "venue": "Den kommunale partens tingrett"},
        ],
    },
    LADDER_B: {
        "name": "Samarbeidsavtalen UNN",
        "agreement": "Samarbeidsavtalen punkt 14",
        "stages": [
            {"kind": "dialogue"},
            {
                "kind": "national_board",
                "may_be_skipped": True,
                "needs_both_consent": True,
                "usk_one_party": True,
                "gives_statement": True,
                "statement_may_bind": True,
            },
            {"kind": "court", "may_be_skipped": True, "venue": "Nord-Troms og Senja tingrett"},
            {"kind": "arbitration", "needs_both_consent": True},
        ],
    },
}

# R-DSP-5: the half-years DOMAIN.md gives; the others are added in the admin when known.
INTEREST_RATES = {
    date(2023, 1, 1): Decimal("10.75"),
    date(2023, 7, 1): Decimal("11.75"),
    date(2024, 1, 1): Decimal("12.50"),
    date(2025, 1, 1): Decimal("12.50"),
    date(2026, 1, 1): Decimal("12.00"),
}


def install_ladder(ladder_model, stage_model, slug: str, definition: dict):
    """Create one ladder with its stages (numbered in order) unless it exists."""
    ladder, created = ladder_model.objects.get_or_create(
        slug=slug, defaults={"name": definition["name"], "agreement": definition["agreement"]}
    )
    if created:
        for position, stage in enumerate(definition["stages"], start=1):
            stage_model.objects.create(ladder=ladder, position=position, **stage)
    return ladder


def install_standard_ladders(ladder_model, stage_model) -> dict:
    return {
        slug: install_ladder(ladder_model, stage_model, slug, definition)
        for slug, definition in LADDERS.items()
    }


def install_interest_rates(rate_model) -> None:
    for start, rate in INTEREST_RATES.items():
        rate_model.objects.get_or_create(half_year_start=start, defaults={"rate": rate})
