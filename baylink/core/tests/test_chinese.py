import pytest

from baylink.core.chinese import chinese_script, fold, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("hong_kong", "mainland"),
    [
        ("香港理工大學", "香港理工大学"),
        ("人工智能及機械人", "人工智能及机器人"),
        ("資訊科技", "信息技术"),
        ("鵬城實驗室", "鹏城实验室"),
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
    ],
)
def test_fold_brings_scripts_and_regional_words_together(variants: tuple[str, ...]) -> None:
    folded = {fold(variant) for variant in variants}
    assert len(folded) == 1


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
