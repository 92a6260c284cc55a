"""Reading and writing tables: encodings, headers, workbooks, formula-safe exports, the CLI."""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from baylink.cli import main
from baylink.core.tabular.encoding import (
    BIG5_HKSCS,
    GB18030,
    UTF8,
    UTF8_BOM,
    EncodingError,
    decode,
    plausibility,
)
from baylink.core.tabular.reading import cell_text, column_key, read_table
from baylink.core.tabular.writing import neutralise, write_csv, write_xlsx
from baylink.directory.models import Organisation

HEADER = "name_en,name_zh_hant,city\n"
HONG_KONG_ROWS = (
    "The Hong Kong Polytechnic University,香港理工大學,香港\n"
    "Shek Kip Mei Estate Lift Centre,石硤尾邨𨋢服務中心,香港\n"
)
MAINLAND_ROWS = (
    "Shenzhen University,深圳大学,深圳\nSouth China University of Technology,华南理工大学,广州\n"
)


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("香港理工大學", BIG5_HKSCS, BIG5_HKSCS),
        ("香港理工大学", GB18030, GB18030),
        ("香港理工大學", "utf-8", UTF8),
        (HEADER + HONG_KONG_ROWS, BIG5_HKSCS, BIG5_HKSCS),
        (HEADER + MAINLAND_ROWS, GB18030, GB18030),
        # Characters outside Big5 proper: 𨋢 (lift) and 邨 (estate) are HKSCS.
        ("𨋢 邨 屋邨", BIG5_HKSCS, BIG5_HKSCS),
        ("屋邨𨋢", GB18030, GB18030),
        ("Plain English only", "ascii", UTF8),
    ],
)
def test_the_encoding_is_detected(text: str, encoding: str, expected: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.encoding == expected
    assert decoded.text == text
    assert decoded.detected


def test_a_byte_order_mark_means_utf8() -> None:
    decoded = decode(b"\xef\xbb\xbf" + "香港理工大學".encode())
    assert decoded.encoding == UTF8_BOM
    assert decoded.text == "香港理工大學"  # the mark is not part of the text


def test_a_chosen_encoding_is_used_and_checked() -> None:
    big5 = "香港理工大學".encode(BIG5_HKSCS)
    # Big5 bytes decode as GB18030 too, but into nonsense: the user's choice is still obeyed.
    assert decode(big5, GB18030).encoding == GB18030
    assert not decode(big5, GB18030).detected
    assert decode(big5, GB18030).doubtful
    with pytest.raises(EncodingError, match="not valid UTF-8"):
        decode(big5, UTF8)
    with pytest.raises(EncodingError, match="Unknown encoding"):
        decode(big5, "latin-1")


def test_utf16_is_refused_with_advice() -> None:
    with pytest.raises(EncodingError, match="CSV UTF-8"):
        decode("香港".encode("utf-16"))


def test_ordinary_chinese_is_plausible_and_misread_bytes_are_not() -> None:
    assert plausibility("香港理工大學") == 1.0
    assert plausibility("English") == 1.0
    misread = "香港理工大學".encode(BIG5_HKSCS).decode(GB18030)
    assert plausibility(misread) < 0.5


def test_headers_match_whatever_their_case_and_spacing() -> None:
    assert column_key(" Name ZH-Hant ") == "name_zh_hant"
    assert column_key("\ufeffNAME_EN") == "name_en"
    table = read_table("Name_EN,NAME ZH-HANT,Notes\nA,甲,x\n".encode())
    assert table.columns == ["name_en", "name_zh_hant", "notes"]
    assert table.rows[0].cells == {"name_en": "A", "name_zh_hant": "甲", "notes": "x"}


def test_rows_are_numbered_as_the_user_counts_them() -> None:
    table = read_table(b"name_en\nA\n\n,\nB\n")
    assert [(row.number, row.get("name_en")) for row in table.rows] == [(2, "A"), (5, "B")]


def test_semicolons_and_tabs_separate_columns_too() -> None:
    assert read_table(b"a;b\n1;2\n").rows[0].cells == {"a": "1", "b": "2"}
    assert read_table(b"a\tb\n1\t2\n").rows[0].cells == {"a": "1", "b": "2"}


def test_a_column_named_twice_or_not_at_all_is_a_problem() -> None:
    twice = read_table(b"name_en,Name_EN\nA,B\n")
    assert [(p.row, p.column) for p in twice.problems] == [(1, "name_en")]
    unnamed = read_table(b"name_en,\nA,B\n")
    assert [(p.row, p.column) for p in unnamed.problems] == [(2, "B")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0rest of an old workbook", ".xls"),
        (b"PK\x03\x04not really a workbook", "Excel workbook"),
    ],
)
def test_unreadable_files_are_reported(data: bytes, message: str) -> None:
    table = read_table(data)
    assert not table.readable
    assert message in table.problems[0].message


