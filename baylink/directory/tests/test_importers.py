"""Importing and exporting organisations and people."""

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreements
from baylink.core.content_version import content_version
from baylink.core.history import readable_history
from baylink.core.models import AuditEntry
from baylink.core.search import search_filter
from baylink.core.tabular import ImportPreview, run_import
from baylink.core.tabular.encoding import BIG5_HKSCS, GB18030
from baylink.core.tabular.writing import write_csv, write_xlsx
from baylink.directory.importers import (
    ORGANISATION_COLUMNS,
    PERSON_COLUMNS,
    OrganisationImporter,
    PersonImporter,
    export_organisations,
    export_people,
)
from baylink.directory.models import Organisation, Person
from baylink.directory.tests import factories

pytestmark = pytest.mark.django_db


def csv_bytes(header: str, *rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *rows, ""]).encode(encoding)


def import_organisations(data: bytes, **options: Any) -> ImportPreview:
    return run_import(OrganisationImporter(source="test.csv"), data, **options)


def problems(preview: ImportPreview) -> list[tuple[int | None, str]]:
    return [(problem.row, problem.column) for problem in preview.all_problems]


HEADER = "name_en,name_zh_hant,name_zh_hans,ror_id,type,city,country,website"
POLYU = (
    "The Hong Kong Polytechnic University,香港理工大學,,0030zas98,education,HK,HK,www.polyu.edu.hk"
)
SZU = "Shenzhen University,,深圳大学,01vy4gh70,education;funder,深圳,,https://www.szu.edu.cn"


def test_organisations_are_created_with_both_chinese_scripts() -> None:
    preview = import_organisations(csv_bytes(HEADER, POLYU, SZU))
    assert preview.ok
    assert preview.written
    assert preview.counts["create"] == 2
    polyu = Organisation.objects.get(ror_id="0030zas98")
    assert polyu.name_zh_hans == "香港理工大学"
    assert polyu.name_zh_hans_machine
    assert not polyu.name_zh_hant_machine
    assert polyu.website == "https://www.polyu.edu.hk"
    assert polyu.city is not None
    assert polyu.city.code == "HK"
    szu = Organisation.objects.get(ror_id="01vy4gh70")
    assert szu.name_zh_hant == "深圳大學"
    assert szu.city is not None
    assert szu.city.code == "SZ"
    assert szu.country_code == "CN"  # from the city
    assert sorted(szu.types.values_list("code", flat=True)) == ["education", "funder"]
    assert "深圳大学" in szu.search_text


def test_big5_hkscs_and_gb18030_files_with_characters_outside_big5() -> None:
    lift_centre = "Shek Kip Mei Estate Lift Centre,石硤尾邨𨋢服務中心,,,company,Kowloon,HK,"
    big5 = import_organisations(csv_bytes(HEADER, POLYU, lift_centre, encoding=BIG5_HKSCS))
    assert big5.encoding == BIG5_HKSCS
    assert big5.written
    assert Organisation.objects.get(name_en__startswith="Shek Kip Mei").name_zh_hant == (
        "石硤尾邨𨋢服務中心"
    )
    estate = "Estate Services,,石硖尾邨𨋢服务中心,,company,HK,,"
    gb = import_organisations(csv_bytes(HEADER, SZU, estate, encoding=GB18030))
    assert gb.encoding == GB18030
    assert gb.written
    assert Organisation.objects.get(name_en="Estate Services").name_zh_hans == "石硖尾邨𨋢服务中心"


