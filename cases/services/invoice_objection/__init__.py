"""Fakturainnsigelse: every rule R-OBJ-* (and R-USK-6, R-AUD-2 for invoices) is decided here,
one module per step, for the web UI and the API alike."""

from .answer import objection_answer, require_answerer
from .appeal import appeal_cosign, appeal_decide, objection_review
from .board import objection_to_board
from .common import OBJECTION_RELATED, is_lawyer, is_section_member, is_trust_staff_for
from .credit import credit_note_issue
from .deadlines import OBJECTION_ANSWER, OBJECTION_FILING, answer_deadline, objection_deadline
from .filing import objection_file, objection_in_time
from .invoices import (
    fill_computed_days,
    invoice_accept_late,
    invoice_due_on,
    invoice_payer_errors,
    invoice_register,
    line_computed_days,
)
from .journal import journal_entries, journal_export, journal_record
from .reads import patient_data_read, patient_data_reads
from .steps import available_steps

__all__ = [
    "OBJECTION_ANSWER",
    "OBJECTION_RELATED",
    "OBJECTION_FILING",
    "answer_deadline",
    "appeal_cosign",
    "available_steps",
    "appeal_decide",
    "credit_note_issue",
    "fill_computed_days",
    "invoice_accept_late",
    "invoice_due_on",
    "invoice_payer_errors",
    "invoice_register",
    "is_lawyer",
    "is_section_member",
    "is_trust_staff_for",
    "journal_entries",
    "journal_export",
    "journal_record",
    "line_computed_days",
    "objection_answer",
    "objection_deadline",
    "objection_file",
    "objection_in_time",
    "objection_review",
    "objection_to_board",
    "patient_data_read",
    "patient_data_reads",
    "require_answerer",
]
