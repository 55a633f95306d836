"""R-OBJ-7: the municipality accepts the appeal decision, or brings the case to the national
dispute board: a linked dispute of kind USK payment opens at the ladder's board stage."""

from cases.models import DisputeKind, InvoiceObjection, JournalKind, StageKind

from ..dispute.opening import dispute_open_at_stage
from ..lifecycle import ensure_can, locked, run_transition
from ..transactions import service_transaction
from .common import OBJECTION_RELATED, choice, require_municipality, required_text
from .journal import journal_letter
from .letters import board_letter


@service_transaction
def objection_to_board(
    *, case: InvoiceObjection, actor, decision: str = "accept", subject: str = ""
):
    """R-OBJ-7: after the appeal decision the municipality accepts it (the case closes) or
    brings it to the national dispute board on its own request where the ladder allows
    (`may_open_alone_at`). Returns the dispute, or None when accepted."""
    case = locked(case, *OBJECTION_RELATED)
    municipality = require_municipality(actor, case.invoice)
    choice(decision, ("accept", "board"), "decision")
    if decision == "accept":
        run_transition(case.accept_decision, actor=actor, action="appeal_decision_accepted")
        return None
    ensure_can(case.bring_to_board)
    subject = required_text(subject, "subject", "Beskriv hva uenigheten gjelder.")
    invoice = case.invoice
    credited = sum(note.days for note in case.credit_notes.all())
    dispute = dispute_open_at_stage(
        actor=actor,
        counterparty=invoice.health_trust,
        dispute_kind=DisputeKind.USK_PAYMENT,
        subject=subject,
        stage=StageKind.NATIONAL_BOARD,
        title=f"Betaling for utskrivningsklare pasienter: faktura {invoice.number}",
        agreement_clause=f"Fakturainnsigelse {case.reference} ({credited} døgn kreditert)",
        opened_from=case,
    )
    run_transition(
        case.bring_to_board,
        actor=actor,
        action="brought_to_board",
        data={"dispute": str(dispute.pk)},
    )
    title = f"Begjæring om nemndsbehandling, faktura {invoice.number}"
    journal_letter(
        case,
        actor=actor,
        kind=JournalKind.BOARD,
        title=title,
        name=f"{case.reference}-nemnd.txt",
        text=board_letter(case, subject, dispute),
        sender=municipality,
        recipient=invoice.health_trust,
    )
    return dispute
