"""The two 30-day stages of an objection (R-OBJ-2, R-OBJ-3), as named deadline rules counted
from the receipt dates and moved off non-working days (R-DL-1)."""

from datetime import date

from cases.deadline_rules import DeadlineRule
from cases.models import CommitteeKind, Invoice

OBJECTION_FILING = DeadlineRule(
    "objection_filing",
    "Frist for innsigelse mot faktura",
    30,
    escalate_to=CommitteeKind.COOPERATION_SECTION,
)
OBJECTION_ANSWER = DeadlineRule(
    "objection_answer",
    "Svar fra utskrivende enhet",
    30,
    escalate_to=CommitteeKind.COOPERATION_SECTION,
)


def objection_deadline(invoice: Invoice) -> date:
    """R-OBJ-2: the last day to object, 30 days from the day the municipality received the
    invoice, moved to the next working day per R-DL-1."""
    return OBJECTION_FILING.due_on(invoice.received_on, community=invoice.community)


def answer_deadline(filed_on: date, *, community) -> date:
    """R-OBJ-3: the unit answers within 30 days from receiving the objection (R-DL-1)."""
    return OBJECTION_ANSWER.due_on(filed_on, community=community)
