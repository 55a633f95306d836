"""Documents on the case page: upload (any process) and download. Visibility is the case's."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import generic

from cases.errors import DomainError
from cases.services.documents import allowed_types_text, document_upload, max_document_bytes

from ..registry import document_read
from .views import case_url, visible_case


def document_response(document) -> FileResponse:
    """The file as an attachment with its own type; never rendered inline by a browser."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


class DocumentForm(forms.Form):
    file = forms.FileField(label="Fil")
    description = forms.CharField(label="Beskrivelse (valgfritt)", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = max_document_bytes() // (1024 * 1024)
        self.fields[
            "file"
        ].help_text = (
            f"Tillatte filtyper: {allowed_types_text()}. Største størrelse: {megabytes} MB."
        )


class DocumentUploadView(LoginRequiredMixin, generic.View):
    def post(self, request, pk):
        case = visible_case(request.user, pk)
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Velg en fil å laste opp.")
            return HttpResponseRedirect(case_url(case) + "#documents")
        try:
            document = document_upload(
                case=case,
                actor=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            details = " ".join(e["message"] for e in exc.errors if e["message"] != exc.message)
            messages.error(request, f"{exc.message} {details}".strip())
        else:
            messages.success(request, f"Dokumentet «{document.name}» er lastet opp.")
        return HttpResponseRedirect(case_url(case) + "#documents")


class DocumentDownloadView(LoginRequiredMixin, generic.View):
    def get(self, request, pk, document_pk):
        case = visible_case(request.user, pk)
        document = get_object_or_404(case.documents, pk=document_pk)
        document_read(case, request.user, document, channel="web")
        return document_response(document)
