"""The pages of fakturainnsigelse: the invoice list and page (`invoice_pages`), the
chargeable-days tool (`chargeable_days`), and the objection's part of the case page and of its
task pages: the invoice, the lines with what was disputed, accepted and rejected, the credit
notes, the appeal with its two signatures, the linked dispute, the journal with its archive
export (R-OBJ-8) and who has read the patient data (R-AUD-2)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.urls import path
from django.views import generic

from cases.models import InvoiceObjection
from cases.services import invoice_objection as obj
from workflows.dispute.record import amount
from workflows.letters import people_on
from workflows.registry import WebLink
from workflows.web.views import linked_rows, visible_case

from .chargeable_days import ChargeableDaysView
from .invoice_pages import (
    InvoiceDetailView,
    InvoiceListView,
    LateAcceptanceView,
    invoice_url,
    record_read,
)

# Beside every task form: the invoice and the lines the step is about (from `case_context`).
TASK_TEMPLATE = "workflows/invoice_objection/_task_lines.html"

START_LINKS = [
    WebLink(
        "Fakturaer",
        "saker:invoice_list",
        icon="receipt_long",
        description="Fakturaer for utskrivningsklare pasienter, og innsigelse mot dem.",
    ),
    WebLink(
        "Beregn betalingsdøgn",
        "saker:usk_chargeable_days",
        icon="calculate",
        description="Betalingsdøgn og beløp for ett opphold etter avtalen i helsefellesskapet.",
    ),
]


def visible_objection(user, pk) -> InvoiceObjection:
    """The objection `pk` if the user may see it; 404 for any other case."""
    case = visible_case(user, pk)
    if not isinstance(case, InvoiceObjection):
        raise Http404("Saken finnes ikke.")
    return case


def line_rows(case: InvoiceObjection) -> list[dict]:
    rows = []
    for ol in case.lines.select_related("line__unit", "answered_by").order_by("line__position"):
        line = ol.line
        rows.append(
            {
                "objection_line": ol,
                "line": line,
                "answered": ol.answered_at is not None,
                "amount": amount(line.amount),
            }
        )
    return rows


def credit_note_rows(case: InvoiceObjection) -> list[dict]:
    return [
        {"note": note, "amount": amount(note.amount)}
        for note in case.credit_notes.order_by("issued_at", "pk")
    ]


def journal_rows(case: InvoiceObjection) -> list:
    return list(
        obj.journal_entries(case).select_related(
            "sender", "recipient", "recipient_unit", "document"
        )
    )


def read_rows(case: InvoiceObjection, name) -> list[dict]:
    return [
        {"at": r.at, "who": name(r.user), "channel": r.get_channel_display(), "what": r.what}
        for r in obj.patient_data_reads(case).select_related("user__profile__party")
    ]


def case_context(case: InvoiceObjection, user) -> dict:
    """What the case page (and each task page) shows of an objection. It shows NPR-IDs, so
    it records the read (R-AUD-2) before listing the reads."""
    record_read(user, invoice=case.invoice, case=case, what=f"Sak {case.reference}: linjene")
    name = people_on(case, user)
    appeal = getattr(case, "appeal_record", None)
    disputes = [row for row in linked_rows(case, user) if row["case"].kind == "dispute"]
    return {
        "objection": case,
        "invoice": case.invoice,
        "invoice_url": invoice_url(case.invoice),
        "answer_deadline": obj.answer_deadline(case.filed_on, community=case.community),
        "objection_lines": line_rows(case),
        "credit_notes": credit_note_rows(case),
        "appeal": appeal,
        "appeal_people": {
            "filed_by": name(appeal.filed_by) if appeal else "",
            "decided_by": name(appeal.decided_by) if appeal and appeal.decided_by else "",
            "cosigned_by": name(appeal.cosigned_by) if appeal and appeal.cosigned_by else "",
        },
        "disputes": disputes,
        "journal": journal_rows(case),
        "patient_reads": read_rows(case, name),
    }


class JournalExportView(LoginRequiredMixin, generic.View):
    """R-OBJ-8: the journal and its documents as one ZIP for the parties' archives."""

    def get(self, request, pk):
        case = visible_objection(request.user, pk)
        content = obj.journal_export(case)
        record_read(
            request.user,
            invoice=case.invoice,
            case=case,
            what=f"Sak {case.reference}: arkivuttrekk",
        )
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="journal-{case.reference}.zip"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


urlpatterns = [
    path("fakturaer/", InvoiceListView.as_view(), name="invoice_list"),
    path("fakturaer/<int:pk>/", InvoiceDetailView.as_view(), name="invoice_detail"),
    path(
        "fakturaer/<int:pk>/godta-etter-fristen/",
        LateAcceptanceView.as_view(),
        name="invoice_accept_late",
    ),
    path("betalingsdogn/", ChargeableDaysView.as_view(), name="usk_chargeable_days"),
    path("<uuid:pk>/journal.zip", JournalExportView.as_view(), name="objection_journal_export"),
]
