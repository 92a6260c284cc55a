"""English formats as written in Hong Kong: day before month (25 November 2026)."""

from django.conf.locale.en.formats import *  # type: ignore[import-untyped]  # noqa: F403  # Django's, overridden below

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
