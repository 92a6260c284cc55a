"""Initiatives (institutes, joint labs, campuses, cooperations, alliances...), partners, themes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.models import TimeStampedModel, TrilingualDescription, TrilingualName
from baylink.core.periods import ENDS_BEFORE_START
from baylink.directory.models import City, Organisation, Unit

PART_OF_ITSELF = _("An initiative cannot be part of itself.")
# Deeper than any real structure (university, institute, centre, lab): a cycle stored before
# this check existed cannot keep it looping.
MAX_NESTING = 20


class Theme(TrilingualName):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_en"]


class Initiative(TrilingualName, TrilingualDescription, TimeStampedModel):
    class Kind(models.TextChoices):
        INSTITUTE = "institute", _("Institute")
        JOINT_LAB = "joint_lab", _("Joint laboratory")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        BRANCH_CAMPUS = "branch_campus", _("Branch campus")
        COOPERATION = "cooperation", _("Research cooperation")
        ALLIANCE = "alliance", _("Alliance or network")
        PLATFORM = "platform", _("Collaborative platform")
        PROGRAMME = "programme", pgettext_lazy("initiative kind", "Programme")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    acronym = models.CharField(_("short name"), max_length=40, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    starts_on = models.DateField(_("established on"), null=True, blank=True)
    ends_on = models.DateField(_("closed on"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="initiatives"
    )
    partners: models.ManyToManyField[Organisation, InitiativePartner] = models.ManyToManyField(
        Organisation,
        through="InitiativePartner",
        verbose_name=_("partners"),
        related_name="initiatives",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="initiative_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
        ]

    def clean(self) -> None:
        super().clean()
        # From the parent chosen up through what is stored above it: meeting this initiative
        # again means it would be part of itself, directly or through one of its parts.
        ancestor, steps = self.parent, 0
        while ancestor is not None and steps < MAX_NESTING:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": PART_OF_ITSELF})
            ancestor, steps = ancestor.parent, steps + 1

    @property
    def duration_days(self) -> int | None:
        """Days from start to end, both counted (a 24 June - 12 August programme: 50 days)."""
        if self.starts_on is None or self.ends_on is None:
            return None
        return (self.ends_on - self.starts_on).days + 1


class InitiativePartner(models.Model):
    class Role(models.TextChoices):
        CO_FOUNDER = "co_founder", _("Co-founder")
        PARTNER = "partner", _("Partner")
        MEMBER = "member", _("Member")
        HOST = "host", pgettext_lazy("initiative partner role", "Host")
        FUNDER = "funder", _("Funder")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="initiative_partnerships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTNER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("initiative partner")
        verbose_name_plural = _("initiative partners")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="unique_initiative_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.organisation}"


class Facility(TrilingualName, TrilingualDescription, TimeStampedModel):
    """Equipment or a platform an initiative runs and shares (a cleanroom, a cold-chain test
    bed): what companies and partners look for when they need more than a person."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="facilities",
    )
    open_to_industry = models.BooleanField(
        _("open to companies and partners"),
        default=False,
        help_text=_("Companies and partners may use it, by arrangement."),
    )
    booking_url = models.URLField(
        _("booking or enquiry page"),
        max_length=500,
        blank=True,
        help_text=_("Where to book it or ask about using it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["position", "id"]
