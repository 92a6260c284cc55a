"""Outcome reports of WIE placements by programme, place and academic year (no personal data).

What each figure means:
- placements: placement records (one student's placement with one host), whatever their status;
- students: different students among them;
- completed / withdrawn / in progress: records by status;
- completion rate: completed / (completed + withdrawn); placements still in progress have no
  outcome yet, so they are left out (no rate when nothing has finished);
- WIE hours: the hours of completed records only (in-progress hours are provisional, withdrawn
  placements earn no WIE credit); average = total / completed;
- host and student ratings: the mean, over evaluated records, of each evaluation's score (the
  mean of its 1-5 criteria).
Every figure is computed by the database in one grouped query (plus one for the totals, because
different students cannot be summed over groups).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.academic_year import AcademicYear
from baylink.directory.models import City
from baylink.evaluations.models import PlacementRecord
from baylink.evaluations.selectors import Region, host_score, region_expression, student_score

PROGRAMME = "programme"
REGION = "region"
CITY = "city"
ACADEMIC_YEAR = "academic_year"
DIMENSIONS: dict[str, Promise] = {
    ACADEMIC_YEAR: _("Academic year"),
    PROGRAMME: _("Programme"),
    REGION: _("Region"),
    CITY: _("City"),
}
# The database values each dimension groups on.
_GROUP_FIELDS = {
    PROGRAMME: "student__programme",
    REGION: "region",
    CITY: "placement__city_id",
    ACADEMIC_YEAR: "academic_year",
}
Completed = PlacementRecord.Status.COMPLETED
Withdrawn = PlacementRecord.Status.WITHDRAWN
InProgress = PlacementRecord.Status.IN_PROGRESS


@dataclass(frozen=True)
class OutcomeFilters:
    first_year: AcademicYear | None = None
    last_year: AcademicYear | None = None
    region: str = ""
    city: str = ""  # a City code
    programme: str = ""


@dataclass
class OutcomeRow:
    groups: list[str] = field(default_factory=list)  # one label per grouping dimension
    placements: int = 0
    students: int = 0
    completed: int = 0
    withdrawn: int = 0
    in_progress: int = 0
    total_hours: int = 0
    host_evaluations: int = 0
    host_rating: float | None = None
    student_evaluations: int = 0
    student_rating: float | None = None

    @property
    def completion_rate(self) -> float | None:
        finished = self.completed + self.withdrawn
        return self.completed / finished if finished else None

    @property
    def average_hours(self) -> float | None:
        return self.total_hours / self.completed if self.completed else None


@dataclass
class OutcomeReport:
    dimensions: list[str]
    rows: list[OutcomeRow]
    totals: OutcomeRow


def filtered_records(filters: OutcomeFilters) -> QuerySet[PlacementRecord]:
    records = PlacementRecord.objects.annotate(region=region_expression())
    if filters.first_year:
        records = records.filter(academic_year__gte=filters.first_year.start_year)
    if filters.last_year:
        records = records.filter(academic_year__lte=filters.last_year.start_year)
    if filters.region:
        records = records.filter(region=filters.region)
    if filters.city:
        records = records.filter(placement__city__code=filters.city)
    if filters.programme:
        records = records.filter(student__programme=filters.programme)
    return records


_FIGURES: dict[str, Any] = {
    "placements": Count("pk"),
    "students": Count("student_id", distinct=True),
    "completed": Count("pk", filter=Q(status=Completed)),
    "withdrawn": Count("pk", filter=Q(status=Withdrawn)),
    "in_progress": Count("pk", filter=Q(status=InProgress)),
    "total_hours": Sum("wie_hours", filter=Q(status=Completed)),
    "host_evaluations": Count("host_evaluation"),
    "host_rating": Avg(host_score()),
    "student_evaluations": Count("student_evaluation"),
    "student_rating": Avg(student_score()),
}


def _row(values: dict[str, Any], groups: list[str]) -> OutcomeRow:
    return OutcomeRow(
        groups=groups,
        placements=values["placements"],
        students=values["students"],
        completed=values["completed"],
        withdrawn=values["withdrawn"],
        in_progress=values["in_progress"],
        total_hours=values["total_hours"] or 0,
        host_evaluations=values["host_evaluations"],
        host_rating=values["host_rating"],
        student_evaluations=values["student_evaluations"],
        student_rating=values["student_rating"],
    )


def _label(dimension: str, value: Any, cities: dict[int, City]) -> str:
    if dimension == ACADEMIC_YEAR:
        return AcademicYear(value).label
    if dimension == REGION:
        return str(Region.labels.get(value, value))
    if dimension == CITY:
        return cities[value].name if value in cities else str(_("No city"))
    return str(value)


def _sort_key(
    dimensions: Sequence[str], values: dict[str, Any], labels: list[str]
) -> tuple[Any, ...]:
    key: list[Any] = []
    regions = [code for code, _label in Region.choices]
    for dimension, label in zip(dimensions, labels, strict=True):
        value = values[_GROUP_FIELDS[dimension]]
        if dimension == ACADEMIC_YEAR:
            key.append(value)
        elif dimension == REGION:
            key.append(regions.index(value))
        else:
            key.append((value is None, label.casefold()))
    return tuple(key)


def outcome_report(*, dimensions: Sequence[str], filters: OutcomeFilters) -> OutcomeReport:
    """The figures per group of the chosen dimensions (in DIMENSIONS order), and in total."""
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimensions: {unknown}")
    dimensions = [d for d in DIMENSIONS if d in dimensions]
    records = filtered_records(filters)
    totals = _row(records.aggregate(**_FIGURES), [])
    if not dimensions:
        return OutcomeReport(dimensions=[], rows=[], totals=totals)
    group_fields = [_GROUP_FIELDS[d] for d in dimensions]
    grouped = list(records.order_by().values(*group_fields).annotate(**_FIGURES))
    cities: dict[int, City] = {}
    if CITY in dimensions:
        city_ids = {values["placement__city_id"] for values in grouped} - {None}
        cities = City.objects.in_bulk(city_ids)
    labelled = []
    for values in grouped:
        labels = [_label(d, values[_GROUP_FIELDS[d]], cities) for d in dimensions]
        labelled.append((_sort_key(dimensions, values, labels), _row(values, labels)))
    labelled.sort(key=lambda pair: pair[0])
    return OutcomeReport(dimensions=dimensions, rows=[row for _key, row in labelled], totals=totals)


def programmes() -> list[str]:
    """The programmes that have placement records (the report's programme choices)."""
    return list(
        PlacementRecord.objects.order_by("student__programme")
        .values_list("student__programme", flat=True)
        .distinct()
    )


def report_table(report: OutcomeReport) -> tuple[list[str], list[list[Any]]]:
    """The report as columns and rows for a CSV or Excel file (ratios rounded, no names)."""
    columns = [str(DIMENSIONS[d]) for d in report.dimensions] + [
        str(label) for label in FIGURE_LABELS.values()
    ]
    rows = [_figures(row.groups, row) for row in report.rows]
    total_label = [str(_("Total"))] + [""] * (len(report.dimensions) - 1)
    rows.append(_figures(total_label if report.dimensions else [], report.totals))
    return columns, rows


FIGURE_LABELS: dict[str, Promise] = {
    "placements": _("Placements"),
    "students": _("Students"),
    "completed": _("Completed"),
    "withdrawn": pgettext_lazy("participant", "Withdrawn"),
    "in_progress": _("In progress"),
    "completion_rate": _("Completion rate"),
    "total_hours": _("WIE hours"),
    "average_hours": _("Average WIE hours"),
    "host_evaluations": _("Host evaluations"),
    "host_rating": _("Average host rating"),
    "student_evaluations": _("Student evaluations"),
    "student_rating": _("Average student rating"),
}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _figures(groups: list[str], row: OutcomeRow) -> list[Any]:
    return [
        *groups,
        row.placements,
        row.students,
        row.completed,
        row.withdrawn,
        row.in_progress,
        _rounded(row.completion_rate, 3),
        row.total_hours,
        _rounded(row.average_hours, 1),
        row.host_evaluations,
        _rounded(row.host_rating, 2),
        row.student_evaluations,
        _rounded(row.student_rating, 2),
    ]
