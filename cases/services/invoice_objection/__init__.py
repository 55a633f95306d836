"""Fakturainnsigelse: every rule R-OBJ-* (and R-USK-6, R-AUD-2 for invoices) is decided here,
one module per step, for the web UI and the API alike."""

from .deadlines import OBJECTION_ANSWER, OBJECTION_FILING, answer_deadline, objection_deadline
from .invoices import (
    fill_computed_days,
    invoice_accept_late,
    invoice_due_on,
    invoice_payer_errors,
    invoice_register,
    line_computed_days,
)

__all__ = [
    "OBJECTION_ANSWER",
    "OBJECTION_FILING",
    "answer_deadline",
    "fill_computed_days",
    "invoice_accept_late",
    "invoice_due_on",
    "invoice_payer_errors",
    "invoice_register",
    "line_computed_days",
    "objection_deadline",
]
