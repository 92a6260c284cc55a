"""WIE demo data: students, a published past round, an open current round, a host contact.

Called by `baylink load-demo` after the shared demo records (it uses their demo placements).
Deterministic for a seed and a day; everything is marked is_demo, the e-mail addresses are in
the reserved .invalid domain and the student numbers start with "D".
"""

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from baylink.core.academic_year import AcademicYear
from baylink.demo.users import demo_user
from baylink.demo.vocabulary import HK_GIVEN, HK_SURNAMES
from baylink.directory.models import Unit
from baylink.talent.eligibility import is_eligible
from baylink.talent.models import (
    AllocationRound,
    AllocationRun,
    Application,
    HostContact,
    HostRanking,
    Offer,
    Placement,
    Student,
)
from baylink.talent.services import round_status_change, run_create, run_note

STUDENTS = 360
PAST_PLACEMENTS = 45
CURRENT_PLACEMENTS = 60
PROGRAMMES = [
    "BEng Computing",
    "BSc Data Science",
    "BEng Electrical Engineering",
    "BEng Mechanical Engineering",
    "BBA Accountancy",
    "BBA Marketing",
    "BA Chinese and Bilingual Studies",
    "BA English Studies",
    "BSc Nursing",
    "BSc Physiotherapy",
    "BA Hotel Management",
    "BSc Surveying",
]
HOST_USERNAME = "demo-host"
STUDENT_USERNAME = "demo-student"


def _at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _students(rng: random.Random) -> list[Student]:
    units = list(Unit.objects.filter(organisation__is_home=True).order_by("pk")[:20])
    students = []
    for number in range(1, STUDENTS + 1):
        surname, given = rng.choice(HK_SURNAMES), rng.choice(HK_GIVEN)
        languages = ["en", "yue"] + (["zh"] if rng.random() < 0.75 else [])
        students.append(
            Student(
                student_number=f"D{number:07d}",
                name_en=f"{surname[0]} {given[0]} (demo)",
                name_zh=surname[1] + given[1],
                email=f"student{number}@demo.baylink.invalid",
                programme=rng.choice(PROGRAMMES),
                unit=rng.choice(units) if units else None,
                year_of_study=rng.choice([2, 3, 3, 3, 4]),
                languages=languages,
                is_demo=True,
            )
        )
    return Student.objects.bulk_create(students)


def _apply(
    rng: random.Random,
    allocation_round: AllocationRound,
    students: list[Student],
    placements: list[Placement],
) -> int:
    """Correlated preferences: popular placements (low index) appear early on most lists."""
    agreed_at = timezone.now()  # when they applied, as their applications' created_at
    weights = [1.0 / (index + 3) for index in range(len(placements))]
    rows = []
    for student in students:
        eligible = [
            (p, w) for p, w in zip(placements, weights, strict=True) if is_eligible(p, student)
        ]
        if not eligible:
            continue
        wanted = min(allocation_round.max_preferences, rng.randint(2, 6), len(eligible))
        keyed = sorted(eligible, key=lambda pair: rng.random() ** (1.0 / pair[1]), reverse=True)
        rows += [
            Application(
                round=allocation_round,
                student=student,
                placement=p,
                rank=rank,
                # Demo students agree, as the form asks them to for a host outside Hong Kong.
                transfer_agreed_at=agreed_at if p.host_outside_hong_kong else None,
            )
            for rank, (p, _weight) in enumerate(keyed[:wanted], start=1)
        ]
    Application.objects.bulk_create(rows)
    return len(rows)


