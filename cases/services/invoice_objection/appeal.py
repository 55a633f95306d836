"""R-OBJ-6: the municipality accepts the answer or appeals to the trust's cooperation section,
which decides with the trust's lawyer; both sign, and the unit gets a copy."""

from django.utils import timezone

from cases.errors import Conflict, Forbidden, ValidationFailed, field_error
from cases.models import (
    AppealOutcome,
    CreditNote,
    CreditNoteBasis,
    InvoiceLine,
    InvoiceObjection,
    JournalKind,
    ObjectionAppeal,
)

from ..events import record_event
from ..lifecycle import ensure_can, locked, run_transition
from ..transactions import service_transaction
from .common import (
    OBJECTION_RELATED,
    choice,
    is_lawyer,
    is_section_member,
    require_municipality,
    required_text,
)
from .credit import credit_note_issue
from .journal import journal_letter
from .letters import appeal_letter, decision_letter
from .mails import mail_appealed, mail_decision


@service_transaction
def objection_review(*, case: InvoiceObjection, actor, decision: str = "accept", grounds: str = ""):
    """R-OBJ-6: the municipality accepts the unit's answer (the case closes) or appeals it to
    the cooperation section with its grounds. Returns the appeal, or None when accepted."""
    case = locked(case, *OBJECTION_RELATED)
    municipality = require_municipality(actor, case.invoice)
    choice(decision, ("accept", "appeal"), "decision")
    if decision == "accept":
        run_transition(case.accept_answer, actor=actor, action="answer_accepted")
        return None
    ensure_can(case.appeal)
    grounds = required_text(grounds, "grounds", "Oppgi begrunnelsen for klagen.")
    appeal = ObjectionAppeal.objects.create(objection=case, grounds=grounds, filed_by=actor)
    run_transition(case.appeal, actor=actor, action="objection_appealed")
    title = f"Klage på svar på innsigelse mot faktura {case.invoice.number}"
    journal_letter(
        case,
        actor=actor,
        kind=JournalKind.APPEAL,
        title=title,
        name=f"{case.reference}-klage.txt",
        text=appeal_letter(case, grounds),
        sender=municipality,
        recipient=case.invoice.health_trust,
    )
    mail_appealed(case)
    return appeal


def _overturned_days(case: InvoiceObjection, lines) -> dict:
    """The new accepted days per disputed line: never fewer than the answer accepted, never
    more than disputed, and more on at least one line."""
    disputed = {item.line_id: item for item in case.lines.select_related("line")}
    found, errors = {}, []
    for i, raw in enumerate(lines or []):
        raw = raw if isinstance(raw, dict) else {}
        value = raw.get("line")
        pk = value.pk if isinstance(value, InvoiceLine) else value
        item = disputed.get(pk) if isinstance(pk, int) else None
        days = raw.get("accepted_days")
        if item is None or pk in found:
            errors.append(field_error(f"lines[{i}].line", "Ikke en omstridt linje.", "invalid"))
        elif (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not item.accepted_days <= days <= item.disputed_days
        ):
            errors.append(
                field_error(
                    f"lines[{i}].accepted_days",
                    f"Godtatte døgn må være mellom {item.accepted_days} og {item.disputed_days}.",
                    "invalid",
                )
            )
        else:
            found[pk] = (item, days)
    if not errors and not any(days > item.accepted_days for item, days in found.values()):
        errors.append(
            field_error("lines", "En omgjøring godtar flere døgn enn svaret.", "nothing_overturned")
        )
    if errors:
        raise ValidationFailed("Avgjørelsen har feil.", errors=errors)
    return found


def _appeal_of(case: InvoiceObjection) -> ObjectionAppeal:
    return ObjectionAppeal.objects.select_for_update().get(objection=case)


