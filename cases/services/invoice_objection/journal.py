"""R-OBJ-8: every objection, answer, appeal and decision is an archivable journal entry with
date, sender, recipient, title and document, and the journal exports for the archives."""

import csv
import io
import zipfile

from django.db.models import Max, QuerySet

from cases.models import Case, Document, HospitalUnit, JournalEntry, Party

from ..events import record_event
from .letters import store_letter


def journal_record(
    case: Case,
    *,
    actor,
    kind: str,
    title: str,
    sender: Party,
    recipient: Party,
    document: Document,
    recipient_unit: HospitalUnit | None = None,
) -> JournalEntry:
    """R-OBJ-8: the next journal entry of `case` (numbered 1, 2, … per case). The caller
    holds the case's row lock, so two entries never get the same number."""
    last = JournalEntry.objects.filter(case=case).aggregate(last=Max("number"))["last"] or 0
    entry = JournalEntry.objects.create(
        case=case,
        number=last + 1,
        kind=kind,
        title=title[:300],
        sender=sender,
        recipient=recipient,
        recipient_unit=recipient_unit,
        document=document,
    )
    record_event(
        case,
        actor=actor,
        action="journal_entry",
        from_status=case.status,
        data={"number": entry.number, "kind": kind, "document": document.pk},
    )
    return entry


def journal_entries(case: Case) -> QuerySet[JournalEntry]:
    return (
        JournalEntry.objects.filter(case=case)
        .select_related("sender", "recipient", "recipient_unit", "document")
        .order_by("number")
    )


JOURNAL_COLUMNS = [
    "journalnummer",
    "dato",
    "type",
    "tittel",
    "avsender",
    "mottaker",
    "mottakende enhet",
    "dokument",
]


def _archive_name(entry: JournalEntry) -> str:
    return f"dokumenter/{entry.number:03d}-{entry.document.name}"


def journal_export(case: Case) -> bytes:
    """R-OBJ-8: the journal as a ZIP for the parties' archives: `journal.csv` (one row per
    entry) and each entry's document under `dokumenter/`."""
    buffer = io.BytesIO()
    rows = io.StringIO()
    writer = csv.writer(rows, delimiter=";")
    writer.writerow(JOURNAL_COLUMNS)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in journal_entries(case):
            name = _archive_name(entry)
            writer.writerow(
                [
                    entry.number,
                    f"{entry.at:%Y-%m-%d}",
                    entry.get_kind_display(),
                    entry.title,
                    entry.sender.name,
                    entry.recipient.name,
                    entry.recipient_unit.name if entry.recipient_unit else "",
                    name,
                ]
            )
            with entry.document.file.open("rb") as handle:
                archive.writestr(name, handle.read())
        archive.writestr("journal.csv", rows.getvalue().encode("utf-8"))
    return buffer.getvalue()


def journal_letter(
    case: Case,
    *,
    actor,
    kind: str,
    title: str,
    name: str,
    text: str,
    sender: Party,
    recipient: Party,
    recipient_unit: HospitalUnit | None = None,
) -> JournalEntry:
    """R-OBJ-8: a letter between the parties: stored as a document of `case`, then journaled."""
    document = store_letter(case, actor=actor, name=name, title=title, text=text)
    return journal_record(
        case,
        actor=actor,
        kind=kind,
        title=title,
        sender=sender,
        recipient=recipient,
        recipient_unit=recipient_unit,
        document=document,
    )
