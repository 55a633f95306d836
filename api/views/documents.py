"""Documents on a case: list, upload (multipart) and download. Visible exactly as the case
is (`cases_visible_to`): a case the caller cannot see answers 404, its documents too."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api.permissions import SignedIn
from api.serializers.documents import DocumentSerializer, DocumentUploadSerializer
from cases.selectors import cases_visible_to, hidden_person_id
from cases.services.documents import document_upload
from workflows.registry import document_read
from workflows.web.documents import document_response

from .common import problems
from .conditional import Conditional

CASE_ID = OpenApiParameter("case_pk", str, OpenApiParameter.PATH, description="Sakens id.")
DOCUMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Dokumentets id.")


class CaseDocumentViewSet(Conditional, viewsets.GenericViewSet):
    permission_classes = [SignedIn]
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None
    lookup_value_regex = "[0-9]+"

    def case(self):
        return get_object_or_404(cases_visible_to(self.request.user), pk=self.kwargs["case_pk"])

    def precondition_case_id(self):
        return self.case().pk

    def get_queryset(self):
        return self.case().documents.select_related("uploaded_by")

    def people(self) -> dict:
        """Serializer context: who the caller may not see by name on this case."""
        return {"hidden_person": hidden_person_id(self.request.user, self.case())}

    @extend_schema(
        summary="Sakens dokumenter",
        parameters=[CASE_ID],
        responses={200: DocumentSerializer(many=True), **problems(404)},
    )
    def list(self, request, case_pk=None):
        documents = self.get_queryset()
        return Response(DocumentSerializer(documents, many=True, context=self.people()).data)

    @extend_schema(
        summary="Last opp et dokument til saken",
        parameters=[CASE_ID],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, **problems(400, 404, 409)},
    )
    def create(self, request, case_pk=None):
        case = self.case()
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = document_upload(
            case=case.specific,
            actor=request.user,
            upload=serializer.validated_data["file"],
            description=serializer.validated_data["description"],
        )
        return Response(DocumentSerializer(document, context=self.people()).data, status=201)

    @extend_schema(
        summary="Hent dokumentets metadata",
        parameters=[CASE_ID, DOCUMENT_ID],
        responses={200: DocumentSerializer, **problems(404)},
    )
    def retrieve(self, request, case_pk=None, pk=None):
        return Response(DocumentSerializer(self.get_object(), context=self.people()).data)

    @extend_schema(
        summary="Last ned dokumentet",
        parameters=[CASE_ID, DOCUMENT_ID],
        responses={(200, "application/octet-stream"): bytes, **problems(404)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, case_pk=None, pk=None):
        document = self.get_object()
        document_read(document.case, request.user, document, channel="api")
        response = document_response(document)
        response["ETag"] = f'"{document.sha256}"'
        return response
