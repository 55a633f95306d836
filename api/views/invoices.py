"""Fakturainnsigelse over the API: invoices (list, detail, register, late acceptance), filing
an objection, and per objection case its journal (list and archive export) and the record of
who read its patient data.

Visibility (R-AUD-2, R-PTY-2): an invoice is seen by its two parties only; anyone else gets
404 on its detail and does not find it in the list; an objection case and its journal follow
the case's own visibility (`cases_visible_to`). Every response that carries NPR-IDs (an
invoice's lines, the journal's archive) records the read (`patient_data_read`). Rights are
the services' own checks, asked first (`require_right`); every rule is theirs.
"""

import hashlib

from django.db.models import Q
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import SignedIn
from api.serializers.cases import CaseSerializer
from api.serializers.invoices import (
    InvoiceCreateInputSerializer,
    InvoiceSerializer,
    InvoiceSummarySerializer,
    JournalEntrySerializer,
    LateAcceptanceInputSerializer,
    ObjectionFileInputSerializer,
    PatientDataReadSerializer,
)
from cases.errors import Forbidden
from cases.models import Invoice, InvoiceObjection, ReadChannel
from cases.roles import party_of
from cases.selectors import cases_visible_to
from cases.services import invoice_objection as obj
from cases.services.invoice_objection.common import (
    is_trust_staff_for,
    require_municipality,
    require_trust_accounting,
)
from workflows.invoice_objection.actions import file_objection

from .common import case_representation, etag_matches, problems
from .conditional import Conditional

INVOICE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Fakturaens id.")
CASE_ID = OpenApiParameter("case_pk", str, OpenApiParameter.PATH, description="Sakens id.")


def visible_invoices(user):
    """The invoices of the caller's party, as trust or as municipality (R-AUD-2)."""
    party = party_of(user) if user.is_authenticated else None
    if party is None:
        return Invoice.objects.none()
    return Invoice.objects.filter(Q(health_trust=party) | Q(municipality=party))


def _detail(request, invoice: Invoice, *, what: str, status: int = 200) -> Response:
    """The invoice with its lines; the NPR-IDs in it are a read to record (R-AUD-2)."""
    invoice = (
        visible_invoices(request.user)
        .select_related("health_trust", "municipality", "community")
        .prefetch_related(
            "lines__unit",
            "objections__unit",
            "objections__lines",
            "objections__appeal_record",
            "credit_notes",
        )
        .get(pk=invoice.pk)
    )
    obj.patient_data_read(request.user, invoice=invoice, channel=ReadChannel.API, what=what)
    return Response(InvoiceSerializer(invoice).data, status=status)


