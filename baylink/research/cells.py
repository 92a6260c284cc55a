"""The cells both research imports read alike (projects and KT outputs).

Each function reads one cell of a checked row and reports a problem on that row's column; the
importers keep what is their own: which column, and a message that names their kind of record.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from baylink.agreements.importers.values import parse_date
from baylink.core.tabular.importing import RowCheck, clean_fields_of
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import set_trilingual
from baylink.directory.importers import OrganisationIndex, UnitIndex, UnresolvedError

TITLE_COLUMNS = ("title_en", "title_zh_hant", "title_zh_hans")
CURRENCY = re.compile(r"^[A-Z]{3}$")
BATCH = 500  # records a query: the database limits a query's parameters

RecordT = TypeVar("RecordT", bound=Model)


def batches(pks: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(pks), BATCH):
        yield pks[start : start + BATCH]


class References:
    """Stored references: a cell finds its record as written, else case-folded when unique."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        self.exact = dict(pairs)  # reference: pk
        folded: dict[str, set[int]] = defaultdict(set)
        for reference, pk in self.exact.items():
            folded[reference.casefold()].add(pk)
        self.folded = {key: next(iter(pks)) for key, pks in folded.items() if len(pks) == 1}

    def find(self, text: str) -> int | None:
        return self.exact[text] if text in self.exact else self.folded.get(text.casefold())


def matched_references(model: type[RecordT], rows: Sequence[SourceRow]) -> dict[int, RecordT]:
    """The stored record each row's reference names, by row number, locked for the import."""
    manager = model._default_manager
    references = References(manager.values_list("reference", "pk").order_by())
    matches = {
        source.number: pk
        for source in rows
        if (pk := references.find(source.get("reference"))) is not None
    }
    records: dict[int, RecordT] = {}
    for batch in batches(sorted(set(matches.values()))):
        # Locked until the import ends: nobody changes them between check and write.
        records |= {
            record.pk: record for record in manager.select_for_update().filter(pk__in=batch)
        }
    return {number: records[pk] for number, pk in matches.items() if pk in records}


def cell_reference(row: RowCheck, seen: dict[str, int], missing: str) -> str:
    """The row's reference; `missing` is the problem when there is none, `seen` the file's."""
    reference = row.cell("reference")
    if not reference:
        row.problem("reference", missing)
    elif reference.casefold() in seen:
        row.problem(
            "reference",
            _("Row %(row)s has the same reference.") % {"row": seen[reference.casefold()]},
        )
    else:
        seen[reference.casefold()] = row.number
    return reference


def row_label(row: RowCheck, reference: str) -> str:
    """How the preview names the row: its reference, else its first title."""
    return reference or next((row.cell(c) for c in TITLE_COLUMNS if row.cell(c)), "")


def cell_dates(row: RowCheck, columns: Iterable[str]) -> dict[str, date]:
    """The dates given, by column; a blank cell is left out."""
    dates: dict[str, date] = {}
    for column in columns:
        if row.cell(column):
            try:
                dates[column] = parse_date(row.cell(column))
            except ValueError:
                row.problem(
                    column,
                    _("“%(value)s” is not a date: write it as YYYY-MM-DD (e.g. 2024-06-30).")
                    % {"value": row.cell(column)},
                )
    return dates


def cell_amount(row: RowCheck, column: str, negative: str) -> Decimal | None:
    """A sum of money (thousands commas allowed); `negative` is the problem below zero."""
    text = row.cell(column)
    if not text:
        return None
    try:
        amount = Decimal("".join(text.replace(",", "").split()))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        row.problem(
            column,
            _("“%(value)s” is not an amount: write a number such as 1500000 or 1500000.50.")
            % {"value": text},
        )
        return None
    if amount < 0:
        row.problem(column, negative)
        return None
    return amount


def cell_currency(row: RowCheck) -> str:
    """Three letters, upper-cased; blank when left out (the model's default, HKD, stands)."""
    currency = row.cell("currency").upper()
    if currency and not CURRENCY.match(currency):
        row.problem(
            "currency",
            _("“%(value)s” is not a currency code: write three letters such as HKD or CNY.")
            % {"value": row.cell("currency")},
        )
    return currency


def cell_unit(row: RowCheck, units: UnitIndex, home_pk: int | None) -> int | None:
    """A unit of the university, by code or name."""
    text = row.cell("unit")
    if not text:
        return None
    try:
        return units.find(text, home_pk).pk
    except UnresolvedError as error:
        row.problem("unit", str(error))
        return None


def found_organisation(
    row: RowCheck, column: str, text: str, organisations: OrganisationIndex
) -> int | None:
    """An organisation by ROR id or name, else as the resolver reads it (said in a row note)."""
    try:
        pk, note = organisations.find_or_resolve(text)
    except UnresolvedError as error:
        row.problem(column, str(error))
        return None
    if note:
        row.note(note)
    return pk


def set_titles(record: Model, row: RowCheck) -> None:
    """The titles given; a blank cell leaves the stored one (the other script may fill it)."""
    set_trilingual(
        record,
        "title",
        en=row.cell("title_en") or None,
        zh_hant=row.cell("title_zh_hant") or None,
        zh_hans=row.cell("title_zh_hans") or None,
    )


def clean_cells(row: RowCheck, record: Model, fields: Sequence[str]) -> None:
    """The model's own checks of the fields read, each problem on the column of its field."""
    try:
        clean_fields_of(record, fields)
    except ValidationError as error:
        row.validation_error(error, {name: name for name in fields})


def as_text(columns: Sequence[str], values: Sequence[Any]) -> dict[str, str]:
    """A row of values as the cells compare them: dates as YYYY-MM-DD, blanks as ''."""
    return {
        column: value.isoformat() if isinstance(value, date) else str(value or "")
        for column, value in zip(columns, values, strict=True)
    }
