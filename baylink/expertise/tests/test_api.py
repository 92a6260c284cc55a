"""GET /api/expertise/search: anonymous, the finder page's ranking, clear 400s."""

import re
from typing import Any

import pytest
from django.test import Client

from baylink.directory.tests import factories as directory_factories
from baylink.expertise import indexing
from baylink.expertise.models import Language
from baylink.expertise.tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/expertise/search"


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
        factories.profile(
            name="Chan Tai-man",
            keywords=("橋樑檢測",),
            statement="颱風後戶外橋樑結構健康監測與損傷評估。",
            language=Language.ZH_HANT,
        ),
    ]
    indexing.index_profiles([profile.pk for profile in profiles])
    return [profile.pk for profile in profiles]


def _search(client: Client, **params: Any) -> Any:
    return client.get(URL, params)


def test_anonymous_callers_get_the_same_ranking_as_the_finder_page(
    client: Client, corpus: list[int]
) -> None:
    query = "仓库里的机器人经常堵塞"
    response = _search(client, q=query)
    assert response.status_code == 200
    body = response.json()
    page = client.get("/en/expertise/", {"q": query}).content.decode()
    assert [item["key"] for item in body["items"]] == re.findall(r'data-key="([rl][0-9]+)"', page)
    assert body["count"] == len(body["items"]) == 3
    first = body["items"][0]
    assert first["key"] == f"r{corpus[0]}"
    assert first["name"] == "Alice Wong"
    assert first["rank"] == 1
    assert first["url"].endswith(f"/expertise/researchers/{corpus[0]}/")
    assert "<mark>" not in first["summary"]
    assert {"warehouse", "robots"} & set(first["matched_terms"])


def test_matched_terms_are_in_the_readers_script(client: Client, corpus: list[int]) -> None:
    response = client.get(URL, {"q": "温度监测"}, HTTP_ACCEPT_LANGUAGE="zh-hant")
    first = response.json()["items"][0]
    assert first["key"] == f"r{corpus[1]}"
    assert "監測" in first["matched_terms"]
    assert "监测" not in first["matched_terms"]

    # An English reader is told the words as the profile writes them, in its own script; a
    # Traditional profile keeps its own forms (颱風, 橋樑) for a Traditional reader.
    english = client.get(URL, {"q": "橋樑檢測"}, HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]
    assert english["key"] == f"r{corpus[2]}"
    assert "橋樑檢測" in english["matched_terms"] or "橋樑" in english["matched_terms"]
    assert not {"桥梁", "检测", "桥梁检测"} & set(english["matched_terms"])
    traditional = client.get(URL, {"q": "颱風 橋樑"}, HTTP_ACCEPT_LANGUAGE="zh-hant").json()
    assert (
        traditional["items"][0]["summary"] == "颱風後戶外橋樑結構健康監測與損傷評估。"
    )  # not 户外


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_400_that_says_what_to_do(client: Client, query: str) -> None:
    response = _search(client, q=query)
    assert response.status_code == 400
    body = response.json()
    assert "Describe a problem" in body["detail"]
    assert body["errors"][0]["field"] == "q"


def test_a_too_long_query_is_a_400_that_says_how_long(client: Client, corpus: list[int]) -> None:
    response = _search(client, q="robots " * 1000)
    assert response.status_code == 400
    assert "shorten it to at most 2000 characters" in response.json()["detail"]


def test_pages_hold_ten_results_and_a_page_past_the_end_is_a_404(client: Client) -> None:
    profiles = [
        factories.profile(keywords=("warehouse robots",), statement=f"Robot fleet study {n}.")
        for n in range(12)
    ]
    indexing.index_profiles([profile.pk for profile in profiles])
    first = _search(client, q="warehouse robots").json()
    second = _search(client, q="warehouse robots", page=2).json()
    assert first["count"] == second["count"] == 12
    assert len(first["items"]) == 10
    assert len(second["items"]) == 2
    assert second["items"][0]["rank"] == 11
    keys = [item["key"] for item in first["items"] + second["items"]]
    assert len(set(keys)) == 12
    assert _search(client, q="warehouse robots", page=3).status_code == 404
    assert _search(client, q="warehouse robots", page=0).status_code == 400


def test_filters_narrow_the_results_and_unknown_values_are_a_400(
    client: Client, corpus: list[int]
) -> None:
    other = directory_factories.organisation("Other University")
    response = _search(client, q="robots", organisation=other.pk)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "organisation"
    response = _search(client, q="robots", city="SZ")
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert _search(client, q="robots", theme="no-such-theme").status_code == 400
