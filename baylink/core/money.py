"""Sums of money in records: an amount, its currency, and what it is worth in Hong Kong dollars.

The public figures add Hong Kong dollars only; a sum in another currency carries the value in
HKD that staff recorded with it (on the day, as their finance office converts it).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HOME_CURRENCY = "HKD"
currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Write the currency as a three-letter ISO 4217 code, e.g. HKD or CNY.")
)


def home_currency_value(
    amount: Decimal | None,
    currency: str,
    recorded: Decimal | None,
    *,
    field: str,
    missing: str | Promise,
) -> Decimal | None:
    """The amount in HKD: the amount itself in HKD, else the value `recorded` with it.

    Raises ValidationError on `field` with `missing` when a foreign amount has no HKD value.
    """
    if amount is None:
        return None
    if currency == HOME_CURRENCY:
        return amount
    if recorded is None:
        raise ValidationError({field: missing})
    return recorded


def whole_dollars(total: Decimal | None) -> int:
    """A sum as the figures show it: to the dollar, halves up; nothing counts as 0."""
    return int(Decimal(total or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP))
