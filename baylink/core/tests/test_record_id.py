"""Ids sent in forms, query strings and import cells."""

import pytest

from baylink.core.http import record_id


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("7", 7),
        (" 0012 ", 12),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),  # more than a database id holds
        ("²", None),  # a digit to str.isdigit(), not to int()
        ("١", None),  # Arabic-Indic one: not the record 1
        ("-1", None),
        ("1.0", None),
        ("", None),
        ("1\n2", None),
    ],
)
def test_only_plain_digits_that_fit_a_database_id_are_an_id(sent: str, read: int | None) -> None:
    assert record_id(sent) == read
