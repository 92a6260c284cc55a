"""Numbers read from the environment at start-up: a bad one stops start-up with the reason."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from baylink.settings import env_int, env_int_list


@pytest.mark.parametrize("raw", ["²", "0", "-3", "1.5", "twelve", "9" * 12])
def test_a_number_that_is_not_plain_digits_from_1_stops_start_up(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAYLINK_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="BAYLINK_TEST_NUMBER"):
        env_int("BAYLINK_TEST_NUMBER", 4)
    monkeypatch.setenv("BAYLINK_TEST_NUMBERS", f"180,{raw}")
    with pytest.raises(ImproperlyConfigured, match="BAYLINK_TEST_NUMBERS"):
        env_int_list("BAYLINK_TEST_NUMBERS", [30])


def test_plain_numbers_and_defaults_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAYLINK_TEST_NUMBER", raising=False)
    assert env_int("BAYLINK_TEST_NUMBER", 4) == 4
    monkeypatch.setenv("BAYLINK_TEST_NUMBER", " 12 ")
    assert env_int("BAYLINK_TEST_NUMBER", 4) == 12
    monkeypatch.setenv("BAYLINK_TEST_NUMBERS", "180, 90,30")
    assert env_int_list("BAYLINK_TEST_NUMBERS", [30]) == [180, 90, 30]
