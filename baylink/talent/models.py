"""Students and internship placements (Work-Integrated Education)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.languages import language_codes_problem
from baylink.core.models import TimeStampedModel, TrilingualDescription, TrilingualTitle
from baylink.core.periods import ENDS_BEFORE_START
from baylink.directory.models import HONG_KONG_CITY, City, Organisation, Unit

YEARS_OF_STUDY = range(1, 8)


class Placement(TrilingualTitle, TrilingualDescription, TimeStampedModel):
    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Remote")

    host = models.ForeignKey(
        Organisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="placements"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ON_SITE)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.PositiveIntegerField(_("WIE hours"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    allowance = models.DecimalField(
        _("monthly allowance"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    allowance_currency = models.CharField(_("allowance currency"), max_length=3, default="HKD")
    # Eligibility: an empty list admits everyone (see `eligibility.eligibility_problems`).
    eligible_programmes = models.JSONField(_("eligible programmes"), default=list, blank=True)
    eligible_years = models.JSONField(_("eligible years of study"), default=list, blank=True)
    # BCP 47 codes; a student must work in every one of them.
    required_languages = models.JSONField(_("required languages"), default=list, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "title_en"]
        indexes = [models.Index(fields=["starts_on"], name="placement_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="placement_has_a_place"),
        ]

    @property
    def host_outside_hong_kong(self) -> bool:
        """Whether an applicant's details would leave Hong Kong: where the host is, else where
        the placement is (the details go to the host, wherever the work is done)."""
        outside = self.host.outside_hong_kong
        if outside is not None:
            return outside
        return self.city is not None and self.city.code != HONG_KONG_CITY

    @property
    def region(self) -> str:
        """gba, local (Hong Kong, or no city: run from the campus) or overseas, for run figures."""
        if self.city is None or self.city.code == HONG_KONG_CITY:
            return "local"
        return "gba" if self.city.is_gba else "overseas"

    def clean(self) -> None:
        """What the form's fields check, for the API and imports as well."""
        super().clean()
        problems: dict[str, Any] = {}
        if any(year not in YEARS_OF_STUDY for year in self.eligible_years or []):
            problems["eligible_years"] = _("Years of study run from 1 to 7.")
        languages = language_codes_problem(self.required_languages or [])
        if languages:
            problems["required_languages"] = languages
        if problems:
            raise ValidationError(problems)


