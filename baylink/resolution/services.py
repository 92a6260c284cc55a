"""Writes of the resolution context: the ROR import, aliases, and merging duplicates."""

import copy
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baylink.core.audit import Actor, Note, audit_record, snapshot
from baylink.core.chinese import chinese_script
from baylink.core.content_version import bump_content_version
from baylink.core.events import organisations_renamed
from baylink.core.models import AuditEntry
from baylink.directory.models import City, Organisation, OrganisationName, normalise_ror_id
from baylink.directory.services import (
    InvalidRorRecord,
    organisation_refresh_search_text,
    organisations_upsert_from_ror,
)
from baylink.resolution.engine import RorDumpError, iter_ror_dump, load_curated_aliases
from baylink.resolution.models import RorRecordImport

ALIAS_MAX_LENGTH = 300


@dataclass
class RorImportReport:
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0  # records this import marked inactive or withdrawn
    curated_names: int = 0
    errors: list[str] = field(default_factory=list)


def _dump_reason(error: RorDumpError) -> str:
    messages = {
        "missing": _("%(name)s does not exist"),
        "format": _("%(name)s is not a .zip, .json or .json.gz file"),
        "zip": _("%(name)s is not a readable zip file"),
        "no_json": _("%(name)s holds no .json file"),
        "json": _("%(name)s is not valid JSON (%(detail)s)"),
        "read": _("%(name)s could not be read (%(detail)s)"),
        "not_record": _("record %(position)s is not a ROR record (it has no id or no names)"),
        "record": _("record %(position)s (%(ror_id)s) is not valid: %(detail)s"),
        "shape": _("record %(position)s (%(ror_id)s) is not valid: %(field)s %(problem)s"),
        "duplicate": _("record %(position)s (%(ror_id)s) appears twice in the file"),
    }
    params = dict(error.params)
    if error.code == "shape":
        params["problem"] = _shape_problem(str(params["problem"]))
    return messages[error.code] % params


def _shape_problem(code: str) -> str:
    return {
        "text": _("is not text"),
        "year": _("is not a year"),
        "object": _("is not an object"),
        "list_text": _("is not a list of text"),
        "list_objects": _("is not a list of objects"),
        "missing": _("is missing or empty"),
        "number": _("is not a number"),
        "nul": _("holds a NUL character"),
    }[code]


def _dump_error_message(error: RorDumpError) -> str:
    return _(
        "The file is not a usable ROR schema-v2 data dump: %(reason)s. Nothing was changed."
    ) % {"reason": _dump_reason(error)}


