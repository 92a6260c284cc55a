"""Audit entries for an import, written in batches.

The same entries `baylink.core.audit.audit_record` writes (action "import", before -> after),
but inserted a few hundred at a time: one INSERT per record made a 50,000-row import spend
most of its time in the audit log.
"""

from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models

from baylink.core.audit import (
    Actor,
    Note,
    Snapshot,
    changes_between,
    note_fields,
    recorded_actor,
)
from baylink.core.models import AuditEntry

BATCH = 500


class AuditBatch:
    def __init__(self, actor: Actor) -> None:
        self.user = actor if isinstance(actor, User) else None
        self.label = recorded_actor(self.user)
        self.pending: list[AuditEntry] = []
        self.content_types: dict[type[models.Model], ContentType] = {}

    def add(
        self,
        instance: models.Model,
        *,
        before: Snapshot,
        after: Snapshot,
        note: str | Note = "",
    ) -> None:
        model = type(instance)
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(
                instance, for_concrete_model=False
            )
        self.pending.append(
            AuditEntry(
                actor=self.user,
                actor_label=self.label,
                action=AuditEntry.Action.IMPORT,
                content_type=self.content_types[model],
                object_pk=str(instance.pk),
                object_repr=str(instance)[:300],
                changes=changes_between(before, after),
                **note_fields(note),
            )
        )
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            AuditEntry.objects.bulk_create(self.pending)
            self.pending = []

    def __enter__(self) -> "AuditBatch":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if exc_info[0] is None:
            self.flush()
