"""Hong Kong and mainland wording meet in the finder: 晶片 (Hong Kong) and 芯片 (mainland)."""

import pytest

from baylink.core.chinese import to_simplified, to_traditional
from baylink.expertise import indexing, selectors
from baylink.expertise.engine import Mode
from baylink.expertise.models import Language
from baylink.expertise.tests import factories

pytestmark = pytest.mark.django_db


def test_the_words_convert_each_way_for_readers() -> None:
    assert to_simplified("低功耗晶片設計") == "低功耗芯片设计"
    assert to_traditional("芯片封装") == "晶片封裝"


@pytest.mark.parametrize(
    ("written", "query"),
    [
        ("研發低功耗人工智能晶片，用於智能攝影機。", "芯片"),
        ("研发低功耗人工智能芯片，用于智能摄像头。", "晶片"),
    ],
)
def test_a_query_in_one_wording_finds_a_profile_written_in_the_other(
    written: str, query: str
) -> None:
    chips = factories.profile(
        keywords=("低功耗設計",), statement=written, language=Language.ZH_HANT
    )
    other = factories.profile(keywords=("冷链物流",), statement="研究生鲜冷链运输中的温度监测。")
    indexing.index_profiles([chips.pk, other.pk])
    hits = selectors.search_hits(query, mode=Mode.BM25)
    assert [hit.key for hit in hits] == [indexing.profile_key(chips.pk)]
    assert hits[0].terms == ("芯片",)
