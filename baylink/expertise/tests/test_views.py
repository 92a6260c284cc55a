"""The public finder in three languages, profile editing, and the staff challenge pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from baylink.directory.tests import factories as directory_factories
from baylink.expertise import indexing, selectors
from baylink.expertise.models import Challenge, Language
from baylink.expertise.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus() -> list[int]:
    profiles = [
        factories.profile(
            name="Alice Wong",
            keywords=("warehouse robots", "path planning"),
            statement="Mobile robot fleets that do not jam in crowded warehouse aisles.",
        ),
        factories.profile(
            name="Li Jing",
            keywords=("冷链物流", "温度监测"),
            statement="研究生鲜冷链运输中的温度监测与保质期预测。",
            language=Language.ZH_HANS,
        ),
    ]
    indexing.index_profiles([profile.pk for profile in profiles])
    return [profile.pk for profile in profiles]


def text(html: bytes) -> str:
    unmarked = re.sub(r"</?mark>", "", html.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unmarked))


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_finder_page_in_each_language(client: Client, language: str) -> None:
    response = client.get(f"/{language}/expertise/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "冷链物流"), ("zh-hant", "冷鏈物流"), ("zh-hans", "冷链物流")]
)
def test_results_show_chinese_in_the_readers_script(
    client: Client, corpus: list[int], language: str, expected: str
) -> None:
    response = client.get(f"/{language}/expertise/", {"q": "冷鏈運輸的溫度"})
    assert response.status_code == 200
    page = response.content.decode()
    first = page.index('data-key="r')
    assert f'data-key="r{corpus[1]}"' in page[first : first + 40]
    assert expected in text(response.content)
    assert "<mark>" in page


def test_a_chinese_query_finds_an_english_profile_with_the_matched_terms(
    client: Client, corpus: list[int]
) -> None:
    response = client.get("/en/expertise/", {"q": "仓库里的机器人经常堵塞"})
    page = response.content.decode()
    assert page.index(f'data-key="r{corpus[0]}"') < page.index(f'data-key="r{corpus[1]}"')
    assert re.search(r"<mark>[^<]*(warehouse|robot)", page)


@pytest.mark.parametrize("query", ["", "   ", "？？？。，、……", "!!! ..."])
def test_an_empty_query_gets_a_clear_message(client: Client, query: str) -> None:
    response = client.get("/zh-hant/expertise/", {"q": query})
    assert response.status_code == 200
    assert 'data-testid="query-problem"' in response.content.decode()


def test_a_very_long_query_gets_a_clear_message(client: Client, corpus: list[int]) -> None:
    response = client.get("/en/expertise/", {"q": "robots " * 1000})
    assert response.status_code == 200
    assert "shorten it" in text(response.content)


def test_a_bad_page_number_is_a_400(client: Client, corpus: list[int]) -> None:
    assert client.get("/en/expertise/", {"q": "robots", "page": "x"}).status_code == 400


def test_a_page_past_the_last_shows_the_last_and_says_so(client: Client, corpus: list[int]) -> None:
    response = client.get("/en/expertise/", {"q": "robots", "page": "999"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="past-the-end"' in page
    assert f'data-key="r{corpus[0]}"' in page  # few matches: the last page is the first


def test_filters_narrow_the_results(client: Client, corpus: list[int]) -> None:
    response = client.get("/en/expertise/", {"q": "robots", "city": "SZ"})
    assert response.status_code == 200
    assert 'data-key="r' not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "value"),
    [("organisation", "other"), ("organisation", "notanumber"), ("city", "XX"), ("kind", "x")],
)
def test_a_filter_that_is_not_on_the_list_is_left_out_and_the_page_says_so(
    client: Client, corpus: list[int], name: str, value: str
) -> None:
    """A shared link naming an organisation merged away since, or a value mistyped: the search
    runs without that filter, not a dead-end error page."""
    if value == "other":  # no researcher of it: the filter does not offer it
        value = str(directory_factories.organisation("Other University").pk)
    response = client.get("/zh-hant/expertise/", {"q": "robots", name: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="ignored-filters"' in page
    assert f'data-key="r{corpus[0]}"' in page  # found as without the filter


def test_htmx_gets_only_the_results(client: Client, corpus: list[int]) -> None:
    response = client.get("/en/expertise/", {"q": "robots"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert 'data-key="r' in response.content.decode()
    # Page and fragment share the address: a browser's cache (used on Back) keeps them apart.
    assert {"HX-Request", "HX-History-Restore-Request"} <= {
        part.strip() for part in response["Vary"].split(",")
    }
    # htmx restoring history it has no snapshot of needs the whole page.
    restored = client.get(
        "/en/expertise/",
        {"q": "robots"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restored.content.decode()
    assert 'data-key="r' in restored.content.decode()


def test_a_researcher_edits_their_own_profile(client: Client) -> None:
    owner = factories.user()
    profile = factories.profile(user=owner)
    url = reverse("expertise:profile-edit", args=[profile.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(factories.user())
    assert client.get(url).status_code == 403
    client.force_login(owner)
    assert client.get(reverse("expertise:my-profile")).status_code == 302
    form_page = client.get(url).content.decode()
    assert re.search(r'<textarea name="statement"[^>]*class="form-control"', form_page)
    # The workspace overview leads the researcher to their profile, and shows no agreement
    # list (they are not staff).
    overview = client.get("/en/accounts/").content.decode()
    assert "Your researcher profile" in overview
    assert f'href="{url}"' in overview
    assert "agreements end in the next" not in overview
    assert "Your researcher profile" not in _overview_of(factories.user())
    response = client.post(
        url,
        {
            "language": "zh-hant",
            "keywords": "海水淡化\n薄膜",
            "statement": "研究海水淡化薄膜。",
            "project_titles": "",
            "outputs": "",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.keywords == ["海水淡化", "薄膜"]
    hits = indexing.expertise_index().search("海水淡化")
    assert hits
    assert hits[0].key == profile.index_key


def test_staff_save_a_challenge_and_share_its_shortlist(client: Client, corpus: list[int]) -> None:
    client.force_login(factories.staff())
    finder = client.get("/en/expertise/", {"q": "warehouse robots jam"})
    assert "Save as a challenge" in finder.content.decode()
    response = client.post(
        reverse("expertise:challenge-create"),
        {"text": "warehouse robots jam", "partner_name": "Dongguan Logistics"},
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == reverse("expertise:challenge-detail", args=[challenge.pk])
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    client.post(reverse("expertise:shortlist-add", args=[challenge.pk]), {"key": f"r{corpus[1]}"})
    # Notes travel with the share link: the page says so where they are typed.
    page = client.get(response["Location"]).content.decode()
    assert "can read the shortlist and its notes" in page
    assert 'placeholder="A note the share link shows too"' in page
    challenge.entries.all().delete()
    client.post(reverse("expertise:shortlist-add", args=[challenge.pk]), {"key": f"r{corpus[0]}"})
    entry = challenge.entries.get()
    client.post(
        reverse("expertise:shortlist-entry", args=[challenge.pk, entry.pk]),
        {"action": "note", "note": "Ideal fit"},
    )
    client.logout()
    shared = Client().get(reverse("expertise:shared-shortlist", args=[challenge.share_token]))
    assert shared.status_code == 200
    assert "Alice Wong" in shared.content.decode()
    assert "Ideal fit" in shared.content.decode()
    assert Client().get(reverse("expertise:shared-shortlist", args=["guess"])).status_code == 404


def test_text_the_page_allowed_is_not_refused_for_its_line_breaks(
    client: Client, corpus: list[int]
) -> None:
    client.force_login(factories.staff())
    # Blank lines the finder ignores: the saved challenge is the text searched.
    spaced = "warehouse robots jam\r\n\r\n" + "\r\n\r\n\r\n".join(["in crowded aisles"] * 100)
    assert len(spaced) > 2000 >= len(" ".join(spaced.split()))
    finder = client.get("/en/expertise/", {"q": spaced}).content.decode()
    saved = finder.split('name="text" value="', 1)[1].split('"', 1)[0]
    assert saved == " ".join(spaced.split())
    created = client.post(reverse("expertise:challenge-create"), {"text": saved})
    assert created.status_code == 302
    challenge = Challenge.objects.get()
    # A note of 2,000 characters with line breaks, as the browser counts them (CR LF sent).
    client.post(reverse("expertise:shortlist-add", args=[challenge.pk]), {"key": f"r{corpus[0]}"})
    entry = challenge.entries.get()
    note = "\n".join(["x" * 99] * 20)
    assert len(note) == 1999
    answered = client.post(
        reverse("expertise:shortlist-entry", args=[challenge.pk, entry.pk]),
        {"action": "note", "note": note.replace("\n", "\r\n")},
    )
    assert answered.status_code == 302
    entry.refresh_from_db()
    assert entry.note == note


def test_challenges_are_for_staff_only(client: Client) -> None:
    url = reverse("expertise:challenge-list")
    assert client.get(url).status_code == 302
    client.force_login(factories.user())
    assert client.get(url).status_code == 403
    assert client.post(reverse("expertise:challenge-create"), {"text": "x"}).status_code == 403


def _overview_of(user: object) -> str:
    other = Client()
    other.force_login(user)  # type: ignore[arg-type]  # a User
    return other.get("/en/accounts/").content.decode()


def test_an_index_built_another_way_is_rebuilt_whole(
    client: Client, corpus: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    from baylink.expertise.engine import index as index_module

    cache.delete(indexing.REBUILD_ASKED)  # from an earlier run of the suite
    monkeypatch.setattr(index_module, "folding_signature", lambda: "rules of a new release")
    # One edit after the upgrade: the index is made again from every profile, not just it.
    indexing.index_profiles([corpus[0]])
    assert set(indexing.expertise_index().keys()) == {f"r{pk}" for pk in corpus}
    monkeypatch.setattr(index_module, "folding_signature", lambda: "and of the next one")
    # A search meanwhile finds nothing, and asks for a rebuild (run inline in tests).
    client.get("/en/expertise/", {"q": "warehouse robots"})
    assert indexing.index_in_step()
    assert client.get("/en/expertise/", {"q": "warehouse robots"}).context["page"].object_list


def test_a_first_edit_without_an_index_indexes_everyone(client: Client) -> None:
    profiles = [
        factories.profile(name="Alice Wong", statement="Warehouse robots that do not jam."),
        factories.profile(name="Bob Lee", statement="Cold-chain temperature monitoring."),
    ]
    # A new or lost data directory: the first edit builds the whole index, not one entry.
    indexing.index_profiles([profiles[1].pk])
    assert set(indexing.expertise_index().keys()) == {p.index_key for p in profiles}


def test_a_query_no_profile_words_meet_says_so_and_the_count_says_what_it_is(
    client: Client, corpus: list[int]
) -> None:
    page = client.get("/en/expertise/", {"q": "the and of"}).content.decode()
    assert 'data-testid="no-word-matched"' in page
    found = client.get("/en/expertise/", {"q": "warehouse robots"}).content.decode()
    assert 'data-testid="no-word-matched"' not in found
    assert "matches, best first" in found or "match, best first" in found


def test_a_list_cut_at_the_limit_says_it_holds_the_closest(
    client: Client, corpus: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "MAX_RESULTS", 1)
    response = client.get("/en/expertise/", {"q": "warehouse robots"})
    assert len(response.context["page"].object_list) == 1  # cut: the corpus has more
    assert "The 1 closest matches, best first" in response.content.decode()


def test_chinese_readers_get_chinese_punctuation_in_why_it_matched(
    client: Client, corpus: list[int]
) -> None:
    page = client.get("/zh-hant/expertise/", {"q": "冷链物流 温度监测"}).content.decode()
    why = re.findall(r'<p class="small text-body-secondary mb-0 why">(.*?)</p>', page)
    reasons = next(line for line in why if "物流" in line)
    assert "、" in reasons
    assert "： " not in reasons
    assert ", " not in reasons
