"""baylink import-ror: a tiny dump in every format, re-import, changes, and malformed dumps."""

import copy
import gzip
import json
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreements
from baylink.core.models import AuditEntry
from baylink.core.search import search_filter
from baylink.directory.models import Organisation, OrganisationName, OrganisationRelationship
from baylink.resolution.services import ror_import
from baylink.resolution.tests.conftest import TINY_DUMP, tiny_records

pytestmark = pytest.mark.django_db


def write_dump(path: Path, records: list[dict[str, Any]]) -> Path:
    text = json.dumps(records, ensure_ascii=False)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("v1.99-ror-data_schema_v2.json", text)
    elif path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def state() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        OrganisationName.objects.count(),
        OrganisationRelationship.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("name", ["dump.json", "dump.json.gz", "dump.zip"])
def test_imports_a_dump_in_each_format(tmp_path: Path, name: str) -> None:
    report = ror_import(path=write_dump(tmp_path / name, tiny_records()))
    assert (report.records, report.created, report.updated, report.unchanged) == (15, 15, 0, 0)
    assert report.withdrawn == 1  # Johns Hopkins University School of Medicine
    polyu = Organisation.objects.get(ror_id="0030zas98")
    assert polyu.name_en == "Hong Kong Polytechnic University"
    assert polyu.name_zh_hant == "香港理工大學"
    assert polyu.country_code == "HK"
    # The curated short forms are stored too, so the directory search finds 理大.
    assert polyu.names.filter(value="理大", source=OrganisationName.Source.CURATED).exists()
    assert "理大" in polyu.search_text


