"""The demo data set: the seed page's figures come out of the computed definitions."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from baylink.agreements.models import Agreement
from baylink.core.academic_year import AcademicYear
from baylink.demo.generate import DemoGenerator
from baylink.demo.loader import Registry, load_seed
from baylink.demo.models import DemoLoad
from baylink.directory.models import Organisation
from baylink.expertise.demo_data import RESEARCHER_USERNAME
from baylink.expertise.models import Challenge, ResearcherProfile
from baylink.initiatives.models import Initiative
from baylink.reporting.selectors import headline_figures

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_reproduces_the_2019_page_and_loads_once() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data loaded" in out.getvalue()

    shown = {item.figure.code: item.display for item in headline_figures(AcademicYear(2018))}
    assert shown == {
        "research_projects": "3,000+",
        "partners": "350+",
        "exchange_partners": "250+",
        "academic_agreements": "416",
    }
    # Every real entity on the page is there, with the names a Hong Kong reader expects.
    home = Organisation.objects.get(is_home=True)
    assert (home.ror_id, home.name_zh_hant) == ("0030zas98", "香港理工大學")
    assert Organisation.objects.get(ror_id="03qdqbt06").name_zh_hant == "鵬城實驗室"
    biotech = Agreement.objects.get(reference="MOU-2019-BIOTECH")
    assert biotech.parties.count() == 6
    assert (
        Initiative.objects.filter(
            kind="joint_lab", partnerships__organisation__ror_id__in=["02jkmyk67", "0356cst02"]
        ).count()
        == 2
    )
    assert Initiative.objects.filter(kind="alliance").count() == 3
    assert Initiative.objects.get(kind="branch_campus").status == "planned"
    peng_cheng = Initiative.objects.get(slug="peng-cheng-cooperation")
    assert peng_cheng.themes.count() == 5
    futian = Initiative.objects.get(slug="polyu-futian-institute")
    assert futian.funding_schemes.get().name_zh_hant.startswith("深港科技創新合作區")
    assert "人工智能与机器人" in peng_cheng.themes.values_list("name_zh_hans", flat=True)
    # Generated records are flagged; the demo covers 2016/17 to 2025/26.
    assert not Agreement.objects.filter(is_demo=False).exclude(reference__contains="-20").exists()
    for year in range(2016, 2026):
        assert headline_figures(AcademicYear(year))[0].value > 1000

    # The expertise finder has researchers to find, at the organisations the registry holds:
    # the resolver reads "香港理工大學" and "The Hong Kong Polytechnic University" as the home
    # university, not as new organisations.
    profiles = ResearcherProfile.objects.select_related("person__organisation")
    assert profiles.count() == 160
    assert {p.language for p in profiles} == {"en", "zh-hant", "zh-hans"}
    assert profiles.filter(person__organisation=home).count() == 26
    hku = profiles.filter(person__organisation__ror_id="02zhqgq86")
    assert hku.count() == 17  # "The University of Hong Kong" and "香港大學"
    # A PolyU researcher signs in to keep their own profile current.
    own = profiles.get(user__username=RESEARCHER_USERNAME)
    assert own.person.organisation == home
    assert own.user is not None
    assert own.user.check_password(f"{RESEARCHER_USERNAME}-2019")
    # Industry challenges at four steps, from companies flagged as demo data: the oldest led
    # to a contract with its company; the next has its shortlist in the order the officer
    # ranked it.
    challenges = Challenge.objects.select_related("partner").order_by("created_at")
    assert [c.status for c in challenges] == ["matched", "introduced", "shortlisting", "open"]
    assert all(c.partner is not None and c.partner.is_demo for c in challenges)
    contract = challenges[0].outcomes.get()
    assert (contract.counterparty, contract.is_demo) == (challenges[0].partner, True)
    ranked = challenges[1].entries.values_list("profile__external_id", flat=True)
    assert list(ranked) == ["dev-p120", "dev-p150", "dev-p068"]

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "already loaded" in again.getvalue()
    assert DemoLoad.objects.count() == 1


def test_the_generated_plan_is_deterministic() -> None:
    registry = Registry()
    load_seed(registry, date(2026, 11, 25))

    def plan() -> list[tuple[str, int, date, date]]:
        generator = DemoGenerator(registry, seed=7, today=date(2026, 11, 25))
        generator.pools.core = [o for o in registry.organisations.values() if o.city]
        generator.pools.exchange = [o for o in registry.organisations.values() if not o.city]
        return [(p.kind, p.partner.pk, p.starts_on, p.ends_on) for p in generator.plan_agreements()]

    assert plan() == plan()
