"""Text analysis: script folding, segmentation of mixed text, light stemming."""

from baylink.expertise.engine import analysis


def test_both_scripts_and_hong_kong_wording_fold_to_one_term() -> None:
    simplified = analysis.terms("人工智能")
    traditional = analysis.terms("人工智慧")
    assert simplified == traditional
    assert "人工智能" in simplified


def test_traditional_text_is_segmented_after_folding() -> None:
    assert "机器人" in analysis.terms("倉庫機械人")
    assert "仓库" in analysis.terms("倉庫機械人")


def test_mixed_chinese_and_english_text_is_split_into_both_kinds_of_terms() -> None:
    terms = analysis.terms("用Deep Learning預測AI晶片的散熱表現, robots jammed")
    assert {"deep", "learn", "ai", "芯片", "散热", "预测", "robot", "jam"} <= set(terms)
    assert "的" not in terms  # a grammar word


def test_long_chinese_words_also_index_their_parts() -> None:
    terms = analysis.terms("人工智能芯片")
    assert {"人工智能", "人工", "智能", "芯片"} <= set(terms)


def test_light_stemming_keeps_meaning() -> None:
    assert analysis.stem("robots") == analysis.stem("robot") == "robot"
    assert analysis.stem("monitoring") == analysis.stem("monitored") == "monitor"
    assert analysis.stem("batteries") == "battery"
    assert analysis.stem("analysis") == "analysis"


def test_empty_and_punctuation_only_text_has_no_terms() -> None:
    assert analysis.terms("") == []
    assert analysis.terms("，。!? …") == []


def test_hong_kong_and_mainland_words_for_chip_fold_to_one_term() -> None:
    hong_kong = analysis.terms("低功耗晶片設計")
    mainland = analysis.terms("低功耗芯片设计")
    assert hong_kong == mainland
    assert "芯片" in hong_kong
    assert "晶片" not in hong_kong
