"""Entrepreneurship: start-up programmes, cohorts, participants, start-ups and outcomes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.academic_year import AcademicYear
from baylink.core.models import TimeStampedModel, TrilingualDescription, TrilingualName
from baylink.core.money import HOME_CURRENCY, currency_code, home_currency_value
from baylink.core.periods import ENDS_BEFORE_START
from baylink.directory.models import City, Person
from baylink.initiatives.models import Initiative
from baylink.talent.models import Student


class Programme(TrilingualName, TrilingualDescription, TimeStampedModel):
    class Kind(models.TextChoices):
        IMMERSIVE = "immersive", _("Immersive programme")
        INCUBATION = "incubation", _("Incubation")
        COMPETITION = "competition", _("Competition")
        ACCELERATOR = "accelerator", _("Accelerator")
        WORKSHOP = "workshop", _("Workshop")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organiser = models.ForeignKey(
        Initiative,
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venture_programmes",
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("start-up programme")
        verbose_name_plural = _("start-up programmes")
        ordering = ["name_en"]


class Cohort(TimeStampedModel):
    """One run of a programme; it belongs to the academic year in which it starts."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=pgettext_lazy("start-up", "programme"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("e.g. Summer 2019")
    )
    # The start year of the academic year (2018 for 2018/19), kept from starts_on by clean().
    academic_year = models.PositiveSmallIntegerField(_("academic year"), editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    cities = models.ManyToManyField(
        City, verbose_name=_("cities visited"), blank=True, related_name="venture_cohorts"
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty when the number of places is not limited."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["academic_year"], name="cohort_academic_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cohort_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="cohort_has_a_place",
            ),
        ]

    def __str__(self) -> str:
        name = self.programme.name if self.programme_id else ""
        return f"{name} – {self.label or self.year.label}"

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    @property
    def duration_days(self) -> int:
        """Days from start to end, both counted (24 June - 12 August: 50 days)."""
        return (self.ends_on - self.starts_on).days + 1

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ENDS_BEFORE_START})
        if self.starts_on:
            self.academic_year = AcademicYear.containing(self.starts_on).start_year


class Participant(TimeStampedModel):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ADMITTED = "admitted", _("Admitted")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", pgettext_lazy("participant", "Withdrawn")

    # Statuses that hold one of the cohort's places.
    HOLDS_A_PLACE = (Status.ADMITTED, Status.COMPLETED)

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="participants"
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="venture_participations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    team = models.CharField(_("team"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cohort", "team", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "student"], name="participant_once_per_cohort"
            ),
        ]

    def __str__(self) -> str:
        # Never the student's name: this text lands in the audit log and in messages.
        return f"{self.cohort} – {_('participant')} #{self.pk or ''}"


