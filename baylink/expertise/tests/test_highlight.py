"""Marking matched terms in what the reader sees."""

from baylink.expertise.highlight import as_shown, highlight, in_reader_script


def test_terms_next_to_each_other_are_one_mark() -> None:
    # Segmented apart (冷 / 鏈, 温度 / 監控), they still read as one phrase, not two boxes.
    marked = highlight("藥物冷鏈運輸的全程温度監控", ["冷", "链", "温度", "监控"])
    assert marked == "藥物<mark>冷鏈</mark>運輸的全程<mark>温度監控</mark>"
    english = highlight("Condition Monitoring of overhead lines", ["condition", "monitor"])
    assert english == "<mark>Condition Monitoring</mark> of overhead lines"


def test_separate_matches_stay_separate_and_text_is_escaped() -> None:
    marked = highlight("robots & <b>warehouses</b>, robots", ["robot"])
    assert marked == "<mark>robots</mark> &amp; &lt;b&gt;warehouses&lt;/b&gt;, <mark>robots</mark>"
    assert highlight("", ["robot"]) == ""
    assert highlight("no match here", ["robot"]) == "no match here"


def test_a_hong_kong_word_that_folds_into_the_matched_one_is_marked() -> None:
    # The index folds 護老院 to 养老院; the reader sees 護老院 (or 护老院) marked, as written.
    assert str(highlight("護老院跌倒", ["养老院", "跌倒"])) == "<mark>護老院跌倒</mark>"
    assert str(highlight("社区护老院", ["养老院"])) == "社区<mark>护老院</mark>"


def test_text_already_in_the_readers_script_is_shown_as_written() -> None:
    written = "為戶外工人設計降溫服裝"
    assert in_reader_script(written, "zh-hant") == written  # not 户 / 温
    assert in_reader_script(written, "en") == written
    assert in_reader_script(written, "zh-hans") == "为户外工人设计降温服装"
    # Simplified text quoting a Hong Kong name is still converted for a Traditional reader.
    quoting = in_reader_script("与香港理工大學合作开发机器人系统", "zh-hant")
    assert "與" in quoting
    assert "开" not in quoting
    converted = in_reader_script("为户外工人设计降温服装", "zh-hant")
    assert converted.startswith("為")
    assert converted.endswith("服裝")


def test_a_matched_term_is_named_as_the_result_writes_it() -> None:
    shown = ["Warehouse Robots for crowded aisles", "溫度監測"]
    assert as_shown("robot", shown) == "Robots"
    assert as_shown("温度", shown) == "溫度"  # the folded index term, as the text spells it
    assert as_shown("机器", shown) is None  # a piece of a word no text shows
