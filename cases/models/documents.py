"""Documents on a case: statements and consultation responses often arrive as files.

Stored through Django's storage API (the file system by default), never served statically:
a download goes through a view that applies the case's visibility. Every upload is an event.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models

from .case import Case


def document_path(document: "Document", filename: str) -> str:
    """`documents/<case>/<random>.<ext>`: the stored name tells nothing of the content."""
    suffix = PurePath(filename).suffix.lower()
    return f"documents/{document.case_id}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField("fil", upload_to=document_path, max_length=300)
    name = models.CharField("filnavn", max_length=255)
    description = models.CharField("beskrivelse", max_length=300, blank=True)
    content_type = models.CharField("innholdstype", max_length=100)
    size = models.PositiveBigIntegerField("størrelse (byte)")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("lastet opp", auto_now_add=True)

    class Meta:
        verbose_name = "dokument"
        verbose_name_plural = "dokumenter"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
