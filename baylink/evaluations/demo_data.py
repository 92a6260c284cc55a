"""Demo WIE records: past academic years' placements with hours and both evaluations.

Runs after the talent demo data (`baylink load-demo`): it uses the demo students that the talent
app created, or, when there are none, creates a small set of its own (numbers starting 'DE').
Deterministic for a given seed and day; written in bulk, so not audited (like the other demo
records).
"""

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from baylink.core.academic_year import AcademicYear
from baylink.demo.vocabulary import HK_GIVEN, HK_SURNAMES
from baylink.directory.models import Unit
from baylink.evaluations.models import (
    HIGHEST_RATING,
    LOWEST_RATING,
    HostEvaluation,
    LearningOutcome,
    PlacementRecord,
    StudentEvaluation,
)
from baylink.talent import demo_data as talent_demo
from baylink.talent.models import HostContact, Placement, Student

FIRST_YEAR = 2016
RECORDS_PER_YEAR = 60
IN_PROGRESS_NOW = 12
OWN_STUDENTS = 240
BATCH = 1000

# (programme, unit code): programmes whose students do WIE placements.
PROGRAMMES = [
    ("BSc (Hons) in Computing", "COMP"),
    ("BEng (Hons) in Electrical Engineering", "EEE"),
    ("BEng (Hons) in Mechanical Engineering", "ME"),
    ("BSc (Hons) in Logistics Engineering and Management", "ISE"),
    ("BEng (Hons) in Civil Engineering", "CEE"),
    ("BSc (Hons) in Applied Biology with Biotechnology", "ABCT"),
    ("BBA (Hons) in Global Supply Chain Management", "LMS"),
    ("BSc (Hons) in Hotel Management", "SHTM"),
    ("BA (Hons) in Interactive Media", "SD"),
    ("BSc (Hons) in Nursing", "SN"),
]
SUPERVISORS = [
    ("Alice Ma", "Engineering Manager"),
    ("Kenneth Yuen", "Senior Consultant"),
    ("Zhou Wei", "Project Director"),
    ("Priya Raman", "Team Lead"),
    ("Vincent Lo", "Operations Manager"),
    ("Chen Jing", "HR Business Partner"),
]
HOST_COMMENTS = [
    "Quick learner who took on real project work from the second week.",
    "Reliable and well prepared; could speak up more in meetings.",
    "Worked well with the mainland team and bridged the language gap.",
    "表現積極，能獨立完成分配的工作。",
    "",
]
STUDENT_COMMENTS = [
    "I learnt how a real engineering team plans and ships work.",
    "Good supervision; the commute was long but the experience was worth it.",
    "在大灣區工作讓我了解內地的職場文化。",
    "More structured training in the first weeks would help.",
    "",
]


def load(*, seed: int, today: date) -> dict[str, int]:
    """Create the demo records; return what was created, by name."""
    rng = random.Random(f"evaluations-{seed}")
    with transaction.atomic():
        students, created_students = _students(rng)
        if not students:
            return {}
        records = _records(rng, students, today)
        PlacementRecord.objects.bulk_create(records, batch_size=BATCH)
        host, student = _evaluations(rng, records, today)
        HostEvaluation.objects.bulk_create(host, batch_size=BATCH)
        StudentEvaluation.objects.bulk_create(student, batch_size=BATCH)
        records += _records_to_evaluate(today)
    counts = {
        "WIE placement records": len(records),
        "host evaluations": len(host),
        "student evaluations": len(student),
    }
    if created_students:
        counts["demo students for WIE records"] = created_students
    return counts


def _students(rng: random.Random) -> tuple[list[Student], int]:
    existing = list(Student.objects.filter(is_demo=True).order_by("student_number"))
    if existing:
        return existing, 0
    units = {
        unit.code: unit for unit in Unit.objects.filter(organisation__is_home=True).exclude(code="")
    }
    students = []
    for number in range(1, OWN_STUDENTS + 1):
        surname, surname_zh = rng.choice(HK_SURNAMES)
        given, given_zh = rng.choice(HK_GIVEN)
        programme, unit_code = rng.choice(PROGRAMMES)
        student_number = f"DE{number:07d}"
        students.append(
            Student(
                student_number=student_number,
                name_en=f"{surname} {given}",
                name_zh=f"{surname_zh}{given_zh}",
                email=f"{student_number.lower()}@connect.example.edu.hk",
                programme=programme,
                unit=units.get(unit_code),
                year_of_study=rng.choice([2, 3, 3, 4]),
                languages=rng.choice([["en", "yue"], ["en", "yue", "zh"], ["en", "zh"]]),
                is_demo=True,
            )
        )
    Student.objects.bulk_create(students, batch_size=BATCH)
    return list(Student.objects.filter(is_demo=True).order_by("student_number")), len(students)


