"""The audit log as a reader sees it: field labels and values in the reader's language.

The log stores what the code knows (field names, choice codes, related ids, ISO dates) so that
it never depends on today's wording. An officer reading a record's history, or the changes
that beat her edit, sees the labels the forms use and the values the record pages show.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from baylink.core.audit import SYSTEM_ACTOR, note_text
from baylink.core.countries import country_name
from baylink.core.models import AuditEntry
from baylink.core.trilingual import SUFFIXES, localized_text

# Bookkeeping a reader does not edit: the edit counter and derived search text; fields ending
# in _machine hold machine translations that follow their source field.
UNTRACKED = frozenset({"search_text", "version"})
# (field name, value before, value after), values as the audit log stores them.
Change = tuple[str, Any, Any]


def is_shown(field_name: str) -> bool:
    return field_name not in UNTRACKED and not field_name.endswith("_machine")


def model_field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: its name is all there is
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = model_field(model, name)
    if field is not None:
        label = str(field.verbose_name)
    elif (related := _related_records(model, name)) is not None:
        label = str(related._meta.verbose_name_plural)  # an agreement's parties
    else:
        # Something the record holds elsewhere (its aliases, its documents), named by its
        # writer with a word marked for translation (gettext_noop).
        label = _(name)
    return label[:1].upper() + label[1:]


def _related_records(model: type[models.Model] | None, name: str) -> type[models.Model] | None:
    """The model of the records that point at `model` under this name, if any."""
    try:
        relation = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    if isinstance(relation, models.ForeignObjectRel) and isinstance(relation.related_model, type):
        return relation.related_model
    return None


def actor_label(entry: AuditEntry) -> str:
    if entry.actor_id is None and entry.actor_label == SYSTEM_ACTOR:
        return pgettext("audit actor", "System")
    return entry.actor_label


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    note: str
    changes: list[FieldChange]


class _RelatedNames:
    """The names of records the changes point at, fetched once per model for all entries."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = {}
        self.names: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, field: models.Field[Any, Any] | None, value: Any) -> None:
        if field is None or not field.is_relation or field.related_model is None:
            return
        values = value if isinstance(value, list) else [value]
        model = field.related_model
        assert isinstance(model, type)
        self.wanted.setdefault(model, set()).update(v for v in values if v is not None)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            found = model._default_manager.filter(pk__in=pks)
            self.names[model] = {str(record.pk): str(record) for record in found}

    def name(self, model: type[models.Model], pk: Any) -> str:
        # A record deleted since is shown by its id, as the log holds it.
        return self.names.get(model, {}).get(str(pk), f"#{pk}")


def _readable_item(value: Any) -> str:
    if isinstance(value, dict) and value and set(value) <= set(SUFFIXES):
        return localized_text(value)  # a name kept in every language (texts_by_language)
    # (gettext("") would return the catalogue's header, not nothing)
    return _(value) if isinstance(value, str) and value else str(value)


def _readable(
    field: models.Field[Any, Any] | None, value: Any, related: _RelatedNames
) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if field is None:  # see field_label: a word its writer marked for translation, or data
        values = value if isinstance(value, list) else [value]
        return ", ".join(_readable_item(v) for v in values)
    if field.is_relation and field.related_model is not None:
        model = field.related_model
        assert isinstance(model, type)
        values = value if isinstance(value, list) else [value]
        return ", ".join(related.name(model, v) for v in values)
    if field.choices:
        labels = {str(code): str(label) for code, label in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(value, str) and field.name.endswith("country_code"):  # stored as ISO codes
        return country_name(value)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, str) and isinstance(field, models.DateField):
        try:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _want(
    related: _RelatedNames, model: type[models.Model] | None, changes: Iterable[Change]
) -> None:
    for name, before, after in changes:
        field = model_field(model, name)
        related.want(field, before)
        related.want(field, after)


def readable_changes(
    model: type[models.Model] | None,
    changes: Iterable[Change],
    related: _RelatedNames | None = None,
) -> list[FieldChange]:
    """(field name, before, after) as labels and shown values; bookkeeping left out.

    Without `related`, the records the changes point at are fetched here.
    """
    shown = [(name, before, after) for name, before, after in changes if is_shown(name)]
    if related is None:
        related = _RelatedNames()
        _want(related, model, shown)
        related.fetch()
    readable = []
    for name, before, after in shown:
        field = model_field(model, name)
        if field is None and (isinstance(before, dict) or isinstance(after, dict)):
            continue  # a record for the code (a merge's moved links); the entry's note says it
        was, now = _readable(field, before, related), _readable(field, after, related)
        if was != now:  # None and "" are both nothing: a new record's empty fields
            readable.append(FieldChange(name, field_label(model, name), was, now))
    return readable


def readable_history(entries: Sequence[AuditEntry]) -> list[HistoryEntry]:
    """The entries (of one record or several) for reading; one query per related model."""
    models_of = {
        entry.pk: ContentType.objects.get_for_id(entry.content_type_id).model_class()
        for entry in entries
    }
    changes: dict[int, list[Change]] = {
        entry.pk: [(name, *values) for name, values in entry.changes.items() if is_shown(name)]
        for entry in entries
    }
    related = _RelatedNames()
    for entry in entries:
        _want(related, models_of[entry.pk], changes[entry.pk])
    related.fetch()
    return [
        HistoryEntry(
            at=entry.at,
            actor=actor_label(entry),
            action=entry.get_action_display(),
            note=note_text(entry.note, entry.note_values),
            changes=readable_changes(models_of[entry.pk], changes[entry.pk], related),
        )
        for entry in entries
    ]


def without_field(entries: Sequence[HistoryEntry], field: str) -> list[HistoryEntry]:
    """The entries without one field's changes (a field the reader may not see); an entry that
    changed nothing else goes, its note with it."""
    kept = []
    for entry in entries:
        changes = [change for change in entry.changes if change.field != field]
        if changes or len(changes) == len(entry.changes):
            kept.append(replace(entry, changes=changes))
    return kept
