"""The billing terms of the two agreements in the sources, as named profiles (R-USK-1..4).

A community's `BillingTerms` stay data (the admin edits them); a profile only fills them in
from the text of an agreement, for the demo communities and for a new community on one of
these agreements.

- `unn`: UNN HF and the municipalities of Troms og Ofoten. Fakturaveilederen punkt 3: «Det
  beregnes ikke betaling fra selve dagen pasienten er meldt utskrivningsklar, men påfølgende
  virkedag» → next_business_day. No grace period is named. Retningslinje 2 punkt 4.1: the
  documentation must be «vurdert, avklart, dokumentert og oversendt kommunen» and epikriser
  are sent → discharge summary required. The UNN texts name no readmission window, so the
  forskrift's and the default 48 hours apply.
- `helse_more_og_romsdal`: delavtale 1 punkt 1.5 b) payment «fra den dagen pasienten blir
  erklært utskrivningsklar» → same_day, no grace; c) «vilkår for betalingsplikt at
  helseforetaket har sendt epikrise» → required; e) «bortfaller dersom pasienten legges inn
  igjen på sykehus for samme problemstilling innen 48 timer» → 48.
"""

from dataclasses import asdict, dataclass

from .errors import ValidationFailed, field_error
from .models.billing import BillingTerms, ChargeStart


@dataclass(frozen=True)
class BillingProfile:
    agreement: str
    charge_start: str
    grace_hours: int
    requires_discharge_summary: bool
    readmission_void_hours: int


PROFILES = {
    "unn": BillingProfile(
        agreement="Veileder for fakturering av utskrivningsklare pasientdøgn mellom UNN HF og"
        " kommunene i Troms og Ofoten, punkt 3; retningslinje 2, punkt 4.1",
        charge_start=ChargeStart.NEXT_BUSINESS_DAY,
        grace_hours=0,
        requires_discharge_summary=True,
        readmission_void_hours=48,
    ),
    "helse_more_og_romsdal": BillingProfile(
        agreement="Delavtale 1, punkt 1.4-1.5 (Helse Møre og Romsdal HF og kommunene)",
        charge_start=ChargeStart.SAME_DAY,
        grace_hours=0,
        requires_discharge_summary=True,
        readmission_void_hours=48,
    ),
}


def apply_billing_profile(community, name: str) -> BillingTerms:
    """Create or update `community`'s BillingTerms from the profile `name`."""
    profile = PROFILES.get(name)
    if profile is None:
        raise ValidationFailed(
            "Ukjent betalingsprofil.",
            errors=[field_error("name", f"Velg en av: {', '.join(sorted(PROFILES))}.")],
        )
    terms, _ = BillingTerms.objects.update_or_create(community=community, defaults=asdict(profile))
    return terms