def test_keeps_parent_child_and_successor_links(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    siat = Organisation.objects.get(ror_id="04gh4er46")
    cas = Organisation.objects.get(ror_id="034t30j35")
    assert siat.relationships.get(kind="parent").target == cas
    assert cas.relationships.filter(kind="child", target=siat).exists()
    withdrawn = Organisation.objects.get(ror_id="02nfzhn33")
    assert withdrawn.status == Organisation.Status.WITHDRAWN
    successor = withdrawn.relationships.get(kind="successor").target
    assert successor is not None
    assert successor.ror_id == "037zgn354"


def test_reimporting_the_same_dump_changes_nothing(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    before = state()
    report = ror_import(path=TINY_DUMP)
    assert (report.created, report.updated, report.unchanged, report.withdrawn) == (0, 0, 15, 0)
    assert state() == before


def test_reimport_updates_changed_records_and_marks_withdrawn_ones(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    records = copy.deepcopy(tiny_records())
    hku = next(r for r in records if r["id"].endswith("02zhqgq86"))
    hku["status"] = "withdrawn"
    hku["relationships"].append({"type": "successor", "id": "https://ror.org/0030zas98"})
    report = ror_import(path=write_dump(tmp_path / "next.json", records))
    assert (report.updated, report.unchanged, report.withdrawn) == (1, 14, 1)
    organisation = Organisation.objects.get(ror_id="02zhqgq86")
    assert organisation.status == Organisation.Status.WITHDRAWN
    successor = organisation.relationships.get(kind="successor").target
    assert successor is not None
    assert successor.ror_id == "0030zas98"
    entry = AuditEntry.objects.filter(object_pk=str(organisation.pk)).first()
    assert entry is not None
    assert entry.changes["status"] == ["active", "withdrawn"]


def test_a_registry_rename_reaches_the_agreements_that_name_the_record(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    agreement = agreements.agreement(cityu)
    records = copy.deepcopy(tiny_records())
    renamed = next(r for r in records if r["id"].endswith("03q8dnn23"))
    for name in renamed["names"]:
        if "ror_display" in name["types"]:
            name["value"] = "City Polytechnic of Kowloon"
    ror_import(path=write_dump(tmp_path / "next.json", records))
    assert Agreement.objects.filter(search_filter("Polytechnic Kowloon"), pk=agreement.pk).exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": "https://ror.org/0030zas98", "names": [', "not valid JSON"),
        ('{"records": 3}', "no ROR records"),
        ("[]", "no ROR records"),
        ('[{"name": "no id here"}]', "is not a ROR record"),
    ],
)
def test_a_malformed_dump_is_refused_and_changes_nothing(
    tmp_path: Path, content: str, expected: str
) -> None:
    ror_import(path=TINY_DUMP)
    before = state()
    path = tmp_path / "bad.json"
    # A valid record first: it must be rolled back with the rest.
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        ror_import(path=path)
    assert expected in " ".join(raised.value.messages)
    assert state() == before


def test_a_damaged_record_after_good_ones_rolls_everything_back(tmp_path: Path) -> None:
    records = copy.deepcopy(tiny_records())
    records[-1]["established"] = "long ago"
    with pytest.raises(ValidationError) as raised:
        ror_import(path=write_dump(tmp_path / "damaged.json", records))
    assert "record 15" in raised.value.messages[0]
    assert Organisation.objects.count() == 0


def _names_entry(record: dict[str, Any], entry: object) -> None:
    record["names"].append(entry)


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda r: r.update(admin="x"), "admin is not an object"),
        (lambda r: r.update(locations=["Hong Kong"]), "locations is not a list of objects"),
        (lambda r: r.update(links=["x"]), "links is not a list of objects"),
        (lambda r: r.update(relationships=["x"]), "relationships is not a list of objects"),
        (lambda r: r.update(types=[["education"]]), "types is not a list of text"),
        (lambda r: _names_entry(r, "HK PolyU"), "names is not a list of objects"),
        (lambda r: _names_entry(r, {"types": ["alias"]}), "names.value is missing or empty"),
        (lambda r: _names_entry(r, {"value": "PolyU", "lang": 5}), "names.lang is not text"),
        (lambda r: _names_entry(r, {"value": "Poly\x00U"}), "holds a NUL character"),
        (lambda r: r.update(established=True), "established is not a year"),
        (
            lambda r: r["locations"][0]["geonames_details"].update(country_code=12),
            "locations.geonames_details.country_code is not text",
        ),
        (
            lambda r: r["locations"][0]["geonames_details"].update(lat="north"),
            "locations.geonames_details.lat is not a number",
        ),
        (
            lambda r: r["admin"]["last_modified"].update(date=20250505),
            "admin.last_modified.date is not text",
        ),
    ],
)
def test_a_record_of_the_wrong_shape_is_named_and_changes_nothing(
    tmp_path: Path, damage: Any, expected: str
) -> None:
    ror_import(path=TINY_DUMP)
    before = state()
    records = copy.deepcopy(tiny_records())
    records[0]["id"] = "https://ror.org/05abcde12"  # a record the registry does not hold yet
    damage(records[0])
    with pytest.raises(ValidationError) as raised:
        ror_import(path=write_dump(tmp_path / "bad.json", records))
    message = raised.value.messages[0]
    assert "record 1 (05abcde12)" in message
    assert expected in message
    assert message.endswith("Nothing was changed.")
    assert state() == before


def test_a_record_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    records = copy.deepcopy(tiny_records())
    records.append(copy.deepcopy(records[3]))
    with pytest.raises(ValidationError, match=r"record 16 .* appears twice"):
        ror_import(path=write_dump(tmp_path / "twice.json", records))
    assert Organisation.objects.count() == 0


def test_damaged_compressed_data_is_a_clear_error(tmp_path: Path) -> None:
    packed = write_dump(tmp_path / "dump.json.gz", tiny_records()).read_bytes()
    damaged = tmp_path / "damaged.json.gz"
    middle = len(packed) // 2
    damaged.write_bytes(
        packed[:middle]
        + bytes(b ^ 0xFF for b in packed[middle : middle + 64])
        + packed[middle + 64 :]
    )
    with pytest.raises(ValidationError, match=r"could not be read|not valid JSON"):
        ror_import(path=damaged)
    assert Organisation.objects.count() == 0


def test_the_command_reports_counts(tmp_path: Path) -> None:
    out = StringIO()
    call_command("import_ror", str(TINY_DUMP), "--no-progress", stdout=out)
    assert "15 records read: 15 created, 0 updated, 0 unchanged" in out.getvalue()


@pytest.mark.parametrize("name", ["missing.json", "dump.csv"])
def test_the_command_fails_clearly_on_a_bad_path(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_ror", str(path), "--no-progress")
    assert name in str(raised.value)
    assert Organisation.objects.count() == 0
