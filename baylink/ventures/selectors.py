"""Reads of entrepreneurship records, and the counts behind the portal's figures."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from baylink.core.academic_year import AcademicYear
from baylink.core.money import whole_dollars
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.select_related("organiser").annotate(
        cohort_count=Count("cohorts", distinct=True)
    )


def programme_cohorts(programme: Programme) -> QuerySet[Cohort]:
    """The programme's cohorts, newest first, with how many hold a place."""
    return (
        Cohort.objects.filter(programme=programme)
        .select_related("programme")
        .prefetch_related("cities")
        .annotate(
            participant_count=Count("participants"),
            holding_count=Count(
                "participants", filter=Q(participants__status__in=Participant.HOLDS_A_PLACE)
            ),
        )
        .order_by("-starts_on", "pk")
    )


def cohort_participants(cohort: Cohort) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(cohort=cohort)
        .select_related("student", "student__unit")
        .order_by("team", "student__student_number")
    )


def participant_list() -> QuerySet[Participant]:
    """Participants with their cohort, programme and student joined (exports)."""
    return Participant.objects.select_related(
        "cohort", "cohort__programme", "student", "student__unit"
    ).order_by("cohort__programme__slug", "-cohort__starts_on", "student__student_number")


def startup_list() -> QuerySet[Startup]:
    return Startup.objects.select_related("city", "incubator").annotate(
        founder_count=Count("founders", distinct=True)
    )


def startup_founders(startup: Startup) -> QuerySet[Founder]:
    return startup.founders.select_related("student", "person").order_by("pk")


def startup_with_relations(pk: int) -> QuerySet[Startup]:
    return (
        Startup.objects.filter(pk=pk)
        .select_related("city", "incubator", "cohort", "cohort__programme")
        .prefetch_related(
            Prefetch("founders", queryset=Founder.objects.select_related("student", "person")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-occurred_on", "-pk")),
        )
    )


# Figures: each is one query, per academic year (1 July - 30 June).


def programme_participants(year: AcademicYear) -> int:
    """Students admitted to, or having completed, a cohort that started in the year.

    A student in two cohorts of the year counts once; applicants and withdrawals do not count.
    """
    return (
        Participant.objects.filter(
            cohort__academic_year=year.start_year, status__in=Participant.HOLDS_A_PLACE
        )
        .values("student_id")
        .distinct()
        .count()
    )


def startups_active_during(year: AcademicYear) -> QuerySet[Startup]:
    """Start-ups founded by the year's last day and not closed before its first day."""
    return Startup.objects.filter(founded_on__lte=year.ends_on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=year.starts_on)
    )


def startups_incubated_in_gba(year: AcademicYear) -> int:
    """Start-ups with an incubating initiative, in a GBA city (Hong Kong included), active then."""
    return startups_active_during(year).filter(incubator__isnull=False, city__is_gba=True).count()


def funding_rounds() -> QuerySet[Outcome]:
    """Start-ups' funding rounds, the outcomes whose Hong Kong dollars the figures sum."""
    return Outcome.objects.filter(kind=Outcome.Kind.FUNDING_ROUND, startup__isnull=False)


def funding_dated_during(year: AcademicYear) -> Q:
    return Q(occurred_on__gte=year.starts_on, occurred_on__lte=year.ends_on)


def funding_raised_hkd(year: AcademicYear) -> int:
    """Hong Kong dollars raised in start-ups' funding rounds dated in the year, to the dollar."""
    total = funding_rounds().filter(funding_dated_during(year)).aggregate(total=Sum("amount_hkd"))
    return whole_dollars(total["total"])
