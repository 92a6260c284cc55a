"""Importers fall back on the resolver for names no record has exactly, and say so per row."""

import csv
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from baylink.accounts.tests.factories import staff_user
from baylink.agreements.importers import COLUMNS as AGREEMENT_COLUMNS
from baylink.agreements.importers import AgreementImporter
from baylink.agreements.models import Agreement, Party
from baylink.core.tabular import ImportPreview, run_import
from baylink.directory.importers import (
    ORGANISATION_COLUMNS,
    PERSON_COLUMNS,
    OrganisationImporter,
    PersonImporter,
)
from baylink.directory.importers import organisations as organisation_importer
from baylink.directory.importers.indexes import OrganisationIndex
from baylink.directory.models import Organisation, Person
from baylink.directory.tests import factories as directory
from baylink.resolution.services import ror_import
from baylink.resolution.tests.conftest import TINY_DUMP

pytestmark = pytest.mark.django_db

POLYU = "0030zas98"
SZU = "01vy4gh70"
CITYU = "03q8dnn23"


@pytest.fixture
def registry() -> dict[str, Organisation]:
    ror_import(path=TINY_DUMP)
    # The university importing is a registry record too (a local copy would be a duplicate).
    Organisation.objects.filter(ror_id=CITYU).update(is_home=True)
    return {
        "polyu": Organisation.objects.get(ror_id=POLYU),
        "szu": Organisation.objects.get(ror_id=SZU),
    }


def csv_bytes(columns: tuple[str, ...], *rows: dict[str, str]) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return out.getvalue().encode("utf-8")


def agreements_file(*parties: str) -> bytes:
    return csv_bytes(
        AGREEMENT_COLUMNS,
        *(
            {"reference": f"RES-{number}", "kind": "MoU", "title_en": "MoU", "parties": text}
            for number, text in enumerate(parties, start=1)
        ),
    )


def import_agreements(data: bytes, *, dry_run: bool = False) -> ImportPreview:
    return run_import(AgreementImporter(source="agreements.csv"), data, dry_run=dry_run)


def test_the_exact_look_up_is_tried_first(registry: dict[str, Organisation]) -> None:
    index = OrganisationIndex()
    # Stored names and aliases need no resolver, and carry no note.
    assert index.find_or_resolve("HK PolyU") == (registry["polyu"].pk, "")
    assert index.find_or_resolve("深圳大學") == (registry["szu"].pk, "")
    assert index._resolver is None


def test_a_party_written_as_a_longer_affiliation_resolves_with_a_note(
    registry: dict[str, Organisation],
) -> None:
    text = "Dept. of Civil Eng., HK PolyU"
    preview = import_agreements(agreements_file(f"{text}; 深圳大學, 廣東深圳 518060"))
    assert preview.written, preview.all_problems
    agreement = Agreement.objects.get(reference="RES-1")
    parties = set(Party.objects.filter(agreement=agreement).values_list("organisation", flat=True))
    assert {registry["polyu"].pk, registry["szu"].pk} <= parties
    notes = preview.rows[0].notes
    assert len(notes) == 2
    assert notes[0].startswith(f"“{text}” read as Hong Kong Polytechnic University (score ")
    assert "深圳大學, 廣東深圳 518060" in notes[1]
    assert "Shenzhen University" in notes[1]


