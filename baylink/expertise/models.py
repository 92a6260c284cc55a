"""Researcher profiles, industry challenges and their shortlists.

Labs are not copied here: the finder indexes initiatives (institutes, joint labs) directly.
A profile's text stays in the language its researcher wrote it in; search folds the scripts.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baylink.core.models import TimeStampedModel
from baylink.directory.models import Organisation, Person
from baylink.initiatives.models import Initiative
from baylink.research.models import KnowledgeTransferOutput, Project

# What a challenge led to is a KT output: only who may see those sees (or asks) which.
SEE_OUTCOMES = "research.view_knowledgetransferoutput"


class Language(models.TextChoices):
    EN = "en", _("English")
    ZH_HANT = "zh-hant", _("Traditional Chinese")
    ZH_HANS = "zh-hans", _("Simplified Chinese")


class ResearcherProfile(TimeStampedModel):
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="profile"
    )
    # The account that may edit this profile (the researcher); staff edit any profile.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="researcher_profile",
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The id this profile has in the system it was imported from."),
    )
    language = models.CharField(
        _("written in"), max_length=8, choices=Language.choices, default=Language.EN
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    statement = models.TextField(_("research statement"), blank=True)
    # Project titles as the researcher lists them; `projects` links the recorded ones.
    project_titles = models.JSONField(_("project titles"), default=list, blank=True)
    outputs = models.JSONField(_("outputs"), default=list, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("linked projects"), blank=True, related_name="researcher_profiles"
    )
    is_public = models.BooleanField(_("shown in the expertise finder"), default=True)

    class Meta:
        verbose_name = _("researcher profile")
        verbose_name_plural = _("researcher profiles")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def index_key(self) -> str:
        return f"r{self.pk}"


def not_after_today(value: datetime.date) -> None:
    """A day a challenge was received: not in the future, nor before spreadsheets can hold."""
    if value > timezone.localdate():
        raise ValidationError(_("The day a challenge was received cannot be in the future."))
    if value.year < 1900:
        raise ValidationError(_("The day a challenge was received cannot be before 1900."))


class Challenge(TimeStampedModel):
    """An industry problem, saved from the finder, with the researchers and labs shortlisted."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SHORTLISTING = "shortlisting", _("Shortlisting")
        INTRODUCED = "introduced", _("Introductions made")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        STAFF = "staff", _("Saved by staff")
        PUBLIC = "public", _("Sent by a company")

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("challenge"))
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("industry partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,  # a company's own, sent through the finder
        on_delete=models.SET_NULL,
        related_name="expertise_challenges",
    )
    # Whoever holds the link sees the shortlist; replacing the token revokes old links.
    share_token = models.CharField(max_length=64, unique=True, editable=False)
    # A challenge a company sent through the public finder, with whom to answer. Personal
    # data: shown to staff who see challenges, never exported, kept with the consent's time.
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.STAFF
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_organisation = models.CharField(_("company as written"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    consented_at = models.DateTimeField(_("agreed to be contacted"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    # The day the enquiry reached the university (a logged e-mail may predate its record here);
    # the public figures count challenges by it.
    received_on = models.DateField(
        _("received"), default=timezone.localdate, db_index=True, validators=[not_after_today]
    )
    # What the introduction came to: the contract, consultancy or licence signed with the company
    # (recorded as KT outputs, which count in the KT figures).
    outcomes = models.ManyToManyField(
        KnowledgeTransferOutput,
        verbose_name=_("KT outputs it led to"),
        blank=True,
        related_name="challenges",
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class ShortlistEntry(TimeStampedModel):
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="entries"
    )
    profile = models.ForeignKey(
        ResearcherProfile,
        verbose_name=_("researcher"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shortlist_entries",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("lab or institute"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shortlist_entries",
    )
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(profile__isnull=False) & Q(initiative__isnull=True))
                | (Q(profile__isnull=True) & Q(initiative__isnull=False)),
                name="shortlist_entry_one_target",
            ),
            models.UniqueConstraint(
                fields=["challenge", "profile"],
                condition=Q(profile__isnull=False),
                name="unique_shortlisted_profile",
            ),
            models.UniqueConstraint(
                fields=["challenge", "initiative"],
                condition=Q(initiative__isnull=False),
                name="unique_shortlisted_initiative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.profile or self.initiative)
