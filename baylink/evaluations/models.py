"""Completed WIE placements: hours recorded, host and student evaluations, outcome reports.

A `PlacementRecord` is one student's placement with one host (in progress, completed or
withdrawn). Each record takes at most one evaluation by the host's supervisor and one by the
student, rated 1-5 on the criteria listed in `HostEvaluation.CRITERIA` and
`StudentEvaluation.CRITERIA`; an evaluation's score is the mean of its criteria.
"""

from typing import TYPE_CHECKING, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.academic_year import AcademicYear
from baylink.core.models import TimeStampedModel
from baylink.talent.models import Placement, Student

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

LOWEST_RATING = 1
HIGHEST_RATING = 5
# What WIE hosts are asked to rate, 1 (poor) to 5 (excellent): see the fields' labels.
HOST_CRITERIA = (
    "preparation",
    "quality_of_work",
    "initiative",
    "communication",
    "teamwork",
    "professionalism",
)
# What students are asked to rate about their placement.
STUDENT_CRITERIA = ("supervision", "learning", "relevance", "workload", "overall")


class PlacementRecord(TimeStampedModel):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", pgettext_lazy("participant", "Withdrawn")

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="placement_records",
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    # The calendar year the academic year starts in: 2018 means 2018/19.
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    wie_hours = models.PositiveIntegerField(
        _("WIE hours recorded"),
        default=0,
        help_text=_("At most the hours the placement offers."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("WIE placement record")
        verbose_name_plural = _("WIE placement records")
        ordering = ["-academic_year", "-pk"]
        indexes = [
            models.Index(fields=["academic_year", "status"], name="record_year_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "placement"], name="record_one_per_student_placement"
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="record_completed_on_iff_completed",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this names the record in audit entries and page titles.
        return str(_("WIE record %(number)s")) % {"number": self.pk or "–"}

    @property
    def academic_year_label(self) -> str:
        return AcademicYear(self.academic_year).label


def rating_field(label: "_StrPromise") -> "models.PositiveSmallIntegerField[int, int]":
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(LOWEST_RATING), MaxValueValidator(HIGHEST_RATING)]
    )


def rating_ranges(prefix: str, criteria: tuple[str, ...]) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": LOWEST_RATING, f"{name}__lte": HIGHEST_RATING}),
            name=f"{prefix}_{name}_1_to_5",
        )
        for name in criteria
    ]


class Evaluation(TimeStampedModel):
    CRITERIA: ClassVar[tuple[str, ...]] = ()

    submitted_on = models.DateField(_("submitted on"))
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        abstract = True

    @classmethod
    def criterion_label(cls, name: str) -> str:
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)
        return str(field.verbose_name).capitalize()

    def ratings(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.CRITERIA}

    @property
    def score(self) -> float:
        """The mean of the criteria's ratings, the figure the outcome reports average."""
        values = list(self.ratings().values())
        return sum(values) / len(values)


class HostEvaluation(Evaluation):
    """The host supervisor's assessment of the student's work (one per record)."""

    CRITERIA = HOST_CRITERIA

    record = models.OneToOneField(
        PlacementRecord,
        verbose_name=_("placement record"),
        on_delete=models.CASCADE,
        related_name="host_evaluation",
    )
    supervisor_name = models.CharField(_("supervisor's name"), max_length=200)
    supervisor_title = models.CharField(_("supervisor's position"), max_length=200, blank=True)
    preparation = rating_field(_("knowledge and preparation for the work"))
    quality_of_work = rating_field(_("quality of work"))
    initiative = rating_field(_("initiative and problem solving"))
    communication = rating_field(_("communication"))
    teamwork = rating_field(_("teamwork"))
    professionalism = rating_field(_("professional conduct and reliability"))
    would_host_again = models.BooleanField(_("would host this student again"), default=False)

    class Meta:
        verbose_name = _("host evaluation")
        verbose_name_plural = _("host evaluations")
        constraints = rating_ranges("host", HOST_CRITERIA)

    def __str__(self) -> str:
        return str(_("Host evaluation of %(record)s")) % {"record": self.record}


class LearningOutcome(models.TextChoices):
    """The WIE learning outcomes a student reports having reached."""

    APPLY_KNOWLEDGE = "apply_knowledge", _("Applied what I learnt in my studies")
    PROFESSIONAL_SKILLS = "professional_skills", _("Gained professional and technical skills")
    COMMUNICATION = "communication", _("Communicated effectively at work")
    TEAMWORK = "teamwork", _("Worked well in a team")
    CROSS_CULTURAL = "cross_cultural", _("Worked across cultures and languages")
    CAREER_PLANNING = "career_planning", _("Clarified my career plans")


class StudentEvaluation(Evaluation):
    """The student's assessment of the placement (one per record)."""

    CRITERIA = STUDENT_CRITERIA

    record = models.OneToOneField(
        PlacementRecord,
        verbose_name=_("placement record"),
        on_delete=models.CASCADE,
        related_name="student_evaluation",
    )
    supervision = rating_field(_("supervision and support by the host"))
    learning = rating_field(_("learning opportunities"))
    relevance = rating_field(_("relevance to my studies"))
    workload = rating_field(_("reasonable workload and hours"))
    overall = rating_field(_("overall satisfaction"))
    learning_outcomes = models.JSONField(
        _("learning outcomes reached"),
        default=list,
        blank=True,
    )
    would_recommend = models.BooleanField(
        _("would recommend this placement to other students"), default=False
    )

    class Meta:
        verbose_name = _("student evaluation")
        verbose_name_plural = _("student evaluations")
        constraints = rating_ranges("student", STUDENT_CRITERIA)

    def __str__(self) -> str:
        return str(_("Student evaluation of %(record)s")) % {"record": self.record}

    def learning_outcome_labels(self) -> list[str]:
        labels = dict(LearningOutcome.choices)
        return [str(labels.get(code, code)) for code in self.learning_outcomes]