@service_transaction
def appeal_decide(
    *,
    case: InvoiceObjection,
    actor,
    outcome: str = "upheld",
    decision_text: str = "",
    lines: list[dict] | None = None,
) -> ObjectionAppeal:
    """R-OBJ-6: the cooperation section's decider drafts the decision: the answer is upheld,
    or overturned (it conflicts with law or the agreement) with more accepted days per line.
    The decision is made when a lawyer cosigns it (`appeal_cosign`)."""
    case = locked(case, *OBJECTION_RELATED)
    if not is_section_member(actor, case):
        raise Forbidden(
            "Bare seksjon for samhandling kan avgjøre klagen.", code="not_cooperation_section"
        )
    ensure_can(case.decide_appeal)
    appeal = _appeal_of(case)
    if appeal.decided_by_id is not None:
        raise Conflict("Avgjørelsen venter på medundertegning.", code="decision_drafted")
    choice(outcome, tuple(AppealOutcome.values), "outcome")
    text = required_text(decision_text, "decision_text", "Skriv avgjørelsen og begrunnelsen.")
    new_days = _overturned_days(case, lines) if outcome == AppealOutcome.OVERTURNED else {}
    for item in case.lines.all():
        found = new_days.get(item.line_id)
        item.appeal_accepted_days = found[1] if found else None
        item.save(update_fields=["appeal_accepted_days"])
    appeal.outcome, appeal.decision_text = outcome, text
    appeal.decided_by, appeal.decided_at = actor, timezone.now()
    appeal.save()
    record_event(
        case,
        actor=actor,
        action="appeal_decision_drafted",
        from_status=case.status,
        data={
            "outcome": outcome,
            "lines": [{"line": pk, "accepted_days": d} for pk, (_, d) in new_days.items()],
        },
    )
    return appeal


def _refuse_cosign(case, appeal, *, actor, comment) -> None:
    comment = required_text(comment, "comment", "Oppgi hvorfor du ikke medundertegner.")
    appeal.outcome, appeal.decision_text = "", ""
    appeal.decided_by, appeal.decided_at = None, None
    appeal.save()
    case.lines.update(appeal_accepted_days=None)
    record_event(
        case,
        actor=actor,
        action="appeal_cosign_refused",
        from_status=case.status,
        data={"comment": comment},
    )


@service_transaction
def appeal_cosign(
    *, case: InvoiceObjection, actor, confirm: bool, comment: str = ""
) -> CreditNote | None:
    """R-OBJ-6: the trust's lawyer (a legal member of the cooperation section, not the
    decider) cosigns the drafted decision, which then is made: the municipality is told and
    the unit gets a copy; an overturned answer is credited for the added days (R-OBJ-5).
    Refusing (with a comment) sends the draft back to the section."""
    case = locked(case, *OBJECTION_RELATED)
    appeal = _appeal_of(case)
    if appeal.decided_by_id is None:
        raise Conflict("Det er ingen avgjørelse å medundertegne.", code="no_decision_drafted")
    if not is_lawyer(actor, case):
        raise Forbidden("Bare helseforetakets jurist kan medundertegne.", code="not_a_lawyer")
    if actor.pk == appeal.decided_by_id:
        raise Forbidden(
            "Avgjørelsen må medundertegnes av en annen enn den som avgjorde den.",
            code="same_signer",
        )
    ensure_can(case.decide_appeal)
    if not confirm:
        _refuse_cosign(case, appeal, actor=actor, comment=comment)
        return None
    appeal.cosigned_by, appeal.cosigned_at = actor, timezone.now()
    appeal.save()
    items = sorted(case.lines.select_related("line"), key=lambda i: i.line.position)
    run_transition(
        case.decide_appeal,
        actor=actor,
        action="appeal_decided",
        data={
            "outcome": appeal.outcome,
            "decided_by": appeal.decided_by_id,
            "cosigned_by": actor.pk,
        },
    )
    invoice = case.invoice
    title = f"Avgjørelse av klage i sak {case.reference}"
    journal_letter(
        case,
        actor=actor,
        kind=JournalKind.DECISION,
        title=title,
        name=f"{case.reference}-klageavgjorelse.txt",
        text=decision_letter(case, appeal, items),
        sender=invoice.health_trust,
        recipient=invoice.municipality,
    )
    mail_decision(case)
    added = [
        (i, i.appeal_accepted_days - i.accepted_days)
        for i in items
        if i.appeal_accepted_days is not None
    ]
    return credit_note_issue(case, actor=actor, basis=CreditNoteBasis.APPEAL, days=added)
