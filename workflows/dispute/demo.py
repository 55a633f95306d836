"""Sample disputes for each demo community, by the ladder of its agreement, driven through the
real services.

- Ladder B (samarbeidsavtalen UNN): Tromsø kommune against UNN HF, one in the dialogue with
  both positions stated and no disagreement record yet, and one payment dispute resolved by
  agreement.
- Ladder A (hovedavtalen Helse Møre og Romsdal): Ålesund kommune against the trust, past the
  dialogue with a disagreement record, the SSU stage skipped, at the local dispute body.
"""

from decimal import Decimal

from cases.ladder_data import LADDER_A, LADDER_B
from cases.models import Dispute, DisputeKind, Party
from cases.services.dispute import (
    dispute_escalate,
    dispute_record_disagreement,
    dispute_record_position,
    dispute_resolve,
)

from .actions import act, open_dispute

DEMO_TITLE = "Ansvar for oppfølging av utskrevne pasienter med hjemmerespirator"
RESOLVED_TITLE = "Betaling for utskrivningsklare pasienter i januar"
LOCAL_BODY_TITLE = "Ansvar for legemiddelsamstemming ved utskrivning"


def load_demo(community, users: dict) -> None:
    loader = LOADERS.get(community.dispute_ladder.slug)
    if loader is not None:
        loader(community, users)


def _ladder_b(community, users: dict) -> None:
    if Dispute.objects.filter(community=community, title=DEMO_TITLE).exists():
        return
    trust = Party.objects.get(community=community, name="UNN HF")
    _in_dialogue(users, trust)
    _resolved(users, trust)


def _in_dialogue(users: dict, trust: Party) -> None:
    case = open_dispute(
        actor=users["sekretariat.kommune"],
        counterparty=trust,
        dispute_kind=DisputeKind.AGREEMENT,
        title=DEMO_TITLE,
        subject="Partene er uenige om hvem som skal følge opp pasienter med hjemmerespirator "
        "de første ukene etter utskrivning.",
        agreement_clause="Delavtale 2, punkt 2.2",
    )
    act(
        dispute_record_position,
        case=case,
        actor=users["sekretariat.kommune"],
        text="Helseforetaket har ansvaret for oppfølgingen til pasienten er stabil hjemme.",
    )
    act(
        dispute_record_position,
        case=case,
        actor=users["sekretariat"],
        text="Kommunen har ansvaret fra utskrivningsdagen; foretaket gir veiledning.",
    )


def _resolved(users: dict, trust: Party) -> None:
    case = open_dispute(
        actor=users["sekretariat.kommune"],
        counterparty=trust,
        dispute_kind=DisputeKind.USK_PAYMENT,
        title=RESOLVED_TITLE,
        subject="Kommunen bestrider døgnprisen foretaket har fakturert for tre pasienter.",
        agreement_clause="Delavtale 11, punkt 4",
        claim_amount=Decimal("64800.00"),
    )
    act(
        dispute_resolve,
        case=case,
        actor=users["sekretariat"],
        terms="Foretaket krediterer to av døgnene; kommunen betaler resten innen 30 dager.",
    )


def _ladder_a(community, users: dict) -> None:
    if Dispute.objects.filter(community=community, title=LOCAL_BODY_TITLE).exists():
        return
    trust = Party.objects.get(community=community, name="Helse Møre og Romsdal HF")
    municipality, hospital = users["sekretariat.alesund"], users["sekretariat.hmr"]
    case = open_dispute(
        actor=municipality,
        counterparty=trust,
        dispute_kind=DisputeKind.AGREEMENT,
        title=LOCAL_BODY_TITLE,
        subject="Partene er uenige om hvem som skal gjennomføre legemiddelsamstemming når "
        "pasienter skrives ut til kommunale helse- og omsorgstjenester.",
        agreement_clause="Delavtale om utskrivningsklare pasienter, punkt 6",
    )
    act(
        dispute_record_position,
        case=case,
        actor=municipality,
        text="Sykehuset skal sende en samstemt legemiddelliste med pasienten ved utskrivning.",
    )
    act(
        dispute_record_position,
        case=case,
        actor=hospital,
        text="Fastlegen og kommunen skal samstemme legemiddellisten etter utskrivning.",
    )
    act(dispute_record_disagreement, case=case, actor=hospital)
    # Hovedavtalen punkt 8: the SSU stage is taken only if both parties want it; here not.
    act(dispute_escalate, case=case, actor=municipality, stage="local_body")


LOADERS = {LADDER_A: _ladder_a, LADDER_B: _ladder_b}
