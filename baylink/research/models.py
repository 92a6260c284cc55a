"""Funding schemes and research projects."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from baylink.core.models import TimeStampedModel, TrilingualName, TrilingualTitle
from baylink.core.money import HOME_CURRENCY, currency_code, home_currency_value
from baylink.core.periods import ENDS_BEFORE_START
from baylink.directory.models import Organisation, Person, Unit
from baylink.initiatives.models import Initiative, Theme


class FundingScheme(TrilingualName):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_schemes",
    )
    supported_initiatives = models.ManyToManyField(
        Initiative,
        verbose_name=_("supported initiatives"),
        blank=True,
        related_name="funding_schemes",
    )
    website = models.URLField(_("website"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")
        ordering = ["name_en"]


class Project(TrilingualTitle, TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    principal_investigator = models.ForeignKey(
        Person,
        verbose_name=_("principal investigator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    scheme = models.ForeignKey(
        FundingScheme,
        verbose_name=_("funding scheme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="projects"
    )
    partners: models.ManyToManyField[Organisation, ProjectPartner] = models.ManyToManyField(
        Organisation,
        through="ProjectPartner",
        verbose_name=_("partners"),
        related_name="projects",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    amount = models.DecimalField(
        _("funding amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="HKD")
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Reference and titles folded to one script (core.search), so that a list finds a project
    # whatever script the reader types in.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-starts_on", "reference"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="project_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="project_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        COLLABORATOR = "collaborator", _("Collaborator")
        CO_FUNDER = "co_funder", _("Co-funder")
        INDUSTRY = "industry", _("Industry partner")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_partnerships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.COLLABORATOR
    )

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="unique_project_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.organisation}"


class KnowledgeTransferOutput(TrilingualTitle, TimeStampedModel):
    """One knowledge-transfer result: a patent filed or granted, a licence, a spin-off, a
    contract, a consultancy, a CPD course, a public event (the UGC's KT indicators count these).
    """

    class Kind(models.TextChoices):
        PATENT_FILED = "patent_filed", _("Patent filed")
        PATENT_GRANTED = "patent_granted", _("Patent granted")
        LICENCE = "licence", _("Licence")
        SPIN_OFF = "spin_off", _("Spin-off company")
        COLLABORATIVE_RESEARCH = "collaborative", _("Collaborative research")
        CONTRACT_RESEARCH = "contract", _("Contract research")
        CONSULTANCY = "consultancy", _("Consultancy")
        CPD_COURSE = "cpd", _("CPD course")
        PUBLIC_EVENT = "public_event", _("Public event")

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The day it counts for: filed, granted, signed, founded or held.
    occurred_on = models.DateField(_("date"))
    project = models.ForeignKey(
        Project,
        verbose_name=_("research project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kt_outputs",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kt_outputs",
    )
    counterparty = models.ForeignKey(
        Organisation,
        verbose_name=_("counterparty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kt_outputs",
    )
    income = models.DecimalField(
        _("income"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, default=HOME_CURRENCY, validators=[currency_code]
    )
    # What the KT income figure adds up; the same as `income` for Hong Kong dollars.
    income_hkd = models.DecimalField(
        _("income in HKD"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For other currencies: the value in Hong Kong dollars on the day."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    def listing_label(self) -> str:
        """How lists on other records' pages name it."""
        return f"{self.reference} {self.title} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        self.income_hkd = home_currency_value(
            self.income,
            self.currency,
            self.income_hkd,
            field="income_hkd",
            missing=_("Give the income in Hong Kong dollars too, for the figures."),
        )

    class Meta:
        verbose_name = _("KT output")
        verbose_name_plural = _("KT outputs")
        ordering = ["-occurred_on", "reference"]
        indexes = [models.Index(fields=["kind", "occurred_on"], name="kt_output_kind_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(income__isnull=True) | Q(income__gte=0),
                name="kt_output_income_not_negative",
                violation_error_message=_("The income cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(income_hkd__isnull=True) | Q(income_hkd__gte=0),
                name="kt_output_income_hkd_not_negative",
                violation_error_message=_("The income cannot be negative."),
            ),
        ]
