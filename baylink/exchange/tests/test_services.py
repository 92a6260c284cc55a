"""Writes: only exchange agreements in force, lifecycle steps, no lost updates, audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreements
from baylink.core.editing import EditConflict, edit_token
from baylink.core.models import AuditEntry
from baylink.directory.tests import factories as directory
from baylink.exchange.models import InboundApplication, Nomination
from baylink.exchange.services import (
    inbound_application_create,
    inbound_application_transition,
    nomination_create,
    nomination_transition,
    nomination_update,
)
from baylink.exchange.tests import factories

pytestmark = pytest.mark.django_db

N = Nomination.Status


def create(agreement: Agreement, year: int = 2023, **extra: object) -> Nomination:
    values: dict[str, object] = {
        "actor": None,
        "student": factories.student(),
        "agreement": agreement,
        "partner": factories.partner_of(agreement),
        "academic_year": year,
        "months": Decimal("4.5"),
        **extra,
    }
    return nomination_create(**values)  # type: ignore[arg-type]  # test values


def test_a_nomination_is_created_as_a_draft_and_audited() -> None:
    officer = staff_user(Role.EXCHANGE_OFFICER)
    nomination = create(factories.exchange_agreement(), actor=officer)
    assert nomination.status == N.DRAFT
    entry = AuditEntry.objects.get(object_pk=str(nomination.pk), action=AuditEntry.Action.CREATE)
    assert entry.actor == officer
    assert entry.changes["months"] == [None, "4.5"]


def test_only_student_exchange_agreements_can_be_used() -> None:
    mou = agreements.agreement(kind=Agreement.Kind.MOU, ends_on=date(2026, 8, 31))
    with translation.override("zh-hant"), pytest.raises(ValidationError) as error:
        create(mou, partner=factories.partner_of(mou))
    assert "agreement" in error.value.message_dict
    assert "只" in error.value.message_dict["agreement"][0]  # translated
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("year", [2021, 2027])
def test_the_agreement_must_be_in_force_during_the_academic_year(year: int) -> None:
    agreement = factories.exchange_agreement()  # 1 Sep 2022 - 31 Aug 2026
    with pytest.raises(ValidationError) as error:
        create(agreement, year)
    assert "2021/22" in str(error.value) or "2027/28" in str(error.value)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("year", [2022, 2026])
def test_the_first_and_last_academic_years_of_an_agreement_can_be_used(year: int) -> None:
    assert create(factories.exchange_agreement(), year).academic_year == year


def test_an_unsigned_or_terminated_agreement_cannot_be_used() -> None:
    agreement = factories.exchange_agreement()
    agreement.terminated_on = date(2023, 6, 30)
    agreement.save()
    assert create(agreement, 2022).academic_year == 2022
    with pytest.raises(ValidationError):
        create(agreement, 2023)


def test_the_partner_must_be_a_party_to_the_agreement() -> None:
    with pytest.raises(ValidationError) as error:
        create(factories.exchange_agreement(), partner=directory.organisation("Elsewhere U"))
    assert "partner" in error.value.message_dict
    home = directory.home()
    with pytest.raises(ValidationError):
        create(factories.exchange_agreement(), partner=home)


def test_months_are_checked() -> None:
    with pytest.raises(ValidationError) as error:
        create(factories.exchange_agreement(), months=Decimal("13"))
    assert "months" in error.value.message_dict


def test_the_lifecycle_of_a_nomination() -> None:
    nomination = create(factories.exchange_agreement(), transfer_agreed_on=date(2023, 1, 15))
    for status in (N.NOMINATED, N.ACCEPTED, N.COMPLETED):
        nomination = nomination_transition(
            actor=None,
            nomination=nomination,
            to_status=status,
            edit_token=edit_token(nomination),
            note="step",
        )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.version) == (N.COMPLETED, 4)
    statuses = [
        entry.changes["status"]
        for entry in AuditEntry.objects.filter(
            object_pk=str(nomination.pk), action=AuditEntry.Action.UPDATE
        ).order_by("pk")
    ]
    assert statuses == [
        ["draft", "nominated"],
        ["nominated", "accepted"],
        ["accepted", "completed"],
    ]


@pytest.mark.parametrize(
    ("start", "to_status"),
    [
        (N.DRAFT, N.ACCEPTED),
        (N.DRAFT, N.COMPLETED),
        (N.COMPLETED, N.WITHDRAWN),
        (N.REJECTED, N.NOMINATED),
    ],
)
def test_a_step_the_lifecycle_does_not_allow_is_refused(start: str, to_status: str) -> None:
    nomination = factories.nomination(factories.exchange_agreement(), 2023, start)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        nomination_transition(
            actor=None,
            nomination=nomination,
            to_status=to_status,
            edit_token=edit_token(nomination),
        )
    assert "不能" in error.value.message_dict["status"][0]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.version) == (start, 1)
    assert not AuditEntry.objects.filter(object_pk=str(nomination.pk)).exists()


def test_an_inbound_application_moves_from_received_to_completed() -> None:
    agreement = factories.exchange_agreement()
    application = inbound_application_create(
        actor=None,
        name="Anna Schmidt",
        email="anna@uni.example",
        agreement=agreement,
        partner=factories.partner_of(agreement),
        academic_year=2024,
        months=Decimal("4.5"),
    )
    assert application.status == InboundApplication.Status.RECEIVED
    for status in ("accepted", "arrived", "completed"):
        application = inbound_application_transition(
            actor=None,
            application=application,
            to_status=status,
            edit_token=edit_token(application),
        )
    assert application.status == "completed"
    with pytest.raises(ValidationError):
        inbound_application_transition(
            actor=None,
            application=application,
            to_status="received",
            edit_token=edit_token(application),
        )


def test_a_stale_edit_is_refused_with_what_changed() -> None:
    nomination = create(factories.exchange_agreement())
    stale = edit_token(nomination)
    nomination_update(
        actor=None, nomination=nomination, edit_token=stale, values={"months": Decimal("9")}
    )
    with pytest.raises(EditConflict) as conflict:
        nomination_update(
            actor=None, nomination=nomination, edit_token=stale, values={"months": Decimal("3")}
        )
    assert [change.field for change in conflict.value.changes] == ["months"]
    nomination.refresh_from_db()
    assert nomination.months == Decimal("9.0")


def test_an_edit_cannot_move_a_nomination_out_of_the_agreements_term() -> None:
    nomination = create(factories.exchange_agreement())
    with pytest.raises(ValidationError):
        nomination_update(
            actor=None,
            nomination=nomination,
            edit_token=edit_token(nomination),
            values={"academic_year": 2030},
        )
    with pytest.raises(ValidationError):
        nomination_update(
            actor=None,
            nomination=nomination,
            edit_token=edit_token(nomination),
            values={"status": N.COMPLETED},
        )
    nomination.refresh_from_db()
    assert (nomination.academic_year, nomination.status, nomination.version) == (2023, N.DRAFT, 1)
