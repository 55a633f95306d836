"""R-AUD-2: every read of an invoice's patient data (NPR-IDs) is recorded, and listed per case.
The record names the invoice and what was read, never the NPR-ID itself."""

from django.db.models import Q, QuerySet

from cases.models import Case, Invoice, PatientDataRead, ReadChannel


def patient_data_read(
    user, *, invoice: Invoice, case: Case | None = None, channel: str, what: str
) -> PatientDataRead:
    """R-AUD-2: record that `user` read the patient data of `invoice` (on `case`, when read
    there) through `channel` ("api" or "web"); `what` says which view, e.g. "faktura"."""
    if channel not in ReadChannel.values:
        raise ValueError(f"ukjent kanal {channel!r}")
    return PatientDataRead.objects.create(
        user=user, invoice=invoice, case=case, channel=channel, what=what[:200]
    )


def patient_data_reads(case: Case) -> QuerySet[PatientDataRead]:
    """The reads of patient data on `case`: those made on the case itself, and reads of its
    invoice (which shows the same lines)."""
    invoice_id = getattr(case.specific, "invoice_id", None)
    condition = Q(case=case)
    if invoice_id is not None:
        condition |= Q(invoice_id=invoice_id, case__isnull=True)
    return (
        PatientDataRead.objects.filter(condition)
        .select_related("user__profile__party")
        .order_by("at", "id")
    )
