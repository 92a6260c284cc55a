"""Chinese formats as Hong Kong readers (and, for numbers, mainland readers) expect them."""

from django.conf.locale.zh_Hans.formats import *  # type: ignore[import-untyped]  # noqa: F403  # Django's, overridden below

# Group thousands with commas (1,244), as Hong Kong and mainland publications do.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