def _past_round(
    rng: random.Random, today: date, students: list[Student], placements: list[Placement]
) -> tuple[AllocationRound, int]:
    year = AcademicYear.containing(placements[0].starts_on) if placements else AcademicYear(2018)
    deadline = _at_noon(today - timedelta(days=120))
    past = AllocationRound.objects.create(
        name=f"WIE summer placements {year.label} (demo)",
        academic_year=year.start_year,
        application_deadline=deadline,
        max_preferences=5,
        status=AllocationRound.Status.CLOSED,
        is_demo=True,
    )
    past.placements.set(placements)
    applications = _apply(rng, past, students, placements)
    run = run_create(
        actor=None, allocation_round=past, mode="stable", lottery_seed=rng.randint(1, 10**6)
    )
    answer_by = deadline + timedelta(days=14)
    offers = []
    for assignment in run.assignments.order_by("pk"):
        if assignment.placement_id is None:
            continue
        status = Offer.Status.ACCEPTED if rng.random() < 0.88 else Offer.Status.DECLINED
        offers.append(
            Offer(
                run=run,
                student_id=assignment.student_id,
                placement_id=assignment.placement_id,
                deadline=answer_by,
                status=status,
                answered_at=answer_by - timedelta(days=rng.randint(1, 10)),
            )
        )
    Offer.objects.bulk_create(offers)
    # The run was made the day after the deadline and published two days later.
    AllocationRun.objects.filter(pk=run.pk).update(
        created_at=deadline + timedelta(days=1), published_at=deadline + timedelta(days=3)
    )
    # Published as the service would, so that the round's history shows the step.
    past.refresh_from_db()
    round_status_change(None, past, AllocationRound.Status.PUBLISHED, note=run_note(run))
    return past, applications


def load(*, seed: int, today: date) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 7)
    demo_placements = Placement.objects.filter(is_demo=True).select_related("city", "host__city")
    latest = demo_placements.aggregate(latest=Max("starts_on"))["latest"]
    if latest is None:
        return {}
    current_year = AcademicYear.containing(latest)
    previous_year = AcademicYear(current_year.start_year - 1)
    by_year = {
        year: list(
            demo_placements.filter(
                starts_on__gte=year.starts_on, starts_on__lte=year.ends_on
            ).order_by("pk")
        )
        for year in (previous_year, current_year)
    }
    past_placements = rng.sample(
        by_year[previous_year], min(PAST_PLACEMENTS, len(by_year[previous_year]))
    )
    current_placements = rng.sample(
        by_year[current_year], min(CURRENT_PLACEMENTS, len(by_year[current_year]))
    )
    # Mainland placements ask for Putonghua; a few are for final-year students only.
    for placement in current_placements:
        if placement.city is not None and placement.city.country_code == "CN":
            placement.required_languages = ["zh"]
        if rng.random() < 0.1:
            placement.eligible_years = [4]
    Placement.objects.bulk_update(current_placements, ["required_languages", "eligible_years"])

    students = _students(rng)
    past, past_applications = _past_round(rng, today, students[: STUDENTS // 2], past_placements)
    current = AllocationRound.objects.create(
        name=f"WIE summer placements {current_year.label} (demo)",
        academic_year=current_year.start_year,
        application_deadline=_at_noon(today + timedelta(days=21)),
        max_preferences=5,
        status=AllocationRound.Status.OPEN,
        is_demo=True,
    )
    current.placements.set(current_placements)
    current_applications = _apply(rng, current, students[STUDENTS // 4 :], current_placements)

    student_user = demo_user(STUDENT_USERNAME)
    Student.objects.filter(pk=students[-1].pk).update(user=student_user)
    host_user = demo_user(HOST_USERNAME)
    ranked = next(
        (p for p in current_placements if current.applications.filter(placement=p).exists()),
        current_placements[0] if current_placements else None,
    )
    rankings = 0
    if ranked is not None:
        HostContact.objects.get_or_create(user=host_user, organisation_id=ranked.host_id)
        applicants = list(
            current.applications.filter(placement=ranked)
            .order_by("student_id")
            .values_list("student_id", flat=True)
        )
        rng.shuffle(applicants)
        rankings = len(
            HostRanking.objects.bulk_create(
                HostRanking(round=current, placement=ranked, student_id=student, rank=rank)
                for rank, student in enumerate(applicants[: len(applicants) * 2 // 3], 1)
            )
        )
    return {
        "WIE demo students": len(students),
        "WIE allocation rounds": 2,
        "WIE applications": past_applications + current_applications,
        "WIE offers": Offer.objects.filter(run__round=past).count(),
        "WIE applicants ranked by the demo host": rankings,
    }
