"""Documents on a case: metadata out, a multipart upload in."""

from django.urls import reverse
from rest_framework import serializers

from cases.models import Document

from .common import is_hidden_person


class DocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "name",
            "description",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_uploaded_by(self, document) -> str:
        user = document.uploaded_by
        if is_hidden_person(self.context, user.pk):
            return document.case.specific.CREATOR_ROLE
        return user.get_full_name() or user.username

    def get_download_url(self, document) -> str:
        return reverse("api:case-document-download", args=[document.case_id, document.pk])


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Word, OpenDocument, Excel, tekst, PNG eller JPEG.")
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