def test_headers_are_case_insensitive_and_unknown_columns_reported() -> None:
    preview = import_organisations(csv_bytes("Name_EN,COUNTRY,Remarks", "Test College,GB,hello"))
    assert preview.written
    assert preview.columns == ["name_en", "country"]
    assert preview.unknown_columns == ["remarks"]
    assert any("remarks" in warning for warning in preview.warnings)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Test University,,,not-a-ror,,,,", "ror_id", "is not a ROR id"),
        ("Test University,,,,,Atlantis,,", "city", "no city called “Atlantis”"),
        ("Test University,,,,,,XX,", "country", "not a country code"),
        ("Test University,,,,university,,,", "type", "not a ROR organisation type"),
        (",,,,education,HK,HK,", "name_en", "at least one language"),
        ("Test University,,,,,SZ,HK,", "country", "is in CN, not HK"),
        ("Test University,,,,,,,not a web address", "website", "valid URL"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(row: str, column: str, message: str) -> None:
    preview = import_organisations(csv_bytes(HEADER, POLYU, row))
    assert problems(preview) == [(3, column)]
    assert message in preview.all_problems[0].message
    assert not preview.written
    assert not Organisation.objects.exists()  # the good row is not written either


def test_one_bad_row_writes_nothing_and_audits_nothing() -> None:
    preview = import_organisations(csv_bytes(HEADER, POLYU, SZU, "Bad,,,,,,ZZ,"))
    assert problems(preview) == [(4, "country")]
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 1}
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_file_without_a_name_column_is_refused() -> None:
    preview = import_organisations(csv_bytes("ror_id,country", "0030zas98,HK"))
    assert problems(preview) == [(1, "")]
    assert "name_en" in preview.problems[0].message


def test_a_dry_run_writes_nothing() -> None:
    preview = import_organisations(csv_bytes(HEADER, POLYU), dry_run=True)
    assert preview.ok
    assert not preview.written
    assert preview.counts["create"] == 1
    assert not Organisation.objects.exists()


def test_reimporting_updates_instead_of_duplicating() -> None:
    import_organisations(csv_bytes(HEADER, POLYU, SZU))
    again = import_organisations(csv_bytes(HEADER, POLYU, SZU))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    changed = POLYU.replace("www.polyu.edu.hk", "https://www.polyu.edu.hk/en")
    update = import_organisations(csv_bytes(HEADER, changed))
    assert update.counts["update"] == 1
    [change] = update.rows[0].changes
    assert (change.column, change.after) == ("website", "https://www.polyu.edu.hk/en")
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(ror_id="0030zas98").website == "https://www.polyu.edu.hk/en"


def test_rows_without_a_ror_id_match_by_name_in_either_script() -> None:
    stored = factories.organisation(
        "Hong Kong Metropolitan University", name_zh_hant="香港都會大學"
    )
    preview = import_organisations(
        csv_bytes("name_zh_hans,ror_id,website", "香港都会大学,07ycx2m16,https://www.hkmu.edu.hk")
    )
    assert preview.counts["update"] == 1
    stored.refresh_from_db()
    assert stored.ror_id == "07ycx2m16"
    assert stored.name_zh_hans == "香港都会大学"
    assert stored.name_zh_hant == "香港都會大學"  # a person wrote it: kept
    assert Organisation.objects.count() == 1


def test_a_blank_cell_keeps_the_stored_value() -> None:
    import_organisations(csv_bytes(HEADER, POLYU))
    import_organisations(csv_bytes("ror_id,name_en,website", "0030zas98,PolyU,"))
    polyu = Organisation.objects.get()
    assert polyu.name_en == "PolyU"
    assert polyu.website == "https://www.polyu.edu.hk"
    assert polyu.name_zh_hant == "香港理工大學"


def test_the_same_organisation_twice_in_a_file_is_a_problem() -> None:
    preview = import_organisations(csv_bytes(HEADER, POLYU, POLYU.replace("HK,HK", "HK,")))
    assert (3, "ror_id") in problems(preview)
    assert not Organisation.objects.exists()


def test_an_ambiguous_name_is_a_problem() -> None:
    factories.organisation("Institute of Testing", city_code="HK")
    factories.organisation("Institute of Testing", city_code="SZ")
    preview = import_organisations(csv_bytes("name_en,website", "Institute of Testing,a.example"))
    assert problems(preview) == [(2, "name_en")]
    assert "several organisations" in preview.all_problems[0].message


def test_each_write_is_audited_and_the_content_version_bumped_once(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        import_organisations(csv_bytes(HEADER, POLYU, SZU))
    assert content_version() == before + 1
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert entries.count() == 2
    entry = entries.get(object_repr__startswith="The Hong Kong")
    # Kept as the English message and its values; each reader reads it in their language.
    assert (entry.note, entry.note_values) == (
        "Imported from %(file)s, row %(row)s",
        {"file": "test.csv", "row": 2, "_words": []},
    )
    with translation.override("zh-hant"):
        assert readable_history([entry])[0].note == "從 test.csv 第 2 行匯入"
    with translation.override("en"):
        assert readable_history([entry])[0].note == "Imported from test.csv, row 2"
    assert entry.changes["name_zh_hant"] == [None, "香港理工大學"]
    assert entry.changes["types"] == [None, ["education"]]


def test_an_xlsx_export_imports_back_unchanged() -> None:
    import_organisations(csv_bytes(HEADER, POLYU, SZU))
    data = write_xlsx(ORGANISATION_COLUMNS, export_organisations(Organisation.objects.all()))
    preview = import_organisations(data)
    assert preview.encoding == "xlsx"
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}


