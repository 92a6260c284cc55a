"""Reads of the shared kernel."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from baylink.core.models import AuditEntry


def audit_history(instance: models.Model) -> QuerySet[AuditEntry]:
    """The record's audit entries, newest first, with who did it."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    return AuditEntry.objects.filter(
        content_type=content_type, object_pk=str(instance.pk)
    ).select_related("actor")