class Student(TimeStampedModel):
    """A student of the home university, as the WIE, exchange and start-up programmes know them.

    Every field but programme, unit and year of study is personal data: pages and exports show
    it only to roles with accounts.view_personal_data / export_personal_data.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student",
    )
    student_number = models.CharField(_("student number"), max_length=20, unique=True)
    name_en = models.CharField(pgettext_lazy("person", "name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    programme = models.CharField(_("programme"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("faculty or department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="students",
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    # BCP 47 codes the student works in, e.g. ["en", "yue", "zh"].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    PERSONAL_FIELDS = ("student_number", "name_en", "name_zh", "email", "user")

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["name_en", "student_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_of_study__gte=1) & Q(year_of_study__lte=7),
                name="student_year_of_study_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.student_number})"

    def clean(self) -> None:
        super().clean()
        problem = language_codes_problem(self.languages or [])
        if problem:
            raise ValidationError({"languages": problem})


class HostContact(TimeStampedModel):
    """A user who speaks for a host organisation: ranks or accepts applicants to its placements."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="host_contacts",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.CASCADE,
        related_name="host_contacts",
    )

    class Meta:
        verbose_name = _("host contact")
        verbose_name_plural = _("host contacts")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="host_contact_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class AllocationRound(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", pgettext_lazy("allocation round", "Closed")
        ALLOCATED = "allocated", _("Allocated")
        PUBLISHED = "published", _("Offers published")
        OFFERS_CLOSED = "offers_closed", _("Offers closed")

    name = models.CharField(_("name"), max_length=200)
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year it starts in: 2026 for 2026/27.")
    )
    application_deadline = models.DateTimeField(_("application deadline"))
    max_preferences = models.PositiveSmallIntegerField(
        _("most placements a student may rank"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    placements = models.ManyToManyField(
        Placement, verbose_name=_("placements offered"), related_name="rounds", blank=True
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("follows round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    # A follow-up round is open only to the students the previous one left unplaced.
    students = models.ManyToManyField(
        Student, verbose_name=_("open only to"), related_name="+", blank=True
    )
    # Places a placement still has in a follow-up round (the unfilled ones); absent = capacity.
    places_left = models.JSONField(_("places left"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-academic_year", "-application_deadline", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_preferences__gte=1) & Q(max_preferences__lte=50),
                name="round_max_preferences_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def capacity_of(self, placement: Placement) -> int:
        """The places the placement offers in this round."""
        return int(self.places_left.get(str(placement.pk), placement.capacity))


class Application(TimeStampedModel):
    """One placement a student ranks in a round (rank 1 = first choice)."""

    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="applications"
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    # The student's consent that their name goes to a host outside Hong Kong (PDPO; for
    # mainland hosts PIPL and the GBA standard contract). Without it the host sees no name.
    transfer_agreed_at = models.DateTimeField(
        _("agreed to the transfer outside Hong Kong"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "placement"], name="application_once_per_placement"
            ),
            models.UniqueConstraint(
                fields=["round", "student", "rank"], name="application_one_per_rank"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="application_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.placement} ({self.rank})"


class HostRanking(TimeStampedModel):
    """A host's view of one applicant: a rank (1 = best), or accepted without a rank.

    Once a placement has any ranking in a round, applicants it did not rank or accept are
    unacceptable to it; ranked applicants come first, then accepted ones in the lottery order.
    """

    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="host_rankings",
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="host_rankings",
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="host_rankings",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("host ranking")
        verbose_name_plural = _("host rankings")
        ordering = ["round", "placement", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "placement", "student"], name="host_ranking_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement}: {self.student} ({self.rank or '✓'})"


class PairRule(TimeStampedModel):
    """An officer's decision on one student–placement pair in a round."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Pin (the student gets this placement)")
        FORBID = "forbid", _("Forbid (never this pair)")

    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="pair_rules",
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="pair_rules"
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="pair_rules",
    )
    kind = models.CharField(_("rule"), max_length=8, choices=Kind.choices)
    note = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pin or forbidden pair")
        verbose_name_plural = _("pins and forbidden pairs")
        ordering = ["round", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "placement"], name="pair_rule_once"
            ),
            models.UniqueConstraint(
                fields=["round", "student"],
                condition=Q(kind="pin"),
                name="pair_rule_one_pin_per_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.student} – {self.placement}"


class AllocationRun(TimeStampedModel):
    """One run of the engine on a round; what-if runs are kept to compare."""

    class Mode(models.TextChoices):
        STABLE = "stable", _("Stable (student-optimal)")
        WELFARE = "welfare", _("Welfare (most first choices)")

    round = models.ForeignKey(
        AllocationRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="runs"
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    lottery_seed = models.PositiveIntegerField(_("lottery seed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    blocking_pairs = models.PositiveIntegerField(_("blocking pairs"), default=0)
    stats = models.JSONField(_("figures"), default=dict)
    published_at = models.DateTimeField(pgettext_lazy("moment", "published"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["round", "-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Run %(number)s: %(mode)s") % {
            "number": self.pk,
            "mode": self.get_mode_display(),
        }


class Assignment(models.Model):
    """Where a run put one student (placement None: unplaced)."""

    run = models.ForeignKey(
        AllocationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="assignments"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="+"
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["run", "student"]
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="assignment_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.placement or '—'}"


class Offer(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", pgettext_lazy("offer", "Expired")

    run = models.ForeignKey(
        AllocationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="offers"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="offers"
    )
    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="offers"
    )
    deadline = models.DateTimeField(_("answer by"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["run", "student"]
        constraints = [
            models.UniqueConstraint(fields=["run", "student"], name="offer_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.student} – {self.placement}"
