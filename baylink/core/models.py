"""Shared kernel models: timestamps, trilingual content mixins, the append-only audit log."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.trilingual import localized


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def _require_one_language(instance: models.Model, field: str, label: str) -> None:
    if not any(getattr(instance, f"{field}_{s}") for s in ("en", "zh_hant", "zh_hans")):
        raise ValidationError(
            {f"{field}_en": _("Give the %(label)s in at least one language.") % {"label": label}}
        )


class TrilingualName(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=300, blank=True)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=300, blank=True)
    name_zh_hant_machine = models.BooleanField(
        _("Traditional Chinese name is machine-converted"), default=False
    )
    name_zh_hans_machine = models.BooleanField(
        _("Simplified Chinese name is machine-converted"), default=False
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name or self.name_en or self.name_zh_hant or self.name_zh_hans

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        super().clean()
        _require_one_language(self, "name", str(_("name")))


class TrilingualTitle(models.Model):
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_zh_hant = models.CharField(_("title (Traditional Chinese)"), max_length=500, blank=True)
    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=500, blank=True)
    title_zh_hant_machine = models.BooleanField(
        _("Traditional Chinese title is machine-converted"), default=False
    )
    title_zh_hans_machine = models.BooleanField(
        _("Simplified Chinese title is machine-converted"), default=False
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title or self.title_en or self.title_zh_hant or self.title_zh_hans

    @property
    def title(self) -> str:
        return localized(self, "title")

    def clean(self) -> None:
        super().clean()
        _require_one_language(self, "title", str(_("title")))


class TrilingualDescription(models.Model):
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    description_zh_hans = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_zh_hant_machine = models.BooleanField(
        _("Traditional Chinese description is machine-converted"), default=False
    )
    description_zh_hans_machine = models.BooleanField(
        _("Simplified Chinese description is machine-converted"), default=False
    )

    class Meta:
        abstract = True

    @property
    def description(self) -> str:
        return localized(self, "description")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly


class AuditLogIsAppendOnly(Exception):  # noqa: N818  # reads as the rule it enforces
    """The audit log is never changed or deleted through the application."""


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("audit action", "created")
        UPDATE = "update", pgettext_lazy("audit action", "updated")
        DELETE = "delete", pgettext_lazy("audit action", "deleted")
        TRANSITION = "transition", pgettext_lazy("audit action", "status changed")
        IMPORT = "import", pgettext_lazy("audit action", "imported")
        MERGE = "merge", pgettext_lazy("audit action", "merged")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the log still says who after the account is removed.
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_pk = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # A note the code writes is kept as its English message with these values filled in when
    # read, so that each reader reads it in their own language (see core.audit.Note).
    note_values = models.JSONField(_("note values"), default=dict, blank=True)

    objects: ClassVar[models.Manager["AuditEntry"]] = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_pk", "-at"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly


class SearchFolding(models.Model):
    """The folding rules the stored search texts were made with (one row; see search_refresh)."""

    signature = models.CharField(max_length=64)
    refreshed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.signature