class InvoiceViewSet(Conditional, viewsets.GenericViewSet):
    permission_classes = [SignedIn]
    serializer_class = InvoiceSerializer
    pagination_class = None
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return visible_invoices(self.request.user)

    def require_right(self) -> None:
        user = self.request.user
        if self.action == "create":
            party = party_of(user)
            require_trust_accounting(user, party.community_id if party else None)
        elif self.action == "late_acceptance":
            if not is_trust_staff_for(user, self.get_object()):
                raise Forbidden(
                    "Bare helseforetakets regnskap eller seksjon for samhandling kan godta en "
                    "innsigelse etter fristen.",
                    code="not_trust_staff",
                )
        elif self.action == "objections":
            require_municipality(user, self.get_object())

    @extend_schema(
        summary="List fakturaene til din part (uten linjer og pasientopplysninger)",
        responses={200: InvoiceSummarySerializer(many=True), **problems()},
    )
    def list(self, request):
        invoices = (
            self.get_queryset()
            .select_related("health_trust", "municipality", "community")
            .prefetch_related("lines")
            .order_by("-issued_on", "-pk")
        )
        return Response(InvoiceSummarySerializer(invoices, many=True).data)

    @extend_schema(
        summary="Hent fakturaen med linjer, innsigelser og kreditnotaer",
        description="Linjene har pasientens NPR-ID; innsynet registreres (R-AUD-2).",
        parameters=[INVOICE_ID],
        responses={200: InvoiceSerializer, **problems(404)},
    )
    def retrieve(self, request, pk=None):
        return _detail(request, self.get_object(), what="Faktura med linjer")

    @extend_schema(
        summary="Registrer en faktura (helseforetakets regnskap, R-OBJ-1)",
        request=InvoiceCreateInputSerializer,
        responses={201: InvoiceSerializer, **problems(400, 403)},
    )
    def create(self, request):
        serializer = InvoiceCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invoice = obj.invoice_register(
            actor=request.user,
            number=data["number"],
            municipality=data["municipality"],
            issued_on=data["issued_on"],
            received_on=data["received_on"],
            lines=[dict(line) for line in data["lines"]],
        )
        response = _detail(request, invoice, what="Registrert faktura", status=201)
        response["Location"] = f"/api/v1/invoices/{invoice.pk}/"
        return response

    @extend_schema(
        summary="Godta innsigelse etter fristen, med begrunnelse (R-OBJ-2)",
        parameters=[INVOICE_ID],
        request=LateAcceptanceInputSerializer,
        responses={200: InvoiceSerializer, **problems(400, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path="late-acceptance")
    def late_acceptance(self, request, pk=None):
        invoice = self.get_object()
        serializer = LateAcceptanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj.invoice_accept_late(
            actor=request.user, invoice=invoice, reason=serializer.validated_data["reason"]
        )
        return _detail(request, invoice, what="Faktura godtatt for innsigelse etter fristen")

    @extend_schema(
        summary="Fremme innsigelse mot linjer i fakturaen (kommunen, R-OBJ-2)",
        description="Én sak per utskrivende enhet. Svarer med den første saken; de andre står "
        "i `filed_together`. Etter fristen: `400` med koden `objection_deadline_passed`, "
        "med mindre helseforetaket har godtatt innsigelse etter fristen.",
        parameters=[INVOICE_ID],
        request=ObjectionFileInputSerializer,
        responses={
            201: OpenApiResponse(CaseSerializer, "Saken, med `filed_together`."),
            **problems(400, 403, 404),
        },
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        invoice = self.get_object()
        serializer = ObjectionFileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cases = file_objection(
            actor=request.user,
            invoice=invoice,
            lines=[dict(line) for line in data["lines"]],
            comment=data["comment"],
        )
        first, *others = cases
        body = {
            **case_representation(first.pk, request=request),
            "filed_together": [str(c.pk) for c in others],
        }
        return Response(body, status=201, headers={"Location": f"/api/v1/cases/{first.pk}/"})


class CaseObjectionViewSet(Conditional, viewsets.GenericViewSet):
    """A view under `/cases/{case_pk}/` that exists for a visible objection case only."""

    permission_classes = [SignedIn]
    pagination_class = None

    def objection(self) -> InvoiceObjection:
        case = (
            InvoiceObjection.objects.filter(pk__in=cases_visible_to(self.request.user).values("pk"))
            .select_related("invoice")
            .filter(pk=self.kwargs["case_pk"])
            .first()
        )
        if case is None:
            raise Http404("Saken finnes ikke.")
        return case


class CaseJournalViewSet(CaseObjectionViewSet):
    serializer_class = JournalEntrySerializer

    @extend_schema(
        summary="Sakens journal: hver innsigelse, hvert svar, hver klage og avgjørelse (R-OBJ-8)",
        parameters=[CASE_ID],
        responses={200: JournalEntrySerializer(many=True), **problems(404)},
    )
    def list(self, request, case_pk=None):
        entries = obj.journal_entries(self.objection()).select_related(
            "sender", "recipient", "recipient_unit"
        )
        return Response(JournalEntrySerializer(entries, many=True).data)

    @extend_schema(
        summary="Eksporter journalen for partenes arkiv (ZIP: journal.csv og dokumentene)",
        description="Dokumentene har pasientens NPR-ID; innsynet registreres (R-AUD-2).",
        parameters=[CASE_ID],
        responses={(200, "application/zip"): bytes, **problems(404)},
    )
    @action(detail=False, methods=["get"])
    def export(self, request, case_pk=None):
        case = self.objection()
        entries = obj.journal_entries(case).select_related("document")
        # The archive's content: the entries and their documents (the ZIP's own timestamps
        # differ from call to call). A client that has it gets 304, and no read is recorded.
        content = "|".join(f"{e.number}:{e.document.sha256}" for e in entries)
        etag = f'"{hashlib.sha256(content.encode()).hexdigest()}"'
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            return Response(status=304, headers={"ETag": etag})
        archive = obj.journal_export(case)
        obj.patient_data_read(
            request.user,
            invoice=case.invoice,
            case=case,
            channel=ReadChannel.API,
            what="Journal eksportert",
        )
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="journal-{case.reference}.zip"'
        response["ETag"] = etag
        return response


class CasePatientDataReadViewSet(CaseObjectionViewSet):
    serializer_class = PatientDataReadSerializer

    @extend_schema(
        summary="Hvem har sett sakens pasientopplysninger, når og hvordan (R-AUD-2)",
        parameters=[CASE_ID],
        responses={200: PatientDataReadSerializer(many=True), **problems(404)},
    )
    def list(self, request, case_pk=None):
        reads = obj.patient_data_reads(self.objection()).select_related("user", "invoice")
        return Response(PatientDataReadSerializer(reads, many=True).data)
