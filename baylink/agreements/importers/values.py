"""The agreements' import and export columns, and how their cells are read and written."""

import datetime
import re
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import override

from baylink.agreements.lifecycle import next_statuses
from baylink.agreements.models import Agreement
from baylink.directory.importers import OrganisationIndex, UnitIndex

COLUMNS = (
    "reference",
    "kind",
    "title_en",
    "title_zh_hant",
    "title_zh_hans",
    "status",
    "signed_on",
    "starts_on",
    "ends_on",
    "owner_unit",
    "parties",
)
TITLE_COLUMNS = ("title_en", "title_zh_hant", "title_zh_hans")
DATE_COLUMNS = ("signed_on", "starts_on", "ends_on")
CLEANED_FIELDS = [c for c in COLUMNS if c not in ("owner_unit", "parties")]
FIELD_COLUMNS = {name: name for name in COLUMNS}
PARTY_SEPARATORS = re.compile(r"[;；\n]")
ROLE_SEPARATORS = (":", "：")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
BATCH = 500


def choices(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every way a value may be written: its code, or its label (in English or the reader's)."""

    def key(text: str) -> str:
        return re.sub(r"[\s\-]+", "_", text.strip().lower())

    found = {key(value): value for value in choices.values}
    found |= {key(str(label)): value for value, label in choices.choices}
    with override("en"):
        found |= {key(str(label)): value for value, label in choices.choices}
    return found


def choice(text: str, choices: dict[str, str]) -> str | None:
    return choices.get(re.sub(r"[\s\-]+", "_", text.strip().lower()))


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


def status_path(from_status: str, to_status: str) -> list[str] | None:
    """The shortest run of lifecycle steps from one status to another (None if there is none)."""
    if from_status == to_status:
        return []
    queue = deque([[from_status]])
    seen = {from_status}
    while queue:
        path = queue.popleft()
        for following in next_statuses(path[-1]):
            if following == to_status:
                return [*path[1:], following]
            if following not in seen:
                seen.add(following)
                queue.append([*path, following])
    return None


def _parties_text(parties: Sequence[tuple[int, str]], organisations: OrganisationIndex) -> str:
    return "; ".join(f"{organisations.label(pk)}:{role}" for pk, role in parties)


def agreement_row(
    agreement: Agreement,
    parties: Sequence[tuple[int, str]],
    organisations: OrganisationIndex,
    units: UnitIndex,
) -> list[Any]:
    """An agreement as the import reads it (and the export writes it); dates stay dates."""
    return [
        agreement.reference,
        agreement.kind,
        agreement.title_en,
        agreement.title_zh_hant,
        agreement.title_zh_hans,
        agreement.status,
        agreement.signed_on,
        agreement.starts_on,
        agreement.ends_on,
        units.label(agreement.owner_unit_id) if agreement.owner_unit_id else "",
        _parties_text(parties, organisations),
    ]


def as_text(values: Sequence[Any]) -> dict[str, str]:
    return {
        column: value.isoformat() if isinstance(value, datetime.date) else (value or "")
        for column, value in zip(COLUMNS, values, strict=True)
    }


def export_agreements(queryset: QuerySet[Agreement]) -> Iterator[list[Any]]:
    organisations = OrganisationIndex()
    units = UnitIndex()
    for agreement in queryset.prefetch_related("parties").iterator(chunk_size=2000):
        parties = [(party.organisation_id, party.role) for party in agreement.parties.all()]
        yield agreement_row(agreement, parties, organisations, units)