def _records(rng: random.Random, students: Sequence[Student], today: date) -> list[PlacementRecord]:
    current = AcademicYear.containing(today)
    placements = list(
        Placement.objects.filter(is_demo=True, starts_on__lte=today)
        .only("pk", "starts_on", "ends_on", "hours")
        .order_by("starts_on", "pk")
    )
    by_year: dict[int, list[Placement]] = {}
    for placement in placements:
        year = AcademicYear.containing(placement.starts_on).start_year
        by_year.setdefault(year, []).append(placement)
    records: list[PlacementRecord] = []
    for year in range(FIRST_YEAR, current.start_year + 1):
        in_progress_year = year == current.start_year
        candidates = [
            p
            for p in by_year.get(year, [])
            if (p.ends_on >= today if in_progress_year else p.ends_on < today)
        ]
        wanted = IN_PROGRESS_NOW if in_progress_year else RECORDS_PER_YEAR
        chosen = rng.sample(candidates, min(wanted, len(candidates), len(students)))
        takers = rng.sample(list(students), len(chosen))
        for placement, student in zip(chosen, takers, strict=True):
            records.append(_record(rng, placement, student, year, in_progress_year, today))
    return records


def _record(
    rng: random.Random,
    placement: Placement,
    student: Student,
    year: int,
    in_progress: bool,
    today: date,
) -> PlacementRecord:
    record = PlacementRecord(student=student, placement=placement, academic_year=year, is_demo=True)
    if in_progress:
        elapsed = max((today - placement.starts_on).days, 0)
        record.wie_hours = min(placement.hours, elapsed // 7 * 40)
        return record
    if rng.random() < 0.07:
        record.status = PlacementRecord.Status.WITHDRAWN
        record.wie_hours = rng.randint(0, placement.hours // 2)
        return record
    record.status = PlacementRecord.Status.COMPLETED
    full = rng.random() < 0.8
    record.wie_hours = (
        placement.hours if full else rng.randint(placement.hours * 6 // 10, placement.hours)
    )
    record.completed_on = min(placement.ends_on, today)
    return record


def _rating(rng: random.Random, base: float) -> int:
    return max(LOWEST_RATING, min(HIGHEST_RATING, round(base + rng.gauss(0, 0.6))))


def _evaluations(
    rng: random.Random, records: Sequence[PlacementRecord], today: date
) -> tuple[list[HostEvaluation], list[StudentEvaluation]]:
    hosts: list[HostEvaluation] = []
    students: list[StudentEvaluation] = []
    outcomes = list(LearningOutcome.values)
    for record in records:
        if record.status != PlacementRecord.Status.COMPLETED or record.completed_on is None:
            continue
        base = rng.gauss(3.9, 0.5)
        if rng.random() < 0.85:
            name, title = rng.choice(SUPERVISORS)
            values: dict[str, Any] = {c: _rating(rng, base) for c in HostEvaluation.CRITERIA}
            hosts.append(
                HostEvaluation(
                    record=record,
                    supervisor_name=name,
                    supervisor_title=title,
                    would_host_again=base >= 3.5 or rng.random() < 0.3,
                    comments=rng.choice(HOST_COMMENTS),
                    submitted_on=_submitted(rng, record.completed_on, today),
                    **values,
                )
            )
        if rng.random() < 0.75:
            values = {c: _rating(rng, base + 0.1) for c in StudentEvaluation.CRITERIA}
            reached = set(rng.sample(outcomes, rng.randint(2, 4)))
            students.append(
                StudentEvaluation(
                    record=record,
                    learning_outcomes=[code for code in outcomes if code in reached],
                    would_recommend=values["overall"] >= 4,
                    comments=rng.choice(STUDENT_COMMENTS),
                    submitted_on=_submitted(rng, record.completed_on, today),
                    **values,
                )
            )
    return hosts, students


def _submitted(rng: random.Random, completed_on: date, today: date) -> date:
    return min(completed_on + timedelta(days=rng.randint(3, 30)), today)


def _records_to_evaluate(today: date) -> list[PlacementRecord]:
    """The demo student's last placement, at the demo host's organisation, not yet evaluated.

    So that /wie/evaluations/ has a form to show to both demo accounts.
    """
    student = Student.objects.filter(user__username=talent_demo.STUDENT_USERNAME).first()
    contact = HostContact.objects.filter(user__username=talent_demo.HOST_USERNAME).first()
    if student is None or contact is None:
        return []
    placement = (
        Placement.objects.filter(host_id=contact.organisation_id, ends_on__lt=today)
        .order_by("-ends_on", "pk")
        .first()
    )
    if placement is None:
        return []
    record = PlacementRecord.objects.create(
        student=student,
        placement=placement,
        academic_year=AcademicYear.containing(placement.starts_on).start_year,
        status=PlacementRecord.Status.COMPLETED,
        wie_hours=placement.hours,
        completed_on=placement.ends_on,
        is_demo=True,
    )
    return [record]
