import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from baylink.core.trilingual import localized, set_trilingual
from baylink.directory.models import City


def city(**names: str) -> City:
    return City(code="X", country_code="CN", **names)


def test_one_chinese_script_fills_the_other_as_machine_converted() -> None:
    record = city()
    set_trilingual(record, "name", zh_hant="深圳技術大學")
    assert record.name_zh_hans == "深圳技术大学"
    assert record.name_zh_hans_machine
    assert not record.name_zh_hant_machine


def test_editing_the_source_reconverts_a_machine_column() -> None:
    record = city()
    set_trilingual(record, "name", zh_hant="機械人中心")
    set_trilingual(record, "name", zh_hant="機械人研究中心", zh_hans=record.name_zh_hans)
    assert record.name_zh_hans == "机器人研究中心"
    assert record.name_zh_hans_machine


def test_a_person_editing_the_converted_column_makes_it_theirs() -> None:
    record = city()
    set_trilingual(record, "name", zh_hant="理大")
    changed = set_trilingual(record, "name", zh_hant="理大", zh_hans="港理工")
    assert record.name_zh_hans == "港理工"
    assert not record.name_zh_hans_machine
    assert "name_zh_hans" in changed
    set_trilingual(record, "name", zh_hant="香港理工大學", zh_hans="港理工")
    assert record.name_zh_hans == "港理工", "a human-written column is never overwritten"


def test_clearing_a_column_converts_it_again() -> None:
    record = city()
    set_trilingual(record, "name", zh_hant="廣州", zh_hans="广州市")
    set_trilingual(record, "name", zh_hans="")
    assert record.name_zh_hans == "广州"
    assert record.name_zh_hans_machine


def test_removing_the_source_removes_its_conversion() -> None:
    record = city()
    set_trilingual(record, "name", en="Foshan", zh_hant="佛山")
    set_trilingual(record, "name", zh_hant="")
    assert (record.name_zh_hant, record.name_zh_hans) == ("", "")
    assert not record.name_zh_hans_machine


def test_unchanged_values_report_no_change() -> None:
    record = city()
    set_trilingual(record, "name", en="Macao", zh_hant="澳門")
    assert set_trilingual(record, "name", en="Macao", zh_hant="澳門", zh_hans="澳门") == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Shenzhen"), ("zh-hant", "深圳市"), ("zh-hans", "深圳市"), ("fr", "Shenzhen")],
)
def test_localized_follows_the_reader(language: str, expected: str) -> None:
    record = city(name_en="Shenzhen", name_zh_hant="深圳市", name_zh_hans="深圳市")
    with translation.override(language):
        assert record.name == expected


def test_fallback_converts_the_other_script_then_english() -> None:
    only_simplified = city(name_zh_hans="东莞")
    assert localized(only_simplified, "name", "zh-hant") == "東莞"
    assert localized(only_simplified, "name", "en") == "东莞"
    only_english = city(name_en="Zhaoqing")
    assert localized(only_english, "name", "zh-hans") == "Zhaoqing"


def test_a_name_is_required_in_some_language() -> None:
    with pytest.raises(ValidationError):
        city().clean()
