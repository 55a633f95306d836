"""Invoices and objections (fakturainnsigelse): read serializers out, strict input in.

A line's `patient_ref` is an NPR-ID (patient data, R-AUD-2): it appears only in the invoice's
detail, which the view records as a read; the invoice list carries no lines. Every rule is
the services' (`cases.services.invoice_objection`); these only parse.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import (
    CreditNote,
    HospitalUnit,
    Invoice,
    InvoiceLine,
    InvoiceObjection,
    JournalEntry,
    ObjectionAppeal,
    ObjectionLine,
    Party,
    PatientDataRead,
)
from cases.services.invoice_objection import objection_deadline
from workflows.inputs import StrictSerializer

from .common import PartyRefSerializer


# --- read -----------------------------------------------------------------------------------
class InvoiceLineSerializer(serializers.ModelSerializer):
    patient_ref = serializers.CharField(read_only=True, help_text="Pasientens NPR-ID.")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    flagged = serializers.BooleanField(
        read_only=True, help_text="Fakturerte døgn avviker fra de beregnede betalingsdøgnene."
    )

    class Meta:
        model = InvoiceLine
        fields = [
            "id",
            "position",
            "patient_ref",
            "unit",
            "unit_name",
            "period_start",
            "period_end",
            "days",
            "amount",
            "computed_days",
            "flagged",
        ]
        read_only_fields = fields


class CreditNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditNote
        fields = [
            "number",
            "objection",
            "basis",
            "issued_at",
            "days",
            "amount",
            "accounting_notified_at",
        ]
        read_only_fields = fields


class ObjectionLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObjectionLine
        fields = [
            "line",
            "disputed_days",
            "grounds",
            "comment",
            "accepted_days",
            "rejected_days",
            "justification",
            "answered_at",
            "appeal_accepted_days",
        ]
        read_only_fields = fields


class ObjectionAppealSerializer(serializers.ModelSerializer):
    """R-OBJ-6: the appeal and, once both have signed, the decision."""

    class Meta:
        model = ObjectionAppeal
        fields = ["grounds", "filed_at", "outcome", "decision_text", "decided_at", "cosigned_at"]
        read_only_fields = fields


class InvoiceObjectionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    lines = ObjectionLineSerializer(many=True, read_only=True)
    appeal = ObjectionAppealSerializer(source="appeal_record", read_only=True, allow_null=True)

    class Meta:
        model = InvoiceObjection
        fields = [
            "id",
            "reference",
            "status",
            "status_display",
            "unit",
            "unit_name",
            "filed_on",
            "late_accepted",
            "comment",
            "lines",
            "appeal",
        ]
        read_only_fields = fields


class InvoiceSummarySerializer(serializers.ModelSerializer):
    """An invoice without its lines: no patient data."""

    health_trust = PartyRefSerializer(read_only=True)
    municipality = PartyRefSerializer(read_only=True)
    objection_deadline = serializers.SerializerMethodField(
        help_text="Siste dag kommunen kan fremme innsigelse (R-OBJ-2)."
    )
    accepted_late = serializers.BooleanField(
        read_only=True, help_text="Helseforetaket har godtatt innsigelse etter fristen."
    )
    total_days = serializers.SerializerMethodField()
    total_amount = serializers.SerializerMethodField()
    flagged_lines = serializers.SerializerMethodField(help_text="Antall flaggede linjer.")

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "health_trust",
            "municipality",
            "issued_on",
            "received_on",
            "due_on",
            "objection_deadline",
            "accepted_late",
            "total_days",
            "total_amount",
            "flagged_lines",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField())
    def get_objection_deadline(self, invoice):
        return objection_deadline(invoice).isoformat()

    def get_total_days(self, invoice) -> int:
        return sum(line.days for line in invoice.lines.all())

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_amount(self, invoice):
        return str(sum((line.amount for line in invoice.lines.all()), start=0))

    def get_flagged_lines(self, invoice) -> int:
        return sum(1 for line in invoice.lines.all() if line.flagged)


class InvoiceSerializer(InvoiceSummarySerializer):
    """An invoice with its lines (NPR-IDs: the read is recorded), its objections and credit
    notes."""

    lines = InvoiceLineSerializer(many=True, read_only=True)
    objections = InvoiceObjectionSerializer(many=True, read_only=True)
    credit_notes = CreditNoteSerializer(many=True, read_only=True)

    class Meta(InvoiceSummarySerializer.Meta):
        fields = [
            *InvoiceSummarySerializer.Meta.fields,
            "late_acceptance_reason",
            "late_accepted_at",
            "lines",
            "objections",
            "credit_notes",
        ]
        read_only_fields = fields


class ObjectionCreatedSerializer(serializers.Serializer):
    """Only for the schema: the first case, and the others filed together."""

    filed_together = serializers.ListField(
        child=serializers.UUIDField(),
        help_text="De andre sakene innsigelsen ble delt i (én sak per utskrivende enhet).",
    )


class JournalEntrySerializer(serializers.ModelSerializer):
    sender = PartyRefSerializer(read_only=True)
    recipient = PartyRefSerializer(read_only=True)
    recipient_unit = serializers.CharField(
        source="recipient_unit.name", read_only=True, allow_null=True, default=None
    )
    document = serializers.IntegerField(source="document_id", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = [
            "number",
            "at",
            "kind",
            "title",
            "sender",
            "recipient",
            "recipient_unit",
            "document",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, entry) -> str:
        return reverse("api:case-document-download", args=[entry.case_id, entry.document_id])


class PatientDataReadSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    invoice = serializers.CharField(source="invoice.number", read_only=True)

    class Meta:
        model = PatientDataRead
        fields = ["at", "user", "invoice", "channel", "what"]
        read_only_fields = fields


# --- input ----------------------------------------------------------------------------------
class InvoiceLineInputSerializer(StrictSerializer):
    patient_ref = serializers.CharField(help_text="Pasientens NPR-ID.")
    unit = serializers.PrimaryKeyRelatedField(
        queryset=HospitalUnit.objects.all(),
        style={"choices": "units"},
        help_text="Utskrivende enhet (id).",
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    days = serializers.IntegerField(min_value=0)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    stay = serializers.DictField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Oppholdets hendelser (som i `POST /api/v1/usk/chargeable-days/`), valgfritt.",
    )


class InvoiceCreateInputSerializer(StrictSerializer):
    """R-OBJ-1: the trust's accounting registers a monthly invoice."""

    number = serializers.CharField(max_length=40)
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), style={"choices": "parties"}
    )
    issued_on = serializers.DateField()
    received_on = serializers.DateField()
    lines = InvoiceLineInputSerializer(many=True)


class LateAcceptanceInputSerializer(StrictSerializer):
    """R-OBJ-2: the trust accepts an objection after the limit, with a recorded reason."""

    reason = serializers.CharField(allow_blank=True, help_text="Begrunnelsen som registreres.")


class ObjectionLineInputSerializer(StrictSerializer):
    line = serializers.IntegerField(help_text="Fakturalinjens id.")
    disputed_days = serializers.IntegerField(help_text="Antall omstridte døgn.")
    grounds = serializers.CharField(allow_blank=True, help_text="Begrunnelsen (påkrevd).")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectionFileInputSerializer(StrictSerializer):
    """R-OBJ-2: the standard form: which lines, how many days disputed, and the grounds."""

    lines = ObjectionLineInputSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
