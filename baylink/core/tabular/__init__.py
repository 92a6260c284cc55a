"""Importing and exporting records as CSV files or Excel workbooks.

Reading (`reading.py`): a CSV file in UTF-8 (with or without byte-order mark), Big5-HKSCS or
GB18030 (detected, see `encoding.py`), or the first sheet of an .xlsx workbook. Row 1 holds the
column names, matched whatever their case and spacing ('Name EN' is name_en); columns an
importer does not know are reported and ignored.

Importing (`importing.py`): every row is checked first; if any row has a problem nothing is
written, otherwise all rows are written in one transaction, each write audited (action
"import") and the content version bumped once. A dry run only checks.

Writing (`writing.py`): the import's columns, as CSV in UTF-8 with a byte-order mark (so that
Excel shows Chinese correctly) or as .xlsx; text starting with = + - @, a tab or a carriage
return gets a leading apostrophe so that no spreadsheet runs it as a formula.

The preview every import returns (`preview.py`), plain data for the command and staff pages:

    ImportPreview
        kind: str                  "organisations" | "people" | "agreements"
        filename: str
        encoding: str              "utf-8" | "utf-8-sig" | "big5hkscs" | "gb18030" | "xlsx"
        encoding_label: str        how to show it ("Big5-HKSCS")
        encoding_detected: bool    False when the user chose the encoding
        columns: list[str]         the recognised columns, in file order
        unknown_columns: list[str] columns that are ignored
        rows: list[RowPreview]     one per non-blank data row
        problems: list[Problem]    the file's own (unreadable, missing column, ...)
        warnings: list[str]        unknown columns, doubtful encoding: shown, not blocking
        dry_run: bool
        written: bool              True once the rows are stored
        all_problems -> list[Problem]   the file's and every row's, in order
        ok -> bool                      no problem anywhere
        counts -> dict[str, int]        {"create": n, "update": n, "unchanged": n, "error": n}

    RowPreview
        row: int                   as the user counts: the header is row 1
        action: str                "create" | "update" | "unchanged" | "error"
        label: str                 the name or reference the row is about
        changes: list[Change]      Change(column, before, after) as text, for updates
        problems: list[Problem]

    Problem
        row: int | None            None for the whole file
        column: str                "" for the whole row or file
        message: str               translated

`describe(problem)` words a problem as one translated line; `summary(preview)` the counts.
The kinds of records, their importers, exporters and permissions are listed in `registry.py`.
"""

from baylink.core.tabular.importing import (
    Importer,
    RowCheck,
    RowError,
    describe,
    import_table,
    run_import,
    summary,
)
from baylink.core.tabular.preview import Change, ImportPreview, Problem, RowPreview

__all__ = [
    "Change",
    "ImportPreview",
    "Importer",
    "Problem",
    "RowCheck",
    "RowError",
    "RowPreview",
    "describe",
    "import_table",
    "run_import",
    "summary",
]
