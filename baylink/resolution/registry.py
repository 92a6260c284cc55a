"""The resolver over the organisations in the database, built once per process and kept.

Building reads every organisation, name and relationship (a few seconds for ROR's 50,000+
records), so the built resolver is kept in memory. After any write (the content version moves)
a cheap fingerprint of the directory tables says whether the index is stale; only then is it
rebuilt. Writes elsewhere (agreements, projects) therefore cost one small query, not a rebuild.
"""

import gc
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max

from baylink.core.content_version import content_version
from baylink.directory.models import (
    Organisation,
    OrganisationName,
    OrganisationRelationship,
)
from baylink.resolution.engine import Name, OrgRecord, Resolver

_LOCK = threading.Lock()


@dataclass
class _Cached:
    version: int
    fingerprint: tuple[object, ...]
    resolver: Resolver


_cache: _Cached | None = None


def record_key(ror_id: str | None, pk: int) -> str:
    return ror_id or f"org:{pk}"


def registry_records() -> list[OrgRecord]:
    """Every organisation as the engine sees it, in five queries whatever the size."""
    organisations = list(
        Organisation.objects.values_list(
            "pk",
            "ror_id",
            "status",
            "country_code",
            "city__name_en",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
        )
    )
    keys = {pk: record_key(ror_id, pk) for pk, ror_id, *_ in organisations}
    names: defaultdict[int, list[Name]] = defaultdict(list)
    # Curated names are read from the shipped table itself (with its context rules).
    for organisation_id, value, kind, language, source in OrganisationName.objects.exclude(
        source=OrganisationName.Source.CURATED
    ).values_list("organisation_id", "value", "kind", "language", "source"):
        names[organisation_id].append(
            Name(value, "staff" if source == OrganisationName.Source.STAFF else kind, language)
        )
    types: defaultdict[int, list[str]] = defaultdict(list)
    through = Organisation.types.through
    for organisation_id, code in through.objects.values_list(
        "organisation_id", "organisationtype_id"
    ):
        types[organisation_id].append(code)
    relations: defaultdict[int, defaultdict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for subject_id, kind, target_ror_id, target_id in OrganisationRelationship.objects.values_list(
        "subject_id", "kind", "target_ror_id", "target_id"
    ):
        target = keys.get(target_id) if target_id else target_ror_id
        if target:
            relations[subject_id][kind].append(target)
    records = []
    for pk, ror_id, status, country, city, name_en, name_hant, name_hans in organisations:
        own = names.get(pk, [])
        known = {name.value for name in own}
        # The display names people wrote (or ROR gave) count as labels too.
        extra = [
            Name(value, "label", language)
            for value, language in ((name_en, "en"), (name_hant, "zh-Hant"), (name_hans, "zh-Hans"))
            if value and value not in known
        ]
        related: dict[str, list[str]] = relations.get(pk, {})
        records.append(
            OrgRecord(
                key=keys[pk],
                ror_id=ror_id or "",
                organisation_id=pk,
                names=[*own, *extra],
                status=status,
                types=tuple(types.get(pk, ())),
                country=country or "",
                cities=(city,) if city else (),
                parents=tuple(related.get("parent", ())),
                children=tuple(related.get("child", ())),
                related=tuple(related.get("related", ())),
                successors=tuple(related.get("successor", ())),
                display_name=name_en or name_hant or name_hans,
            )
        )
    return records


def _fingerprint() -> tuple[object, ...]:
    organisations = Organisation.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    names = OrganisationName.objects.aggregate(n=Count("pk"), last=Max("pk"))
    relationships = OrganisationRelationship.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (
        organisations["n"],
        organisations["changed"],
        names["n"],
        names["last"],
        relationships["n"],
        relationships["last"],
    )


def current_resolver() -> Resolver:
    """The resolver for the directory as it is now (rebuilt only when the directory changed)."""
    global _cache
    version = content_version()
    cached = _cache
    if cached is not None and cached.version == version:
        return cached.resolver
    with _LOCK:
        cached = _cache
        if cached is not None and cached.version == version:
            return cached.resolver
        fingerprint = _fingerprint()
        if cached is not None and cached.fingerprint == fingerprint:
            _cache = _Cached(version, fingerprint, cached.resolver)
            return cached.resolver
        resolver = Resolver.build(registry_records())
        # The index lives as long as the process: the collector need not rescan it.
        gc.collect()
        gc.freeze()
        _cache = _Cached(version, fingerprint, resolver)
        return resolver


def forget_resolver() -> None:
    """Drop the kept index (tests, and after a bulk import in the same process)."""
    global _cache
    with _LOCK:
        _cache = None
