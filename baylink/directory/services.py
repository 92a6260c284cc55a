"""Writes to the directory: organisations (local or from ROR), their names, units, people."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from baylink.core.audit import Actor, audit_record, changes_between, recorded_actor, snapshot
from baylink.core.chinese import chinese_script
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit
from baylink.core.events import organisations_renamed
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
from baylink.core.trilingual import set_trilingual, trilingual_columns, trilingual_values
from baylink.directory.cities import Location, city_for_location
from baylink.directory.models import (
    City,
    Organisation,
    OrganisationName,
    OrganisationRelationship,
    OrganisationType,
    Person,
    Unit,
    normalise_ror_id,
)


def organisation_search_text(organisation: Organisation) -> str:
    names = [*trilingual_values(organisation, "name")]
    if organisation.pk:
        names += [name.value for name in organisation.names.all()]
    if organisation.ror_id:
        names.append(organisation.ror_id)
    return search_text(names)


# The fields other records copy into their search texts (an agreement, its parties' names).
_NAME_FIELDS = set(trilingual_columns("name"))


def organisation_refresh_search_text(organisation: Organisation) -> None:
    organisation.search_text = organisation_search_text(organisation)
    Organisation.objects.filter(pk=organisation.pk).update(search_text=organisation.search_text)


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name_en: str = "",
    name_zh_hant: str = "",
    name_zh_hans: str = "",
    ror_id: str | None = None,
    types: Iterable[str] = (),
    city: City | None = None,
    country_code: str = "",
    website: str = "",
    status: str = Organisation.Status.ACTIVE,
    established: int | None = None,
    is_home: bool = False,
    is_demo: bool = False,
) -> Organisation:
    organisation = Organisation(
        ror_id=normalise_ror_id(ror_id) if ror_id else None,
        status=status,
        established=established,
        city=city,
        country_code=(country_code or (city.country_code if city else "")).upper(),
        website=website,
        is_home=is_home,
        is_demo=is_demo,
    )
    set_trilingual(organisation, "name", en=name_en, zh_hant=name_zh_hant, zh_hans=name_zh_hans)
    organisation.full_clean()
    organisation.save()
    organisation.types.set(OrganisationType.objects.filter(code__in=list(types)))
    organisation_refresh_search_text(organisation)
    audit_record(
        actor=actor,
        instance=organisation,
        action=AuditEntry.Action.CREATE,
        after=snapshot(organisation, exclude=["search_text"]),
    )
    bump_content_version()
    return organisation


def _ror_location(record: Mapping[str, Any]) -> Location | None:
    for location in record.get("locations") or []:
        details = location.get("geonames_details") or {}
        return Location(
            geonames_id=location.get("geonames_id"),
            name=details.get("name") or "",
            country_code=details.get("country_code") or "",
            subdivision=details.get("country_subdivision_name") or "",
            latitude=details.get("lat"),
            longitude=details.get("lng"),
        )
    return None


def _ror_display_name(record: Mapping[str, Any]) -> str:
    names = record.get("names") or []
    for name in names:
        if "ror_display" in (name.get("types") or []):
            return str(name["value"])
    return str(names[0]["value"]) if names else ""


def _ror_chinese_names(record: Mapping[str, Any]) -> dict[str, str]:
    """The first Chinese label in each script (ROR marks both scripts only as 'zh')."""
    found: dict[str, str] = {}
    ordered = sorted(
        record.get("names") or [], key=lambda name: "label" not in (name.get("types") or [])
    )
    for name in ordered:
        if (name.get("lang") or "").lower() not in {"zh", "zh-hant", "zh-hans", "zh-cn", "zh-tw"}:
            continue
        script = chinese_script(str(name["value"]))
        targets = ["zh_hant", "zh_hans"] if script == "both" else [script] if script else []
        for target in targets:
            found.setdefault(target, str(name["value"]))
    return found


def _ror_name_rows(organisation: Organisation, record: Mapping[str, Any]) -> list[OrganisationName]:
    rows: dict[tuple[str, str], OrganisationName] = {}
    for name in record.get("names") or []:
        kinds = name.get("types") or ["alias"]
        kind = next(
            (k for k in ("ror_display", "label", "acronym", "alias") if k in kinds), "alias"
        )
        language = name.get("lang") or ""
        if language.lower() == "zh":
            script = chinese_script(str(name["value"]))
            language = {"zh_hant": "zh-Hant", "zh_hans": "zh-Hans"}.get(script or "", "zh")
        rows.setdefault(
            (str(name["value"])[:300], kind),
            OrganisationName(
                organisation=organisation,
                value=str(name["value"])[:300],
                language=language,
                kind=kind,
                source=OrganisationName.Source.ROR,
            ),
        )
    return list(rows.values())


def _ror_website(record: Mapping[str, Any]) -> str:
    for link in record.get("links") or []:
        if link.get("type") == "website" and link.get("value"):
            return str(link["value"])[:500]
    return ""


@transaction.atomic
def organisation_upsert_from_ror(
    record: Mapping[str, Any],
    *,
    actor: Actor = None,
    is_demo: bool = False,
    city_cache: dict[str, City] | None = None,
) -> tuple[Organisation, bool]:
    """Create or update the organisation for one ROR v2 record; staff-written Chinese stays."""
    ror_id = normalise_ror_id(str(record["id"]))
    organisation = Organisation.objects.filter(ror_id=ror_id).first()
    created = organisation is None
    if organisation is None:
        organisation = Organisation(ror_id=ror_id, is_demo=is_demo)
        before = {}
    else:
        before = snapshot(organisation, exclude=["search_text"])
    _apply_ror_record(organisation, record, city_cache)
    organisation.full_clean(exclude=["ror_id"] if not created else None)
    organisation.save()
    organisation.types.set([t for t in record.get("types") or [] if t in OrganisationType.Code])
    organisation.names.filter(source=OrganisationName.Source.ROR).delete()
    OrganisationName.objects.bulk_create(_ror_name_rows(organisation, record))
    _replace_ror_relationships(organisation, record)
    organisation_refresh_search_text(organisation)
    audit_record(
        actor=actor,
        instance=organisation,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(organisation, exclude=["search_text"]),
        note="ROR",
    )
    bump_content_version()
    return organisation, created


def _apply_ror_record(
    organisation: Organisation, record: Mapping[str, Any], city_cache: dict[str, City] | None
) -> None:
    location = _ror_location(record)
    organisation.city = city_for_location(location, city_cache) if location else None
    organisation.country_code = location.country_code.upper()[:2] if location else ""
    organisation.status = str(record.get("status") or Organisation.Status.ACTIVE)
    organisation.website = _ror_website(record)
    organisation.established = record.get("established")
    modified = ((record.get("admin") or {}).get("last_modified") or {}).get("date")
    organisation.ror_last_modified = date.fromisoformat(modified) if modified else None
    chinese = _ror_chinese_names(record)
    set_trilingual(
        organisation,
        "name",
        en=_ror_display_name(record),
        # ROR's Chinese fills only what no person has written.
        zh_hant=chinese.get("zh_hant") if _is_replaceable(organisation, "zh_hant") else None,
        zh_hans=chinese.get("zh_hans") if _is_replaceable(organisation, "zh_hans") else None,
    )


def _is_replaceable(organisation: Organisation, suffix: str) -> bool:
    value = getattr(organisation, f"name_{suffix}")
    return not value or bool(getattr(organisation, f"name_{suffix}_machine"))


def _replace_ror_relationships(organisation: Organisation, record: Mapping[str, Any]) -> None:
    organisation.relationships.exclude(target_ror_id="").delete()
    wanted = [
        (str(rel.get("type")), normalise_ror_id(str(rel.get("id"))))
        for rel in record.get("relationships") or []
        if rel.get("type") in OrganisationRelationship.Kind and rel.get("id")
    ]
    targets = dict(
        Organisation.objects.filter(ror_id__in=[ror for _, ror in wanted]).values_list(
            "ror_id", "pk"
        )
    )
    OrganisationRelationship.objects.bulk_create(
        [
            OrganisationRelationship(
                subject=organisation, kind=kind, target_ror_id=ror, target_id=targets.get(ror)
            )
            for kind, ror in dict.fromkeys(wanted)
        ]
    )
    # Records imported earlier may point at this one.
    OrganisationRelationship.objects.filter(
        target_ror_id=organisation.ror_id, target__isnull=True
    ).update(target=organisation)


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    name_en: str = "",
    name_zh_hant: str = "",
    name_zh_hans: str = "",
    code: str = "",
    parent: Unit | None = None,
) -> Unit:
    unit = Unit(organisation=organisation, kind=kind, code=code, parent=parent)
    set_trilingual(unit, "name", en=name_en, zh_hant=name_zh_hant, zh_hans=name_zh_hans)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, instance=unit, action=AuditEntry.Action.CREATE, after=snapshot(unit))
    bump_content_version()
    return unit


def person_search_text(person: Person) -> str:
    return search_text([*trilingual_values(person, "name"), person.email, person.orcid])


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    name_en: str = "",
    name_zh_hant: str = "",
    name_zh_hans: str = "",
    honorific: str = "",
    email: str = "",
    orcid: str = "",
    organisation: Organisation | None = None,
    unit: Unit | None = None,
    is_demo: bool = False,
) -> Person:
    person = Person(
        honorific=honorific,
        email=email,
        orcid=orcid,
        organisation=organisation or (unit.organisation if unit else None),
        unit=unit,
        is_demo=is_demo,
    )
    set_trilingual(person, "name", en=name_en, zh_hant=name_zh_hant, zh_hans=name_zh_hans)
    person.search_text = person_search_text(person)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        instance=person,
        action=AuditEntry.Action.CREATE,
        after=snapshot(person, exclude=["search_text"]),
    )
    bump_content_version()
    return person


def organisation_set_partner_flags(*, partners: Iterable[int], others: Iterable[int]) -> int:
    """Record which organisations are partners (as reporting computes it); returns rows changed."""
    changed = 0
    for flag, ids in ((True, sorted(partners)), (False, sorted(others))):
        # In batches: SQLite limits the number of parameters in one statement.
        for start in range(0, len(ids), 900):
            batch = ids[start : start + 900]
            changed += (
                Organisation.objects.filter(pk__in=batch)
                .exclude(is_partner=flag)
                .update(is_partner=flag)
            )
    if changed:
        bump_content_version()
    return changed


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    instance: Organisation,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Organisation:
    locked = lock_for_edit(Organisation.objects.all(), instance.pk, edit_token)
    values = dict(values)
    if values.get("ror_id"):
        values["ror_id"] = normalise_ror_id(values["ror_id"])
    elif "ror_id" in values:
        values["ror_id"] = None
    if "country_code" in values:
        values["country_code"] = (values["country_code"] or "").upper()
    apply_edit(locked, actor=actor, values=values, many=many)
    organisation_refresh_search_text(locked)
    organisations_renamed.send(sender=Organisation, organisation_ids=[locked.pk])
    bump_content_version()
    return locked


@transaction.atomic
def organisation_create_from_form(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Organisation:
    types = [t.code for t in (many or {}).get("types", [])]
    return organisation_create(actor=actor, types=types, **values)


@transaction.atomic
def organisation_delete(*, actor: Actor, organisation: Organisation) -> None:
    """Delete a record nothing refers to (agreements, initiatives, projects protect it)."""
    delete_audited(organisation, actor=actor)
    bump_content_version()


@transaction.atomic
def person_update(
    *,
    actor: Actor,
    instance: Person,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Person:
    locked = lock_for_edit(Person.objects.all(), instance.pk, edit_token)
    apply_edit(locked, actor=actor, values=values, many=many)
    locked.search_text = person_search_text(locked)
    Person.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
    bump_content_version()
    return locked


@transaction.atomic
def person_create_from_form(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Person:
    return person_create(actor=actor, **values)


@transaction.atomic
def person_delete(*, actor: Actor, person: Person) -> None:
    delete_audited(person, actor=actor)
    bump_content_version()


# -- Batch import of ROR records (used by `baylink import-ror`) ----------------------------------


class InvalidRorRecord(ValueError):  # noqa: N818  # reads as what the record is
    """A ROR record whose values the directory cannot store (the batch is not written)."""

    def __init__(self, ror_id: str, messages: list[str]) -> None:
        self.ror_id = ror_id
        self.messages = messages
        super().__init__(f"{ror_id}: {' '.join(messages)}")


_ORGANISATION_COLUMNS = [
    "city",
    "country_code",
    "status",
    "website",
    "established",
    "ror_last_modified",
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "name_zh_hant_machine",
    "name_zh_hans_machine",
    "search_text",
    "updated_at",
]


def _ror_relationships(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    return list(
        dict.fromkeys(
            (str(rel.get("type")), normalise_ror_id(str(rel.get("id"))))
            for rel in record.get("relationships") or []
            if rel.get("type") in OrganisationRelationship.Kind and rel.get("id")
        )
    )


@transaction.atomic
def organisations_upsert_from_ror(
    records: Sequence[Mapping[str, Any]],
    *,
    actor: Actor = None,
    city_cache: dict[str, City] | None = None,
) -> list[tuple[Organisation, bool]]:
    """organisation_upsert_from_ror for a batch of records, in a constant number of queries.

    The same fields, names, types, relationships and audit entries; one content-version bump.
    """
    ror_ids = [normalise_ror_id(str(record["id"])) for record in records]
    existing = {o.ror_id: o for o in Organisation.objects.filter(ror_id__in=ror_ids)}
    other_names: dict[int, list[str]] = {}
    for organisation_id, value in (
        OrganisationName.objects.filter(organisation__in=list(existing.values()))
        .exclude(source=OrganisationName.Source.ROR)
        .values_list("organisation_id", "value")
    ):
        other_names.setdefault(organisation_id, []).append(value)
    now = timezone.now()
    results: list[tuple[Organisation, bool]] = []
    befores: dict[str, dict[str, Any]] = {}
    for ror_id, record in zip(ror_ids, records, strict=True):
        organisation = existing.get(ror_id)
        created = organisation is None
        if organisation is None:
            organisation = Organisation(ror_id=ror_id, created_at=now)
        else:
            befores[ror_id] = snapshot(organisation, exclude=["search_text"])
        try:
            _apply_ror_record(organisation, record, city_cache)
            # Uniqueness was settled by the lookup above; the database constraint still guards it.
            organisation.full_clean(validate_unique=False, validate_constraints=False)
        except (ValidationError, ValueError, TypeError) as error:
            raise InvalidRorRecord(ror_id, getattr(error, "messages", [str(error)])) from error
        organisation.updated_at = now
        names = [
            *trilingual_values(organisation, "name"),
            *(str(name.get("value") or "") for name in record.get("names") or []),
            *other_names.get(organisation.pk, []),
            ror_id,
        ]
        organisation.search_text = search_text(names)
        results.append((organisation, created))
    new = [o for o, created in results if created]
    Organisation.objects.bulk_create(new)
    Organisation.objects.bulk_update(
        [o for o, created in results if not created], _ORGANISATION_COLUMNS
    )
    organisations = [o for o, _ in results]
    through = Organisation.types.through
    through.objects.filter(organisation__in=organisations).delete()
    through.objects.bulk_create(
        [
            through(organisation_id=o.pk, organisationtype_id=code)
            for o, record in zip(organisations, records, strict=True)
            for code in dict.fromkeys(record.get("types") or [])
            if code in OrganisationType.Code
        ]
    )
    OrganisationName.objects.filter(
        organisation__in=organisations, source=OrganisationName.Source.ROR
    ).delete()
    OrganisationName.objects.bulk_create(
        [
            row
            for o, record in zip(organisations, records, strict=True)
            for row in _ror_name_rows(o, record)
        ]
    )
    OrganisationRelationship.objects.filter(subject__in=organisations).exclude(
        target_ror_id=""
    ).delete()
    wanted = [_ror_relationships(record) for record in records]
    targets = dict(
        Organisation.objects.filter(
            ror_id__in={ror for pairs in wanted for _, ror in pairs}
        ).values_list("ror_id", "pk")
    )
    OrganisationRelationship.objects.bulk_create(
        [
            OrganisationRelationship(
                subject=o, kind=kind, target_ror_id=ror, target_id=targets.get(ror)
            )
            for o, pairs in zip(organisations, wanted, strict=True)
            for kind, ror in pairs
        ]
    )
    # Records imported earlier may point at these ones.
    by_ror_id = {o.ror_id: o.pk for o in organisations}
    waiting = list(
        OrganisationRelationship.objects.filter(
            target_ror_id__in=list(by_ror_id), target__isnull=True
        )
    )
    for relationship in waiting:
        relationship.target_id = by_ror_id[relationship.target_ror_id]
    OrganisationRelationship.objects.bulk_update(waiting, ["target"])
    user = actor if isinstance(actor, User) else None
    content_type = ContentType.objects.get_for_model(Organisation)
    entries = []
    renamed = []
    for organisation, created in results:
        after = snapshot(organisation, exclude=["search_text"])
        changes = changes_between({} if created else befores[str(organisation.ror_id)], after)
        if not created and not changes:
            continue
        if not created and _NAME_FIELDS & set(changes):
            renamed.append(organisation.pk)
        entries.append(
            AuditEntry(
                actor=user,
                actor_label=recorded_actor(user),
                action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                content_type=content_type,
                object_pk=str(organisation.pk),
                object_repr=str(organisation)[:300],
                changes=changes,
                note="ROR",
            )
        )
    # The same entries audit_record writes, in one statement.
    AuditEntry.objects.bulk_create(entries)
    if renamed:
        organisations_renamed.send(sender=Organisation, organisation_ids=renamed)
    bump_content_version()
    return results
