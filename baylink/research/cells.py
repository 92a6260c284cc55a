"""The cells both research imports read alike (projects and KT outputs), beyond those every
import reads (baylink.core.tabular.cells): money and currency.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from baylink.core.tabular.importing import RowCheck

CURRENCY = re.compile(r"^[A-Z]{3}$")


def cell_amount(row: RowCheck, column: str, negative: str) -> Decimal | None:
    """A sum of money (thousands commas allowed); `negative` is the problem below zero."""
    text = row.cell(column)
    if not text:
        return None
    try:
        amount = Decimal("".join(text.replace(",", "").split()))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        row.problem(
            column,
            _("“%(value)s” is not an amount: write a number such as 1500000 or 1500000.50.")
            % {"value": text},
        )
        return None
    if amount < 0:
        row.problem(column, negative)
        return None
    return amount


def cell_currency(row: RowCheck) -> str:
    """Three letters, upper-cased; blank when left out (the model's default, HKD, stands)."""
    currency = row.cell("currency").upper()
    if currency and not CURRENCY.match(currency):
        row.problem(
            "currency",
            _("“%(value)s” is not a currency code: write three letters such as HKD or CNY.")
            % {"value": row.cell("currency")},
        )
    return currency
