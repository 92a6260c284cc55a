"""Importing and exporting KT outputs with their project, unit and counterparty."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview, run_import
from baylink.core.tabular.registry import KINDS
from baylink.research.kt_importers import (
    KT_COLUMNS,
    KnowledgeTransferOutputImporter,
    export_kt_outputs,
)
from baylink.research.models import KnowledgeTransferOutput, Project
from baylink.research.services import kt_output_search_text
from baylink.research.tests.helpers import (
    assert_export_imports_back_unchanged,
    assert_import_note_reads_in_the_readers_language,
    assert_officers_import_and_viewers_only_export,
    assert_refused,
    csv_bytes,
    problems,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(KT_COLUMNS)
PATENT = (
    "KT-001,patent_filed,Smart port sensor,,智慧港口传感器,2020-03-01,GRF-001,,"
    '01vy4gh70,"1,200,000",HKD'
)
LICENCE = (
    "KT-002,Licence,Hydrogen catalyst licence,氫能催化劑授權,,2021-05-10,,SD,"
    "Sun Yat-sen University,,"
)


def import_outputs(data: bytes, **options: Any) -> ImportPreview:
    return run_import(KnowledgeTransferOutputImporter(source="kt-outputs.csv"), data, **options)


def outputs_csv(*rows: str) -> bytes:
    return csv_bytes(*rows, header=HEADER)


@pytest.fixture
def world(places: dict[str, Any]) -> dict[str, Any]:
    project = Project.objects.create(
        reference="GRF-001",
        title_en="Smart ports",
        starts_on=date(2019, 9, 1),
        unit=places["computing"],
    )
    return {**places, "project": project}


def test_outputs_are_created_with_project_unit_and_counterparty(world: dict[str, Any]) -> None:
    preview = import_outputs(outputs_csv(PATENT, LICENCE))
    assert preview.written, preview.all_problems
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    patent = KnowledgeTransferOutput.objects.get(reference="KT-001")
    assert patent.kind == KnowledgeTransferOutput.Kind.PATENT_FILED
    assert patent.title_zh_hant == "智慧港口傳感器"  # the other script is converted
    assert patent.title_zh_hant_machine
    assert patent.occurred_on == date(2020, 3, 1)
    assert patent.project == world["project"]
    assert patent.unit == world["computing"]  # the project's, as none was given
    assert patent.counterparty == world["szu"]
    assert (patent.income, patent.currency) == (Decimal("1200000.00"), "HKD")
    assert patent.search_text == kt_output_search_text(patent)
    assert "smart port sensor" in patent.search_text
    licence = KnowledgeTransferOutput.objects.get(reference="KT-002")
    assert licence.kind == KnowledgeTransferOutput.Kind.LICENCE  # read from its English label
    assert licence.title_zh_hans == "氢能催化剂授权"
    assert licence.project is None
    assert licence.unit == world["design"]
    assert licence.counterparty == world["sysu"]
    assert (licence.income, licence.currency) == (None, "HKD")
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert entries.count() == 2
    entry = entries.get(object_pk=str(patent.pk))
    assert entry.changes["counterparty"] == [None, world["szu"].pk]
    assert entry.changes["kind"] == [None, "patent_filed"]
    assert "search_text" not in entry.changes


def test_the_audit_note_reads_in_the_readers_language(world: dict[str, Any]) -> None:
    import_outputs(outputs_csv(PATENT))
    assert_import_note_reads_in_the_readers_language("kt-outputs.csv")


def test_a_reimport_changes_nothing_and_an_edited_file_updates(world: dict[str, Any]) -> None:
    import_outputs(outputs_csv(PATENT, LICENCE))
    again = import_outputs(outputs_csv(PATENT, LICENCE))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert not again.rows[0].changes
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 2
    # Lower-case reference, the counterparty by name, the kind by label: still unchanged.
    same = (
        PATENT.replace("KT-001", "kt-001")
        .replace("patent_filed", "Patent filed")
        .replace("01vy4gh70", "深圳大学")
    )
    assert import_outputs(outputs_csv(same)).counts["unchanged"] == 1
    edited = (
        PATENT.replace("Smart port sensor", "Smart port sensor array")
        .replace("patent_filed", "patent_granted")
        .replace(",,01vy4gh70", ",SD,Sun Yat-sen University")
        .replace('"1,200,000"', "950000.50")
    )
    preview = import_outputs(outputs_csv(edited, LICENCE))
    assert preview.written, preview.all_problems
    assert preview.counts == {"create": 0, "update": 1, "unchanged": 1, "error": 0}
    assert {change.column for change in preview.rows[0].changes} == {
        "title_en",
        "kind",
        "unit",
        "counterparty",
        "income",
        "income_hkd",  # an income in HKD is its own HKD value
    }
    patent = KnowledgeTransferOutput.objects.get(reference="KT-001")
    assert patent.title_en == "Smart port sensor array"
    assert patent.kind == KnowledgeTransferOutput.Kind.PATENT_GRANTED
    assert patent.unit == world["design"]
    assert patent.counterparty == world["sysu"]
    assert patent.income == Decimal("950000.50")
    assert "array" in patent.search_text
    assert KnowledgeTransferOutput.objects.count() == 2
    entry = AuditEntry.objects.filter(object_pk=str(patent.pk)).order_by("-pk").first()
    assert entry is not None
    assert entry.action == AuditEntry.Action.IMPORT
    assert entry.changes["title_en"] == ["Smart port sensor", "Smart port sensor array"]
    assert entry.changes["counterparty"] == [world["szu"].pk, world["sysu"].pk]


def test_a_blank_cell_leaves_the_stored_value(world: dict[str, Any]) -> None:
    import_outputs(outputs_csv(PATENT))
    preview = import_outputs(csv_bytes("KT-001,Smart port sensor kit", header="reference,title_en"))
    assert preview.written, preview.all_problems
    assert preview.counts["update"] == 1
    patent = KnowledgeTransferOutput.objects.get()
    assert patent.title_en == "Smart port sensor kit"
    assert patent.title_zh_hans == "智慧港口传感器"
    assert (patent.kind, patent.occurred_on) == ("patent_filed", date(2020, 3, 1))
    assert (patent.project, patent.unit) == (world["project"], world["computing"])
    assert (patent.counterparty, patent.income) == (world["szu"], Decimal("1200000.00"))


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (PATENT.replace("patent_filed", "telepathy"), "kind", "“telepathy” is not a kind"),
        (PATENT.replace("patent_filed", ""), "kind", "Give the kind of a new KT output"),
        (PATENT.replace("2020-03-01", "next spring"), "occurred_on", "not a date"),
        (PATENT.replace("2020-03-01", ""), "occurred_on", "Give the date"),
        (PATENT.replace("GRF-001", "GRF-999"), "project", "no research project"),
        (PATENT.replace(",,01vy", ",NOPE,01vy"), "unit", "no unit"),
        (PATENT.replace("01vy4gh70", "Nowhere University"), "counterparty", "No organisation"),
        (PATENT.replace("01vy4gh70", "01abcde23"), "counterparty", "No organisation has the ROR"),
        (PATENT.replace('"1,200,000"', "-5"), "income", "cannot be negative"),
        (PATENT.replace('"1,200,000"', "lots"), "income", "not an amount"),
        (PATENT.replace(",HKD", ",HK$"), "currency", "not a currency code"),
        (PATENT.replace(",HKD", ",CNY"), "income_hkd", "in Hong Kong dollars too"),
        (PATENT.replace(",HKD", ",CNY,-1"), "income_hkd", "cannot be negative"),
        (PATENT.replace("Smart port sensor,,智慧港口传感器", ",,"), "title_en", "at least one"),
        (PATENT.replace("KT-001", ""), "reference", "needs a reference"),
    ],
)
def test_each_bad_cell_is_named_and_nothing_is_written(
    world: dict[str, Any], row: str, column: str, message: str
) -> None:
    preview = import_outputs(outputs_csv(LICENCE, row))
    assert_refused(preview, column, message, KnowledgeTransferOutput)


def test_a_problem_on_one_row_leaves_the_others_updates_unwritten(world: dict[str, Any]) -> None:
    import_outputs(outputs_csv(PATENT, LICENCE))
    renamed = LICENCE.replace("Hydrogen catalyst licence", "Hydrogen catalyst sublicence")
    preview = import_outputs(outputs_csv(renamed, PATENT.replace('"1,200,000"', "-5")))
    assert problems(preview) == [(3, "income")]
    assert preview.counts["update"] == 1  # what it would have done
    assert KnowledgeTransferOutput.objects.get(reference="KT-002").title_en == (
        "Hydrogen catalyst licence"
    )


def test_a_new_sum_in_another_currency_needs_its_new_hkd_value(world: dict[str, Any]) -> None:
    in_yuan = PATENT.replace(",HKD", ",CNY,1300000")
    assert import_outputs(outputs_csv(in_yuan)).written
    # The stored HKD value was worth the old sum: without a new one the row is refused.
    raised = in_yuan.replace('"1,200,000"', "2000000").replace(",1300000", ",")
    preview = import_outputs(outputs_csv(raised))
    assert problems(preview) == [(2, "income_hkd")]
    assert KnowledgeTransferOutput.objects.get().income_hkd == Decimal("1300000.00")
    # A row that leaves the sum as it is keeps the stored value.
    retitled = in_yuan.replace("Smart port sensor", "Smart port sensors").replace(",1300000", ",")
    assert import_outputs(outputs_csv(retitled)).written
    assert KnowledgeTransferOutput.objects.get().income_hkd == Decimal("1300000.00")


def test_a_repeated_reference_is_a_problem(world: dict[str, Any]) -> None:
    preview = import_outputs(outputs_csv(PATENT, PATENT.replace("KT-001", "kt-001")))
    assert_refused(preview, "reference", "Row 2 has the same reference", KnowledgeTransferOutput)


def test_a_workbook_is_read(world: dict[str, Any]) -> None:
    workbook = workbook_bytes(
        KT_COLUMNS,
        [
            "KT-001",
            "Patent filed",
            "Smart port sensor",
            "",
            "",
            datetime(2020, 3, 1),  # noqa: DTZ001  # a spreadsheet's date has no time zone
            "GRF-001",
            "",
            "Shenzhen University",
            1200000.5,
            "cny",
            1310000,
        ],
    )
    preview = import_outputs(workbook)
    assert preview.written, preview.all_problems
    patent = KnowledgeTransferOutput.objects.get()
    assert (patent.kind, patent.occurred_on) == ("patent_filed", date(2020, 3, 1))
    assert (patent.income, patent.currency) == (Decimal("1200000.50"), "CNY")
    assert patent.income_hkd == Decimal("1310000.00")
    assert patent.counterparty == world["szu"]


def test_an_export_imports_back_unchanged(world: dict[str, Any]) -> None:
    import_outputs(outputs_csv(PATENT, LICENCE))
    exported = list(export_kt_outputs(KnowledgeTransferOutput.objects.order_by("reference")))
    assert exported[0] == [
        "KT-001",
        "patent_filed",
        "Smart port sensor",
        "智慧港口傳感器",
        "智慧港口传感器",
        date(2020, 3, 1),
        "GRF-001",
        "COMP",
        "Shenzhen University",
        "1200000.00",
        "HKD",
        "1200000.00",
    ]
    assert exported[1][KT_COLUMNS.index("project")] == ""
    assert exported[1][KT_COLUMNS.index("income")] == ""
    assert_export_imports_back_unchanged(
        "kt-outputs", KT_COLUMNS, exported, import_outputs, records=2
    )


def test_the_kind_is_registered_with_the_outputs_permissions(world: dict[str, Any]) -> None:
    kind = KINDS["kt-outputs"]
    assert kind.importer_class() is KnowledgeTransferOutputImporter
    assert kind.export_columns() == KT_COLUMNS
    assert kind.permission("add") == "research.add_knowledgetransferoutput"
    assert_officers_import_and_viewers_only_export("kt-outputs")
