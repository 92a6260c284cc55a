"""The exchange demo records: deterministic, valid, and with warnings to show."""

from datetime import date

import pytest
from django.db.models import Q

from baylink.core.academic_year import AcademicYear
from baylink.exchange import demo_data
from baylink.exchange.models import InboundApplication, Nomination
from baylink.exchange.selectors import partner_years
from baylink.exchange.services import exchange_terms_check
from baylink.exchange.tests import factories
from baylink.talent.models import Student

pytestmark = pytest.mark.django_db
TODAY = date(2024, 10, 1)  # academic year 2024/25


def demo_agreements() -> None:
    for _ in range(6):
        agreement = factories.exchange_agreement(
            starts_on=date(2020, 9, 1), ends_on=date(2026, 8, 31)
        )
        agreement.is_demo = True
        agreement.save()
        factories.spec(agreement, outbound=True, places=3, first=2020, last=2025)
        factories.spec(agreement, outbound=False, places=3, first=2020, last=2025)


def snapshot() -> list[tuple[object, ...]]:
    return [
        *Nomination.objects.order_by("pk").values_list(
            "agreement__reference", "academic_year", "status", "months", "student__student_number"
        ),
        *InboundApplication.objects.order_by("pk").values_list(
            "agreement__reference", "academic_year", "status", "months", "name"
        ),
    ]


def test_demo_records_are_deterministic_and_valid() -> None:
    demo_agreements()
    counts = demo_data.load(seed=2019, today=TODAY)
    assert counts["exchange demo students"] == demo_data.OWN_STUDENTS
    assert Student.objects.filter(student_number__startswith="DX", is_demo=True).count() == 60
    assert counts["exchange nominations"] == Nomination.objects.count() > 0
    first = snapshot()
    for record in [*Nomination.objects.all(), *InboundApplication.objects.all()]:
        exchange_terms_check(
            agreement=record.agreement, partner=record.partner, academic_year=record.academic_year
        )
    assert {r.academic_year for r in Nomination.objects.all()} <= set(range(2021, 2026))
    Nomination.objects.all().delete()
    InboundApplication.objects.all().delete()
    again = demo_data.load(seed=2019, today=TODAY)
    assert "exchange demo students" not in again  # reuses the students now there
    assert [row[:4] for row in snapshot()] == [row[:4] for row in first]
    rows = partner_years(scope=Q(), year=AcademicYear(2024))
    assert len(rows) == 6
    assert any(row.warnings for row in rows)
