"""R-OBJ-4: the discharging unit answers every disputed line; R-OBJ-5 follows for the
accepted days."""

from django.utils import timezone

from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import CreditNote, CreditNoteBasis, InvoiceLine, InvoiceObjection, JournalKind

from ..deadlines import deadline_close
from ..lifecycle import ensure_can, locked, run_transition
from ..transactions import service_transaction
from .common import OBJECTION_RELATED, is_section_member
from .credit import credit_note_issue
from .deadlines import OBJECTION_ANSWER
from .journal import journal_letter
from .letters import answer_letter
from .mails import mail_answered


def require_answerer(user, case: InvoiceObjection) -> None:
    """The unit's head answers; the cooperation section may answer for a unit it took over."""
    is_head = case.unit.head_id is not None and case.unit.head_id == user.pk
    if not is_head and not is_section_member(user, case):
        raise Forbidden(
            "Bare utskrivende enhet (eller seksjon for samhandling) kan besvare innsigelsen.",
            code="not_the_unit",
        )


def _count(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _answer_errors(case: InvoiceObjection, lines: list[dict]) -> tuple[dict, list[dict]]:
    """R-OBJ-4: one answer per disputed line, accepted + rejected = disputed, a justification."""
    disputed = {item.line_id: item for item in case.lines.select_related("line")}
    answers, errors = {}, []
    for i, raw in enumerate(lines or []):
        raw = raw if isinstance(raw, dict) else {}
        prefix = f"lines[{i}]"
        value = raw.get("line")
        pk = value.pk if isinstance(value, InvoiceLine) else value
        item = disputed.get(pk) if isinstance(pk, int) else None
        if item is None or pk in answers:
            errors.append(
                field_error(f"{prefix}.line", "Ikke en omstridt linje i saken.", "invalid")
            )
            continue
        accepted, rejected = _count(raw.get("accepted_days")), _count(raw.get("rejected_days"))
        if accepted is None:
            errors.append(
                field_error(f"{prefix}.accepted_days", "Oppgi godtatte døgn.", "required")
            )
        if rejected is None:
            errors.append(field_error(f"{prefix}.rejected_days", "Oppgi avviste døgn.", "required"))
        if (
            accepted is not None
            and rejected is not None
            and accepted + rejected != item.disputed_days
        ):
            errors.append(
                field_error(
                    f"{prefix}.rejected_days",
                    f"Godtatte og avviste døgn må til sammen være {item.disputed_days}"
                    " (de omstridte døgnene).",
                    "days_do_not_add_up",
                )
            )
        text = raw.get("justification")
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            errors.append(
                field_error(f"{prefix}.justification", "Oppgi begrunnelsen for svaret.", "required")
            )
        answers[pk] = (item, accepted, rejected, text)
    for pk, item in disputed.items():
        if pk not in answers:
            errors.append(
                field_error(
                    "lines", f"Linje {item.line.position} er ikke besvart.", "line_not_answered"
                )
            )
    return answers, errors


@service_transaction
def objection_answer(*, case: InvoiceObjection, actor, lines: list[dict]) -> CreditNote | None:
    """R-OBJ-4: the unit's answer, refused (`answer_incomplete`) unless every disputed line
    has accepted and rejected days adding up to the disputed days and a justification; the
    letter states invoice number, unit, NPR-ID, period, days and justification. R-OBJ-5: the
    accepted days are credited. A fully upheld objection closes at once."""
    case = locked(case, *OBJECTION_RELATED)
    require_answerer(actor, case)
    ensure_can(case.answer)
    answers, errors = _answer_errors(case, lines)
    if errors:
        raise ValidationFailed(
            "Svaret mangler opplysninger og kan ikke sendes.",
            code="answer_incomplete",
            errors=errors,
        )
    now = timezone.now()
    items = []
    for item, accepted, rejected, text in answers.values():
        item.accepted_days, item.rejected_days, item.justification = accepted, rejected, text
        item.answered_by, item.answered_at = actor, now
        item.save()
        items.append(item)
    items.sort(key=lambda item: item.line.position)
    run_transition(
        case.answer,
        actor=actor,
        action="objection_answered",
        data={
            "lines": [
                {
                    "line": i.line_id,
                    "accepted_days": i.accepted_days,
                    "rejected_days": i.rejected_days,
                }
                for i in items
            ]
        },
    )
    deadline_close(case, rule=OBJECTION_ANSWER)
    invoice = case.invoice
    title = f"Svar på innsigelse mot faktura {invoice.number}"
    journal_letter(
        case,
        actor=actor,
        kind=JournalKind.ANSWER,
        title=title,
        name=f"{case.reference}-svar.txt",
        text=answer_letter(case, items),
        sender=invoice.health_trust,
        recipient=invoice.municipality,
    )
    note = credit_note_issue(
        case, actor=actor, basis=CreditNoteBasis.ANSWER, days=[(i, i.accepted_days) for i in items]
    )
    if not any(i.rejected_days for i in items):
        run_transition(
            case.accept_answer, actor=None, action="objection_closed", data={"reason": "upheld"}
        )
    mail_answered(case)
    return note
