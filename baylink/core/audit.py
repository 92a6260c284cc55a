"""Recording changes in the append-only audit log (who, when, before -> after)."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext

from baylink.core.models import AuditEntry
from baylink.core.trilingual import SUFFIXES, localized_text

Snapshot = dict[str, Any]
Actor = User | AnonymousUser | None
# Who the log names for work no signed-in user did (imports, scheduled jobs, the demo loader).
SYSTEM_ACTOR = "system"


def recorded_actor(user: User | None) -> str:
    return user.get_username() if user else SYSTEM_ACTOR


# In stored note values: the names of the values that are catalogue messages. User text (a file
# name, a title, an organisation's name) is shown as written, even where it happens to read like
# a catalogue message ("Signed copy").
WORDS = "_words"


@dataclass(frozen=True)
class Note:
    """A note the code writes: an English message marked with gettext_noop, and its values.

    The log keeps both and the reader's language fills them in; str() gives the note in the
    active language. `words` names the values that are themselves marked messages.
    """

    message: str
    values: dict[str, Any]
    words: tuple[str, ...] = ()

    def stored_values(self) -> dict[str, Any]:
        return {**_json_value(self.values), WORDS: list(self.words)}

    def __str__(self) -> str:
        return note_text(self.message, self.stored_values())


def _in_reader_language(value: Any) -> Any:
    """A name kept in every language ({suffix: text}) in the reader's; anything else as is."""
    if isinstance(value, dict) and value and set(value) <= set(SUFFIXES):
        return localized_text(value)
    return value


def note_text(message: str, values: dict[str, Any]) -> str:
    """A stored note in the active language; a person's note passes as typed."""
    if not message:
        return ""
    if not values:
        return gettext(message)
    # Entries written before WORDS was kept have every text value looked up.
    words = values.get(WORDS)
    filling = {name: value for name, value in values.items() if name != WORDS}
    shown = {
        name: gettext(value)
        if isinstance(value, str) and value and (words is None or name in words)
        else _in_reader_language(value)
        for name, value in filling.items()
    }
    for template, values_used in ((gettext(message), shown), (message, filling)):
        try:
            return template % values_used
        except (KeyError, TypeError, ValueError):  # a catalogue out of step with the log
            continue
    return message


def note_fields(note: "str | Note") -> dict[str, Any]:
    """The AuditEntry fields for a note."""
    if isinstance(note, Note):
        return {"note": note.message[:300], "note_values": note.stored_values()}
    return {"note": note[:300]}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
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
    note: str | Note = "",
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
        **note_fields(note),
    )
