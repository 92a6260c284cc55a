"""Quota use and balance: which records count, in which academic year, and the warnings."""

from decimal import Decimal

import pytest
from django.db.models import Q
from django.test import override_settings

from baylink.agreements.models import Agreement
from baylink.core.academic_year import AcademicYear
from baylink.directory.tests import factories as directory
from baylink.exchange.models import InboundApplication, Nomination
from baylink.exchange.selectors import (
    OUTBOUND,
    PartnerYear,
    balance_history,
    partner_years,
    partner_years_sorted,
    quota_use,
)
from baylink.exchange.tests import factories

pytestmark = pytest.mark.django_db

N = Nomination.Status
I = InboundApplication.Status  # noqa: E741  # mirrors N


def hand_checked_agreement() -> Agreement:
    """In force 1 Sep 2022 - 31 Aug 2026; two places each way a year from 2022/23 to 2025/26.

    2022/23  out: accepted 4.5 + completed 9.0 (+ a draft)      = 13.5   in: completed 4.5
             balance +9.0, cumulative +9.0
    2023/24  out: nominated 4.5 (place only) + withdrawn          = 0      in: accepted 4.5 +
             arrived 4.5 + received (place only) + rejected      = 9.0
             balance -9.0, cumulative 0.0; inbound places 3 of 2
    2024/25  out: accepted 9.0 + accepted 9.0                     = 18.0   in: none
             balance +18.0, cumulative +18.0 (past the default limit of 12)
    """
    agreement = factories.exchange_agreement()
    factories.spec(agreement, outbound=True)
    factories.spec(agreement, outbound=False)
    factories.nomination(agreement, 2022, N.ACCEPTED, "4.5")
    factories.nomination(agreement, 2022, N.COMPLETED, "9.0", term="full_year")
    factories.nomination(agreement, 2022, N.DRAFT, "4.5")
    factories.inbound(agreement, 2022, I.COMPLETED, "4.5")
    factories.nomination(agreement, 2023, N.NOMINATED, "4.5")
    factories.nomination(agreement, 2023, N.WITHDRAWN, "4.5")
    factories.inbound(agreement, 2023, I.ACCEPTED, "4.5")
    factories.inbound(agreement, 2023, I.ARRIVED, "4.5")
    factories.inbound(agreement, 2023, I.RECEIVED, "4.5")
    factories.inbound(agreement, 2023, I.REJECTED, "4.5")
    factories.nomination(agreement, 2024, N.ACCEPTED, "9.0", term="full_year")
    factories.nomination(agreement, 2024, N.ACCEPTED, "9.0", term="full_year")
    return agreement


def row_for(year: int) -> PartnerYear:
    (row,) = partner_years(scope=Q(), year=AcademicYear(year))
    return row


def test_balance_per_year_and_cumulative_across_academic_years() -> None:
    hand_checked_agreement()
    first, second, third = row_for(2022), row_for(2023), row_for(2024)
    assert (first.outbound.months, first.inbound.months) == (Decimal("13.5"), Decimal("4.5"))
    assert (first.balance, first.cumulative) == (Decimal("9.0"), Decimal("9.0"))
    assert (second.outbound.months, second.inbound.months) == (Decimal("0"), Decimal("9.0"))
    assert (second.balance, second.cumulative) == (Decimal("-9.0"), Decimal("0.0"))
    assert (third.balance, third.cumulative) == (Decimal("18.0"), Decimal("18.0"))


def test_quota_counts_from_nomination_until_withdrawn_or_rejected() -> None:
    hand_checked_agreement()
    first, second = row_for(2022), row_for(2023)
    # 2022/23: accepted + completed take places; the draft does not.
    assert (first.outbound.quota, first.outbound.used, first.outbound.available) == (2, 2, 0)
    # 2023/24: nominated takes a place, withdrawn gives it back.
    assert (second.outbound.used, second.outbound.available) == (1, 1)
    # received, accepted and arrived take places; rejected does not.
    assert (second.inbound.quota, second.inbound.used) == (2, 3)
    assert second.inbound.exceeded
    assert not second.outbound.exceeded


