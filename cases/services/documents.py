"""Documents on a case: checked (size, type by name and content), stored through Django's
storage API, and recorded as an event. Who may see a document is who may see its case
(`cases.selectors`); the caller has checked that."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from cases.errors import Conflict, DomainError, ValidationFailed, field_error
from cases.models import Case, Document

from .events import record_event
from .transactions import service_transaction


class FileTooLarge(DomainError):
    status = 413
    code = "file_too_large"


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    magic: tuple[bytes, ...] = ()  # the file must start with one of these


_ZIP = (b"PK\x03\x04",)
ALLOWED_TYPES = {
    ".pdf": FileType("application/pdf", "PDF", (b"%PDF-",)),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", _ZIP
    ),
    ".doc": FileType("application/msword", "Word", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument-tekst", _ZIP),
    ".xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", _ZIP
    ),
    ".ods": FileType(
        "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument-regneark", _ZIP
    ),
    ".txt": FileType("text/plain", "tekst"),
    ".png": FileType("image/png", "PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", "JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", "JPEG", (b"\xff\xd8\xff",)),
}


def max_document_bytes() -> int:
    return settings.SAKSFLYT_DOCUMENT_MAX_BYTES


def allowed_types_text() -> str:
    return ", ".join(sorted(ALLOWED_TYPES))


def _file_type(name: str, head: bytes) -> FileType:
    suffix = PurePath(name).suffix.lower()
    kind = ALLOWED_TYPES.get(suffix)
    if kind is None:
        raise ValidationFailed(
            "Filtypen er ikke tillatt.",
            code="file_type_not_allowed",
            errors=[
                field_error(
                    "file", f"Tillatte filtyper: {allowed_types_text()}.", "file_type_not_allowed"
                )
            ],
        )
    fits = any(head.startswith(m) for m in kind.magic) if kind.magic else b"\x00" not in head
    if not fits:
        raise ValidationFailed(
            "Innholdet stemmer ikke med filtypen.",
            code="file_type_not_allowed",
            errors=[
                field_error(
                    "file", f"Filen er ikke en gyldig {kind.label}-fil.", "file_type_mismatch"
                )
            ],
        )
    return kind


def _clean_name(name: str) -> str:
    """The uploader's file name, without any path, for display and download."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "dokument"
    return "".join(ch for ch in base if ch.isprintable())[:255]


@service_transaction
def document_upload(*, case: Case, actor, upload, description: str = "") -> Document:
    """Store `upload` (a Django UploadedFile) on `case`: refused if too large, empty, of a
    type not allowed, or on a closed case; nothing is stored then."""
    if case.closed_at is not None:
        raise Conflict(
            "Saken er avsluttet; det kan ikke legges til dokumenter.", code="case_closed"
        )
    limit = max_document_bytes()
    if upload.size > limit:
        raise FileTooLarge(
            f"Filen er for stor. Største tillatte størrelse er {limit // (1024 * 1024)} MB.",
            errors=[field_error("file", "Filen er for stor.", "file_too_large")],
        )
    if upload.size == 0:
        raise ValidationFailed(
            "Filen er tom.", errors=[field_error("file", "Filen er tom.", "required")]
        )
    name = _clean_name(upload.name or "")
    upload.seek(0)
    kind = _file_type(name, upload.read(512))
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return document_store(
        case,
        actor=actor,
        name=name,
        content=upload,
        size=upload.size,
        sha256=digest.hexdigest(),
        content_type=kind.content_type,
        description=description,
        action="document_uploaded",
    )


def document_store(
    case: Case,
    *,
    actor,
    name: str,
    content,
    size: int,
    sha256: str,
    content_type: str,
    description: str = "",
    action: str,
) -> Document:
    """Store `content` (a Django File) as a document of `case` and record `action`: an
    upload, or a letter the case generates. Without its row the stored file is removed."""
    document = Document(
        case=case,
        name=name,
        description=(description or "").strip()[:300],
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    document.file.save(name, content, save=False)
    try:
        document.save()
        record_event(
            case,
            actor=actor,
            action=action,
            from_status=case.status,
            data={"document": document.pk, "name": name, "size": document.size},
        )
    except Exception:
        # No row points to the file: remove it. (Should an outer transaction roll back
        # later, the file stays behind unreferenced and is never shown to anyone.)
        document.file.delete(save=False)
        raise
    return document
