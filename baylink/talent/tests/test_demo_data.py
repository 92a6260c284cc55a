"""The WIE demo data: deterministic, clearly marked, and fast."""

import time
from datetime import date, timedelta

import pytest

from baylink.core.selectors import audit_history
from baylink.directory.tests import factories as directory
from baylink.talent import demo_data
from baylink.talent.models import (
    AllocationRound,
    Application,
    HostContact,
    Offer,
    Placement,
    Student,
)
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db


def _demo_placements() -> None:
    directory.unit()
    hosts = [
        directory.organisation(types=("company",), city_code=code) for code in ("HK", "SZ", "GZ")
    ]
    for index in range(90):
        factories.placement(
            hosts[index % 3],
            starts_on=date(2018 + index % 2, 6, 1) + timedelta(days=index % 20),
            city_code=("HK", "SZ", "GZ")[index % 3],
            capacity=1 + index % 3,
            is_demo=True,
        )


def _snapshot() -> list[object]:
    return [
        sorted(Student.objects.values_list("student_number", "programme", "year_of_study")),
        sorted(
            Application.objects.values_list(
                "round__name", "student__student_number", "placement__starts_on", "rank"
            )
        ),
        sorted(Offer.objects.values_list("student__student_number", "status")),
    ]


def test_the_demo_is_deterministic_marked_and_fast() -> None:
    _demo_placements()
    started = time.perf_counter()
    counts = demo_data.load(seed=2019, today=date(2026, 12, 2))
    assert time.perf_counter() - started < 10
    assert counts["WIE demo students"] == demo_data.STUDENTS
    assert Student.objects.filter(is_demo=False).count() == 0
    rounds = {r.status: r for r in AllocationRound.objects.all()}
    assert set(rounds) == {AllocationRound.Status.PUBLISHED, AllocationRound.Status.OPEN}
    assert rounds["published"].runs.get().published_at is not None
    # Its history shows both steps, as for a round run by hand.
    steps = [entry.changes["status"] for entry in audit_history(rounds["published"])]
    assert steps == [["allocated", "published"], ["closed", "allocated"]]
    assert Offer.objects.filter(status="accepted").exists()
    assert rounds["open"].applications.count() > 100
    # Every application respects the placement's eligibility.
    for application in rounds["open"].applications.select_related("student", "placement"):
        assert not application.placement.required_languages or "zh" in application.student.languages
    assert HostContact.objects.filter(user__username=demo_data.HOST_USERNAME).exists()
    first = _snapshot()
    AllocationRound.objects.all().delete()
    Student.objects.all().delete()
    Placement.objects.update(required_languages=[], eligible_years=[])
    demo_data.load(seed=2019, today=date(2026, 12, 2))
    assert _snapshot() == first
