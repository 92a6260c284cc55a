"""Running an import: read, check every row, then write all rows in one transaction or none.

Each kind of record has an `Importer` (in its app's importers.py) that knows its columns, checks
one row at a time against what is already stored, and writes the checked rows.
"""

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from baylink.core.audit import Actor, Note
from baylink.core.content_version import bump_content_version
from baylink.core.tabular import encoding as encodings
from baylink.core.tabular.preview import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    Change,
    ImportPreview,
    Problem,
    RowPreview,
)
from baylink.core.tabular.reading import SourceRow, Table, read_table

PayloadT = TypeVar("PayloadT")


class RowError(Exception):
    """A row that failed while being written: the whole import is rolled back."""

    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(row, column, message)


class RowCheck:
    """One row being checked: its cells and the problems found so far."""

    def __init__(self, row: SourceRow) -> None:
        self.row = row
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    @property
    def number(self) -> int:
        return self.row.number

    def has_problems(self) -> bool:
        # A method, not a property: a type checker would take a property's value as fixed.
        return bool(self.problems)

    def cell(self, column: str) -> str:
        return self.row.get(column)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row.number, column, message))

    def note(self, message: str) -> None:
        """Something the user should read but that does not stop the import."""
        self.notes.append(message)

    def validation_error(self, error: ValidationError, columns: Mapping[str, str]) -> None:
        """Report a model's ValidationError under the columns its fields come from."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.problem("", message)
            return
        for name, errors in error.error_dict.items():
            column = columns.get(name, "" if name == NON_FIELD_ERRORS else name)
            for message in ValidationError(errors).messages:
                self.problem(column, message)


@dataclass
class Planned(Generic[PayloadT]):
    """A checked row: what the preview shows, and what the importer needs to write it."""

    preview: RowPreview
    payload: PayloadT | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Importer(Generic[PayloadT]):
    kind: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]
    # Columns the header must have: all of `required_columns`, at least one of `one_of_columns`.
    required_columns: ClassVar[tuple[str, ...]] = ()
    one_of_columns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, actor: Actor = None, source: str = "") -> None:
        self.actor = actor
        self.source = source  # the file's name, for the audit log

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        """Load what checking needs in a few queries (not one per row)."""

    def warnings(self) -> list[str]:
        """What the user should know about the whole file, after `prepare`."""
        return []

    def check(self, row: RowCheck) -> Planned[PayloadT]:
        raise NotImplementedError

    def write(self, plans: Sequence[Planned[PayloadT]]) -> None:
        """Write the created and updated rows; raise RowError to roll everything back."""
        raise NotImplementedError

    def audit_note(self, row: int) -> Note:
        if self.source:
            return Note(
                gettext_noop("Imported from %(file)s, row %(row)s"),
                {"file": self.source, "row": row},
            )
        return Note(gettext_noop("Imported, row %(row)s"), {"row": row})

    @staticmethod
    def changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[Change]:
        """What an update changes, column by column (nothing is listed for a new record)."""
        if not before:
            return []
        return [
            Change(column, before.get(column, ""), value)
            for column, value in after.items()
            if before.get(column, "") != value
        ]

    @staticmethod
    def action(created: bool, changes: Iterable[Change]) -> str:
        if created:
            return CREATE
        return UPDATE if list(changes) else UNCHANGED


def clean_fields_of(instance: models.Model, fields: Iterable[str]) -> None:
    """full_clean() of these fields and the model's clean(), nothing else.

    The other fields are not touched by the import; uniqueness and references are checked by
    the importer against what it loaded, rather than with a query per row.
    """
    wanted = set(fields)
    exclude = [field.name for field in instance._meta.concrete_fields if field.name not in wanted]
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _header_problems(importer: Importer[Any], table: Table) -> list[Problem]:
    present = set(table.columns)
    problems = [
        Problem(1, column, _("The column “%(column)s” is missing.") % {"column": column})
        for column in importer.required_columns
        if column not in present
    ]
    if importer.one_of_columns and not present & set(importer.one_of_columns):
        problems.append(
            Problem(
                1,
                "",
                _("The file needs at least one of the columns %(columns)s.")
                % {"columns": ", ".join(importer.one_of_columns)},
            )
        )
    return problems


def _new_preview(importer: Importer[Any], table: Table, filename: str) -> ImportPreview:
    known = set(importer.columns)
    preview = ImportPreview(
        kind=importer.kind,
        filename=filename,
        encoding=table.encoding,
        encoding_label=table.encoding_label,
        encoding_detected=table.encoding_detected,
        columns=[column for column in table.columns if column in known],
        unknown_columns=[column for column in table.columns if column not in known],
        problems=list(table.problems),
    )
    if table.encoding_doubtful:
        preview.warnings.append(
            _(
                "The file was read as %(encoding)s but much of its Chinese text looks unusual. "
                "Check the names below; if they are garbled, choose the encoding yourself."
            )
            % {"encoding": table.encoding_label}
        )
    if preview.unknown_columns:
        preview.warnings.append(
            _("These columns are not imported: %(columns)s. Baylink reads %(known)s.")
            % {
                "columns": ", ".join(preview.unknown_columns),
                "known": ", ".join(importer.columns),
            }
        )
    return preview


def import_table(
    importer: Importer[Any], table: Table, *, filename: str = "", dry_run: bool = False
) -> ImportPreview:
    """Check every row; unless this is a dry run or a row has a problem, write them all."""
    preview = _new_preview(importer, table, filename)
    preview.dry_run = dry_run
    if not table.readable:
        return preview
    preview.problems += _header_problems(importer, table)
    if preview.problems:
        return preview
    try:
        with transaction.atomic():
            importer.prepare(table.rows)
            preview.warnings += importer.warnings()
            plans = []
            for row in table.rows:
                check = RowCheck(row)
                planned = importer.check(check)
                planned.preview.problems = [*check.problems, *planned.preview.problems]
                planned.preview.notes = [*check.notes, *planned.preview.notes]
                if planned.preview.problems:
                    planned.preview.action = ERROR
                plans.append(planned)
            preview.rows = [planned.preview for planned in plans]
            if dry_run or not preview.ok or not table.rows:
                return preview
            importer.write([p for p in plans if p.preview.action in (CREATE, UPDATE)])
            bump_content_version()
            preview.written = True
    except RowError as error:
        preview.written = False
        preview.problems.append(error.problem)
    except IntegrityError:
        preview.written = False
        preview.problems.append(
            Problem(
                None,
                "",
                _(
                    "Someone changed the same records while the file was being imported. "
                    "Nothing was imported; please try again."
                ),
            )
        )
    except DatabaseError as error:
        preview.written = False
        preview.problems.append(
            Problem(
                None,
                "",
                _("The database refused the import (%(reason)s). Nothing was imported.")
                % {"reason": error},
            )
        )
    return preview


def run_import(
    importer: Importer[Any],
    data: bytes,
    *,
    filename: str = "",
    encoding: str = "auto",
    dry_run: bool = False,
) -> ImportPreview:
    """Read a CSV or XLSX file's bytes and import them (see `import_table`)."""
    with _no_cyclic_gc():
        table = read_table(data, filename=filename, encoding=encoding)
        return import_table(importer, table, filename=filename, dry_run=dry_run)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector: an import builds hundreds of thousands of long-lived objects,
    and the collector's full passes over them took a fifth of a 50,000-row import's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def describe(problem: Problem) -> str:
    """A problem as one translated line."""
    if problem.row and problem.column:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": problem.row,
            "column": problem.column,
            "message": problem.message,
        }
    if problem.row:
        return _("Row %(row)s: %(message)s") % {"row": problem.row, "message": problem.message}
    return problem.message


def describe_note(row: int, note: str) -> str:
    """A row's note as one translated line."""
    return _("Row %(row)s: %(message)s") % {"row": row, "message": note}


def summary(preview: ImportPreview) -> str:
    counts = preview.counts
    values = {
        "created": counts[CREATE],
        "updated": counts[UPDATE],
        "unchanged": counts[UNCHANGED],
        "errors": counts[ERROR],
    }
    if preview.written:
        return _("Created %(created)s, updated %(updated)s, unchanged %(unchanged)s.") % values
    if counts[ERROR]:
        return (
            ngettext(
                "Would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged; "
                "%(errors)s row has problems.",
                "Would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged; "
                "%(errors)s rows have problems.",
                counts[ERROR],
            )
            % values
        )
    return (
        _("Would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged.") % values
    )


def encoding_line(preview: ImportPreview) -> str:
    if preview.encoding == encodings.XLSX:
        return preview.encoding_label
    if preview.encoding_detected:
        return _("%(encoding)s (detected)") % {"encoding": preview.encoding_label}
    return _("%(encoding)s (as chosen)") % {"encoding": preview.encoding_label}
