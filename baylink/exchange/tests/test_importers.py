"""Inbound applications from a partner's spreadsheet: all rows or none; nominations refused."""

import pytest

from baylink.core.tabular import run_import
from baylink.exchange.importers import InboundApplicationImporter, NominationImporter
from baylink.exchange.models import InboundApplication
from baylink.exchange.tests import factories

pytestmark = pytest.mark.django_db


def csv_bytes(*rows: str) -> bytes:
    return "\n".join(["agreement,academic_year,term,months,name,email", *rows]).encode()


def test_a_partners_list_is_imported() -> None:
    agreement = factories.exchange_agreement()
    data = csv_bytes(
        f"{agreement.reference},2024/25,autumn,4.5,Anna Schmidt,anna@uni.example",
        f"{agreement.reference},2024/25,full_year,9,Jonas Weber,",
    )
    preview = run_import(InboundApplicationImporter(), data, filename="wien.csv")
    assert preview.written, preview.problems
    assert sorted(InboundApplication.objects.values_list("name", "academic_year", "status")) == [
        ("Anna Schmidt", 2024, "received"),
        ("Jonas Weber", 2024, "received"),
    ]


def test_one_bad_row_stops_the_whole_file() -> None:
    agreement = factories.exchange_agreement()
    data = csv_bytes(
        f"{agreement.reference},2024/25,autumn,4.5,Anna Schmidt,",
        f"{agreement.reference},2030/31,autumn,4.5,Late Student,",  # agreement ended 2026
        "NO-SUCH-REF,2024/25,autumn,four,,",
    )
    preview = run_import(InboundApplicationImporter(), data, filename="wien.csv")
    assert not preview.written
    problems = {(p.row, p.column) for row in preview.rows for p in row.problems}
    assert (3, "academic_year") in problems
    assert {(4, "agreement"), (4, "months"), (4, "name")} <= problems
    assert not InboundApplication.objects.exists()


def test_nominations_are_not_imported_and_the_file_says_why() -> None:
    data = b"agreement,academic_year,student_number\nX,2024/25,T1\n"
    preview = run_import(NominationImporter(), data, filename="n.csv")
    assert not preview.written
    assert "not imported from files" in preview.rows[0].problems[0].message
