"""The agreements' import and export columns, and how their cells are read and written."""

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

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
DATE_COLUMNS = ("signed_on", "starts_on", "ends_on")
CLEANED_FIELDS = [c for c in COLUMNS if c not in ("owner_unit", "parties")]


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


def export_agreements(queryset: QuerySet[Agreement]) -> Iterator[list[Any]]:
    organisations = OrganisationIndex()
    units = UnitIndex()
    for agreement in queryset.prefetch_related("parties").iterator(chunk_size=2000):
        parties = [(party.organisation_id, party.role) for party in agreement.parties.all()]
        yield agreement_row(agreement, parties, organisations, units)
