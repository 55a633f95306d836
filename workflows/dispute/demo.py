"""Sample disputes for the demo community (ladder B, samarbeidsavtalen UNN), driven through
the real services: Tromsø kommune against UNN HF, one in the dialogue with both positions
stated and no disagreement record yet, and one payment dispute resolved by agreement."""

from decimal import Decimal

from cases.models import Dispute, DisputeKind, Party
from cases.services.dispute import dispute_record_position, dispute_resolve

from .actions import act, open_dispute

DEMO_TITLE = "Ansvar for oppfølging av utskrevne pasienter med hjemmerespirator"
RESOLVED_TITLE = "Betaling for utskrivningsklare pasienter i januar"


def load_demo(community, users: dict) -> None:
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
