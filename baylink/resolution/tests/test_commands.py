"""baylink resolve: the CSV contract (same rows, same order, the five columns, blanks)."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from baylink.directory.models import Organisation
from baylink.resolution.services import ror_import
from baylink.resolution.tests.conftest import TINY_DUMP

pytestmark = pytest.mark.django_db


def resolve_csv(tmp_path: Path, content: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(content.encode(encoding))
    out = StringIO()
    call_command("resolve", "--input", str(source), "--output", str(target), stdout=out)
    with target.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
            "affiliation",
            "ror_id",
            "organisation_id",
            "score",
            "matched_name",
        ]
        return list(reader)


def test_most_specific_answers_the_unit_a_name_gives_with_its_parent(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        'affiliation\n"Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences"\n'
        "Chinese Academy of Sciences\n",
        encoding="utf-8",
    )
    call_command(
        "resolve",
        "--input",
        str(source),
        "--output",
        str(target),
        "--most-specific",
        stdout=StringIO(),
    )
    with target.open(encoding="utf-8", newline="") as handle:
        assert [row["ror_id"] for row in csv.DictReader(handle)] == ["04gh4er46", "034t30j35"]


def test_writes_the_same_rows_in_the_same_order(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id="0030zas98")
    rows = resolve_csv(
        tmp_path,
        "id,affiliation,note\n"
        "1,香港理工大學,a\n"
        "2,,empty\n"
        '3,"Dept. of Civil Eng., HK PolyU",b\n'
        "4,Kowloon Widget Makers,c\n"
        "5,深圳大学,d\n",
    )
    assert [r["affiliation"] for r in rows] == [
        "香港理工大學",
        "",
        "Dept. of Civil Eng., HK PolyU",
        "Kowloon Widget Makers",
        "深圳大学",
    ]
    assert [r["ror_id"] for r in rows] == ["0030zas98", "", "0030zas98", "", "01vy4gh70"]
    assert rows[0]["organisation_id"] == str(polyu.pk)
    assert rows[0]["matched_name"] == "香港理工大學"
    assert rows[1]["organisation_id"] == rows[1]["matched_name"] == ""  # abstained
    assert 0.0 < float(rows[0]["score"]) <= 1.0


def test_reads_big5_hkscs(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    rows = resolve_csv(tmp_path, "affiliation\n香港理工大學\n", encoding="big5hkscs")
    assert rows[0]["ror_id"] == "0030zas98"


def test_refuses_a_file_without_an_affiliation_column(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name\nPolyU\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no 'affiliation' column"):
        call_command("resolve", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_refuses_a_missing_input(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "resolve", "--input", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "o.csv")
        )


def test_a_blank_row_stays_a_row_so_the_output_lines_up_with_the_input(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    # As a spreadsheet saves a one-column sheet with an empty cell: an empty line.
    rows = resolve_csv(tmp_path, "affiliation\nPolyU\n\n香港理工大學\n")
    assert [r["affiliation"] for r in rows] == ["PolyU", "", "香港理工大學"]
    assert rows[1]["ror_id"] == ""
    assert rows[2]["ror_id"] == "0030zas98"


def test_reads_gb18030_as_gb18030(tmp_path: Path) -> None:
    ror_import(path=TINY_DUMP)
    rows = resolve_csv(tmp_path, "affiliation\n香港理工大学\n", encoding="gb18030")
    assert rows[0]["affiliation"] == "香港理工大学"
    assert rows[0]["ror_id"] == "0030zas98"


def test_reads_an_excel_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    ror_import(path=TINY_DUMP)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Affiliation"], ["香港理工大學"], [None], ["Kowloon Widget Makers"]):
        sheet.append(row)
    source = tmp_path / "in.xlsx"
    book.save(source)
    call_command("resolve", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["ror_id"] for r in rows] == ["0030zas98", "", ""]


def test_a_cell_a_spreadsheet_would_run_is_written_marked(tmp_path: Path) -> None:
    rows = resolve_csv(tmp_path, 'affiliation\n"=HYPERLINK(""http://x"")"\n@SUM(A1)\n')
    assert [r["affiliation"] for r in rows] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("affiliation,affiliation\nA,B\n", "appears twice"),
        ("affiliation\n" + "A" * 200_000 + "\n", "not a readable CSV"),
        ('affiliation\nPolyU\n"HKU, Pok Fu Lam\nCUHK\n', "row 3: .*never closed"),
        ("", "empty"),
    ],
)
def test_a_file_it_cannot_read_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("resolve", "--input", str(source), "--output", str(target))
    assert not target.exists()


def test_a_failed_write_keeps_the_previous_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_csv(tmp_path, "affiliation\nPolyU\n")
    target = tmp_path / "out.csv"
    before = target.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("baylink.core.files.os.replace", full_disk)
    source = tmp_path / "in.csv"
    source.write_text("affiliation\nHKU\nCUHK\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("resolve", "--input", str(source), "--output", str(target))
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]  # no temporary
