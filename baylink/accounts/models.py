"""A staff member's role and unit, their in-app notifications and their API tokens."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baylink.directory.models import Unit


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PARTNERSHIP_OFFICER = "partnership_officer", _("Partnership officer")
    UNIT_COORDINATOR = "unit_coordinator", _("Unit coordinator")
    CAREERS_OFFICER = "careers_officer", _("Careers and WIE officer")
    EXCHANGE_OFFICER = "exchange_officer", _("Exchange officer")
    VIEWER = "viewer", _("Viewer")


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinators",
        help_text=_("A unit coordinator sees and edits only this unit's agreements."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="unit_coordinator") | Q(unit__isnull=False),
                name="coordinator_has_a_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Preferences(models.Model):
    """A user's own settings: the language Baylink e-mails them in (chosen, or else that of
    their last sign-in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    # Blank: the language of the site when the user last signed in.
    email_language = models.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    signed_in_language = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def language(self) -> str:
        """The language to write to this user in ("" when nothing is known)."""
        return self.email_language or self.signed_in_language


class Notification(models.Model):
    """A message for one user; the text is rendered in the reader's language from kind + data."""

    class Kind(models.TextChoices):
        RENEWAL_DUE = "renewal_due", _("Agreement ending")
        OFFER_MADE = "offer_made", _("Placement offer")
        CHALLENGE_SENT = "challenge_sent", _("Industry challenge received")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    data = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.data)


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is kept, so a leaked database leaks no tokens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “reporting script”.")
    )
    # The token's first characters, shown so its owner can tell tokens apart.
    prefix = models.CharField(_("starts with"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class PersonalDataExport(models.Model):
    """One download of students' personal data: who, when, what and how many rows.

    Written by the application only (no edit page); its permissions say who may see student
    records in full and who may export them.
    """

    # None: exported with `baylink export` by whoever runs commands on the server.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personal_data_exports",
        verbose_name=_("user"),
    )
    exported_at = models.DateTimeField(_("when"), auto_now_add=True)
    kind = models.CharField(_("records"), max_length=50)
    rows = models.PositiveIntegerField(_("rows"))
    file_format = models.CharField(_("format"), max_length=8)
    query = models.CharField(_("filters"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-exported_at", "-id"]
        permissions = [
            ("view_personal_data", _("Can see students' personal data")),
            ("export_personal_data", _("Can export students' personal data")),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.exported_at:%Y-%m-%d %H:%M}"
