"""Reading a CSV file or an Excel workbook into rows keyed by case-insensitive column names."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from baylink.core.tabular import encoding as encodings
from baylink.core.tabular.preview import Problem

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
DELIMITERS = (",", ";", "\t")
# Our exports put an apostrophe before text that a spreadsheet would run as a formula.
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")
_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class SourceRow:
    number: int  # as the user counts: the header is row 1
    cells: dict[str, str]  # column name (lower case) -> the cell's text, trimmed

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)  # every named column, in file order
    rows: list[SourceRow] = field(default_factory=list)
    encoding: str = ""
    encoding_detected: bool = True
    encoding_doubtful: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not self.problems

    @property
    def encoding_label(self) -> str:
        return encodings.label(self.encoding) if self.encoding else ""


def column_key(header: str) -> str:
    """'Name ZH-Hant ' -> 'name_zh_hant': headers match whatever their case and spacing."""
    return _SEPARATORS.sub("_", header.replace("\ufeff", "").strip().lower()).strip("_")


def column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA': how a spreadsheet names an unnamed column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without '.0', export marks removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return NEUTRALISED.sub("", text).strip()


def _table(records: Iterable[list[Any]], table: Table) -> Table:
    """Header row, then data rows; blank rows are skipped but still counted."""
    iterator = iter(records)
    header = next(iterator, None)
    if header is None:
        table.problems.append(Problem(None, "", _("The file is empty.")))
        return table
    keys = [column_key(str(cell) if cell is not None else "") for cell in header]
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key:
            continue
        if key in seen:
            table.problems.append(
                Problem(
                    1,
                    key,
                    _("This column appears twice (columns %(first)s and %(second)s).")
                    % {"first": column_letter(seen[key]), "second": column_letter(index)},
                )
            )
        else:
            seen[key] = index
    table.columns = list(seen)
    if not table.columns:
        table.problems.append(Problem(1, "", _("The first row must hold the column names.")))
        return table
    for number, record in enumerate(iterator, start=2):
        texts = [cell_text(value) for value in record]
        if not any(texts):
            continue
        cells: dict[str, str] = {}
        for index, text in enumerate(texts):
            key = keys[index] if index < len(keys) else ""
            if key:
                cells.setdefault(key, text)
            elif text:
                table.problems.append(
                    Problem(
                        number,
                        column_letter(index),
                        _("This cell has a value but its column has no name in row 1."),
                    )
                )
        table.rows.append(SourceRow(number, cells))
    return table


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class _MalformedRowError(Exception):
    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def _csv_records(text: str) -> Iterator[list[str]]:
    # Strict: a quote left open would otherwise swallow every later row into one cell, and the
    # rows after it would silently go missing.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    row = 0
    while True:
        row += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _MalformedRowError(row, _csv_problem(error)) from error
        yield record


def _csv_problem(error: csv.Error) -> str:
    reason = str(error)
    if "unexpected end of data" in reason:
        return _(
            'A quoted cell starting in this row is never closed: a quote (") is missing, so '
            "every row after it would be read into that cell."
        )
    if "expected after" in reason:
        return _('A quoted cell has more text after its closing quote (").')
    return _("The file is not a readable CSV file (%(reason)s).") % {"reason": reason}


def read_csv(data: bytes, encoding: str = "auto") -> Table:
    table = Table()
    try:
        decoded = encodings.decode(data, encoding)
    except encodings.EncodingError as error:
        table.problems.append(Problem(None, "", str(error)))
        return table
    table.encoding = decoded.encoding
    table.encoding_detected = decoded.detected
    table.encoding_doubtful = decoded.doubtful
    try:
        return _table(_csv_records(decoded.text), table)
    except _MalformedRowError as error:
        # The rows read before the bad one are dropped too: nothing is imported from a file
        # that cannot be read to its end.
        table.rows.clear()
        table.problems.append(Problem(error.row, "", error.message))
        return table


def read_xlsx(data: bytes) -> Table:
    # Imported here: openpyxl is only needed for workbooks, and is slow to import.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    table = Table(encoding=encodings.XLSX)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        table.problems.append(
            Problem(None, "", _("The file is not a readable Excel workbook (.xlsx)."))
        )
        return table
    try:
        if not workbook.worksheets:
            table.problems.append(Problem(None, "", _("The workbook has no worksheet.")))
            return table
        sheet = workbook.worksheets[0]
        return _table((list(values) for values in sheet.iter_rows(values_only=True)), table)
    finally:
        workbook.close()


def read_table(data: bytes, *, filename: str = "", encoding: str = "auto") -> Table:
    """The rows of a CSV file or of an Excel workbook's first sheet (told apart by content)."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data)
    if data.startswith(OLE_MAGIC) or filename.lower().endswith(".xls"):
        table = Table()
        table.problems.append(
            Problem(
                None,
                "",
                _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV UTF-8."),
            )
        )
        return table
    return read_csv(data, encoding)
