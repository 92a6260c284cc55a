"""Demo nominations and inbound applications under the demo's student exchange agreements.

For the last three academic years, this one and the next, every demo exchange agreement whose
terms cover the year gets about as many nominations and applications as it has places: some
partners are over their quota and many send fewer students than they receive, so that the
dashboard has warnings to show. Written in bulk; deterministic for a seed and a day.
"""

import random
from datetime import date
from decimal import Decimal

from baylink.agreements.models import Agreement, MobilitySpec
from baylink.core.academic_year import AcademicYear
from baylink.exchange.models import InboundApplication, Nomination, Term
from baylink.talent.models import Student

BATCH = 2000
OWN_STUDENTS = 60
GIVEN = ["Anna", "Lukas", "Marie", "Jonas", "Emma", "Hugo", "Sofia", "Mateo", "Yuki", "Min-jun"]
FAMILY = ["Schmidt", "Martin", "Rossi", "Garcia", "Tanaka", "Kim", "Nowak", "Jensen", "Silva"]
HOME_GIVEN = ["Tai-man", "Siu-ming", "Ka-yan", "Wing-sze", "Chun-kit", "Hoi-ying", "Lok-yin"]
HOME_FAMILY = ["Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung"]
N = Nomination.Status
I = InboundApplication.Status  # noqa: E741  # mirrors N


def _students(rng: random.Random) -> tuple[list[Student], int]:
    """The WIE demo's students, or a few of our own (numbers 'DX…') when it made none."""
    existing = list(Student.objects.filter(is_demo=True).order_by("student_number"))
    if existing:
        return existing, 0
    created = [
        Student(
            student_number=f"DX{index:06d}",
            name_en=f"{rng.choice(HOME_FAMILY)} {rng.choice(HOME_GIVEN)}",
            email=f"dx{index:06d}@connect.example.edu.hk",
            programme=rng.choice(["BBA", "BSc Computing", "BEng Civil Engineering", "BA Design"]),
            year_of_study=rng.choice([2, 3, 3]),
            languages=["en", "yue"],
            is_demo=True,
        )
        for index in range(1, OWN_STUDENTS + 1)
    ]
    return Student.objects.bulk_create(created, batch_size=BATCH), len(created)


def _outbound_status(rng: random.Random, year: int, current: int) -> str:
    if year < current:
        return rng.choices([N.COMPLETED, N.WITHDRAWN, N.REJECTED], [85, 10, 5])[0]
    if year == current:
        return rng.choices([N.ACCEPTED, N.COMPLETED, N.NOMINATED, N.WITHDRAWN], [55, 20, 15, 10])[0]
    return rng.choice([N.DRAFT, N.NOMINATED])


def _inbound_status(rng: random.Random, year: int, current: int) -> str:
    if year < current:
        return rng.choices([I.COMPLETED, I.WITHDRAWN, I.REJECTED], [85, 10, 5])[0]
    if year == current:
        return rng.choices([I.ARRIVED, I.COMPLETED, I.ACCEPTED, I.WITHDRAWN], [50, 20, 20, 10])[0]
    return I.RECEIVED


def _term(rng: random.Random, months: Decimal) -> tuple[str, Decimal]:
    if months >= 9 or rng.random() < 0.1:
        return Term.FULL_YEAR, Decimal("9.0")
    return rng.choice([Term.AUTUMN, Term.SPRING]), months


def load(*, seed: int, today: date) -> dict[str, int]:
    rng = random.Random(f"exchange-{seed}")
    current = AcademicYear.containing(today).start_year
    years = range(current - 3, current + 2)
    # Its own stream, so that the records do not depend on whether students were made here.
    students, own_students = _students(random.Random(f"exchange-students-{seed}"))
    specs = (
        MobilitySpec.objects.filter(
            agreement__is_demo=True,
            agreement__kind=Agreement.Kind.STUDENT_EXCHANGE,
            first_academic_year__lte=years[-1],
            last_academic_year__gte=years[0],
        )
        .select_related("agreement", "sending_party__organisation", "receiving_party__organisation")
        .order_by("agreement__reference", "pk")
    )
    nominations: list[Nomination] = []
    applications: list[InboundApplication] = []
    for spec in specs:
        outbound = spec.sending_party.organisation.is_home
        partner = spec.receiving_party.organisation if outbound else spec.sending_party.organisation
        for year in years:
            if not spec.first_academic_year <= year <= spec.last_academic_year:
                continue
            # Outbound demand runs around the quota; partners often send fewer than agreed.
            shift = (
                rng.choice([-1, 0, 0, 0, 0, 1]) if outbound else rng.choice([-2, -1, 0, 0, 0, 1])
            )
            for _ in range(max(spec.mobilities_per_year + shift, 0)):
                term, months = _term(rng, spec.months_per_mobility)
                common = {
                    "agreement": spec.agreement,
                    "partner": partner,
                    "academic_year": year,
                    "term": term,
                    "months": months,
                    "is_demo": True,
                }
                if outbound:
                    status = _outbound_status(rng, year, current)
                    nominations.append(
                        Nomination(
                            student=rng.choice(students),
                            status=status,
                            # Consent comes with the student's application, before nominating.
                            transfer_agreed_on=None
                            if status == N.DRAFT
                            else min(date(year, 1, 15), today),
                            **common,
                        )
                    )
                else:
                    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
                    applications.append(
                        InboundApplication(
                            name=f"{given} {family}",
                            email=f"{given}.{family}.{len(applications)}@partner.example".lower(),
                            status=_inbound_status(rng, year, current),
                            **common,
                        )
                    )
    Nomination.objects.bulk_create(nominations, batch_size=BATCH)
    InboundApplication.objects.bulk_create(applications, batch_size=BATCH)
    counts = {
        "exchange nominations": len(nominations),
        "exchange inbound applications": len(applications),
    }
    if own_students:
        counts["exchange demo students"] = own_students
    return counts
