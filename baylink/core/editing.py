"""Safe edits: a record is changed only if nobody changed it since the editor loaded it.

The editor's form carries an edit token: the record's `version` where it has one, else its
`updated_at`; a record with neither carries its values as loaded, signed (`content_token`).
A save whose token is stale is refused with the changes made in between (from the audit log,
or from the values), so nothing is overwritten and the editor can see what happened.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core import signing
from django.db import models

from baylink.core.audit import Actor, audit_record, changes_between, snapshot
from baylink.core.history import Change, actor_label, readable_changes
from baylink.core.http import record_id
from baylink.core.models import AuditEntry
from baylink.core.selectors import audit_history
from baylink.core.trilingual import SUFFIXES, set_trilingual, trilingual_columns, trilingual_fields

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ConcurrentChange:
    field: str
    label: str
    before: Any  # as stored (the API gives these)
    after: Any
    shown_before: str | None  # as a reader sees them (the form's conflict table)
    shown_after: str | None
    by: str
    at: datetime


class EditConflict(Exception):  # noqa: N818  # reads as what happened
    """Someone else saved the record after this editor loaded it."""

    def __init__(self, changes: list[ConcurrentChange]) -> None:
        super().__init__("edit conflict")
        self.changes = changes


def edit_token(instance: models.Model) -> str:
    if hasattr(instance, "version"):
        return f"v{instance.version}"
    updated_at: datetime | None = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


def _entries_since(instance: models.Model, token: str) -> list[AuditEntry]:
    # The record existed when the editor loaded it: its creation is never a change since,
    # though its entry is written a moment after the record's updated_at.
    recent = [
        entry for entry in audit_history(instance)[:100] if entry.action != AuditEntry.Action.CREATE
    ]
    if token.startswith("v"):
        loaded = record_id(token[1:]) or 0
        return [
            entry
            for entry in recent
            if int((entry.changes.get("version") or [0, 0])[1] or 0) > loaded
        ]
    try:
        loaded_at = datetime.fromisoformat(token)
    except ValueError:
        return recent[:1]
    return [entry for entry in recent if entry.at > loaded_at]


def _concurrent(
    instance: models.Model, changes: list[Change], by: str, at: datetime
) -> list[ConcurrentChange]:
    stored = {name: (before, after) for name, before, after in changes}
    return [
        ConcurrentChange(
            change.field, change.label, *stored[change.field], change.before, change.after, by, at
        )
        for change in readable_changes(type(instance), changes)
    ]


def changes_since(instance: models.Model, token: str) -> list[ConcurrentChange]:
    changes = []
    for entry in reversed(_entries_since(instance, token)):
        stored = [(name, *values) for name, values in entry.changes.items()]
        changes += _concurrent(instance, stored, actor_label(entry), entry.at)
    return changes


def lock_for_edit(queryset: models.QuerySet[M], pk: Any, token: str) -> M:
    """The record, locked until the transaction ends, if `token` is still current."""
    instance = queryset.select_for_update().get(pk=pk)
    if token != edit_token(instance):
        raise EditConflict(changes_since(instance, token))
    return instance


CONTENT_SALT = "baylink.editing.content"


def content_token(instance: models.Model) -> str:
    """For records without version or updated_at: their values as loaded, signed."""
    return signing.dumps(snapshot(instance), salt=CONTENT_SALT, compress=True)


def lock_unchanged(
    queryset: models.QuerySet[M], pk: Any, token: str, *, by: str = "", at: datetime | None = None
) -> M:
    """The record, locked, if its values are still those `content_token` carried.

    `by` and `at` say who last changed it, where the audit log knows (shown in the conflict).
    """
    instance = queryset.select_for_update().get(pk=pk)
    try:
        loaded = signing.loads(token, salt=CONTENT_SALT)
    except signing.BadSignature:
        loaded = None
    current = snapshot(instance)
    if loaded == current:
        return instance
    when = at or datetime.now().astimezone()
    differences = changes_between(loaded or {}, current) if isinstance(loaded, dict) else {}
    stored = [(name, *values) for name, values in differences.items()]
    raise EditConflict(_concurrent(instance, stored, by, when))


def _many_values(instance: models.Model, many: Mapping[str, Any]) -> dict[str, list[Any]]:
    if instance.pk is None:
        return {name: [] for name in many}
    return {name: sorted(getattr(instance, name).values_list("pk", flat=True)) for name in many}


def set_values(instance: models.Model, values: Mapping[str, Any]) -> None:
    """Set plain fields and trilingual columns (`name_en`, `name_zh_hant`, ...); the other
    Chinese script of a trilingual field given in one is converted as usual."""
    trilingual = trilingual_fields(instance)
    columns = set(trilingual_columns(*trilingual))
    for field in trilingual:
        en, zh_hant, zh_hans = (values.get(f"{field}_{suffix}") for suffix in SUFFIXES)
        if en is not None or zh_hant is not None or zh_hans is not None:
            set_trilingual(instance, field, en=en, zh_hant=zh_hant, zh_hans=zh_hans)
    for name, value in values.items():
        if name not in columns:
            setattr(instance, name, value)


def apply_edit(
    instance: M,
    *,
    actor: Actor,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
    note: str = "",
) -> M:
    """Set plain and trilingual fields, validate, save, audit (inside the caller's transaction).

    Trilingual fields are given by their columns (`name_en`, `name_zh_hant`, ...); the other
    Chinese script is converted as usual. `many` sets many-to-many fields after saving.
    """
    many = many or {}
    before = {**snapshot(instance, exclude=["search_text"]), **_many_values(instance, many)}
    set_values(instance, values)
    if hasattr(instance, "version"):
        instance.version += 1
    instance.full_clean()
    instance.save()
    for name, related in many.items():
        getattr(instance, name).set(related)
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after={**snapshot(instance, exclude=["search_text"]), **_many_values(instance, many)},
        note=note,
    )
    return instance


def delete_audited(instance: models.Model, *, actor: Actor) -> None:
    """Delete and record what was deleted (inside the caller's transaction).

    A protected record raises ProtectedError before anything is written.
    """
    before = snapshot(instance, exclude=["search_text"])
    pk = instance.pk
    instance.delete()
    instance.pk = pk  # the audit entry names the record that was
    audit_record(actor=actor, instance=instance, action=AuditEntry.Action.DELETE, before=before)