def test_warnings_for_an_exceeded_quota_and_a_drifting_balance() -> None:
    hand_checked_agreement()
    assert row_for(2022).warnings == []
    assert [w.code for w in row_for(2023).warnings] == ["inbound_quota"]
    assert [w.code for w in row_for(2024).warnings] == ["balance"]
    assert "+18 student-months" in row_for(2024).warnings[0].message


@override_settings(BAYLINK_EXCHANGE_BALANCE_LIMIT=18)
def test_the_balance_limit_is_a_setting() -> None:
    hand_checked_agreement()
    assert row_for(2024).warnings == []  # 18.0 is not past ±18


def test_places_taken_without_any_quota_warn() -> None:
    agreement = factories.exchange_agreement()
    factories.spec(agreement, outbound=True, first=2022, last=2023)
    factories.nomination(agreement, 2024, N.NOMINATED)  # the outbound spec ended in 2023/24
    (warning,) = row_for(2024).warnings
    assert warning.code == "outbound_quota"
    assert "none agreed" in warning.message


def test_specs_add_up_and_only_cover_their_years() -> None:
    agreement = factories.exchange_agreement()
    factories.spec(agreement, outbound=True, places=2, first=2022, last=2025)
    factories.spec(agreement, outbound=True, places=3, first=2024, last=2025)  # a master's spec
    factories.spec(agreement, outbound=False, places=1, first=2023, last=2023)
    assert (row_for(2023).outbound.quota, row_for(2023).inbound.quota) == (2, 1)
    assert (row_for(2024).outbound.quota, row_for(2024).inbound.quota) == (5, 0)


def test_a_mobility_counts_in_the_year_it_is_nominated_for() -> None:
    """A full-year stay of 2023/24 runs past 30 June 2024 but counts only in 2023/24."""
    agreement = factories.exchange_agreement()
    factories.nomination(agreement, 2023, N.COMPLETED, "10.0", term="full_year")
    assert row_for(2023).balance == Decimal("10.0")
    assert row_for(2024).balance == Decimal("0")
    assert row_for(2024).cumulative == Decimal("10.0")
    assert row_for(2022).cumulative == Decimal("0")


def test_only_agreements_in_force_that_year_are_listed() -> None:
    factories.exchange_agreement()  # 1 Sep 2022 - 31 Aug 2026
    assert partner_years(scope=Q(), year=AcademicYear(2021)) == []
    assert len(partner_years(scope=Q(), year=AcademicYear(2022))) == 1
    assert len(partner_years(scope=Q(), year=AcademicYear(2026))) == 1  # July and August 2026
    assert partner_years(scope=Q(), year=AcademicYear(2027)) == []


def test_history_runs_over_the_agreements_life() -> None:
    agreement = hand_checked_agreement()
    (rows,) = balance_history(agreement, today_year=AcademicYear(2030)).values()
    assert [row.year.label for row in rows] == [
        "2022/23",
        "2023/24",
        "2024/25",
        "2025/26",
        "2026/27",
    ]
    assert [row.cumulative for row in rows] == [
        Decimal("9.0"),
        Decimal("0.0"),
        Decimal("18.0"),
        Decimal("18.0"),
        Decimal("18.0"),
    ]
    assert rows[3].outbound.quota == 2
    assert rows[4].outbound.quota == 0


def test_quota_use_of_one_direction() -> None:
    agreement = hand_checked_agreement()
    use = quota_use(
        agreement=agreement,
        partner=factories.partner_of(agreement),
        academic_year=2022,
        direction=OUTBOUND,
    )
    assert (use.quota, use.used, use.months) == (2, 2, Decimal("13.5"))


def test_sorting_puts_warnings_first_by_default() -> None:
    calm = factories.exchange_agreement(directory.organisation("Aalto University"))
    factories.spec(calm, outbound=True)
    busy = factories.exchange_agreement(directory.organisation("Zurich University"))
    factories.nomination(busy, 2023, N.NOMINATED)
    rows = partner_years(scope=Q(), year=AcademicYear(2023))
    assert [r.partner.name for r in partner_years_sorted(rows, "")] == [
        "Zurich University",
        "Aalto University",
    ]
    assert [r.partner.name for r in partner_years_sorted(rows, "partner")] == [
        "Aalto University",
        "Zurich University",
    ]
    assert partner_years_sorted(rows, "-outbound")[0].agreement == busy
