"""Recording changes in the append-only audit log (who, when, before -> after)."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from baylink.core.models import AuditEntry

Snapshot = dict[str, Any]
Actor = User | AnonymousUser | None
# Who the log names for work no signed-in user did (imports, scheduled jobs, the demo loader).
SYSTEM_ACTOR = "system"


def recorded_actor(user: User | None) -> str:
    return user.get_username() if user else SYSTEM_ACTOR


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def snapshot(instance: models.Model, *, exclude: Iterable[str] = ()) -> Snapshot:
    """The instance's concrete field values, JSON-safe, keyed by field name (FKs by id)."""
    skipped = {"created_at", "updated_at", *exclude}
    values: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if field.name in skipped or field.primary_key:
            continue
        values[field.name] = _json_value(getattr(instance, field.attname))
    return values


def changes_between(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    keys = list(dict.fromkeys([*before, *after]))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    actor: Actor,
    instance: models.Model,
    action: str,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    note: str = "",
) -> AuditEntry | None:
    """Append one entry; an update that changed nothing records nothing."""
    changes = changes_between(before or {}, after or {})
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    user = actor if isinstance(actor, User) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=recorded_actor(user),
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_pk=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
        note=note[:300],
    )
