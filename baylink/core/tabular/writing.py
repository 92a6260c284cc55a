"""Writing rows as CSV (UTF-8 with a byte-order mark) or as an Excel workbook, formula-safe.

A cell that starts with = + - @ (or a tab or carriage return) would run as a formula when the
file is opened in a spreadsheet (CSV injection); such text gets a leading apostrophe, which our
importers remove again.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
MEDIA_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
BOM = "\ufeff"


def neutralise(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([neutralise(column) for column in columns])
    for row in rows:
        writer.writerow([neutralise(_text(value)) for value in row])
    return buffer.getvalue().encode("utf-8")


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "") -> bytes:
    # Imported here: openpyxl is only needed for workbooks, and is slow to import.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Sheet1")[:31])
    sheet.append([neutralise(column) for column in columns])
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                midnight = datetime.datetime.combine(value, datetime.time())
                cell = WriteOnlyCell(sheet, value=midnight)
                cell.number_format = "yyyy-mm-dd"
            else:
                text = neutralise(_text(value))
                cell = WriteOnlyCell(sheet, value=text or None)
                if text:
                    # Always a text cell: openpyxl would store text starting with = as a formula.
                    cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], file_format: str, *, title: str = ""
) -> bytes:
    if file_format == XLSX:
        return write_xlsx(columns, rows, title=title)
    return write_csv(columns, rows)
