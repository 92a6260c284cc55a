"""Cell readers every record import shares: references, dates, choices, lists, titles.

Each reader takes one cell of a checked row and reports a problem on that row's column; an
importer keeps what is its own: which columns, and the messages that name its kind of record.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import override

from baylink.core.tabular.importing import RowCheck, clean_fields_of
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import set_trilingual, trilingual_columns

TITLE_COLUMNS = trilingual_columns("title")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Organisations listed in one cell (parties, partners): ";" in either width, or one a line; not
# commas, which names hold ("University of California, Berkeley").
NAME_SEPARATORS = re.compile(r"[;；\n]")
ROLE_SEPARATORS = (":", "：")  # "Name:role", in either width
# Slugs listed in one cell (themes): commas too, in either width, and the enumeration comma.
LIST_SEPARATORS = re.compile(r"[,;，；、\n]")
BATCH = 500  # records a query: the database limits a query's parameters

RecordT = TypeVar("RecordT", bound=models.Model)
ItemT = TypeVar("ItemT")


def batches(items: Sequence[ItemT]) -> Iterator[Sequence[ItemT]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _choice_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def choices(kinds: type[models.TextChoices]) -> dict[str, str]:
    """Every way a value may be written: its code, or its label in any of the site's languages
    (a file written in Chinese reads the same through the command line, which runs in English)."""
    found = {_choice_key(value): value for value in kinds.values}
    for language, _name in settings.LANGUAGES:
        with override(language):
            found |= {_choice_key(str(label)): value for value, label in kinds.choices}
    return found


def choice(text: str, written: dict[str, str]) -> str | None:
    """The value `text` names, given `choices()` of its kind; None when it names none."""
    return written.get(_choice_key(text))


def cell_choice(
    row: RowCheck,
    column: str,
    kinds: type[models.TextChoices],
    written: dict[str, str],
    *,
    unknown: str,
    required: str = "",
) -> str | None:
    """The value the cell names (its code or label in any language), given `choices(kinds)`.

    None when the cell is blank (a problem `required`, with %(choices)s, when given) or names
    no value (the problem `unknown`, with %(value)s and %(choices)s)."""
    text = row.cell(column)
    codes = ", ".join(kinds.values)
    if not text:
        if required:
            row.problem(column, required % {"choices": codes})
        return None
    found = choice(text, written)
    if found is None:
        row.problem(column, unknown % {"value": text, "choices": codes})
    return found


def cell_slugs(row: RowCheck, column: str, known: dict[str, int], unknown: str) -> list[int] | None:
    """The records the cell lists by slug (`known`: case-folded slug -> pk), in order and once
    each; None when the cell is blank. `unknown` is the problem, with %(slug)s."""
    if not row.cell(column):
        return None
    found: list[int] = []
    for part in LIST_SEPARATORS.split(row.cell(column)):
        slug = part.strip()
        if not slug:
            continue
        pk = known.get(slug.casefold())
        if pk is None:
            row.problem(column, unknown % {"slug": slug})
        elif pk not in found:
            found.append(pk)
    return found


YES_WORDS = {"yes", "y", "true", "1", "是", "有"}
NO_WORDS = {"no", "n", "false", "0", "否", "沒有", "没有", "無", "无"}


def cell_yes_no(row: RowCheck, column: str) -> bool | None:
    """Yes or no, in English, Chinese or as the reader's language writes it; None when blank."""
    text = row.cell(column).strip().casefold()
    if not text:
        return None
    if text in YES_WORDS or text == str(_("yes")).casefold():
        return True
    if text in NO_WORDS or text == str(_("no")).casefold():
        return False
    row.problem(column, _("“%(value)s” is not yes or no.") % {"value": row.cell(column)})
    return None


def parse_date(text: str) -> datetime.date:
    for pattern in DATE_FORMATS:
        try:
            # A calendar date, no time zone involved: only the date part is kept.
            return datetime.datetime.strptime(  # noqa: DTZ007
                text.strip().split(" ")[0], pattern
            ).date()
        except ValueError:
            continue
    raise ValueError(text)


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


def cell_date(row: RowCheck, column: str) -> datetime.date | None:
    """The date in the cell; None when blank, or when unreadable (then a problem on the row)."""
    text = row.cell(column)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        row.problem(
            column,
            _("“%(value)s” is not a date: write it as YYYY-MM-DD (e.g. 2024-06-30).")
            % {"value": text},
        )
        return None


def cell_dates(row: RowCheck, columns: Iterable[str]) -> dict[str, datetime.date]:
    """The dates given, by column; a blank or unreadable cell is left out."""
    return {column: found for column in columns if (found := cell_date(row, column)) is not None}


def set_texts(record: models.Model, row: RowCheck, *fields: str) -> None:
    """The trilingual texts given (`field`_en, _zh_hant, _zh_hans cells); a blank cell leaves
    the stored one (the other Chinese script may fill it)."""
    for name in fields:
        set_trilingual(
            record,
            name,
            en=row.cell(f"{name}_en") or None,
            zh_hant=row.cell(f"{name}_zh_hant") or None,
            zh_hans=row.cell(f"{name}_zh_hans") or None,
        )


def set_titles(record: models.Model, row: RowCheck) -> None:
    set_texts(record, row, "title")


def clean_cells(row: RowCheck, record: models.Model, fields: Sequence[str]) -> None:
    """The model's own checks of the fields read, each problem on the column of its field."""
    try:
        clean_fields_of(record, fields)
    except ValidationError as error:
        row.validation_error(error, {name: name for name in fields})


def as_text(columns: Sequence[str], values: Sequence[Any]) -> dict[str, str]:
    """A row of values as the cells compare them: dates as YYYY-MM-DD, blanks as ''."""
    return {
        column: value.isoformat() if isinstance(value, datetime.date) else str(value or "")
        for column, value in zip(columns, values, strict=True)
    }
