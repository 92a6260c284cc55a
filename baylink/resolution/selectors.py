"""Reads of the resolution context: resolving strings, aliases, possible duplicates."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from baylink.directory.models import Organisation, OrganisationName
from baylink.resolution.engine import Resolution
from baylink.resolution.registry import current_resolver, record_key

MAX_BATCH = 1000
DUPLICATE_MIN_SCORE = 0.8


def resolve_affiliations(texts: Sequence[str], *, most_specific: bool = False) -> list[Resolution]:
    """One Resolution per string, in order; an abstention has no ror_id and no organisation.
    `most_specific`: a unit named with its parent is the unit (see Resolver.resolve)."""
    resolver = current_resolver()
    return [resolver.resolve(text, most_specific=most_specific) for text in texts]


def organisation_aliases(organisation: Organisation) -> QuerySet[OrganisationName]:
    """The names an organisation is found by besides its display names, staff ones first."""
    return organisation.names.exclude(kind=OrganisationName.Kind.ROR_DISPLAY).order_by(
        "-source", "value"
    )


@dataclass(frozen=True)
class DuplicatePair:
    keep: Organisation  # the registry record (or the older local one)
    merge: Organisation
    score: float
    matched_name: str
    reason: str  # "resolves_to": merge's name resolves to keep


def possible_duplicates(*, limit: int = 100) -> list[DuplicatePair]:
    """Local organisations (no ROR id) whose name resolves, with confidence, to another record.

    The registry record (or the older local one) is proposed to keep. Registry records are not
    compared with each other: ROR already keeps them distinct (and withdraws its duplicates).
    """
    resolver = current_resolver()
    local = Organisation.objects.filter(ror_id=None).order_by("pk")
    best: dict[tuple[int, int], tuple[float, str]] = {}
    for organisation in local.only("pk", "name_en", "name_zh_hant", "name_zh_hans"):
        own = record_key(None, organisation.pk)
        for name in (organisation.name_en, organisation.name_zh_hant, organisation.name_zh_hans):
            if not name:
                continue
            found = resolver.resolve(name, exclude={own})
            other = found.organisation_id
            if other is None or found.score < DUPLICATE_MIN_SCORE:
                continue
            keep_first = bool(found.ror_id) or other < organisation.pk
            pair = (other, organisation.pk) if keep_first else (organisation.pk, other)
            pair = pair if (pair[1], pair[0]) not in best else (pair[1], pair[0])
            if found.score > best.get(pair, (0.0, ""))[0]:
                best[pair] = (found.score, found.matched_name)
    records = Organisation.objects.in_bulk({pk for pair in best for pk in pair})
    pairs = [
        DuplicatePair(records[keep], records[merge], score, matched_name, "resolves_to")
        for (keep, merge), (score, matched_name) in best.items()
        if keep in records and merge in records
    ]
    pairs.sort(key=lambda pair: -pair.score)
    return pairs[:limit]