class Startup(TrilingualName, TrilingualDescription, TimeStampedModel):
    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        SEED = "seed", _("Seed")
        SERIES_A_PLUS = "series_a_plus", _("Series A or later")
        ACQUIRED = "acquired", _("Acquired")
        CLOSED = "closed", _("Closed down")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("start-up", "Active")
        CLOSED = "closed", pgettext_lazy("start-up", "Closed")

    incubator = models.ForeignKey(
        Initiative,
        verbose_name=_("incubating initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubated_startups",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("came out of cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="startups",
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="startups",
    )
    stage = models.CharField(_("stage"), max_length=14, choices=Stage.choices, default=Stage.IDEA)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    closed_on = models.DateField(pgettext_lazy("start-up", "closed on"), null=True, blank=True)
    funding_raised = models.DecimalField(
        _("funding raised"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The total reported by the start-up; yearly figures add up funding rounds."),
    )
    funding_currency = models.CharField(
        _("currency"), max_length=3, default=HOME_CURRENCY, validators=[currency_code]
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("start-up")
        verbose_name_plural = _("start-ups")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(closed_on__gte=F("founded_on")),
                name="startup_closes_after_founding",
            ),
            models.CheckConstraint(
                condition=Q(funding_raised__gte=0), name="startup_funding_not_negative"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.CLOSED and not self.closed_on:
            raise ValidationError({"closed_on": _("Give the day a closed start-up closed.")})
        if self.status == self.Status.ACTIVE and self.closed_on:
            raise ValidationError(
                {"closed_on": _("An active start-up has no closing date; set it to closed.")}
            )
        if self.founded_on and self.closed_on and self.closed_on < self.founded_on:
            raise ValidationError(
                {"closed_on": _("A start-up cannot close before it was founded.")}
            )


class Founder(TimeStampedModel):
    """A founder of a start-up: a student of the university, or a person in the directory."""

    startup = models.ForeignKey(
        Startup, verbose_name=_("start-up"), on_delete=models.CASCADE, related_name="founders"
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founded_startups",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founded_startups",
    )
    role = models.CharField(_("role"), max_length=100, blank=True, help_text=_("e.g. CEO"))

    class Meta:
        verbose_name = _("founder")
        verbose_name_plural = _("founders")
        ordering = ["startup", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(student__isnull=False) & Q(person__isnull=True))
                | (Q(student__isnull=True) & Q(person__isnull=False)),
                name="founder_is_a_student_or_a_person",
            ),
            models.UniqueConstraint(
                fields=["startup", "student"],
                condition=Q(student__isnull=False),
                name="founder_student_once",
            ),
            models.UniqueConstraint(
                fields=["startup", "person"],
                condition=Q(person__isnull=False),
                name="founder_person_once",
            ),
        ]

    def __str__(self) -> str:
        # Never a student's name: this text lands in the audit log and in messages.
        return f"{self.startup} – {_('founder')} #{self.pk or ''}"

    def clean(self) -> None:
        super().clean()
        if (self.student_id is None) == (self.person_id is None):
            raise ValidationError(_("A founder is either a student or a person, not both."))


class Outcome(TimeStampedModel):
    """Something a start-up or a cohort achieved: a funding round, an award, jobs..."""

    class Kind(models.TextChoices):
        FUNDING_ROUND = "funding_round", _("Funding round")
        AWARD = "award", _("Award")
        INCORPORATION = "incorporation", _("Incorporation")
        JOBS_CREATED = "jobs_created", _("Jobs created")
        PRODUCT_LAUNCH = "product_launch", _("Product launch")

    startup = models.ForeignKey(
        Startup,
        verbose_name=_("start-up"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default=HOME_CURRENCY, validators=[currency_code]
    )
    # What the figures add up; the same as `amount` for Hong Kong dollars.
    amount_hkd = models.DecimalField(
        _("amount in HKD"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("For other currencies: the value in Hong Kong dollars on the day."),
    )
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["kind", "occurred_on"], name="outcome_kind_day")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(startup__isnull=False) & Q(cohort__isnull=True))
                | (Q(startup__isnull=True) & Q(cohort__isnull=False)),
                name="outcome_of_a_startup_or_a_cohort",
            ),
        ]

    def __str__(self) -> str:
        subject = self.startup if self.startup_id else self.cohort
        return f"{subject} – {self.get_kind_display()} {self.occurred_on}"

    def clean(self) -> None:
        super().clean()
        if (self.startup_id is None) == (self.cohort_id is None):
            raise ValidationError(_("An outcome belongs to a start-up or to a cohort."))
        if self.kind == self.Kind.FUNDING_ROUND and self.amount is None:
            raise ValidationError({"amount": _("Give the amount of the funding round.")})
        if self.kind == self.Kind.JOBS_CREATED and not self.jobs:
            raise ValidationError({"jobs": _("Give the number of jobs created.")})
        self.amount_hkd = home_currency_value(
            self.amount,
            self.currency,
            self.amount_hkd,
            field="amount_hkd",
            missing=_("Give the amount in Hong Kong dollars too, for the figures."),
        )