@pytest.mark.parametrize(
    ("data", "row", "message"),
    [
        # The quote opened in row 3 would swallow rows 4 and 5 into one cell.
        (b'name_en,city\nA,HK\n"B,SZ\nC,GZ\nD,MO\n', 3, "never closed"),
        (b'name_en,city\nA,HK\n"B"x,SZ\nC,GZ\n', 3, "after its closing quote"),
    ],
)
def test_a_broken_quote_is_reported_at_its_row_and_no_row_is_read(
    data: bytes, row: int, message: str
) -> None:
    table = read_table(data)
    assert not table.readable
    assert [(p.row, p.column) for p in table.problems] == [(row, "")]
    assert message in table.problems[0].message
    assert table.rows == []


def test_quotes_inside_a_cell_and_quoted_line_breaks_still_read() -> None:
    table = read_table(b'name_en,notes\nA "B" C,"two\nlines"\nD,x\n')
    assert table.readable
    assert [row.cells for row in table.rows] == [
        {"name_en": 'A "B" C', "notes": "two\nlines"},
        {"name_en": "D", "notes": "x"},
    ]


def test_a_workbook_round_trips() -> None:
    rows: list[list[object]] = [["深圳大學", datetime.date(2024, 6, 30), "=1+1"], ["B", None, "-5"]]
    data = write_xlsx(["Name_EN", "signed_on", "note"], rows)
    table = read_table(data)
    assert table.encoding == "xlsx"
    assert table.columns == ["name_en", "signed_on", "note"]
    assert [row.cells for row in table.rows] == [
        {"name_en": "深圳大學", "signed_on": "2024-06-30", "note": "=1+1"},
        {"name_en": "B", "signed_on": "", "note": "-5"},
    ]


def test_workbook_cells_become_text() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["year", "when", "flag", "amount"])
    # A spreadsheet's date and time carries no time zone.
    sheet.append([2024, datetime.datetime(2024, 1, 2), True, 1.5])  # noqa: DTZ001
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue()).rows[0].cells == {
        "year": "2024",
        "when": "2024-01-02",
        "flag": "true",
        "amount": "1.5",
    }


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+852 1234", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == f"'{text}"
    assert cell_text(neutralise(text)) == text.strip()  # the import takes the mark off again


def test_plain_text_is_left_alone() -> None:
    assert neutralise("Shenzhen = 深圳") == "Shenzhen = 深圳"
    assert cell_text("'quoted'") == "'quoted'"


def test_csv_exports_are_utf8_with_a_byte_order_mark_and_formula_safe() -> None:
    data = write_csv(["name_en", "signed_on"], [["=cmd|' /C calc'!A0", datetime.date(2020, 1, 2)]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == "'=cmd|' /C calc'!A0,2020-01-02"


def test_xlsx_exports_hold_no_formula() -> None:
    data = write_xlsx(["name_en"], [["=1+1"], ["@x"]])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [sheet["A2"], sheet["A3"]]
    assert [cell.value for cell in cells] == ["'=1+1", "'@x"]
    assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commands close connections
def test_the_import_command_exits_zero_only_when_every_row_is_good(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(
        "name_en,name_zh_hant,country\nTest Institute,測試學院,HK\n".encode(BIG5_HKSCS)
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name_en,country\nAnother Institute,ZZ\n")

    with pytest.raises(SystemExit) as dry_run_of_bad:
        main(["baylink", "import", "organisations", str(bad), "--dry-run"])
    assert dry_run_of_bad.value.code == 1
    main(["baylink", "import", "organisations", str(good), "--dry-run"])  # no exit: status 0
    assert not Organisation.objects.exists()
    main(["baylink", "import", "organisations", str(good)])
    assert Organisation.objects.get().name_zh_hans == "测试学院"
    with pytest.raises(SystemExit) as missing:
        main(["baylink", "import", "organisations", str(tmp_path / "missing.csv")])
    assert missing.value.code == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commands close connections
def test_the_import_command_prints_encoding_counts_and_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "gb.csv"
    source.write_bytes(
        "name_en,name_zh_hans,ror_id,extra\n华南,华南理工大学,bad-id,1\n".encode(GB18030)
    )
    with pytest.raises(SystemExit):
        main(["baylink", "import", "organisations", str(source)])
    output = capsys.readouterr()
    assert "GB18030 (detected)" in output.out
    assert "extra" in output.out  # the unknown column
    assert "Row 2, column ror_id:" in output.out
    assert "1 problem: nothing was imported." in output.err


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commands close connections
def test_the_export_command_writes_the_import_columns(tmp_path: Path) -> None:
    main(["baylink", "export", "organisations", str(tmp_path / "out.csv")])
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfname_en,name_zh_hant")
    main(["baylink", "export", "agreements", str(tmp_path / "out.xlsx")])
    assert load_workbook(tmp_path / "out.xlsx").worksheets[0]["A1"].value == "reference"
    with pytest.raises(SystemExit) as wrong_extension:
        main(["baylink", "export", "people", str(tmp_path / "out.txt")])
    assert wrong_extension.value.code == 1
    with pytest.raises(SystemExit) as unknown_filter:
        main(["baylink", "export", "people", str(tmp_path / "p.csv"), "--filter", "nope=1"])
    assert unknown_filter.value.code == 1