def test_a_name_repeated_on_many_rows_is_resolved_once(
    registry: dict[str, Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    from baylink.resolution.engine import Resolver

    calls: list[str] = []
    resolve = Resolver.resolve

    def counting(self: Resolver, text: str, *args: Any, **kwargs: Any) -> object:
        calls.append(text)
        return resolve(self, text, *args, **kwargs)

    monkeypatch.setattr(Resolver, "resolve", counting)
    preview = import_agreements(agreements_file(*["Dept. of Civil Eng., HK PolyU"] * 5))
    assert preview.written, preview.all_problems
    assert calls == ["Dept. of Civil Eng., HK PolyU"]
    assert all(row.notes for row in preview.rows)


def test_a_party_named_with_its_parent_is_the_unit(registry: dict[str, Organisation]) -> None:
    text = "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences"
    preview = import_agreements(agreements_file(text))
    assert preview.written, preview.all_problems
    siat = Organisation.objects.get(ror_id="04gh4er46")
    cas = Organisation.objects.get(ror_id="034t30j35")
    parties = set(Party.objects.values_list("organisation", flat=True))
    assert siat.pk in parties
    assert cas.pk not in parties
    assert "read as Shenzhen Institutes of Advanced Technology" in preview.rows[0].notes[0]


def test_a_name_the_resolver_is_unsure_of_is_refused_with_its_guess(
    registry: dict[str, Organisation],
) -> None:
    preview = import_agreements(agreements_file("Sun Yat-sen"))
    assert not preview.written
    message = preview.all_problems[0].message
    assert "It may be Sun Yat-sen University, but not surely" in message
    assert not Agreement.objects.exists()


def test_a_name_nothing_resolves_still_fails_naming_the_row_and_column(
    registry: dict[str, Organisation],
) -> None:
    preview = import_agreements(agreements_file("HK PolyU", "Kowloon Widget Makers Ltd"))
    assert not preview.written
    assert [(p.row, p.column) for p in preview.all_problems] == [(3, "parties")]
    assert "Kowloon Widget Makers Ltd" in preview.all_problems[0].message
    assert not Agreement.objects.exists()


def test_the_people_importer_resolves_the_organisation_column(
    registry: dict[str, Organisation],
) -> None:
    data = csv_bytes(
        PERSON_COLUMNS,
        {"name_en": "Chan Tai-man", "organisation": "香港理工大学土木及环境工程学系"},
    )
    preview = run_import(PersonImporter(source="people.csv"), data)
    assert preview.written, preview.all_problems
    person = Person.objects.get(name_en="Chan Tai-man")
    assert person.organisation_id == registry["polyu"].pk
    assert "read as Hong Kong Polytechnic University" in preview.rows[0].notes[0]


def organisations_file(*rows: dict[str, str]) -> bytes:
    return csv_bytes(ORGANISATION_COLUMNS, *rows)


def test_an_organisation_row_the_resolver_recognises_is_not_applied_to_that_record(
    registry: dict[str, Organisation],
) -> None:
    polyu = registry["polyu"]
    before = (polyu.name_en, polyu.website, polyu.updated_at)
    row = {"name_en": "Dept. of Civil Eng., HK PolyU", "website": "www.example.org"}
    preview = run_import(OrganisationImporter(source="organisations.csv"), organisations_file(row))
    assert preview.written, preview.all_problems
    assert preview.counts["create"] == 1
    polyu.refresh_from_db()
    assert (polyu.name_en, polyu.website, polyu.updated_at) == before
    note = preview.rows[0].notes[0]
    assert note.startswith("Possibly the same as Hong Kong Polytechnic University")
    assert f"ROR id {POLYU}" in note
    assert "add its ROR id to update it" in note
    assert Organisation.objects.filter(name_en="Dept. of Civil Eng., HK PolyU").exists()


def test_organisation_rows_matched_exactly_or_by_another_ror_id_carry_no_note(
    registry: dict[str, Organisation],
) -> None:
    rows = [
        {"name_en": "Hong Kong Polytechnic University", "website": "www.polyu.edu.hk"},
        # Its own ROR id: ROR already says it is not PolyU.
        {"name_en": "Dept. of Civil Eng., HK PolyU", "ror_id": "0000abc12"},
    ]
    preview = run_import(
        OrganisationImporter(source="organisations.csv"), organisations_file(*rows), dry_run=True
    )
    assert preview.ok, preview.all_problems
    assert [row.action for row in preview.rows] == ["update", "create"]
    assert [row.notes for row in preview.rows] == [[], []]


def test_a_local_organisation_is_named_with_how_to_update_it(
    registry: dict[str, Organisation],
) -> None:
    local = directory.organisation("Kowloon Widget Makers Limited", city_code="HK")
    rows = [
        {"name_en": "Kowloon Widget Makers Ltd., Hong Kong"},
        {"name_en": "Kowloon Widget Makers, Kwun Tong", "ror_id": "0000abc12"},
    ]
    preview = run_import(
        OrganisationImporter(source="organisations.csv"), organisations_file(*rows), dry_run=True
    )
    assert [row.action for row in preview.rows] == ["create", "create"]
    without_ror_id, with_ror_id = (row.notes[0] for row in preview.rows)
    assert f"Kowloon Widget Makers Limited #{local.pk}" in without_ror_id
    assert "write its name as stored to update it" in without_ror_id
    assert f"#{local.pk}" in with_ror_id
    assert "merge them under Possible duplicates" in with_ror_id


def test_the_import_command_prints_the_notes(
    registry: dict[str, Organisation], tmp_path: Path
) -> None:
    path = tmp_path / "agreements.csv"
    path.write_bytes(agreements_file("Dept. of Civil Eng., HK PolyU"))
    out = StringIO()
    call_command("import", "agreements", str(path), "--dry-run", stdout=out)
    assert "Row 2: “Dept. of Civil Eng., HK PolyU” read as" in out.getvalue()
    path.write_bytes(agreements_file("Kowloon Widget Makers Ltd"))
    with pytest.raises(CommandError):
        call_command("import", "agreements", str(path), stdout=StringIO())


def test_the_preview_page_shows_the_notes(registry: dict[str, Organisation]) -> None:
    client = Client()
    client.force_login(staff_user())
    upload = client.post(
        "/en/staff/data/agreements/import/",
        {
            "file": _named("agreements.csv", agreements_file("Dept. of Civil Eng., HK PolyU")),
            "encoding": "auto",
        },
    )
    assert upload.status_code == 302, upload.content.decode()[:2000]
    page = client.get(upload["Location"])
    html = page.content.decode()
    assert 'data-testid="import-notes"' in html
    assert "read as Hong Kong Polytechnic University" in html


def _named(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_file_adding_many_organisations_is_not_compared_one_by_one(
    registry: dict[str, Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(organisation_importer, "POSSIBLE_MATCH_LIMIT", 1)
    rows = [{"name_en": "Dept. of Civil Eng., HK PolyU"}, {"name_en": "Kowloon Widget Makers"}]
    preview = run_import(
        OrganisationImporter(source="organisations.csv"), organisations_file(*rows), dry_run=True
    )
    assert preview.counts["create"] == 2
    assert not any(row.notes for row in preview.rows)
    assert any("too many to compare" in warning for warning in preview.warnings)
    monkeypatch.setattr(organisation_importer, "POSSIBLE_MATCH_LIMIT", 2)
    compared = run_import(
        OrganisationImporter(source="organisations.csv"), organisations_file(*rows), dry_run=True
    )
    assert compared.rows[0].notes
    assert not compared.warnings
