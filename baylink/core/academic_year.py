"""Academic years: 1 July to 30 June, written 2018/19."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Self

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_MONTH = 7
_PATTERN = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True, order=True)
class AcademicYear:
    start_year: int

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read '2018/19' (also '2018-19', '2018/2019'); raise ValidationError otherwise."""
        match = _PATTERN.match(text or "")
        if not match:
            raise ValidationError(
                _("“%(value)s” is not an academic year; write it like 2018/19.") % {"value": text},
                code="invalid_academic_year",
            )
        start, end = int(match.group(1)), match.group(2)
        expected_end = start + 1
        if int(end) not in (expected_end, expected_end % 100):
            raise ValidationError(
                _("“%(value)s” is not an academic year: the second year must follow the first.")
                % {"value": text},
                code="invalid_academic_year",
            )
        if not 1900 <= start <= 2200:
            raise ValidationError(
                _("“%(value)s” is outside the years Baylink handles.") % {"value": text},
                code="invalid_academic_year",
            )
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> Self:
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def last_completed(cls, today: date) -> Self:
        return cls(cls.containing(today).start_year - 1)

    @classmethod
    def span(cls, first: "AcademicYear", last: "AcademicYear") -> list[Self]:
        return [cls(year) for year in range(first.start_year, last.start_year + 1)]

    @property
    def starts_on(self) -> date:
        return date(self.start_year, FIRST_MONTH, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, FIRST_MONTH - 1, 30)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    def __str__(self) -> str:
        return self.label
