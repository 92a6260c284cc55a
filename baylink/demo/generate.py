"""Generated demo records (flagged `is_demo`) at a realistic volume for 2016/17 to 2025/26.

Deterministic for a seed. Tuned so that the 2018/19 figures read as on the university's page:
3,000+ research projects, 350+ partners, 250+ exchange partners and 416 academic agreements as
at 30 June 2019. Those figures are still computed from these records by `reporting`; the
generator only places the records so that the computation gives them.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import translation

from baylink.agreements.models import Agreement, MobilitySpec, Party
from baylink.core.academic_year import AcademicYear
from baylink.core.chinese import to_simplified
from baylink.core.search import search_text
from baylink.core.trilingual import fill_conversions, trilingual_values
from baylink.demo import vocabulary as words
from baylink.demo.loader import Registry, status_on
from baylink.directory.models import Organisation, Person
from baylink.directory.services import organisation_create
from baylink.research.models import KnowledgeTransferOutput, Project, ProjectPartner
from baylink.talent.models import Placement

ACADEMIC_AGREEMENTS_30_JUNE_2019 = 416
PAGE_YEAR = AcademicYear(2018)
FIRST_PROJECT_YEAR, LAST_YEAR = 2012, 2026
BATCH = 2000


@dataclass
class Pools:
    """Partner organisations by how the university works with them."""

    core: list[Organisation] = field(default_factory=list)  # continuous partners since 2014
    exchange: list[Organisation] = field(default_factory=list)  # universities abroad
    occasional: list[Organisation] = field(default_factory=list)  # one-off research partners
    hosts: list[Organisation] = field(default_factory=list)  # internship hosts


@dataclass
class AgreementPlan:
    """An agreement before it is written: enough to count it and to create it."""

    kind: str
    partner: Organisation
    starts_on: date
    ends_on: date
    renews_previous: bool = False
    renewed: bool = False


def _day_in(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> date:
    month = rng.randint(first_month, last_month)
    return date(year, month, rng.randint(1, 28))


def _add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years) - timedelta(days=1)


def _in_force_on(plan: AgreementPlan, day: date) -> bool:
    return plan.starts_on <= day <= plan.ends_on


def _in_force_during(plan: AgreementPlan, year: AcademicYear) -> bool:
    return plan.starts_on <= year.ends_on and plan.ends_on >= year.starts_on


class DemoGenerator:
    def __init__(self, registry: Registry, *, seed: int, today: date) -> None:
        self.registry = registry
        self.rng = random.Random(seed)
        # Its own stream, so that adding KT outputs left the placements generated after them as
        # they were.
        self.kt_rng = random.Random(seed + 1)
        self.today = today
        self.projects: list[Project] = []
        self.pools = Pools()
        self.researchers: list[Person] = []
        self.counts: dict[str, int] = {}

    # -- organisations and people -------------------------------------------------------------

    def build_pools(self) -> None:
        organisations = sorted(
            (o for o in self.registry.organisations.values() if o.ror_id and not o.is_home),
            key=lambda o: str(o.ror_id),
        )
        types = _types_by_organisation()
        for organisation in organisations:
            kinds = types.get(organisation.pk, set())
            city = organisation.city
            in_gba = bool(city and city.is_gba)
            if organisation.status != Organisation.Status.ACTIVE:
                continue
            if "company" in kinds:
                (
                    self.pools.hosts if in_gba or self.rng.random() < 0.5 else self.pools.occasional
                ).append(organisation)
            elif in_gba or (organisation.country_code == "CN" and "facility" in kinds):
                self.pools.core.append(organisation)
            elif "education" in kinds:
                self.pools.exchange.append(organisation)
            else:
                self.pools.occasional.append(organisation)
        # The directory holds more organisations than the university works with every year.
        self.pools.core = sorted(self.rng.sample(self.pools.core, 95), key=lambda o: str(o.ror_id))
        self.rng.shuffle(self.pools.exchange)
        self.pools.hosts += self._demo_companies()

    def _demo_companies(self) -> list[Organisation]:
        cities = self.registry.cities
        mainland = [cities[code] for code in ("SZ", "GZ", "DG", "ZH", "FS", "HZ", "ZS")]
        companies = []
        for prefix_en, prefix_zh in words.COMPANY_PREFIXES:
            for sector_en, sector_zh in self.rng.sample(words.COMPANY_SECTORS, 6):
                if self.rng.random() < 0.7:
                    city, en = cities["HK"], f"{prefix_en} {sector_en} Limited"
                    zh = f"{prefix_zh}{sector_zh}有限公司"
                else:
                    city = self.rng.choice(mainland)
                    en = f"{prefix_en} {sector_en} ({city.name_en}) Co., Ltd."
                    zh = f"{city.name_zh_hant}{prefix_zh}{sector_zh}有限公司"
                companies.append(
                    organisation_create(
                        actor=None,
                        name_en=en,
                        name_zh_hant=zh,
                        types=["company"],
                        city=city,
                        is_demo=True,
                    )
                )
        self.counts["demo companies"] = len(companies)
        return companies

    def create_researchers(self, count: int = 600) -> None:
        units = [u for u in self.registry.units.values() if u.kind in ("department", "school")]
        people = []
        for index in range(count):
            roll = self.rng.random()
            if roll < 0.65:
                surname, given = self.rng.choice(words.HK_SURNAMES), self.rng.choice(words.HK_GIVEN)
                en, hant = f"{surname[0]} {given[0]}", surname[1] + given[1]
            elif roll < 0.88:
                surname = self.rng.choice(words.MAINLAND_SURNAMES)
                given = self.rng.choice(words.MAINLAND_GIVEN)
                en, hant = f"{surname[0]} {given[0]}", surname[1] + given[1]
            else:
                en, hant = self.rng.choice(words.INTERNATIONAL_NAMES), ""
            person = Person(
                name_en=en,
                name_zh_hant=hant,
                honorific=self.rng.choice(["Prof.", "Prof.", "Dr", "Dr", "Ir Prof."]),
                email=f"researcher{index + 1:04d}@example.org",
                organisation=self.registry.home,
                unit=self.rng.choice(units),
                is_demo=True,
            )
            fill_conversions(person)
            person.search_text = search_text([*trilingual_values(person, "name"), person.email])
            people.append(person)
        self.researchers = Person.objects.bulk_create(people, batch_size=BATCH)
        self.counts["researchers"] = len(people)

    # -- agreements ---------------------------------------------------------------------------

    def plan_agreements(self) -> list[AgreementPlan]:
        plans: list[AgreementPlan] = []
        for organisation in self.pools.core:
            # Strategic partners: a chain of five-year agreements, never lapsing, since 2010-14.
            start = _day_in(self.rng, self.rng.randint(2010, 2014))
            kind = self.rng.choice(["mou", "research", "academic"])
            plans += self._chain(kind, organisation, start, lapse_chance=0.0, until=2027)
        exchange_years = list(range(2004, 2026))
        weights = [3 if y < 2015 else 1.5 for y in exchange_years]
        for organisation in self.pools.exchange:
            first_year = self.rng.choices(exchange_years, weights)[0]
            start = date(first_year, self.rng.choice([7, 9, 1]), 1)
            plans += self._chain("student_exchange", organisation, start, lapse_chance=0.08)
        for organisation in self.pools.occasional:
            for _ in range(self.rng.randint(1, 2)):
                start = _day_in(self.rng, self.rng.randint(2012, 2025))
                kind = self.rng.choice(["research", "mou", "dual_degree"])
                plans.append(AgreementPlan(kind, organisation, start, _add_years(start, 3)))
        return plans

    def _chain(
        self,
        kind: str,
        organisation: Organisation,
        start: date,
        *,
        lapse_chance: float,
        until: int = LAST_YEAR,
    ) -> list[AgreementPlan]:
        chain: list[AgreementPlan] = []
        while start.year <= until:
            plan = AgreementPlan(kind, organisation, start, _add_years(start, 5), bool(chain))
            if chain:
                chain[-1].renewed = True
            chain.append(plan)
            if self.rng.random() < lapse_chance:
                break
            start = plan.ends_on + timedelta(days=1)
        return chain

    def top_up_to_page_count(self, plans: list[AgreementPlan]) -> list[AgreementPlan]:
        """Add academic agreements with current partners until 416 are in force on 30 June 2019."""
        from baylink.agreements.selectors import agreements_in_force
        from baylink.reporting.figures import ACADEMIC_KINDS

        day = PAGE_YEAR.ends_on
        already = agreements_in_force(on=day, kinds=ACADEMIC_KINDS).count()  # the page's own
        in_force = already + sum(
            1 for p in plans if p.kind in ACADEMIC_KINDS and _in_force_on(p, day)
        )
        missing = ACADEMIC_AGREEMENTS_30_JUNE_2019 - in_force
        if missing < 0:
            raise RuntimeError(f"demo plan has {in_force} agreements in force on {day}; tune it")
        partners = sorted(
            {p.partner.pk: p.partner for p in plans if _in_force_on(p, day)}.values(),
            key=lambda o: o.pk,
        )
        for partner in self.rng.sample(partners, missing):
            start = _day_in(self.rng, self.rng.randint(2015, 2018))
            kind = self.rng.choice(["dual_degree", "academic", "mou"])
            plans.append(AgreementPlan(kind, partner, start, _add_years(start, 5)))
        return plans

    def create_agreements(self, plans: list[AgreementPlan]) -> None:
        home = self.registry.home
        owners = [self.registry.units[code] for code in ("GEO", "GEO", "GEO", "RIO")]
        agreements = []
        for index, plan in enumerate(plans, start=1):
            partner = plan.partner
            kind_label = Agreement.Kind(plan.kind).label
            agreement = Agreement(
                reference=f"{plan.kind[:3].upper()}-{plan.starts_on.year}-{index:05d}",
                kind=plan.kind,
                status=status_on(self.today, plan.starts_on, plan.ends_on, plan.renewed),
                signed_on=plan.starts_on - timedelta(days=self.rng.randint(10, 90)),
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                owner_unit=self.rng.choice(owners),
                title_en=f"{kind_label} with {partner.name_en}",
                title_zh_hant=f"與{partner.name_zh_hant or partner.name_en}的{_KIND_ZH[plan.kind]}",
                is_demo=True,
            )
            fill_conversions(agreement)
            agreement.search_text = search_text(
                [
                    agreement.reference,
                    *trilingual_values(agreement, "title"),
                    *trilingual_values(partner, "name"),
                ]
            )
            agreements.append(agreement)
        created = Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        parties, specs = [], []
        for agreement, plan in zip(created, plans, strict=True):
            ours = Party(agreement=agreement, organisation=home, role=Party.Role.HOME, position=0)
            theirs = Party(agreement=agreement, organisation=plan.partner, position=1)
            parties += [ours, theirs]
        Party.objects.bulk_create(parties, batch_size=BATCH)
        for agreement, plan, (ours, theirs) in zip(created, plans, _pairs(parties), strict=True):
            if plan.kind == "student_exchange":
                specs += self._mobility_specs(agreement, plan, ours, theirs)
        MobilitySpec.objects.bulk_create(specs, batch_size=BATCH)
        self.counts["agreements"] = len(created)
        self.counts["mobility specifications"] = len(specs)

    def _mobility_specs(
        self, agreement: Agreement, plan: AgreementPlan, ours: Party, theirs: Party
    ) -> list[MobilitySpec]:
        first = AcademicYear.containing(plan.starts_on).start_year
        last = AcademicYear.containing(plan.ends_on).start_year
        places = self.rng.choice([2, 2, 3, 4, 5, 6])
        months = Decimal(self.rng.choice(["4.5", "4.5", "9.0"]))
        isced = self.rng.choice(["0000", "0413", "0613", "0710", "0731", "1015", "0212"])
        language = "zh" if theirs.organisation.country_code in {"CN", "TW", "MO"} else "en"
        return [
            MobilitySpec(
                agreement=agreement,
                sending_party=sender,
                receiving_party=receiver,
                first_academic_year=first,
                last_academic_year=max(first, last - 1),
                mobilities_per_year=places,
                months_per_mobility=months,
                study_level=MobilitySpec.StudyLevel.BACHELOR,
                isced_f=isced,
                language=language,
                cefr_level="B2",
            )
            for sender, receiver in ((ours, theirs), (theirs, ours))
        ]

    # -- projects -----------------------------------------------------------------------------

    def create_projects(self) -> None:
        schemes = list(self.registry.schemes.values())
        weights = [1 if s.slug == "sz-hk-cooperation-zone-pilot" else 4 for s in schemes]
        themes = self.registry.themes
        initiatives = self.registry.initiatives
        linked = {
            "cas-amss-polyu-joint-lab": ("02jkmyk67", 2019),
            "cas-gig-polyu-joint-lab": ("0356cst02", 2019),
            "peng-cheng-cooperation": ("03qdqbt06", 2019),
            "polyu-futian-institute": ("", 2020),
        }
        projects, partner_rows, theme_rows = [], [], []
        number = 0
        for year in range(FIRST_PROJECT_YEAR, LAST_YEAR + 1):
            new_projects = round(930 * 1.05 ** (year - 2016))
            if year == LAST_YEAR:
                new_projects //= 3  # the current academic year has only begun
            for _ in range(new_projects):
                number += 1
                topic_en, topic_zh, theme_slug = self.rng.choice(words.PROJECT_TOPICS)
                app_en, app_zh = self.rng.choice(words.APPLICATIONS)
                pattern_en, pattern_zh = self.rng.choice(words.TITLE_PATTERNS)
                starts_on = AcademicYear(year).starts_on + timedelta(
                    days=self.rng.randint(0, 120 if year == LAST_YEAR else 364)
                )
                months = self.rng.choice([12, 18, 24, 24, 30, 36, 36, 48])
                initiative_slug = ""
                for slug, (_, since) in linked.items():
                    if year >= since and self.rng.random() < 0.01:
                        initiative_slug = slug
                pi = self.rng.choice(self.researchers)
                title_hant = pattern_zh.format(t=topic_zh, a=app_zh)
                scheme = (
                    self.registry.schemes["sz-hk-cooperation-zone-pilot"]
                    if initiative_slug == "polyu-futian-institute"
                    else self.rng.choices(schemes, weights)[0]
                )
                reference = f"P{year}-{number:06d}"
                title_en = pattern_en.format(t=topic_en, tl=topic_en.lower(), a=app_en)
                title_hans = to_simplified(title_hant)
                project = Project(
                    reference=reference,
                    title_en=title_en,
                    title_zh_hant=title_hant,
                    title_zh_hans=title_hans,
                    title_zh_hans_machine=True,
                    principal_investigator=pi,
                    unit=pi.unit,
                    scheme=scheme,
                    initiative=initiatives.get(initiative_slug),
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=round(months * 30.4)),
                    amount=Decimal(self.rng.randint(200, 9000) * 1000),
                    is_demo=True,
                    search_text=search_text([reference, title_en, title_hant, title_hans]),
                )
                projects.append(project)
                theme_rows.append((project, themes[theme_slug]))
                partner_ror = linked.get(initiative_slug, ("", 0))[0]
                if partner_ror:
                    partner_rows.append((project, self.registry.organisations[partner_ror]))
                elif self.rng.random() < 0.35:
                    for partner in self.rng.sample(self.pools.core, self.rng.choice([1, 1, 2])):
                        partner_rows.append((project, partner))
        Project.objects.bulk_create(projects, batch_size=BATCH)
        ProjectPartner.objects.bulk_create(
            [ProjectPartner(project=p, organisation=o) for p, o in partner_rows], batch_size=BATCH
        )
        through = Project.themes.through
        through.objects.bulk_create(
            [through(project=p, theme=t) for p, t in theme_rows], batch_size=BATCH
        )
        self.counts["research projects"] = len(projects)
        self.projects = projects

    # -- knowledge-transfer outputs -------------------------------------------------------------

    def create_kt_outputs(self) -> None:
        """About one project in eight leads to a KT output, dated within the project."""
        kinds = KnowledgeTransferOutput.Kind
        weights = {
            kinds.PATENT_FILED: 25,
            kinds.PATENT_GRANTED: 10,
            kinds.LICENCE: 8,
            kinds.SPIN_OFF: 3,
            kinds.COLLABORATIVE_RESEARCH: 14,
            kinds.CONTRACT_RESEARCH: 16,
            kinds.CONSULTANCY: 12,
            kinds.CPD_COURSE: 7,
            kinds.PUBLIC_EVENT: 5,
        }
        with_income = {
            kinds.LICENCE,
            kinds.COLLABORATIVE_RESEARCH,
            kinds.CONTRACT_RESEARCH,
            kinds.CONSULTANCY,
            kinds.CPD_COURSE,
        }
        with_counterparty = with_income - {kinds.CPD_COURSE}
        labels: dict[str, tuple[str, str]] = {}
        for kind in kinds:
            with translation.override("en"):
                english = str(kind.label)
            with translation.override("zh-hant"):
                labels[kind] = (english, str(kind.label))
        outputs: list[KnowledgeTransferOutput] = []
        for project in self.projects:
            if self.kt_rng.random() >= 0.125:
                continue
            kind = self.kt_rng.choices(list(weights), list(weights.values()))[0]
            last = min(project.ends_on or self.today, self.today)
            if last < project.starts_on:
                continue
            day = project.starts_on + timedelta(
                days=self.kt_rng.randint(0, (last - project.starts_on).days)
            )
            reference = f"KT{day.year}-{len(outputs) + 1:05d}"
            label_en, label_zh = labels[kind]
            counterparty = (
                self.kt_rng.choice(self.pools.hosts) if kind in with_counterparty else None
            )
            # In Hong Kong dollars, so the HKD value is the income itself.
            income = Decimal(self.kt_rng.randint(20, 2500) * 1000) if kind in with_income else None
            title_en = f"{label_en}: {project.title_en}"
            title_hant = f"{label_zh}：{project.title_zh_hant}"
            title_hans = to_simplified(title_hant)
            outputs.append(
                KnowledgeTransferOutput(
                    reference=reference,
                    kind=kind,
                    title_en=title_en,
                    title_zh_hant=title_hant,
                    title_zh_hans=title_hans,
                    title_zh_hans_machine=True,
                    occurred_on=day,
                    project=project,
                    unit=project.unit,
                    counterparty=counterparty,
                    income=income,
                    income_hkd=income,
                    is_demo=True,
                    search_text=search_text([reference, title_en, title_hant, title_hans]),
                )
            )
        KnowledgeTransferOutput.objects.bulk_create(outputs, batch_size=BATCH)
        self.counts["KT outputs"] = len(outputs)

    # -- placements ---------------------------------------------------------------------------

    def create_placements(self) -> None:
        hk_hosts = [o for o in self.pools.hosts if o.city and o.city.code == "HK"]
        gba_hosts = [
            o for o in self.pools.hosts if o.city and o.city.is_gba and o.city.code != "HK"
        ]
        overseas_hosts = [o for o in self.pools.hosts if not (o.city and o.city.is_gba)]
        placements = []
        for start_year in range(2016, LAST_YEAR + 1):
            gba_share = 0.08 + 0.012 * (start_year - 2016)
            for _ in range(round(1150 * 1.04 ** (start_year - 2016))):
                roll = self.rng.random()
                pool = (
                    gba_hosts
                    if roll < gba_share
                    else overseas_hosts
                    if roll < gba_share + 0.05
                    else hk_hosts
                )
                host = self.rng.choice(pool or hk_hosts)
                role = self.rng.choice(words.PLACEMENT_ROLES)
                summer = self.rng.random() < 0.8
                starts_on = (
                    date(start_year + 1, 6, self.rng.randint(1, 20))
                    if summer
                    else date(start_year + 1, 1, self.rng.randint(2, 20))
                )
                weeks = self.rng.choice([8, 10, 12, 12, 16])
                in_mainland = bool(host.city and host.city.country_code == "CN")
                placement = Placement(
                    host=host,
                    city=host.city,
                    title_en=role[0],
                    title_zh_hant=role[1],
                    description_en=role[2],
                    description_zh_hant=role[3],
                    mode=self.rng.choice(["on_site"] * 6 + ["hybrid", "remote"]),
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(weeks=weeks),
                    hours=weeks * 40,
                    capacity=self.rng.choice([1, 1, 1, 2, 2, 3, 4]),
                    allowance=Decimal(self.rng.randrange(6000, 16000, 500)),
                    allowance_currency="CNY" if in_mainland else "HKD",
                    is_demo=True,
                )
                fill_conversions(placement)
                placements.append(placement)
        Placement.objects.bulk_create(placements, batch_size=BATCH)
        self.counts["placements"] = len(placements)

    def run(self) -> dict[str, int]:
        self.build_pools()
        self.create_researchers()
        self.create_agreements(self.top_up_to_page_count(self.plan_agreements()))
        self.create_projects()
        self.create_kt_outputs()
        self.create_placements()
        return self.counts


_KIND_ZH = {
    "mou": "合作備忘錄",
    "academic": "學術合作協議",
    "student_exchange": "學生交流協議",
    "research": "研究合作協議",
    "joint_lab": "聯合實驗室協議",
    "dual_degree": "聯合學位協議",
    "internship_host": "實習合作協議",
    "other": "協議",
}


def _pairs(parties: list[Party]) -> Iterator[tuple[Party, Party]]:
    iterator = iter(parties)
    return zip(iterator, iterator, strict=True)


def _types_by_organisation() -> dict[int, set[str]]:
    through = Organisation.types.through
    found: dict[int, set[str]] = {}
    for organisation_id, code in through.objects.values_list(
        "organisation_id", "organisationtype_id"
    ):
        found.setdefault(organisation_id, set()).add(code)
    return found
