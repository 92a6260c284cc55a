import pytest

from baylink.core.chinese import chinese_script, fold, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("hong_kong", "mainland"),
    [
        ("香港理工大學", "香港理工大学"),
        ("人工智能及機械人", "人工智能及机器人"),
        ("資訊科技", "信息技术"),
        ("鵬城實驗室", "鹏城实验室"),
        ("山泥傾瀉預警", "山体滑坡预警"),
        ("貨櫃碼頭", "集装箱码头"),
        ("柏金遜症", "帕金森病"),
    ],
)
def test_conversion_uses_each_sides_wording(hong_kong: str, mainland: str) -> None:
    assert to_simplified(hong_kong) == mainland
    assert to_traditional(mainland) == hong_kong


@pytest.mark.parametrize(
    "variants",
    [
        ("人工智能", "人工智慧", "人工智能 "),
        ("機械人", "机器人", "機器人"),
        ("香港理工大學", "香港理工大学", "香港理工大學 "),
        ("軟件", "軟體", "软件"),
        ("護老院", "养老院", "安老院"),
        ("感應器", "感測器", "传感器"),
    ],
)
def test_fold_brings_scripts_and_regional_words_together(variants: tuple[str, ...]) -> None:
    folded = {fold(variant) for variant in variants}
    assert len(folded) == 1


@pytest.mark.parametrize(
    ("hong_kong", "mainland"),
    [
        ("我們的士氣很高", "我们的士气很高"),
        ("體內存在抗體", "体内存在抗体"),
        ("國內存款", "国内存款"),
        ("我們確實數碼化了流程", "我们确实数字化了流程"),
        ("這段電影片段很長", "这段电影片段很长"),
        ("行人路過時", "行人路过时"),
    ],
)
def test_no_word_is_replaced_across_two_others(hong_kong: str, mainland: str) -> None:
    # Replacing ignores word ends, so the table holds no pair found across two words.
    assert to_simplified(hong_kong) == mainland
    assert to_traditional(mainland) == hong_kong
    assert fold(hong_kong) == fold(mainland) == mainland


def test_conversion_writes_no_word_the_writer_did_not_mean() -> None:
    # 質素 (quality) folds with 质量 for search only: converted text keeps what was written,
    # so 體質素來 (constitution, always) is never turned into 体质量来.
    assert to_simplified("他的體質素來虛弱") == "他的体质素来虚弱"
    assert fold("空氣質素") == fold("空气质量")


@pytest.mark.parametrize("text", ["用水浸泡樣本", "原創科研", "年長者", "簡單車型", "土地盤點"])
def test_search_folding_keeps_words_that_merely_contain_a_regional_one(text: str) -> None:
    assert fold(text) == fold(to_simplified(text)) == to_simplified(text).casefold()


def test_a_regional_word_inside_a_longer_one_is_left_alone() -> None:
    # 可再生能源 and 房地产 contain no Hong Kong word to fold; longest match wins elsewhere.
    assert fold("可再生能源與房地產") == "可再生能源与房地产"
    assert fold("雲端運算") == fold("云计算")


def test_fold_normalises_width_case_and_spaces() -> None:
    assert fold("  ＰｏｌｙＵ   Hong\tKong ") == "polyu hong kong"
    assert fold("") == ""


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("深圳大學", "zh_hant"),
        ("深圳大学", "zh_hans"),
        ("中山", "both"),
        ("Shenzhen University", None),
        ("", None),
    ],
)
def test_chinese_script(text: str, script: str | None) -> None:
    assert chinese_script(text) == script


def test_fold_only_pairs_are_not_written_into_conversions() -> None:
    # 人工智慧 is Taiwan usage: search joins it with 人工智能; conversion keeps what was written.
    assert to_simplified("人工智慧") == "人工智慧"
