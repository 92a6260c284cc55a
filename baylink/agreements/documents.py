"""Agreement documents: upload with the type judged from content, SHA-256, and versions.

A document is a series of versions sharing a `series` id; uploading "a new version" of one adds
the next version number and keeps the older files.
"""

import hashlib
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import filetype
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baylink.agreements.models import Agreement, Document
from baylink.core.audit import Actor, Note, audit_record, snapshot
from baylink.core.models import AuditEntry

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"

# Media type -> the file-name extension a download gets when the uploaded name lacks it.
ALLOWED_TYPES: dict[str, str] = {
    PDF: ".pdf",
    DOCX: ".docx",
    PNG: ".png",
    JPEG: ".jpg",
    WEBP: ".webp",
}
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg", ".jpe", ".jfif"),
    WEBP: (".webp",),
}
_HEAD_BYTES = 8192  # filetype needs the first 261 bytes; a PDF header may follow some junk
_ZIP_MAGIC = b"PK\x03\x04"


def max_document_bytes() -> int:
    return int(settings.BAYLINK_DOCUMENT_MAX_BYTES)


def _is_word_document(stream: IO[bytes]) -> bool:
    """A DOCX is a zip holding word/document.xml; macro-enabled Word files are refused."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)
    return "word/document.xml" in names and "word/vbaProject.bin" not in names


def detect_media_type(uploaded_file: UploadedFile) -> str | None:
    """The file's media type judged from its bytes (never its name), if it is one we accept."""
    uploaded_file.seek(0)
    head = uploaded_file.read(_HEAD_BYTES)
    uploaded_file.seek(0)
    if head.startswith(_ZIP_MAGIC):
        return DOCX if _is_word_document(uploaded_file) else None
    kind = filetype.guess(head)
    if kind is None:
        return None
    media_type = str(kind.mime)
    return media_type if media_type in ALLOWED_TYPES else None


def _sha256(uploaded_file: UploadedFile) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest(), size


def clean_file_name(name: str) -> str:
    """The bare file name the uploader gave, without folders or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(base) > 255:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[: 255 - len(suffix)] + suffix
    return base or "document"


def download_name(document: Document) -> str:
    """The original name, with an extension that matches the stored type."""
    name = document.original_name or "document"
    if PurePosixPath(name.lower()).suffix in _EXTENSIONS.get(document.media_type, ()):
        return name
    return name + ALLOWED_TYPES.get(document.media_type, "")


def _validate(uploaded_file: UploadedFile) -> str:
    limit = max_document_bytes()
    if uploaded_file.size is None or uploaded_file.size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    if uploaded_file.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; documents can be at most %(limit)s.")
                % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)}
            },
            code="too_big",
        )
    media_type = detect_media_type(uploaded_file)
    if media_type is None:
        raise ValidationError(
            {
                "file": _(
                    "“%(name)s” is not a PDF, Word (DOCX), PNG, JPEG or WebP file, whatever its "
                    "name says. Save it in one of these formats and upload it again."
                )
                % {"name": clean_file_name(uploaded_file.name or "")}
            },
            code="wrong_type",
        )
    return media_type


@dataclass(frozen=True)
class _Version:
    series: uuid.UUID
    number: int


def _next_version(*, agreement: Agreement, replaces: Document | None, sha256: str) -> _Version:
    if replaces is None:
        return _Version(series=uuid.uuid4(), number=1)
    if replaces.agreement_id != agreement.pk:
        raise ValidationError(
            {"replaces": _("The document to replace belongs to another agreement.")}
        )
    # Locks the series so that two simultaneous new versions get different numbers.
    versions = Document.objects.select_for_update().filter(series=replaces.series)
    latest = versions.order_by("-version").first()
    if latest is None:
        raise ValidationError({"replaces": _("The document to replace no longer exists.")})
    if latest.sha256 == sha256:
        raise ValidationError(
            {
                "file": _("This file is identical to version %(version)s of “%(title)s”.")
                % {"version": latest.version, "title": latest.title}
            },
            code="unchanged",
        )
    top = versions.aggregate(top=Max("version"))["top"] or 0
    return _Version(series=replaces.series, number=top + 1)


def document_upload(
    *,
    agreement: Agreement,
    kind: str,
    title: str,
    uploaded_file: UploadedFile,
    actor: Actor,
    replaces: Document | None = None,
) -> Document:
    """Store an uploaded file as a new document, or as the next version of `replaces`."""
    media_type = _validate(uploaded_file)
    sha256, size = _sha256(uploaded_file)
    original_name = clean_file_name(uploaded_file.name or "")
    title = title.strip() or (replaces.title if replaces else PurePosixPath(original_name).stem)
    document = Document(
        agreement=agreement,
        kind=kind,
        title=title[:200],
        original_name=original_name,
        media_type=media_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor if isinstance(actor, User) else None,
    )
    try:
        with transaction.atomic():
            version = _next_version(agreement=agreement, replaces=replaces, sha256=sha256)
            document.series, document.version = version.series, version.number
            # Checked before the file is written, so that bad input leaves nothing on disk.
            document.full_clean(exclude=["file", "uploaded_by"])
            document.file.save(original_name, uploaded_file, save=False)
            document.save()
            audit_record(
                actor=actor,
                instance=document,
                action=AuditEntry.Action.CREATE,
                after=snapshot(document),
            )
            # Also on the agreement, so that its history tab shows the upload; the title and
            # version go into the note, which each reader reads in their own language.
            audit_record(
                actor=actor,
                instance=agreement,
                action=AuditEntry.Action.UPDATE,
                after={gettext_noop("document"): document.original_name},
                note=Note(
                    gettext_noop("Document uploaded: %(title)s, version %(version)s"),
                    {"title": document.title, "version": document.version},
                ),
            )
    except IntegrityError as error:
        _discard(document)
        raise ValidationError(
            {"file": _("Someone uploaded a version of this document at the same time; try again.")}
        ) from error
    except BaseException:
        _discard(document)
        raise
    return document


def _discard(document: Document) -> None:
    """Remove a file whose database row was rolled back, so no orphan stays in storage."""
    if document.file.name:
        document.file.storage.delete(document.file.name)


# Notes written by earlier versions, still in the log: kept in the catalogues so that they read
# in the reader's language.
EARLIER_NOTES = (gettext_noop("Document uploaded"),)
