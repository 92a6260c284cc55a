"""Agreement documents: type from content, size limit, SHA-256, versions, checked downloads."""

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.fixtures import Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.documents import DOCX, PDF, PNG, document_upload, download_name
from baylink.agreements.models import Agreement, Document
from baylink.agreements.tests import factories
from baylink.core.history import readable_history
from baylink.core.models import AuditEntry
from baylink.directory.models import Unit
from baylink.directory.tests import factories as directory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body>合作備忘錄</w:body></w:document>",
        }
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def agreement() -> Agreement:
    return factories.agreement()


# Service -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("signed.pdf", PDF_BYTES, PDF),
        ("draft.docx", docx_bytes(), DOCX),
        ("scan.png", png_bytes(), PNG),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "image/jpeg"),
        ("scan.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64, "image/webp"),
        # The name does not matter, only the content.
        ("no-extension", PDF_BYTES, PDF),
    ],
)
def test_accepted_types_are_stored_with_their_hash(
    agreement: Agreement, name: str, content: bytes, media_type: str
) -> None:
    officer = staff_user()
    document = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Signed copy",
        uploaded_file=upload(name, content),
        actor=officer,
    )
    document.refresh_from_db()
    assert document.media_type == media_type
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.version == 1
    assert document.uploaded_by == officer
    assert document.original_name == name
    with document.file.open("rb") as stored:
        assert stored.read() == content
    assert document.file.name == f"agreements/{agreement.pk}/{document.sha256}"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.pdf", "這不是 PDF, just text".encode(), "is not a PDF"),
        ("contract.docx", zip_bytes({"xl/workbook.xml": "<workbook/>"}), "is not a PDF"),
        (
            "macro.docx",
            zip_bytes({"word/document.xml": "<x/>", "word/vbaProject.bin": "x"}),
            "is not",
        ),
        ("broken.docx", b"PK\x03\x04not really a zip", "is not a PDF"),
        ("program.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "is not a PDF"),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_wrong_or_empty_files_are_refused_and_nothing_is_kept(
    agreement: Agreement, media_root: Path, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        document_upload(
            agreement=agreement,
            kind=Document.Kind.SIGNED,
            title="",
            uploaded_file=upload(name, content),
            actor=staff_user(),
        )
    assert message in refused.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert not stored_files(media_root)


def test_a_file_over_the_limit_is_refused(
    agreement: Agreement, settings: Settings, media_root: Path
) -> None:
    settings.BAYLINK_DOCUMENT_MAX_BYTES = 1000
    big = PDF_BYTES + b"%" * 1000
    with pytest.raises(ValidationError) as refused:
        document_upload(
            agreement=agreement,
            kind=Document.Kind.SIGNED,
            title="Too big",
            uploaded_file=upload("big.pdf", big),
            actor=staff_user(),
        )
    assert "at most 1000" in refused.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert not stored_files(media_root)
    # Exactly at the limit is fine.
    document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Fits",
        uploaded_file=upload("fits.pdf", big[:1000]),
        actor=staff_user(),
    )


def test_new_versions_share_the_series_and_count_up(agreement: Agreement) -> None:
    officer = staff_user()
    first = document_upload(
        agreement=agreement,
        kind=Document.Kind.DRAFT,
        title="MoU draft",
        uploaded_file=upload("mou.docx", docx_bytes()),
        actor=officer,
    )
    second = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="",
        uploaded_file=upload("mou-signed.pdf", PDF_BYTES),
        actor=officer,
        replaces=first,
    )
    # Replacing an older version still adds after the newest.
    third = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="MoU, countersigned",
        uploaded_file=upload("mou-final.png", png_bytes()),
        actor=officer,
        replaces=first,
    )
    assert (first.version, second.version, third.version) == (1, 2, 3)
    assert first.series == second.series == third.series
    assert second.title == "MoU draft"  # kept from the version it replaces
    other = document_upload(
        agreement=agreement,
        kind=Document.Kind.ANNEX,
        title="Annex",
        uploaded_file=upload("annex.pdf", PDF_BYTES + b"annex"),
        actor=officer,
    )
    assert other.series != first.series
    assert other.version == 1
    # Every version's file is kept.
    assert all(d.file.storage.exists(d.file.name) for d in Document.objects.all())


def test_a_version_identical_to_the_newest_or_from_another_agreement_is_refused(
    agreement: Agreement,
) -> None:
    officer = staff_user()
    first = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Signed",
        uploaded_file=upload("a.pdf", PDF_BYTES),
        actor=officer,
    )
    with pytest.raises(ValidationError, match="identical to version 1"):
        document_upload(
            agreement=agreement,
            kind=Document.Kind.SIGNED,
            title="",
            uploaded_file=upload("again.pdf", PDF_BYTES),
            actor=officer,
            replaces=first,
        )
    with pytest.raises(ValidationError, match="another agreement"):
        document_upload(
            agreement=factories.agreement(),
            kind=Document.Kind.SIGNED,
            title="",
            uploaded_file=upload("b.pdf", PDF_BYTES + b"b"),
            actor=officer,
            replaces=first,
        )
    assert Document.objects.count() == 1


