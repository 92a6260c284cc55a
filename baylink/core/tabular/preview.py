"""What an import found: plain data that the command prints and the staff pages render."""

from collections import Counter
from dataclasses import dataclass, field

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ERROR = "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)


@dataclass(frozen=True)
class Problem:
    """Why a row (or the whole file) cannot be imported."""

    row: int | None  # as the user counts: the header is row 1; None for the whole file
    column: str  # the column's name as in the header ("" for the whole row or file)
    message: str  # translated, in the language active when the file was checked


@dataclass(frozen=True)
class Change:
    column: str
    before: str
    after: str


@dataclass
class RowPreview:
    row: int
    action: str  # one of ACTIONS
    label: str  # what the row is about: a name or a reference
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # How a cell was read when that is not what it says (e.g. a name the resolver recognised).
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    kind: str
    filename: str = ""
    encoding: str = ""
    encoding_label: str = ""
    encoding_detected: bool = True
    columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    rows: list[RowPreview] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the file's own, not the rows'
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = True
    written: bool = False

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(problem for row in self.rows for problem in row.problems)]

    @property
    def all_notes(self) -> list[tuple[int, str]]:
        """(row, note) for every row's notes, in row order."""
        return [(row.row, note) for row in self.rows for note in row.notes]

    @property
    def ok(self) -> bool:
        return not self.all_problems

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.action for row in self.rows)
        return {action: found.get(action, 0) for action in ACTIONS}
