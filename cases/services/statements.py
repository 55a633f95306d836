"""Statements (uttalelser) asked of an affected party or unit: any case may request them.

The process decides who may ask and when; these functions check the request itself, keep its
deadline (R-DL-3) and record the events.
"""

from datetime import date

from django.utils import timezone

from cases import calendar
from cases.deadline_rules import DeadlineRule
from cases.errors import Conflict, ValidationFailed, field_error
from cases.models import Case, HospitalUnit, Party, StatementRequest

from .deadlines import checked_deadline, deadline_close, deadline_open
from .events import record_event

STATEMENT = DeadlineRule("statement", "Uttalelse", 21)


def statement_request(
    *,
    case: Case,
    actor,
    party: Party,
    unit: HospitalUnit | None = None,
    due_on: date | None = None,
) -> StatementRequest:
    """Ask `party` (or one of its units) for a statement by `due_on` or the rule's deadline."""
    errors = []
    if party.community_id != case.community_id:
        errors.append(field_error("party", "Parten hører ikke til helsefellesskapet."))
    if unit is not None and unit.party_id != party.pk:
        errors.append(field_error("unit", "Enheten hører ikke til parten."))
    if errors:
        raise ValidationFailed("Forespørselen om uttalelse har feil.", errors=errors)
    due_on = checked_deadline(due_on, field="due_on")
    deadline = deadline_open(case, rule=STATEMENT, due_on=due_on)
    request = StatementRequest.objects.create(
        case=case, party=party, unit=unit, requested_by=actor, due_on=deadline.due_on
    )
    deadline.subject_id = request.pk
    deadline.save(update_fields=["subject_id"])
    record_event(
        case,
        actor=actor,
        action="statement_requested",
        from_status=case.status,
        data={
            "statement": request.pk,
            "recipient": request.recipient,
            "due_on": request.due_on.isoformat(),
        },
    )
    return request


def can_answer_statement(user, request: StatementRequest) -> bool:
    """The head of the addressed unit, or a user of the addressed party, may answer."""
    if request.unit_id:
        return request.unit.head_id == user.pk
    profile = getattr(user, "profile", None)
    return profile is not None and profile.party_id == request.party_id


def statement_receive(*, request: StatementRequest, actor, text: str) -> StatementRequest:
    """Register a statement that has come in. The caller holds the request's lock."""
    if request.received_at:
        raise Conflict("Uttalelsen er allerede mottatt.", code="statement_already_received")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            "Uttalelsen er tom.", errors=[field_error("text", "Påkrevd.", "required")]
        )
    request.text, request.received_at, request.received_by = text, timezone.now(), actor
    request.save(update_fields=["text", "received_at", "received_by"])
    deadline_close(request.case, rule=STATEMENT, subject_id=request.pk)
    record_event(
        request.case,
        actor=actor,
        action="statement_received",
        from_status=request.case.status,
        data={"statement": request.pk, "recipient": request.recipient},
    )
    return request


def pending_statements(case: Case, *, on: date | None = None) -> list[StatementRequest]:
    """Requested statements neither received nor past their deadline (on `on`, or today)."""
    return [
        s
        for s in case.statements.select_related("party", "unit__party")
        if s.received_at is None and not calendar.is_overdue(s.due_on, on=on)
    ]
