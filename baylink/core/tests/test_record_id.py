"""Ids sent in forms, query strings and import cells."""

import pytest
from django.core.exceptions import BadRequest
from django.test import RequestFactory

from baylink.core.http import paginate, record_id
from baylink.directory.importers.indexes import numbered_id


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


@pytest.mark.parametrize("page", ["²", "9" * 30, "0", "-1", "abc"])
def test_a_page_number_that_is_not_plain_digits_from_1_is_a_bad_request(page: str) -> None:
    request = RequestFactory().get("/en/expertise/", {"page": page})
    with pytest.raises(BadRequest):
        paginate(request, list(range(30)), 10)


def test_a_page_number_in_plain_digits_gives_that_page() -> None:
    request = RequestFactory().get("/en/expertise/", {"page": " 2 "})
    assert list(paginate(request, list(range(30)), 10).object_list) == list(range(10, 20))


@pytest.mark.parametrize(("label", "read"), [("Chan Tai-man #12", 12), ("Chan #²", None)])
def test_an_exported_label_names_its_record_by_plain_digits_only(
    label: str, read: int | None
) -> None:
    assert numbered_id(label) == read
