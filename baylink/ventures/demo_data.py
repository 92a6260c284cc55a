"""Demo entrepreneurship records: the seed page's 2019 immersive programme and generated ones.

The seed page: "In the summer of 2019 the Institute ran a 50-day immersive entrepreneurship
programme for nearly 80 tertiary students". Other programmes, cohorts (2016/17 to 2025/26),
start-ups and outcomes are generated from the seed, so a load is the same every time.
Written in bulk for speed (every record flagged `is_demo`).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max

from baylink.core.academic_year import AcademicYear
from baylink.core.search import search_text
from baylink.core.trilingual import fill_conversions, trilingual_values
from baylink.directory.models import City
from baylink.initiatives.models import Initiative
from baylink.talent.models import Student
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup

SEED_PROGRAMME = "gba-i3-immersive"
SEED_COHORT_SIZE = 78  # "nearly eighty" students
DEMO_PREFIX = "DV"
# Value in Hong Kong dollars of one unit, as recorded with each demo funding round.
HKD_PER_UNIT = {"HKD": Decimal(1), "CNY": Decimal("1.08"), "USD": Decimal("7.80")}

# slug: (kind, organiser slug, English, Traditional Chinese, Simplified Chinese, description)
PROGRAMMES: dict[str, tuple[str, str, str, str, str, str]] = {
    SEED_PROGRAMME: (
        Programme.Kind.IMMERSIVE,
        "gba-i3",
        "GBA I3 Immersive Entrepreneurship Programme",
        "大灣區國際創新學院浸沉式創業活動",
        "大湾区国际创新学院沉浸式创业活动",
        "A summer of immersion in the start-up and innovation culture of the Greater Bay Area "
        "for tertiary students, run by the Greater Bay Area International Institute for "
        "Innovation.",
    ),
    "micro-fund-incubation": (
        Programme.Kind.INCUBATION,
        "",
        "Student Start-up Incubation Scheme",
        "學生初創企業培育計劃",
        "",
        "A year of seed funding, mentoring and co-working space for student start-ups.",
    ),
    "gba-startup-challenge": (
        Programme.Kind.COMPETITION,
        "gba-i3",
        "Greater Bay Area Start-up Challenge",
        "大灣區創業挑戰賽",
        "",
        "A pitching competition for student and alumni teams with prizes and investor meetings.",
    ),
    "shenzhen-accelerator": (
        Programme.Kind.ACCELERATOR,
        "gba-i3",
        "Shenzhen Hardware Accelerator",
        "深圳硬件加速計劃",
        "",
        "Twelve weeks in Shenzhen taking a hardware prototype to a manufacturable product.",
    ),
    "design-sprint-workshop": (
        Programme.Kind.WORKSHOP,
        "",
        "Design Sprint Workshop",
        "設計衝刺工作坊",
        "",
        "Five days from a problem to a tested prototype, for first-time founders.",
    ),
}
# Generated cohorts: slug -> (first academic year, step in years, month, day, days, size).
SCHEDULES: dict[str, tuple[int, int, int, int, int, int]] = {
    SEED_PROGRAMME: (2020, 2, 6, 22, 50, 40),
    "micro-fund-incubation": (2016, 1, 9, 1, 300, 14),
    "gba-startup-challenge": (2017, 1, 3, 10, 30, 24),
    "shenzhen-accelerator": (2018, 2, 10, 5, 84, 10),
    "design-sprint-workshop": (2016, 1, 1, 8, 5, 20),
}
VISITED = ["SZ", "GZ", "DG", "FS", "ZH", "HK"]
STARTUP_NAMES = [
    ("Bay Robotics", "灣區機械人"),
    ("Pearl River Analytics", "珠江數據分析"),
    ("Harbour Health AI", "海港健康智能"),
    ("Lychee Labs", "荔枝實驗室"),
    ("Greenroof Energy", "綠頂能源"),
    ("Tram Pay", "叮叮支付"),
    ("Kowloon Materials", "九龍新材料"),
    ("Smart Dim Sum", "智能點心"),
    ("Typhoon Logistics", "颱風物流"),
    ("Lion Rock Learning", "獅子山學習"),
    ("Junk Boat Mobility", "帆船出行"),
    ("Mooncake Media", "月餅傳媒"),
    ("Sampan Sensors", "舢舨感測"),
    ("Egg Tart Games", "蛋撻遊戲"),
    ("Ferry Finance", "渡輪金融"),
    ("Peak Photonics", "山頂光子"),
    ("Banyan Bio", "榕樹生物"),
    ("Milk Tea Studio", "奶茶工作室"),
    ("Neon Signs Digital", "霓虹數碼"),
    ("Wet Market Fresh", "街市鮮"),
    ("Bauhinia Batteries", "紫荊電池"),
    ("Star Ferry Robotics", "天星機械人"),
]
STAGE_WEIGHTS = [
    (Startup.Stage.IDEA, 2),
    (Startup.Stage.PROTOTYPE, 4),
    (Startup.Stage.SEED, 5),
    (Startup.Stage.SERIES_A_PLUS, 2),
    (Startup.Stage.ACQUIRED, 1),
    (Startup.Stage.CLOSED, 2),
]


def _generated_cohorts(today: date) -> list[tuple[date, str]]:
    """Every generated cohort up to the current academic year: (start, programme slug)."""
    cohorts: list[tuple[date, str]] = []
    last_year = AcademicYear.containing(today).start_year
    for slug, (first, step, month, day, _days, _size) in SCHEDULES.items():
        for year in range(first, min(last_year, 2025) + 1, step):
            start_year = year if month >= 7 else year + 1
            cohorts.append((date(start_year, month, day), slug))
    return cohorts


def _demo_students(count: int, rng: random.Random) -> list[Student]:
    """The demo students (of the WIE demo data), topped up with our own 'DV' ones."""
    students = list(Student.objects.filter(is_demo=True).order_by("student_number")[:count])
    missing = count - len(students)
    if missing > 0:
        taken = Student.objects.filter(student_number__startswith=DEMO_PREFIX).aggregate(
            last=Max("student_number")
        )["last"]
        first = int(taken[len(DEMO_PREFIX) :]) + 1 if taken else 1
        surnames = ["Chan", "Wong", "Lee", "Cheung", "Lau", "Ho", "Ng", "Leung", "Yip", "Tsang"]
        given = ["Ka-yan", "Chi-ho", "Wing-sze", "Tsz-kin", "Hoi-lam", "Man-kit", "Yuen-ting"]
        zh_surnames = ["陳", "黃", "李", "張", "劉", "何", "吳", "梁", "葉", "曾"]
        zh_given = ["嘉欣", "志豪", "詠詩", "子健", "凱琳"]
        programmes = ["BSc in Computing", "BEng in Electrical Engineering", "BBA in Marketing"]
        created = [
            Student(
                student_number=f"{DEMO_PREFIX}{first + index:06d}",
                name_en=f"{surnames[(first + index) % 10]} {rng.choice(given)}",
                name_zh=f"{zh_surnames[(first + index) % 10]}{rng.choice(zh_given)}",
                email=f"dv{first + index:06d}@connect.example.edu.hk",
                programme=rng.choice(programmes),
                year_of_study=rng.randint(1, 4),
                languages=["en", "yue"],
                is_demo=True,
            )
            for index in range(missing)
        ]
        students += Student.objects.bulk_create(created)
    return students


def _cohort(programme: Programme, starts_on: date, days: int, capacity: int | None) -> Cohort:
    return Cohort(
        programme=programme,
        label=starts_on.strftime("%B %Y"),
        academic_year=AcademicYear.containing(starts_on).start_year,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        capacity=capacity,
        is_demo=True,
    )


def _status(rng: random.Random, cohort: Cohort, today: date) -> str:
    if cohort.starts_on > today:
        return Participant.Status.APPLIED
    if rng.random() < 0.05:
        return Participant.Status.WITHDRAWN
    return Participant.Status.COMPLETED if cohort.ends_on < today else Participant.Status.ADMITTED


def load(*, seed: int, today: date) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 11)
    initiatives = {i.slug: i for i in Initiative.objects.filter(slug__in=["gba-i3"])}
    programmes: dict[str, Programme] = {}
    for slug, (kind, organiser, en, zh_hant, zh_hans, description) in PROGRAMMES.items():
        programme = Programme(
            slug=slug,
            kind=kind,
            organiser=initiatives.get(organiser),
            name_en=en,
            name_zh_hant=zh_hant,
            name_zh_hans=zh_hans,
            description_en=description,
            is_demo=True,
        )
        fill_conversions(programme)
        programme.search_text = search_text(trilingual_values(programme, "name"))
        programmes[slug] = programme
    Programme.objects.bulk_create(programmes.values())

    # The seed page's cohort first, then the generated ones (2016/17 to 2025/26).
    planned = [(programmes[SEED_PROGRAMME], date(2019, 6, 24), 50, 80, SEED_COHORT_SIZE)]
    for starts_on, slug in _generated_cohorts(today):
        *_, days, size = SCHEDULES[slug]
        planned.append((programmes[slug], starts_on, days, size + 4, size - rng.randint(0, 3)))
    cohorts = Cohort.objects.bulk_create(
        [
            _cohort(programme, start, days, capacity)
            for programme, start, days, capacity, _ in planned
        ]
    )
    cities = {city.code: city for city in City.objects.filter(code__in=VISITED)}
    through = Cohort.cities.through
    visits = []
    for index, cohort in enumerate(cohorts):
        codes = ["SZ", "HK", "GZ"] if index == 0 else rng.sample(VISITED, rng.randint(1, 3))
        visits += [through(cohort_id=cohort.pk, city_id=cities[c].pk) for c in codes if c in cities]
    through.objects.bulk_create(visits)

    # Its own generator: the rest comes out the same whether or not students had to be made.
    pool = _demo_students(max(size for *_, size in planned) * 3, random.Random(seed))
    participants = []
    for index, (cohort, (*_, size)) in enumerate(zip(cohorts, planned, strict=True)):
        for position, student in enumerate(rng.sample(pool, size)):
            # The seed page's cohort: every one of the "nearly eighty" took part.
            status = Participant.Status.COMPLETED if index == 0 else _status(rng, cohort, today)
            participants.append(
                Participant(
                    cohort=cohort,
                    student=student,
                    status=status,
                    team=f"Team {position // 5 + 1}",
                    role="Team lead" if position % 5 == 0 else "",
                )
            )
    Participant.objects.bulk_create(participants)

    startups, founders, outcomes = _startups(rng, today, cohorts, initiatives, pool)
    return {
        "start-up programmes": len(programmes),
        "start-up cohorts": len(cohorts),
        "start-up programme participants": len(participants),
        "start-ups": startups,
        "start-up founders": founders,
        "start-up outcomes": outcomes,
    }


def _startups(
    rng: random.Random,
    today: date,
    cohorts: list[Cohort],
    initiatives: dict[str, Initiative],
    pool: list[Student],
) -> tuple[int, int, int]:
    gba = {city.code: city for city in City.objects.filter(is_gba=True)}
    elsewhere = City.objects.filter(is_gba=False).order_by("code").first()
    finished = [cohort for cohort in cohorts if cohort.ends_on < today]
    startups: list[Startup] = []
    for index, (en, zh_hant) in enumerate(STARTUP_NAMES):
        cohort = finished[(index * 5) % len(finished)] if finished else None
        founded = (cohort.ends_on if cohort else date(2017, 1, 1)) + timedelta(rng.randint(30, 240))
        founded = min(founded, today)
        stage = rng.choices([s for s, _ in STAGE_WEIGHTS], [w for _, w in STAGE_WEIGHTS])[0]
        closed_on = None
        if stage in (Startup.Stage.CLOSED, Startup.Stage.ACQUIRED):
            closed_on = min(founded + timedelta(days=rng.randint(400, 1500)), today)
        code = rng.choice(["SZ", "SZ", "HK", "HK", "GZ", "DG", "ZH", "FS"])
        city = elsewhere if index % 9 == 8 and elsewhere else gba.get(code)
        startup = Startup(
            name_en=en,
            name_zh_hant=zh_hant,
            incubator=initiatives.get("gba-i3") if index % 3 != 2 else None,
            cohort=cohort,
            city=city,
            stage=stage,
            status=Startup.Status.CLOSED if closed_on else Startup.Status.ACTIVE,
            founded_on=founded,
            closed_on=closed_on,
            website=f"https://{en.lower().replace(' ', '')}.example.com",
            is_demo=True,
        )
        fill_conversions(startup)
        startup.search_text = search_text(trilingual_values(startup, "name"))
        startups.append(startup)
    Startup.objects.bulk_create(startups)

    founders: list[Founder] = []
    outcomes: list[Outcome] = []
    for startup in startups:
        for student in rng.sample(pool, rng.randint(1, 3)):
            founders.append(Founder(startup=startup, student=student, role=""))
        founders[-1].role = "CEO"
        assert startup.founded_on is not None
        outcomes.append(
            Outcome(
                startup=startup, kind=Outcome.Kind.INCORPORATION, occurred_on=startup.founded_on
            )
        )
        day, raised = startup.founded_on, Decimal(0)
        rounds = {"idea": 0, "prototype": 1, "seed": 2, "series_a_plus": 3}.get(startup.stage, 2)
        for number in range(rounds):
            day = day + timedelta(days=rng.randint(120, 420))
            if day > (startup.closed_on or today):
                break
            currency = rng.choice(["HKD", "HKD", "CNY", "USD"])
            amount = Decimal(rng.randint(2, 40) * 50_000 * (number + 1) ** 2)
            if currency == "USD":
                amount = (amount / 8).quantize(Decimal(1000))
            in_hkd = (amount * HKD_PER_UNIT[currency]).quantize(Decimal(1))
            raised += in_hkd
            outcomes.append(
                Outcome(
                    startup=startup,
                    kind=Outcome.Kind.FUNDING_ROUND,
                    occurred_on=day,
                    description=["Angel round", "Seed round", "Series A"][number],
                    amount=amount,
                    currency=currency,
                    amount_hkd=in_hkd,
                )
            )
        if rng.random() < 0.5 and day < today:
            outcomes.append(
                Outcome(
                    startup=startup,
                    kind=Outcome.Kind.JOBS_CREATED,
                    occurred_on=min(day + timedelta(days=90), today),
                    jobs=rng.randint(2, 25),
                )
            )
        if rng.random() < 0.4:
            outcomes.append(
                Outcome(
                    startup=startup,
                    kind=Outcome.Kind.PRODUCT_LAUNCH,
                    occurred_on=min(startup.founded_on + timedelta(days=200), today),
                    description="First product on sale",
                )
            )
        startup.funding_raised = raised
    Startup.objects.bulk_update(startups, ["funding_raised"])
    for cohort in rng.sample(finished, min(4, len(finished))):
        outcomes.append(
            Outcome(
                cohort=cohort,
                kind=Outcome.Kind.AWARD,
                occurred_on=cohort.ends_on,
                description="Best team award at the demo day",
                amount=Decimal(50_000),
                currency="HKD",
                amount_hkd=Decimal(50_000),
            )
        )
    Founder.objects.bulk_create(founders)
    Outcome.objects.bulk_create(outcomes)
    return len(startups), len(founders), len(outcomes)
