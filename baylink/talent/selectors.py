"""Reads of internship placements, students, rounds, runs and offers."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from baylink.talent.models import (
    AllocationRound,
    AllocationRun,
    Application,
    Assignment,
    HostContact,
    Offer,
    Placement,
    Student,
)


def placements_starting_during(*, starts_on: date, ends_on: date) -> QuerySet[Placement]:
    """Placements that start within the period (a placement counts in the year it begins)."""
    return Placement.objects.filter(placement_starting_during(starts_on, ends_on))


def placement_starting_during(starts_on: date, ends_on: date) -> Q:
    return Q(starts_on__gte=starts_on, starts_on__lte=ends_on)


def placement_counts_by_city(*, starts_on: date, ends_on: date) -> dict[int, int]:
    """Placements starting in the period, per GBA city id."""
    rows = (
        placements_starting_during(starts_on=starts_on, ends_on=ends_on)
        .filter(city__is_gba=True)
        .values("city_id")
        .annotate(placements=Count("pk"))
        .order_by()
    )
    return {row["city_id"]: row["placements"] for row in rows}


def placement_list() -> QuerySet[Placement]:
    return Placement.objects.select_related("host__city", "city")


def student_list() -> QuerySet[Student]:
    return Student.objects.select_related("unit")


def round_list() -> QuerySet[AllocationRound]:
    return AllocationRound.objects.annotate(
        placement_count=Count("placements", distinct=True),
        applicant_count=Count("applications__student", distinct=True),
    )


def round_applicant_count(allocation_round: AllocationRound) -> int:
    return allocation_round.applications.values("student_id").distinct().count()


def round_placements(allocation_round: AllocationRound) -> list[Placement]:
    """The round's placements with their applications counted."""
    return list(
        allocation_round.placements.select_related("host", "city")
        .annotate(
            applicants=Count(
                "applications", filter=Q(applications__round=allocation_round), distinct=True
            )
        )
        .order_by("title_en", "pk")
    )


def round_runs(allocation_round: AllocationRound) -> QuerySet[AllocationRun]:
    return allocation_round.runs.select_related("run_by").order_by("-created_at", "-pk")


def run_assignments(run: AllocationRun) -> QuerySet[Assignment]:
    return run.assignments.select_related("student", "placement", "placement__city").order_by(
        "placement__title_en", "student__name_en", "pk"
    )


def run_offers(run: AllocationRun) -> QuerySet[Offer]:
    return run.offers.select_related("student", "placement").order_by("student__name_en", "pk")


def open_rounds_for(student: Student, *, now: datetime) -> list[AllocationRound]:
    """Rounds the student may apply in now (open, before the deadline, admitting them)."""
    rounds = AllocationRound.objects.filter(
        status=AllocationRound.Status.OPEN, application_deadline__gte=now
    ).filter(Q(students__isnull=True) | Q(students=student))
    return list(rounds.distinct().order_by("application_deadline", "pk"))


def student_applications(student: Student) -> dict[int, list[Application]]:
    """The student's ranked lists, per round id."""
    found: dict[int, list[Application]] = {}
    for application in student.applications.select_related("placement", "placement__host"):
        found.setdefault(application.round_id, []).append(application)
    for listed in found.values():
        listed.sort(key=lambda a: a.rank)
    return found


def student_offers(student: Student) -> QuerySet[Offer]:
    return student.offers.select_related("placement", "placement__host", "run__round").order_by(
        "-created_at", "pk"
    )


def host_rounds(user: User) -> list[tuple[AllocationRound, list[Placement]]]:
    """Rounds still taking rankings with the placements of the user's host organisations."""
    organisations = HostContact.objects.filter(user=user).values("organisation_id")
    placements = (
        Placement.objects.filter(host_id__in=organisations)
        .select_related("host")
        .prefetch_related("rounds")
        .order_by("title_en", "pk")
    )
    by_round: dict[int, tuple[AllocationRound, list[Placement]]] = {}
    for placement in placements:
        for allocation_round in placement.rounds.all():
            if allocation_round.status not in (
                AllocationRound.Status.OPEN,
                AllocationRound.Status.CLOSED,
            ):
                continue
            by_round.setdefault(allocation_round.pk, (allocation_round, []))[1].append(placement)
    return list(by_round.values())


@dataclass(frozen=True)
class Applicant:
    """An applicant as their host sees them: by name only when the name may go to the host."""

    student: Student
    number: int  # in the order they applied, to name those whose name stays in Hong Kong
    name_shared: bool


def placement_applicants(
    allocation_round: AllocationRound, placement: Placement
) -> list[Applicant]:
    """A host outside Hong Kong sees the names of those who agreed to the transfer only."""
    abroad = placement.host_outside_hong_kong
    applications = (
        allocation_round.applications.filter(placement=placement)
        .select_related("student")
        .order_by("created_at", "student_id")
    )
    return [
        Applicant(
            application.student,
            number,
            name_shared=not abroad or application.transfer_agreed_at is not None,
        )
        for number, application in enumerate(applications, start=1)
    ]


def region_labels() -> dict[str, str]:
    return {
        "gba": _("GBA (mainland and Macao)"),
        "local": _("Hong Kong"),
        "overseas": _("Overseas"),
    }


def run_comparison(runs: list[AllocationRun]) -> list[dict[str, Any]]:
    """The figures of 2–3 runs, row by row, for the compare page."""
    longest = max((len(run.stats.get("rank_profile", {})) for run in runs), default=0)
    rows: list[dict[str, Any]] = [
        {"label": _("Mode"), "values": [run.get_mode_display() for run in runs]},
        {"label": _("Students"), "values": [run.stats.get("students") for run in runs]},
        {"label": _("Placed"), "values": [run.stats.get("matched") for run in runs]},
        {
            "label": _("Match rate"),
            "values": [f"{run.stats.get('match_rate', 0) * 100:.1f} %" for run in runs],
        },
        {"label": _("Mean choice"), "values": [run.stats.get("mean_rank") for run in runs]},
        {"label": _("Blocking pairs"), "values": [run.blocking_pairs for run in runs]},
        {"label": _("Pinned"), "values": [run.stats.get("pinned") for run in runs]},
        {
            "label": _("Unfilled places"),
            "values": [run.stats.get("unfilled_places") for run in runs],
        },
    ]
    for rank in range(1, longest + 1):
        rows.append(
            {
                "label": _("Got choice %(rank)s") % {"rank": rank},
                "values": [run.stats.get("rank_profile", {}).get(str(rank), 0) for run in runs],
            }
        )
    for region in ("gba", "local", "overseas"):
        rows.append(
            {
                "label": _("Placed: %(region)s") % {"region": region_labels()[region]},
                "values": [
                    run.stats.get("by_region", {}).get(region, {}).get("matched", 0) for run in runs
                ],
            }
        )
    return rows


def takes_part_in_wie(user: Any) -> bool:
    """Whether the user is a student or a host organisation's contact (one query)."""
    return User.objects.filter(
        Q(pk=user.pk) & (Q(student__isnull=False) | Q(host_contacts__isnull=False))
    ).exists()