def _digest(record: dict[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_BATCH = 500


@transaction.atomic
def ror_import(
    *,
    path: Path,
    actor: Actor = None,
    progress: Callable[[int], object] | None = None,
) -> RorImportReport:
    """Create or update an organisation per ROR record, in one transaction.

    A record whose content is what the last import stored is skipped, so re-importing the
    same dump writes nothing. Any malformed record rolls the whole import back: the registry
    is never left half-imported.
    """
    report = RorImportReport()
    digests = dict(RorRecordImport.objects.values_list("ror_id", "digest"))
    statuses = dict(Organisation.objects.exclude(ror_id=None).values_list("ror_id", "status"))
    cities = {city.code: city for city in City.objects.all()}
    changed: dict[str, str] = {}
    batch: list[tuple[dict[str, Any], str, int]] = []
    seen: set[str] = set()

    def flush() -> None:
        try:
            upserted = organisations_upsert_from_ror(
                [record for record, _d, _p in batch], actor=actor, city_cache=cities
            )
        except InvalidRorRecord as error:
            position = next(
                (p for r, _d, p in batch if normalise_ror_id(str(r["id"])) == error.ror_id), 0
            )
            detail = " ".join(error.messages)[:300]
            raise RorDumpError(
                "record", position=position, ror_id=error.ror_id, detail=detail
            ) from error
        for (organisation, created), (_record, digest, _p) in zip(upserted, batch, strict=True):
            ror_id = str(organisation.ror_id)
            if created:
                report.created += 1
            else:
                report.updated += 1
            was_active = statuses.get(ror_id, Organisation.Status.ACTIVE) == "active"
            if organisation.status != Organisation.Status.ACTIVE and was_active:
                report.withdrawn += 1
            statuses[ror_id] = organisation.status
            changed[ror_id] = digest
        if progress is not None:
            progress(len(batch))
        batch.clear()

    try:
        for record in iter_ror_dump(path):
            report.records += 1
            ror_id = normalise_ror_id(str(record["id"]))
            if ror_id in seen:
                raise RorDumpError("duplicate", position=report.records, ror_id=ror_id)
            seen.add(ror_id)
            digest = _digest(record)
            if digests.get(ror_id) == digest and ror_id in statuses:
                report.unchanged += 1
                if progress is not None:
                    progress(1)
                continue
            batch.append((record, digest, report.records))
            if len(batch) >= _BATCH:
                flush()
        if batch:
            flush()
    except RorDumpError as error:
        raise ValidationError(_dump_error_message(error), code="invalid_dump") from error
    if report.records == 0:
        raise ValidationError(
            _("The file holds no ROR records. Nothing was changed."), code="empty_dump"
        )
    _store_digests(changed)
    report.curated_names = curated_aliases_sync()
    return report


def _store_digests(changed: dict[str, str]) -> None:
    items = list(changed.items())
    for start in range(0, len(items), _BATCH):
        batch = dict(items[start : start + _BATCH])
        RorRecordImport.objects.filter(ror_id__in=list(batch)).delete()
        RorRecordImport.objects.bulk_create(
            [RorRecordImport(ror_id=ror_id, digest=digest) for ror_id, digest in batch.items()]
        )


@transaction.atomic
def curated_aliases_sync() -> int:
    """Store the shipped curated names as organisation names, so directory search finds them."""
    curated = load_curated_aliases()
    organisations = {
        o.ror_id: o
        for o in Organisation.objects.filter(ror_id__in=list(curated)).only("pk", "ror_id")
    }
    wanted = {
        (organisations[ror_id].pk, name.value[:ALIAS_MAX_LENGTH])
        for ror_id, names in curated.items()
        if ror_id in organisations
        for name in names
    }
    existing = {
        (row.organisation_id, row.value): row.pk
        for row in OrganisationName.objects.filter(source=OrganisationName.Source.CURATED)
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    OrganisationName.objects.filter(pk__in=stale).delete()
    taken = set(
        OrganisationName.objects.filter(
            organisation_id__in={pk for pk, _value in wanted}, kind=OrganisationName.Kind.ALIAS
        ).values_list("organisation_id", "value")
    )
    new = [
        OrganisationName(
            organisation_id=pk,
            value=value,
            language=_language(value),
            kind=OrganisationName.Kind.ALIAS,
            source=OrganisationName.Source.CURATED,
        )
        for pk, value in sorted(wanted)
        if (pk, value) not in taken
    ]
    OrganisationName.objects.bulk_create(new)
    removed = set(stale)
    changed = {row.organisation_id for row in new} | {
        organisation_id for (organisation_id, _value), pk in existing.items() if pk in removed
    }
    for organisation in Organisation.objects.filter(pk__in=changed):
        organisation_refresh_search_text(organisation)
    if new or stale:
        bump_content_version()
    return len(wanted)


# A BCP 47 tag as staff write one for an alias: en, zh-Hant, pt-BR.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _language(value: str) -> str:
    script = chinese_script(value)
    return {"zh_hant": "zh-Hant", "zh_hans": "zh-Hans", "both": "zh"}.get(script or "", "")


# The audit log's name for an organisation's staff aliases (not a field: they are its names).
ALIASES = gettext_noop("aliases")


def _alias_values(organisation: Organisation) -> list[str]:
    return sorted(
        organisation.names.filter(source=OrganisationName.Source.STAFF).values_list(
            "value", flat=True
        )
    )


@transaction.atomic
def organisation_alias_add(
    *, actor: Actor, organisation: Organisation, value: str, language: str = ""
) -> OrganisationName:
    """A name staff know the organisation by, in any language; resolution uses it at once."""
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError({"value": _("Enter the alias.")})
    if len(text) > ALIAS_MAX_LENGTH:
        raise ValidationError(
            {"value": _("An alias has at most %(limit)s characters.") % {"limit": ALIAS_MAX_LENGTH}}
        )
    if organisation.names.filter(value=text).exists():
        raise ValidationError(
            {"value": _("“%(value)s” is already a name of this organisation.") % {"value": text}}
        )
    language = (language or "").strip()
    if language and not LANGUAGE_TAG.fullmatch(language):
        raise ValidationError(
            {
                "language": _(
                    "“%(language)s” is not a language tag: write e.g. en, zh-Hant, zh-Hans or fr."
                )
                % {"language": language}
            }
        )
    before = {ALIASES: _alias_values(organisation)}
    alias = OrganisationName(
        organisation=organisation,
        value=text,
        language=(language or _language(text))[:16],
        kind=OrganisationName.Kind.ALIAS,
        source=OrganisationName.Source.STAFF,
    )
    alias.full_clean()
    alias.save()
    organisation_refresh_search_text(organisation)
    audit_record(
        actor=actor,
        instance=organisation,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after={ALIASES: _alias_values(organisation)},
        note=gettext_noop("Alias added"),
    )
    bump_content_version()
    return alias


@transaction.atomic
def organisation_alias_remove(*, actor: Actor, alias: OrganisationName) -> None:
    """Remove a staff alias (names from ROR or the curated list come back with their source)."""
    if alias.source != OrganisationName.Source.STAFF:
        raise ValidationError(
            _("“%(value)s” comes from %(source)s, not from staff; it cannot be removed here.")
            % {"value": alias.value, "source": alias.get_source_display()}
        )
    organisation = alias.organisation
    before = {ALIASES: _alias_values(organisation)}
    alias.delete()
    organisation_refresh_search_text(organisation)
    audit_record(
        actor=actor,
        instance=organisation,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after={ALIASES: _alias_values(organisation)},
        note=gettext_noop("Alias removed"),
    )
    bump_content_version()


def _model_of(relation: models.ForeignObjectRel) -> type[models.Model]:
    model = relation.related_model
    assert isinstance(model, type)  # resolved once the app registry is ready
    return model


def _has_dependents(instance: models.Model) -> bool:
    for relation in instance._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            rows = _model_of(relation)._default_manager.filter(**{relation.field.name: instance})
            if rows.exists():
                return True
    return False


def _unique_rules(model: type[models.Model], field_name: str) -> list[tuple[list[str], Q | None]]:
    """The uniqueness rules a row's `field_name` takes part in: their fields, and the condition
    a row must meet for the rule to hold it (a unit's code only when it has one)."""
    rules: list[tuple[list[str], Q | None]] = [
        (list(constraint.fields), constraint.condition)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields
    ]
    rules += [
        (list(fields), None) for fields in model._meta.unique_together if field_name in fields
    ]
    return rules


def _clashing_row(
    model: type[models.Model],
    rules: list[tuple[list[str], Q | None]],
    row: models.Model,
    name: str,
    keep: Organisation,
) -> models.Model | None:
    """The row of `keep` that `row`, moved to `keep`, would break a uniqueness rule with."""
    for fields, condition in rules:
        values = {
            f: getattr(row, getattr(model._meta.get_field(f), "attname", f))
            for f in fields
            if f != name
        }
        if any(value is None for value in values.values()):
            continue  # NULLs are distinct: two parties with no unit are told apart by the rule
        found = model._default_manager.filter(**{name: keep}, **values).exclude(pk=row.pk)
        if condition is not None:
            if not model._default_manager.filter(condition, pk=row.pk).exists():
                continue  # the rule does not hold this row (a unit without a code)
            found = found.filter(condition)
        clash = found.first()
        if clash is not None:
            return clash
    return None


def _move_links(
    relation: models.ForeignObjectRel, keep: Organisation, merge: Organisation, actor: Actor
) -> tuple[int, int]:
    """Point every row of one relation at `keep`; a row `keep` already has is dropped."""
    model = _model_of(relation)
    name = relation.field.name
    moved = dropped = 0
    rules = _unique_rules(model, name)
    for row in model._default_manager.filter(**{name: merge}):
        duplicate = _clashing_row(model, rules, row, name, keep)
        if duplicate is not None:
            if _has_dependents(row):
                raise ValidationError(
                    _(
                        "Both organisations have “%(record)s”; it has records of its own, so "
                        "merge or remove one of them first."
                    )
                    % {"record": row}
                )
            row.delete()
            dropped += 1
            continue
        setattr(row, name, keep)
        row.save(update_fields=[name])
        # The record's own History says where its organisation went (a person, a unit, a
        # placement's host), as an edit would.
        audit_record(
            actor=actor,
            instance=row,
            action=AuditEntry.Action.UPDATE,
            before={name: merge.pk},
            after={name: keep.pk},
            note=Note(
                gettext_noop("Organisation #%(number)s merged into #%(kept)s"),
                {"number": merge.pk, "kept": keep.pk},
            ),
        )
        moved += 1
    return moved, dropped


NAME_COLUMNS = ("name_en", "name_zh_hant", "name_zh_hans")
# What the registry says of an organisation besides its names.
_REGISTRY_DETAILS = ("city", "country_code", "status", "website", "established")


def _names(organisation: Organisation) -> tuple[str, ...]:
    return tuple(getattr(organisation, column) for column in NAME_COLUMNS)


def _take_details(keep: Organisation, merge: Organisation, *, from_registry: bool) -> None:
    """The kept record's names and details after a merge. Taking over a registry record's ROR
    id, it takes the record's names, place and status too (the next ROR import would write
    them anyway; its own names stay as aliases); otherwise it keeps its own and fills what it
    lacks from the merged one. Keeping a local copy could otherwise leave the registry's
    university with the copy's English name alone, no Chinese names and no city."""
    for column in NAME_COLUMNS:
        if getattr(merge, column) and (from_registry or not getattr(keep, column)):
            setattr(keep, column, getattr(merge, column))
            if column != "name_en":
                setattr(keep, f"{column}_machine", getattr(merge, f"{column}_machine"))
    for detail in _REGISTRY_DETAILS:
        value = getattr(merge, detail)
        if value and (from_registry or not getattr(keep, detail)):
            setattr(keep, detail, value)


@transaction.atomic
def merge_result(keep: Organisation, merge: Organisation) -> Organisation:
    """The kept record's names and details as the merge will leave them (an unsaved copy)."""
    result = copy.copy(keep)
    _take_details(result, merge, from_registry=bool(merge.ror_id and not keep.ror_id))
    return result


def merge_aliases(keep: Organisation, merge: Organisation) -> list[str]:
    """The display names, of either record, that the kept one will hold as aliases."""
    known = set(keep.names.values_list("value", flat=True)) | set(_names(merge_result(keep, merge)))
    return list(dict.fromkeys(n for n in (*_names(keep), *_names(merge)) if n and n not in known))


def organisation_merge(*, keep: Organisation, merge: Organisation, actor: Actor) -> Organisation:
    """Move every link of `merge` to `keep`, keep its names as aliases, delete it, audit it all."""
    if keep.pk == merge.pk:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    if keep.ror_id and merge.ror_id:
        raise ValidationError(
            _(
                "Both organisations have a ROR id (%(keep)s, %(merge)s): ROR records are not "
                "merged here; mark the duplicate in ROR instead."
            )
            % {"keep": keep.ror_id, "merge": merge.ror_id}
        )
    keep = Organisation.objects.select_for_update().get(pk=keep.pk)
    merge = Organisation.objects.select_for_update().get(pk=merge.pk)
    before = snapshot(keep, exclude=["search_text"])
    summary: dict[str, list[int]] = {}
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]
            if through is not None and not through._meta.auto_created:
                continue  # its foreign key to Organisation is moved as a one-to-many relation
            accessor = relation.get_accessor_name()
            if accessor is None:
                continue
            for item in _model_of(relation)._default_manager.filter(**{relation.field.name: merge}):
                manager = getattr(item, relation.field.name)
                manager.add(keep)
                manager.remove(merge)
            continue
        moved, dropped = _move_links(relation, keep, merge, actor)
        if moved or dropped:
            label = f"{_model_of(relation)._meta.label_lower}.{relation.field.name}"
            summary[label] = [moved, dropped]
    keep.types.add(*merge.types.all())
    # Relationships now pointing from the record to itself say nothing.
    keep.relationships.filter(target=keep).delete()
    inherits_ror_id = merge.ror_id if not keep.ror_id else None
    aliases = merge_aliases(keep, merge)
    _take_details(keep, merge, from_registry=bool(inherits_ror_id))
    for value in aliases:
        OrganisationName.objects.create(
            organisation=keep,
            value=value[:ALIAS_MAX_LENGTH],
            language=_language(value),
            kind=OrganisationName.Kind.ALIAS,
            source=OrganisationName.Source.STAFF,
        )
    merged_pk, merged_label = merge.pk, str(merge)
    merge_snapshot = snapshot(merge, exclude=["search_text"])
    inherits_home = merge.is_home and not keep.is_home
    merge.delete()
    merge.pk = merged_pk
    if inherits_ror_id:
        keep.ror_id = inherits_ror_id
        keep.ror_last_modified = merge.ror_last_modified
    if inherits_home:
        keep.is_home = True
    keep.is_partner = keep.is_partner or merge.is_partner
    keep.full_clean()
    keep.save()
    organisation_refresh_search_text(keep)
    organisations_renamed.send(sender=Organisation, organisation_ids=[keep.pk])
    note = Note(
        gettext_noop("Merged #%(number)s %(organisation)s into this organisation"),
        {"number": merged_pk, "organisation": merged_label},
    )
    after = snapshot(keep, exclude=["search_text"])
    audit_record(
        actor=actor,
        instance=keep,
        action=AuditEntry.Action.MERGE,
        before=before,
        after={**after, "merged": {"id": merged_pk, "links": summary}},
        note=note,
    )
    audit_record(
        actor=actor,
        instance=merge,
        action=AuditEntry.Action.DELETE,
        before=merge_snapshot,
        note=Note(
            gettext_noop("Merged into #%(number)s %(organisation)s"),
            {"number": keep.pk, "organisation": str(keep)},
        ),
    )
    bump_content_version()
    return keep
