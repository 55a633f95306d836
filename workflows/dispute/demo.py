"""A sample dispute for the demo community (ladder B, samarbeidsavtalen UNN), driven through
the real services: Tromsø kommune disputes with UNN HF, both parties have stated their
position in the dialogue, and the disagreement record is not yet drafted."""

from cases.models import Dispute, DisputeKind, Party
from cases.services.dispute import dispute_record_position

from .actions import act, open_dispute

DEMO_TITLE = "Ansvar for oppfølging av utskrevne pasienter med hjemmerespirator"


def load_demo(community, users: dict) -> None:
    if Dispute.objects.filter(community=community, title=DEMO_TITLE).exists():
        return
    trust = Party.objects.get(community=community, name="UNN HF")
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