def test_exports_follow_the_queryset_and_neutralise_formulas() -> None:
    factories.organisation('=HYPERLINK("http://evil.example")', country_code="GB", city_code=None)
    factories.organisation("Harmless College", country_code="GB", city_code=None)
    chosen = Organisation.objects.filter(name_en__startswith="=")
    text = write_csv(ORGANISATION_COLUMNS, export_organisations(chosen)).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == ",".join(ORGANISATION_COLUMNS)
    assert len(lines) == 2
    assert lines[1].startswith("\"'=HYPERLINK(")


PEOPLE_HEADER = ",".join(PERSON_COLUMNS)


def test_people_are_created_and_matched_by_email_then_orcid() -> None:
    home = factories.home()
    factories.unit("Department of Computing", code="COMP")
    rows = [
        "Chan Tai-man,陳大文,,Prof.,tm.chan@example.edu.hk,0000-0002-1825-0097,香港理工大學,COMP",
        "Lee Siu-ming,,,Dr,,https://orcid.org/0000-0001-5109-3700,,Department of Computing",
    ]
    preview = run_import(PersonImporter(), csv_bytes(PEOPLE_HEADER, *rows))
    assert preview.written, preview.all_problems
    chan = Person.objects.get(email="tm.chan@example.edu.hk")
    assert chan.name_zh_hans == "陈大文"
    assert chan.organisation == home
    assert chan.unit is not None
    assert chan.unit.code == "COMP"
    lee = Person.objects.get(orcid="0000-0001-5109-3700")
    assert lee.organisation == home  # from the unit
    again = run_import(
        PersonImporter(),
        csv_bytes(
            PEOPLE_HEADER,
            "Chan Tai Man,,,,TM.CHAN@example.edu.hk,,,",
            "Lee Siu Ming,,,,,0000-0001-5109-3700,,",
        ),
    )
    assert again.counts["update"] == 2
    assert Person.objects.count() == 2
    chan.refresh_from_db()
    assert chan.name_en == "Chan Tai Man"
    assert chan.unit is not None


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Chan,,,,not-an-email,,,", "email"),
        ("Chan,,,,,0000-0002-1825-0098,,", "orcid"),
        ("Chan,,,,,,Nowhere University,", "organisation"),
        ("Chan,,,,,,,NOPE", "unit"),
        (",,,,a@example.org,,,", "name_en"),
    ],
)
def test_bad_people_rows_are_named(row: str, column: str) -> None:
    preview = run_import(PersonImporter(), csv_bytes(PEOPLE_HEADER, row))
    assert problems(preview) == [(2, column)]
    assert not Person.objects.exists()


def test_people_export_imports_back_unchanged() -> None:
    factories.home()
    run_import(
        PersonImporter(),
        csv_bytes(PEOPLE_HEADER, "Chan Tai-man,陳大文,,Prof.,tm@example.edu.hk,,香港理工大學,"),
    )
    data = write_csv(PERSON_COLUMNS, export_people(Person.objects.all()))
    preview = run_import(PersonImporter(), data)
    assert preview.counts == {"create": 0, "update": 0, "unchanged": 1, "error": 0}


def test_a_rename_by_import_reaches_the_agreements_that_name_the_organisation() -> None:
    zed = factories.organisation("Zed Institute", ror_id="05abcde12")
    agreement = agreements.agreement(zed)
    import_organisations(
        csv_bytes("ror_id,name_en,name_zh_hant", "05abcde12,Quasar Institute,誇薩學院")
    )
    for words, found in (("Quasar", True), ("誇薩", True), ("Zed", False)):
        assert Agreement.objects.filter(search_filter(words), pk=agreement.pk).exists() is found
