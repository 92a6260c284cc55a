from datetime import date

import pytest
from django.core.exceptions import ValidationError

from baylink.core.academic_year import AcademicYear


@pytest.mark.parametrize("text", ["2018/19", "2018-19", "2018/2019", " 2018 / 19 ", "2018–19"])
def test_parse_accepts_common_spellings(text: str) -> None:
    assert AcademicYear.parse(text) == AcademicYear(2018)


@pytest.mark.parametrize(
    "text", ["", "2018", "2018/20", "18/19", "abcd/ef", "2018/2020", "0999/00"]
)
def test_parse_rejects_anything_else(text: str) -> None:
    with pytest.raises(ValidationError):
        AcademicYear.parse(text)


def test_boundaries_are_30_june_and_1_july() -> None:
    year = AcademicYear(2018)
    assert (year.starts_on, year.ends_on) == (date(2018, 7, 1), date(2019, 6, 30))
    assert AcademicYear.containing(date(2019, 6, 30)) == year
    assert AcademicYear.containing(date(2019, 7, 1)) == AcademicYear(2019)
    assert AcademicYear.containing(date(2018, 7, 1)) == year


def test_label_and_span() -> None:
    assert AcademicYear(1999).label == "1999/00"
    assert [y.label for y in AcademicYear.span(AcademicYear(2016), AcademicYear(2018))] == [
        "2016/17",
        "2017/18",
        "2018/19",
    ]


def test_last_completed() -> None:
    assert AcademicYear.last_completed(date(2026, 11, 25)) == AcademicYear(2025)
    assert AcademicYear.last_completed(date(2026, 6, 30)) == AcademicYear(2024)
