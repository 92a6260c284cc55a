"""Public pages in all three languages, their errors, and their query counts as data grows."""

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baylink.agreements.models import Agreement
from baylink.agreements.services import PartySpec, agreement_create
from baylink.agreements.tests.factories import agreement
from baylink.core import page_cache
from baylink.directory.models import Organisation
from baylink.directory.tests.factories import home, organisation
from baylink.initiatives.tests.factories import initiative, theme
from baylink.portal.models import Section, SectionInitiative
from baylink.research.models import Project
from baylink.research.tests.factories import project
from baylink.talent.tests.factories import placement

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hant", "zh-hans"]


@pytest.fixture
def portal_data() -> dict[str, object]:
    szu = organisation("Shenzhen University", name_zh_hant="深圳大學", city_code="SZ")
    lab = initiative(szu, name_en="GBA Joint Lab", name_zh_hant="大灣區聯合實驗室")
    lab.themes.add(theme())
    mou = agreement(szu, is_public=True, title_en="Six-party MoU")
    for key, block in [
        ("figures", "figures"),
        ("gba", "gba_map"),
        ("labs", "initiatives"),
        ("mou", "agreements"),
        ("wie", "placements"),
    ]:
        section = Section.objects.create(key=key, block=block, title_en=key.upper())
        if block == "initiatives":
            SectionInitiative.objects.create(section=section, initiative=lab)
        if block == "agreements":
            section.agreements.add(mou)
    placement(city_code="SZ", starts_on=date(2019, 6, 1))
    return {"szu": szu, "lab": lab}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_every_language(
    client: Client, portal_data: dict[str, object], language: str
) -> None:
    szu, lab = portal_data["szu"], portal_data["lab"]
    pages = [
        f"/{language}/",
        f"/{language}/?academic_year=2018/19",
        f"/{language}/initiatives/",
        f"/{language}/initiatives/{lab.slug}/",  # type: ignore[attr-defined]
        f"/{language}/partners/",
        f"/{language}/partners/{szu.pk}/",  # type: ignore[attr-defined]
        f"/{language}/figures/",
        f"/{language}/figures/?academic_year=2018/19",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert (
            f'lang="{ {"en": "en", "zh-hant": "zh-Hant-HK", "zh-hans": "zh-Hans-CN"}[language] }"'
            in response.text
        )
        # Every page names its icon, so browsers do not ask for a /favicon.ico that is not there.
        icon = re.search(
            r'<link rel="icon" type="image/svg\+xml" href="/static/([^"]+)"', response.text
        )
        assert icon is not None, page
        assert finders.find(icon.group(1).split("?")[0]) is not None


def test_home_shows_every_section_from_records(
    client: Client, portal_data: dict[str, object]
) -> None:
    text = client.get("/zh-hant/?academic_year=2018/19").text
    for heading in ["FIGURES", "GBA", "LABS", "MOU", "WIE"]:
        assert heading in text
    assert "大灣區聯合實驗室" in text
    assert "深圳大學" in text
    assert 'data-figure="partners">1<' in text
    assert 'id="gba-map-data"' in text


def test_partners_are_linked_to_their_pages_but_the_university_is_not(
    client: Client, portal_data: dict[str, object]
) -> None:
    # The university is a party to its own agreements, and may lead an initiative with partners,
    # but has no partner page (the home page's agreements linked it to a 404).
    szu, university = portal_data["szu"], home()
    assert isinstance(szu, Organisation)
    lab = initiative(szu, university, name_en="Lab led with SZU")
    pages = ["/en/", "/en/initiatives/", f"/en/initiatives/{lab.slug}/"]
    for page in pages:
        text = client.get(page).text
        assert f'href="/en/partners/{szu.pk}/"' in text, page
        assert f'href="/en/partners/{university.pk}/"' not in text, page
    assert university.name_en in client.get(f"/en/initiatives/{lab.slug}/").text
    assert client.get(f"/en/partners/{university.pk}/").status_code == 404


def test_the_figures_chart_puts_dollars_on_an_axis_of_their_own(
    client: Client, portal_data: dict[str, object]
) -> None:
    # On one axis, millions of dollars flattened every count to a line at 0.
    response = client.get("/zh-hant/figures/")
    chart = response.context["chart"]
    axes = {series["code"]: series["axis"] for series in chart["series"]}
    money = ("startup_funding_hkd", "kt_income_hkd", "challenge_kt_income_hkd")
    assert [axes.pop(code) for code in money] == [1, 1, 1]
    assert set(axes.values()) == {0}
    assert chart["money_axis"] == "港元"
    assert 'id="figure-series-data"' in response.text


def test_chinese_names_follow_the_readers_script(
    client: Client, portal_data: dict[str, object]
) -> None:
    assert "深圳大学" in client.get("/zh-hans/partners/").text
    assert "深圳大學" in client.get("/zh-hant/partners/").text
    assert "Shenzhen University" in client.get("/en/partners/").text


@pytest.mark.parametrize("query", ["深圳大學", "深圳大学", "shenzhen", "SHENZHEN univ"])
def test_partner_search_in_any_script(
    client: Client, portal_data: dict[str, object], query: str
) -> None:
    organisation("University of Tokyo", city_code=None, country_code="JP")
    agreement(organisation("University of Tokyo", city_code=None, country_code="JP"))
    text = client.get("/en/partners/", {"q": query}).text
    assert "Shenzhen University" in text
    assert "University of Tokyo" not in text


def test_partner_filters(client: Client, portal_data: dict[str, object]) -> None:
    tokyo = organisation("University of Tokyo", city_code=None, country_code="JP")
    agreement(tokyo)
    assert "University of Tokyo" not in client.get("/en/partners/", {"city": "SZ"}).text
    assert "University of Tokyo" in client.get("/en/partners/", {"country": "JP"}).text
    assert "Shenzhen University" not in client.get("/en/partners/", {"type": "company"}).text


def test_the_country_filter_lists_partners_countries_by_name(
    client: Client, portal_data: dict[str, object]
) -> None:
    for name, code in (("Graz University of Technology", "AT"), ("Monash University", "AU")):
        agreement(organisation(name, city_code=None, country_code=code))
    english = client.get("/en/partners/").text
    assert english.index('value="AU">Australia<') < english.index('value="AT">Austria<')
    assert 'value="JP"' not in english  # no partner there
    assert 'value="AT">奧地利<' in client.get("/zh-hant/partners/").text


def test_htmx_requests_get_only_the_results(client: Client, portal_data: dict[str, object]) -> None:
    response = client.get("/en/partners/", {"q": "shenzhen"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Shenzhen University" in response.text
    assert "HX-Request" in response["Vary"]
    # The anonymous page cache keeps the restored whole page apart from the fragment too.
    fragment = client.get("/en/partners/", {"city": "SZ"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.text
    restored = client.get(
        "/en/partners/",
        {"city": "SZ"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in restored.text


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "0"},
        {"city": "ATLANTIS"},
        {"type": "spaceship"},
        {"sort": "password"},
        {"country": "ZZ"},
        {"q": "x" * 300},
    ],
)
def test_bad_query_parameters_are_a_translated_400(client: Client, query: dict[str, str]) -> None:
    response = client.get("/zh-hant/partners/", query)
    assert response.status_code == 400
    assert 'lang="zh-Hant-HK"' in response.text


@pytest.mark.parametrize("page", ["/en/?academic_year=2018", "/en/figures/?academic_year=1/2"])
def test_bad_academic_year_is_400(client: Client, page: str) -> None:
    assert client.get(page).status_code == 400


def test_page_beyond_the_last_is_404(client: Client) -> None:
    assert client.get("/en/partners/", {"page": "99"}).status_code == 404


@pytest.mark.parametrize(
    "path", ["/en/nowhere/", "/zh-hans/initiatives/no-such-thing/", "/en/partners/999999/"]
)
def test_unknown_pages_are_a_translated_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "<html" in response.text
    assert 'class="py-5 text-center error-page"' in response.text


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("zh-HK,zh;q=0.9", "/zh-hant/"),
        ("zh-CN", "/zh-hans/"),
        ("zh-TW", "/zh-hant/"),
        ("fr", "/en/"),
    ],
)
def test_root_redirects_by_browser_language(client: Client, accept: str, target: str) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_language_switcher_keeps_the_page_and_query(
    client: Client, portal_data: dict[str, object]
) -> None:
    text = client.get("/en/partners/?city=SZ&sort=-name").text
    assert 'href="/zh-hant/partners/?city=SZ&amp;sort=-name"' in text
    assert 'href="/zh-hans/partners/?city=SZ&amp;sort=-name"' in text


def test_the_planned_campus_is_shown_but_not_counted(client: Client) -> None:
    campus = initiative(name_en="GBA campus", status="planned", starts_on=None)
    assert client.get(f"/en/initiatives/{campus.slug}/").status_code == 200


def _queries(client: Client, url: str) -> int:
    cache.clear()
    client.get(url)  # warm the per-process caches that do not depend on data size
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _grow(times: int) -> None:
    for number in range(times):
        partner = organisation(f"Growth University {number}", city_code="GZ")
        agreement(partner, kind=Agreement.Kind.STUDENT_EXCHANGE)
        initiative(partner).themes.add(theme())
        project(partner)
        placement(partner, city_code="DG")


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/partners/", "/en/initiatives/", "/en/figures/", "/en/partners/?q=growth&city=GZ"],
)
def test_query_count_does_not_grow_with_data(
    client: Client, portal_data: dict[str, object], url: str
) -> None:
    _grow(3)
    small = _queries(client, url)
    _grow(25)
    assert _queries(client, url) == small


def test_detail_pages_query_count_does_not_grow(
    client: Client, portal_data: dict[str, object]
) -> None:
    szu, lab = portal_data["szu"], portal_data["lab"]
    urls: list[Callable[[], str]] = [
        lambda: f"/en/partners/{szu.pk}/",  # type: ignore[attr-defined]
        lambda: f"/en/initiatives/{lab.slug}/",  # type: ignore[attr-defined]
    ]

    def add_one_of_each() -> None:
        Project.objects.filter(pk=project(szu).pk).update(initiative=lab)  # type: ignore[arg-type]
        agreement(szu, is_public=True)  # type: ignore[arg-type]
        lab.partnerships.create(organisation=organisation())  # type: ignore[attr-defined]

    add_one_of_each()
    before = [_queries(client, url()) for url in urls]
    for _ in range(10):
        add_one_of_each()
    assert [_queries(client, url()) for url in urls] == before


def test_public_pages_are_reused_until_a_record_changes(
    client: Client,
    portal_data: dict[str, object],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert "Growth University 0" not in client.get("/en/partners/").text
    with CaptureQueriesContext(connection) as repeat:
        client.get("/en/partners/")
    assert len(repeat.captured_queries) <= 2  # the session and content-version reads only
    with django_capture_on_commit_callbacks(execute=True):
        agreement_create(
            actor=None,
            reference="NEW-1",
            title_en="New MoU",
            kind="mou",
            signed_on=date(2020, 1, 1),
            starts_on=date(2020, 1, 1),
            parties=[PartySpec(home()), PartySpec(organisation("Growth University 0"))],
        )
    assert "Growth University 0" in client.get("/en/partners/").text


def test_an_upgrade_renders_public_pages_afresh(
    client: Client, portal_data: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cached page names the static files of the release that rendered it; after an upgrade
    # it would keep the old style sheet until some record changed.
    client.get("/en/partners/")
    with CaptureQueriesContext(connection) as reused:
        client.get("/en/partners/")
    monkeypatch.setattr(page_cache, "release", lambda: "next-release")
    with CaptureQueriesContext(connection) as upgraded:
        assert client.get("/en/partners/").status_code == 200
    assert len(upgraded.captured_queries) > len(reused.captured_queries)


def test_searches_and_signed_in_staff_are_never_served_from_the_cache(
    client: Client, portal_data: dict[str, object], django_user_model: Any
) -> None:
    client.get("/en/partners/?q=shenzhen")
    with CaptureQueriesContext(connection) as search:
        client.get("/en/partners/?q=shenzhen")
    client.force_login(django_user_model.objects.create_user("officer"))
    client.get("/en/partners/")
    with CaptureQueriesContext(connection) as staff:
        client.get("/en/partners/")
    assert len(search.captured_queries) > 2
    assert len(staff.captured_queries) > 2
