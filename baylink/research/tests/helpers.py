"""What the research tests share: import files and their checks, API calls with a role's token."""

import io
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.core.history import readable_history
from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview
from baylink.core.tabular.registry import KINDS, export_table
from baylink.core.tabular.writing import write_csv, write_xlsx
from baylink.directory.models import Unit
from baylink.directory.tests import factories as directory

Import = Callable[[bytes], ImportPreview]

# The imports


def csv_bytes(*rows: str, header: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *rows, ""]).encode(encoding)


def with_cell(row: str, columns: Sequence[str], column: str, value: str) -> str:
    """A CSV row (no quoted commas) with one column's cell replaced."""
    cells = row.split(",")
    cells[list(columns).index(column)] = value
    return ",".join(cells)


def workbook_bytes(columns: Sequence[str], values: Sequence[Any]) -> bytes:
    """A workbook of one row, its header written as people write it ("TITLE EN")."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.upper().replace("_", " ") for column in columns])
    sheet.append(list(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems(preview: ImportPreview) -> list[tuple[int | None, str]]:
    return [(problem.row, problem.column) for problem in preview.all_problems]


def assert_refused(preview: ImportPreview, column: str, message: str, model: type[Model]) -> None:
    """The file's third row has one problem, on `column`, and nothing at all is written."""
    assert problems(preview) == [(3, column)], preview.all_problems
    assert message in preview.all_problems[0].message
    assert not preview.written
    assert not model._default_manager.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def assert_import_note_reads_in_the_readers_language(file: str) -> None:
    """The one import entry names the file and row 2, in whichever language is read."""
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert (entry.note, entry.note_values) == (
        "Imported from %(file)s, row %(row)s",
        {"file": file, "row": 2, "_words": []},
    )
    with translation.override("zh-hant"):
        assert readable_history([entry])[0].note == f"從 {file} 第 2 行匯入"
    with translation.override("en"):
        assert readable_history([entry])[0].note == f"Imported from {file}, row 2"


def assert_export_imports_back_unchanged(
    kind: str,
    columns: Sequence[str],
    exported: Sequence[Sequence[Any]],
    run: Import,
    *,
    records: int,
) -> None:
    """As CSV and as XLSX, and through the data hub's registry as the staff pages export."""
    for data in (write_csv(columns, exported), write_xlsx(columns, exported)):
        preview = run(data)
        assert preview.counts == {"create": 0, "update": 0, "unchanged": records, "error": 0}
    registered = KINDS[kind]
    table = export_table(registered, registered.visible_records(staff_user()), "xlsx")
    assert table.rows == records
    assert run(table.body).counts["unchanged"] == records


def assert_officers_import_and_viewers_only_export(kind: str) -> None:
    registered = KINDS[kind]
    officer = staff_user(Role.PARTNERSHIP_OFFICER)
    viewer = staff_user(Role.VIEWER)
    assert registered.can_import(officer)
    assert registered.can_export(officer)
    assert not registered.can_import(viewer)
    assert registered.can_export(viewer)


# The API

ROLES = {
    "administrator": Role.ADMINISTRATOR,
    "partnership_officer": Role.PARTNERSHIP_OFFICER,
    "unit_coordinator": Role.UNIT_COORDINATOR,
    "careers_officer": Role.CAREERS_OFFICER,
    "viewer": Role.VIEWER,
}
WRITERS = {"administrator", "partnership_officer"}
CALLERS = [*ROLES, "no_role", "anonymous", "bad_token"]


def headers_for(who: str) -> dict[str, str]:
    if who == "anonymous":
        return {}
    if who == "bad_token":
        return bearer("bl_wrong")
    if who == "no_role":
        return bearer(api_token(User.objects.create_user("guest", password="a-long-password-1")))
    unit = directory.unit("Department of Computing") if who == "unit_coordinator" else None
    return bearer(api_token(staff_user(ROLES[who], unit=unit)))


def call(method: str, url: str, headers: dict[str, str], payload: Any = None) -> Any:
    client = Client()
    if payload is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(url, payload, content_type="application/json", headers=headers)


def assert_reads_and_writes_as_the_role_allows(
    who: str,
    headers: dict[str, str],
    *,
    collection: str,
    record_url: str,
    created: dict[str, Any],
    changed: dict[str, Any],
) -> None:
    """Every role reads; writers create, change (with a fresh edit token) and delete."""
    token = call("get", record_url, headers_for("viewer")).json()["edit_token"]
    signed_out = who in ("anonymous", "bad_token")
    reading, writing = (401, 401) if signed_out else (200, 403)
    if who == "no_role":
        reading = 403
    assert call("get", collection, headers).status_code == reading
    assert call("get", record_url, headers).status_code == reading
    creation = call("post", collection, headers, created)
    assert creation.status_code == (201 if who in WRITERS else writing)
    change = call("patch", record_url, headers, {"edit_token": token, **changed})
    assert change.status_code == (200 if who in WRITERS else writing)
    deletion = call("delete", record_url, headers)
    assert deletion.status_code == (204 if who in WRITERS else writing)


def foreign_unit() -> int:
    """A unit that exists but is outside the university."""
    other = directory.organisation("Shenzhen University", city_code="SZ")
    return Unit.objects.create(organisation=other, name_en="College of Law").pk


def assert_field_error(response: Any, field: str, message: str) -> None:
    """Refused with 400, the first error on `field` and saying `message`."""
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    assert message in errors[0]["message"]


def assert_creation_refused(
    collection: str, headers: dict[str, str], payload: dict[str, Any], field: str, message: str
) -> None:
    """A POST refused on `field`, with nothing audited (the caller checks what is stored)."""
    audited = AuditEntry.objects.count()
    assert_field_error(call("post", collection, headers, payload), field, message)
    assert AuditEntry.objects.count() == audited


def assert_change_refused(
    record_url: str, headers: dict[str, str], changes: dict[str, Any], field: str, message: str
) -> None:
    """A PATCH of a new title and `changes` refused on `field`: the record reads as before."""
    before = call("get", record_url, headers).json()
    audited = AuditEntry.objects.count()
    payload = {"edit_token": before["edit_token"], "title_en": "Changed", **changes}
    assert_field_error(call("patch", record_url, headers, payload), field, message)
    assert call("get", record_url, headers).json() == before
    assert AuditEntry.objects.count() == audited


def post_in(language: str, url: str, headers: dict[str, str], payload: Any) -> Any:
    """A POST whose reader asks for `language`; English is active again afterwards."""
    try:
        return Client().post(
            url,
            payload,
            content_type="application/json",
            headers={**headers, "Accept-Language": language},
        )
    finally:
        translation.activate("en")


def list_before_and_after(
    url: str,
    headers: dict[str, str],
    add_more: Callable[[], object],
    max_queries: DjangoAssertNumQueries,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The list (100 a page) before and after `add_more`: the second in no more queries."""
    client = Client()
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as few:
        before = client.get(f"{url}?limit=100", headers=headers).json()
    add_more()
    with max_queries(len(few.captured_queries)):
        after = client.get(f"{url}?limit=100", headers=headers).json()
    return before, after


def listed_references(url: str, headers: dict[str, str], query: str) -> list[str]:
    response = Client().get(f"{url}?{query}", headers=headers)
    assert response.status_code == 200, response.content
    return [item["reference"] for item in response.json()["items"]]
