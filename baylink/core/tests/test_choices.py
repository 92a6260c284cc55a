"""Lists to choose a record from read in the order of the names the reader sees."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from baylink.core.trilingual import fill_conversions
from baylink.directory.filters import OrganisationFilterSet
from baylink.directory.models import City, Organisation
from baylink.directory.tests.factories import organisation
from baylink.expertise.forms import FinderForm
from baylink.expertise.tests.factories import profile
from baylink.initiatives.filters import InitiativeFilterSet
from baylink.initiatives.models import Initiative, Theme

pytestmark = pytest.mark.django_db


def _theme(slug: str, name_en: str, name_zh_hant: str = "") -> Theme:
    theme = Theme(slug=slug, name_en=name_en, name_zh_hant=name_zh_hant)
    fill_conversions(theme)
    theme.save()
    return theme


def _choices(field: forms.Field) -> list[tuple[str, str]]:
    """A choice list's (value, label) pairs, without its empty choice."""
    assert isinstance(field, forms.ModelChoiceField)
    return [(str(value), str(label)) for value, label in field.iterator(field) if value]


def _theme_labels(language: str) -> list[str]:
    with translation.override(language):
        form = InitiativeFilterSet(QueryDict(), queryset=Initiative.objects.all()).form
        return [label for _, label in _choices(form.fields["theme"])]


def test_choices_follow_the_names_shown_in_each_language() -> None:
    # English order: Advanced, Marine, Robotics; by the Chinese names: 新, 機/机 (机器人), 海.
    _theme("materials", "Advanced materials", "新材料")
    _theme("marine", "Marine science", "海洋科學")
    _theme("robotics", "Robotics", "機械人")
    assert _theme_labels("en") == ["Advanced materials", "Marine science", "Robotics"]
    assert _theme_labels("zh-hant") == ["新材料", "機械人", "海洋科學"]
    assert _theme_labels("zh-hans") == ["新材料", "机器人", "海洋科学"]


def test_a_record_without_the_readers_name_sorts_by_the_name_shown() -> None:
    # Sorted by the Chinese column alone, the empty name came first whatever it shows.
    _theme("materials", "Advanced materials", "新材料")
    _theme("zoology", "Zoology")
    _theme("ai", "Artificial intelligence", "人工智能")
    assert _theme_labels("zh-hant") == ["Zoology", "人工智能", "新材料"]


def test_the_city_list_keeps_the_greater_bay_area_first_in_the_plans_order() -> None:
    City.objects.create(code="gn1", name_en="Aachen", name_zh_hant="亞琛", country_code="DE")
    City.objects.create(code="gn2", name_en="Zurich", name_zh_hant="蘇黎世", country_code="CH")
    City.objects.create(code="gn3", name_en="Bonn", country_code="DE")
    with translation.override("zh-hant"):
        form = OrganisationFilterSet(QueryDict(), queryset=Organisation.objects.all()).form
        codes = [value for value, _ in _choices(form.fields["city"])]
    gba = ["HK", "MO", "GZ", "SZ", "ZH", "FS", "HZ", "DG", "ZS", "JM", "ZQ"]
    # 亞 U+4E9E before 蘇 U+8607; Bonn, named only in English, as it is shown.
    assert codes[: len(gba)] == gba
    assert codes[len(gba) :] == ["gn3", "gn1", "gn2"]


def test_the_finders_themes_follow_the_readers_names() -> None:
    # The finder's template lists the field's queryset itself, not its choices.
    _theme("materials", "Advanced materials", "新材料")
    _theme("robotics", "Robotics", "機械人")
    _theme("marine", "Marine science", "海洋科學")
    with translation.override("zh-hant"):
        themes = FinderForm().fields["theme"]
        assert isinstance(themes, forms.ModelChoiceField)
        assert themes.queryset is not None
        assert [theme.name for theme in themes.queryset] == ["新材料", "機械人", "海洋科學"]


def test_the_finders_organisations_follow_the_readers_names() -> None:
    for name_en, name_zh_hant in [
        ("City University of Hong Kong", "香港城市大學"),
        ("Shenzhen University", "深圳大學"),
        ("Jinan University", "暨南大學"),
    ]:
        researcher = profile().person
        researcher.organisation = organisation(name_en, name_zh_hant=name_zh_hant)
        researcher.save()
    with translation.override("zh-hant"):
        labels = [label for _, label in _choices(FinderForm().fields["organisation"])]
    # 深 U+6DF1, 暨 U+66A8, 香 U+9999.
    assert labels == ["暨南大學", "深圳大學", "香港城市大學"]
