"""Public consultations (høringer): any case may send a matter on consultation.

The process decides who may open one and what happens when it closes; these functions check
the consultation itself, keep its deadline (R-DL-3) and record the events.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from cases import calendar
from cases.deadline_rules import DeadlineRule
from cases.errors import Conflict, Forbidden, ValidationFailed, field_error
from cases.models import Case, CommitteeKind, Consultation, ConsultationResponse, Party
from cases.roles import party_of, role_in

from .deadlines import checked_deadline, deadline_close, deadline_open
from .events import record_event

CONSULTATION = DeadlineRule("consultation", "Høringsfrist", 42)


def consultation_open(
    *, case: Case, actor, consultees: list[Party], due_on: date | None
) -> Consultation:
    errors = []
    if not consultees:
        errors.append(
            field_error("consultees", "En høring må ha minst én høringsinstans.", "required")
        )
    if any(p.community_id != case.community_id for p in consultees):
        errors.append(
            field_error("consultees", "Høringsinstansene må være parter i helsefellesskapet.")
        )
    if errors:
        raise ValidationFailed("Høringen kan ikke sendes ut.", errors=errors)
    due_on = checked_deadline(due_on, field="consultation_due_on")
    deadline = deadline_open(case, rule=CONSULTATION, due_on=due_on)
    consultation = Consultation.objects.create(case=case, due_on=deadline.due_on, opened_by=actor)
    consultation.consultees.set(consultees)
    deadline.subject_id = consultation.pk
    deadline.save(update_fields=["subject_id"])
    return consultation


def consultation_data(consultation: Consultation | None) -> dict:
    """What an event tells of a consultation it opened."""
    if consultation is None:
        return {}
    return {
        "consultation": consultation.pk,
        "consultees": [p.pk for p in consultation.consultees.all()],
        "due_on": consultation.due_on.isoformat(),
    }


def open_consultation(case: Case) -> Consultation | None:
    return case.consultations.filter(closed_at__isnull=True).first()


def require_consultation_answerer(user, case: Case) -> None:
    """Deny first: only a user of a party (for that party) or the secretariat (for any
    consultee) answers consultations; anyone else is refused before the answer is read."""
    if party_of(user) is None and not role_in(user, case.community, CommitteeKind.SECRETARIAT):
        raise Forbidden("Du kan bare svare for din egen part.")


def can_respond_to_consultation(user, consultation: Consultation, party: Party) -> bool:
    """A consultee answers for its own party; the secretariat may register answers received."""
    if role_in(user, consultation.case.community, CommitteeKind.SECRETARIAT):
        return True
    return party_of(user) == party


def consultation_respond(
    *, case: Case, consultation: Consultation, actor, party: Party, text: str
) -> bool:
    """One response per consultee. True when every consultee has now answered."""
    if not consultation.consultees.filter(pk=party.pk).exists():
        raise ValidationFailed(
            "Parten er ikke høringsinstans i denne høringen.",
            errors=[field_error("party", "Ikke høringsinstans.")],
        )
    if not can_respond_to_consultation(actor, consultation, party):
        raise Forbidden("Du kan bare svare for din egen part.")
    if consultation.responses.filter(party=party).exists():
        raise Conflict("Parten har allerede svart på høringen.", code="already_responded")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            "Høringssvaret er tomt.", errors=[field_error("text", "Påkrevd.", "required")]
        )
    ConsultationResponse.objects.create(
        consultation=consultation, party=party, text=text, given_by=actor
    )
    record_event(
        case,
        actor=actor,
        action="consultation_response",
        from_status=case.status,
        data={"consultation": consultation.pk, "party": party.pk},
    )
    return consultation.responses.count() == consultation.consultees.count()


def consultation_close(consultation: Consultation) -> None:
    """Mark the consultation closed and its deadline met. The process moves the case on."""
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    deadline_close(consultation.case, rule=CONSULTATION, subject_id=consultation.pk)


def due_consultations(*, today: date | None = None) -> QuerySet[Consultation]:
    """Open consultations whose deadline has passed: selected in SQL (partial index)."""
    today = today or calendar.today()
    return Consultation.objects.filter(closed_at__isnull=True, due_on__lt=today)


def consultation_is_due(consultation: Consultation, *, today: date | None = None) -> bool:
    return consultation.closed_at is None and calendar.is_overdue(consultation.due_on, on=today)