def test_an_upload_is_audited_on_the_document_and_the_agreement(agreement: Agreement) -> None:
    officer = staff_user()
    document = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Signed copy",
        uploaded_file=upload("signed.pdf", PDF_BYTES),
        actor=officer,
    )
    created = AuditEntry.objects.get(object_pk=str(document.pk), action=AuditEntry.Action.CREATE)
    assert created.actor == officer
    assert created.changes["sha256"] == [None, document.sha256]
    on_agreement = AuditEntry.objects.get(
        object_pk=str(agreement.pk), content_type__model="agreement"
    )
    assert on_agreement.changes["document"] == [None, "signed.pdf"]
    # The title and version are in the note, filled in in the reader's language.
    [shown] = readable_history([on_agreement])
    assert shown.note == "Document uploaded: Signed copy, version 1"
    with translation.override("zh-hant"):
        [shown] = readable_history([on_agreement])
    assert shown.note == "已上載文件：Signed copy，第 1 版"  # a title, though also a kind's name


def test_file_names_lose_folders_and_get_the_right_extension(agreement: Agreement) -> None:
    document = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="",
        uploaded_file=upload("..\\..\\合作協議\x00.exe", PDF_BYTES),
        actor=staff_user(),
    )
    assert document.original_name == "合作協議.exe"
    assert document.title == "合作協議"
    assert download_name(document) == "合作協議.exe.pdf"


# Pages ---------------------------------------------------------------------------------------


def _coordinated_agreement() -> tuple[Agreement, Unit]:
    faculty = directory.unit("Faculty of Engineering")
    department = Unit.objects.create(
        organisation=faculty.organisation,
        parent=faculty,
        name_en="Department of Computing",
        kind=Unit.Kind.DEPARTMENT,
    )
    agreement = factories.agreement()
    agreement.owner_unit = department
    agreement.save()
    return agreement, faculty


def test_an_officer_uploads_through_the_form_and_sees_the_versions(
    client: Client, agreement: Agreement
) -> None:
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    url = reverse("agreements:document-upload", args=[agreement.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "signed", "title": "Signed MoU", "file": upload("簽署版.pdf", PDF_BYTES)}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=documents")
    first = Document.objects.get()
    page = client.get(f"{url}?replaces={first.pk}")
    assert page.context["form"].initial["replaces"] == first.pk
    client.post(
        url,
        {"kind": "signed", "replaces": first.pk, "file": upload("簽署版-v2.pdf", PDF_BYTES + b"2")},
    )
    assert Document.objects.filter(series=first.series).count() == 2
    detail = client.get(reverse("agreements:detail", args=[agreement.pk]) + "?tab=documents")
    html = detail.content.decode()
    assert "簽署版-v2.pdf" in html
    assert "1 older version" in html
    assert reverse("agreements:document-download", args=[first.pk]) in html


def test_a_refused_file_shows_the_reason_on_the_form(client: Client, agreement: Agreement) -> None:
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    url = reverse("agreements:document-upload", args=[agreement.pk])
    response = client.post(url, {"kind": "signed", "file": upload("fake.pdf", b"plain text")})
    assert response.status_code == 200
    assert "is not a PDF, Word (DOCX), PNG, JPEG or WebP file" in response.content.decode()
    assert not Document.objects.exists()
    with_chinese = client.post(
        reverse("agreements:document-upload", args=[agreement.pk]).replace("/en/", "/zh-hant/"),
        {"kind": "signed", "file": upload("fake.pdf", b"plain text")},
    )
    assert "PDF" in with_chinese.content.decode()
    assert "is not a PDF" not in with_chinese.content.decode()


def test_download_streams_the_file_with_its_chinese_name(
    client: Client, agreement: Agreement
) -> None:
    document = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="",
        uploaded_file=upload("合作備忘錄 2019.pdf", PDF_BYTES),
        actor=staff_user(),
    )
    client.force_login(staff_user(Role.VIEWER))
    response = client.get(reverse("agreements:document-download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert response["Content-Type"] == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('合作備忘錄 2019.pdf')}" in disposition


def test_download_and_upload_are_limited_to_those_who_may_see_the_agreement(
    client: Client,
) -> None:
    agreement, faculty = _coordinated_agreement()
    document = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Signed",
        uploaded_file=upload("signed.pdf", PDF_BYTES),
        actor=staff_user(),
    )
    download = reverse("agreements:document-download", args=[document.pk])
    upload_url = reverse("agreements:document-upload", args=[agreement.pk])

    anonymous = client.get(download)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert client.get(upload_url).status_code == 302

    client.force_login(staff_user(Role.UNIT_COORDINATOR, unit=directory.unit("School of Design")))
    assert client.get(download).status_code == 404
    assert client.get(upload_url).status_code == 404
    assert (
        client.post(upload_url, {"kind": "signed", "file": upload("x.pdf", PDF_BYTES)}).status_code
        == 404
    )

    # The faculty's coordinator sees its departments' agreements.
    client.force_login(staff_user(Role.UNIT_COORDINATOR, unit=faculty))
    assert client.get(download).status_code == 200
    assert client.get(upload_url).status_code == 200

    viewer = staff_user(Role.VIEWER)
    client.force_login(viewer)
    assert client.get(download).status_code == 200
    assert client.get(upload_url).status_code == 403
    assert Document.objects.count() == 1


def test_a_missing_file_is_a_404_not_a_crash(client: Client, agreement: Agreement) -> None:
    document = document_upload(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Signed",
        uploaded_file=upload("signed.pdf", PDF_BYTES),
        actor=staff_user(),
    )
    document.file.storage.delete(document.file.name)
    client.force_login(staff_user())
    assert (
        client.get(reverse("agreements:document-download", args=[document.pk])).status_code == 404
    )
