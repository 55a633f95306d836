"""R-TT-8: the consultation (høring) before the SSU's final treatment."""

from datetime import date

from cases.errors import ValidationFailed, field_error
from cases.models import Consultation, Party, TaskTransfer

from .. import consultations as shared
from ..lifecycle import allowed, ensure_can, locked, run_transition
from ..transactions import service_transaction


def _close(case: TaskTransfer, consultation: Consultation, *, actor, reason: str) -> None:
    shared.consultation_close(consultation)
    run_transition(
        case.close_consultation,
        actor=actor,
        action="consultation_closed",
        data={"consultation": consultation.pk, "reason": reason},
    )


@service_transaction
def task_transfer_respond_consultation(
    *, case: TaskTransfer, actor, party: Party, text: str
) -> bool:
    """R-TT-8: one response per consultee; the last one closes the consultation. True when
    this response closed it."""
    case = locked(case)
    shared.require_consultation_answerer(actor, case)
    ensure_can(case.close_consultation)
    consultation = shared.open_consultation(case)
    if consultation is None:
        raise ValidationFailed(
            "Saken har ingen åpen høring.", errors=[field_error("party", "Ingen åpen høring.")]
        )
    all_answered = shared.consultation_respond(
        case=case, consultation=consultation, actor=actor, party=party, text=text
    )
    if all_answered:
        _close(case, consultation, actor=actor, reason="all_answered")
    return all_answered


@service_transaction
def task_transfer_close_due_consultation(*, case: TaskTransfer, today: date | None = None) -> bool:
    """R-TT-8: a consultation closes at its deadline. True when it closed now."""
    case = locked(case)
    consultation = shared.open_consultation(case)
    if consultation is None or not allowed(case.close_consultation):
        return False
    if not shared.consultation_is_due(consultation, today=today):
        return False
    _close(case, consultation, actor=None, reason="deadline")
    return True


open_consultation = shared.open_consultation
can_respond_to_consultation = shared.can_respond_to_consultation
