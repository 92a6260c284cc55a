"""Writes: the hours rule, dates and academic years, places, one evaluation of each kind,
who may do what, audit entries, and translated errors."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.editing import EditConflict, edit_token
from baylink.core.models import AuditEntry
from baylink.evaluations import services
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2020, 1, 15)
Status = PlacementRecord.Status


@pytest.fixture
def officer() -> User:
    return staff_user(Role.CAREERS_OFFICER)


def create(officer: User | AnonymousUser, **values: Any) -> PlacementRecord:
    values.setdefault("student", factories.student())
    values.setdefault("placement", factories.placement())
    return services.placement_record_create(actor=officer, today=TODAY, **values)


def errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# -- the hours rule ------------------------------------------------------------------------------


def test_hours_up_to_what_the_placement_offers_are_accepted(officer: User) -> None:
    placement = factories.placement(hours=400)
    record = create(
        officer,
        placement=placement,
        status=Status.COMPLETED,
        wie_hours=400,
        completed_on=placement.ends_on,
    )
    assert record.wie_hours == 400
    assert record.academic_year == 2018  # the placement starts in June 2019: 2018/19


def test_more_hours_than_the_placement_offers_are_refused_and_nothing_is_written(
    officer: User,
) -> None:
    placement = factories.placement(hours=400)
    with pytest.raises(ValidationError) as error:
        create(officer, placement=placement, wie_hours=401)
    assert "At most 400 WIE hours" in errors(error)["wie_hours"][0]
    assert not PlacementRecord.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).exists()


def test_an_update_past_the_placement_hours_is_refused(officer: User) -> None:
    record = create(officer, wie_hours=100)
    with pytest.raises(ValidationError) as error:
        services.placement_record_update(
            actor=officer,
            instance=record,
            edit_token=edit_token(record),
            values={"wie_hours": 999},
            today=TODAY,
        )
    assert "wie_hours" in errors(error)
    record.refresh_from_db()
    assert record.wie_hours == 100


def test_a_completed_record_needs_hours_and_a_completion_date(officer: User) -> None:
    with pytest.raises(ValidationError) as error:
        create(officer, status=Status.COMPLETED, wie_hours=0)
    assert set(errors(error)) == {"wie_hours", "completed_on"}


def test_the_completion_date_lies_between_the_start_and_today(officer: User) -> None:
    placement = factories.placement(starts_on=date(2019, 6, 3))
    values = {"placement": placement, "status": Status.COMPLETED, "wie_hours": 10}
    with pytest.raises(ValidationError) as early:
        create(officer, completed_on=date(2019, 6, 2), **values)
    assert "before it started" in errors(early)["completed_on"][0]
    with pytest.raises(ValidationError) as future:
        create(officer, completed_on=date(2020, 1, 16), **values)
    assert "future" in errors(future)["completed_on"][0]
    assert create(officer, completed_on=TODAY, **values).completed_on == TODAY


def test_only_a_completed_record_has_a_completion_date(officer: User) -> None:
    with pytest.raises(ValidationError) as error:
        create(officer, status=Status.WITHDRAWN, completed_on=date(2019, 7, 1))
    assert "completed_on" in errors(error)


def test_the_academic_year_is_the_one_the_placement_starts_or_ends_in(officer: User) -> None:
    # 3 June 2019 to 12 August 2019 runs across 1 July: 2018/19 or 2019/20.
    crossing = factories.placement(starts_on=date(2019, 6, 3), weeks=10)
    assert create(officer, placement=crossing, academic_year=2019).academic_year == 2019
    with pytest.raises(ValidationError) as error:
        create(officer, placement=crossing, academic_year=2020)
    assert "2018/19 or 2019/20" in errors(error)["academic_year"][0]
    within = factories.placement(starts_on=date(2019, 9, 2), weeks=10)
    with pytest.raises(ValidationError) as error:
        create(officer, placement=within, academic_year=2018)
    assert "its academic year is 2019/20." in errors(error)["academic_year"][0]


# -- places and duplicates -----------------------------------------------------------------------


def test_a_placement_takes_no_more_students_than_its_places(officer: User) -> None:
    placement = factories.placement(capacity=2)
    first = create(officer, placement=placement)
    create(officer, placement=placement)
    with pytest.raises(ValidationError) as error:
        create(officer, placement=placement)
    assert "All 2 places" in errors(error)["placement"][0]
    # A withdrawn student frees the place.
    services.placement_record_update(
        actor=officer,
        instance=first,
        edit_token=edit_token(first),
        values={"status": Status.WITHDRAWN},
        today=TODAY,
    )
    assert create(officer, placement=placement).status == Status.IN_PROGRESS
    assert PlacementRecord.objects.filter(placement=placement).count() == 3


def test_a_student_has_one_record_per_placement(officer: User) -> None:
    student, placement = factories.student(), factories.placement()
    create(officer, student=student, placement=placement)
    with pytest.raises(ValidationError) as error:
        create(officer, student=student, placement=placement)
    assert "already has a record" in errors(error)["placement"][0]


def test_the_offer_hook_creates_one_in_progress_record_however_often_it_is_called() -> None:
    student, placement = factories.student(), factories.placement(starts_on=date(2020, 1, 6))
    first = services.placement_record_for_offer(student=student, placement=placement)
    again = services.placement_record_for_offer(student=student, placement=placement)
    assert first.pk == again.pk
    assert (first.status, first.wie_hours, first.academic_year) == (Status.IN_PROGRESS, 0, 2019)
    entry = AuditEntry.objects.get(object_pk=str(first.pk), action=AuditEntry.Action.CREATE)
    assert entry.actor_label == "system"


def test_a_stale_edit_is_refused(officer: User) -> None:
    record = create(officer)
    token = edit_token(record)
    services.placement_record_update(
        actor=officer, instance=record, edit_token=token, values={"notes": "first"}, today=TODAY
    )
    with pytest.raises(EditConflict):
        services.placement_record_update(
            actor=officer, instance=record, edit_token=token, values={"notes": "second"}
        )
    record.refresh_from_db()
    assert record.notes == "first"


def test_the_student_and_placement_of_a_record_cannot_be_changed(officer: User) -> None:
    record = create(officer)
    other = factories.student()
    with pytest.raises(ValidationError):
        services.placement_record_update(
            actor=officer,
            instance=record,
            edit_token=edit_token(record),
            values={"student": other},
        )
    record.refresh_from_db()
    assert record.student_id != other.pk


# -- evaluations ---------------------------------------------------------------------------------


def test_one_evaluation_of_each_kind_per_record(officer: User) -> None:
    record = factories.record()
    host = services.host_evaluation_save(
        actor=officer, record=record, values=factories.host_values(), today=TODAY
    )
    student = services.student_evaluation_save(
        actor=officer, record=record, values=factories.student_values(), today=TODAY
    )
    with pytest.raises(ValidationError, match="already has an evaluation"):
        services.host_evaluation_save(
            actor=officer, record=record, values=factories.host_values(), today=TODAY
        )
    with pytest.raises(ValidationError, match="already has an evaluation"):
        services.student_evaluation_save(
            actor=officer, record=record, values=factories.student_values(), today=TODAY
        )
    assert HostEvaluation.objects.get(record=record).pk == host.pk
    assert StudentEvaluation.objects.get(record=record).pk == student.pk
    # Editing the one entered works, and is audited as a change.
    changed = services.host_evaluation_save(
        actor=officer,
        record=record,
        values={"teamwork": 2},
        edit_token=edit_token(host),
        today=TODAY,
    )
    assert changed.teamwork == 2
    assert changed.score == pytest.approx((4 * 5 + 2) / 6)
    update = AuditEntry.objects.get(object_pk=str(host.pk), action=AuditEntry.Action.UPDATE)
    assert update.changes["teamwork"] == [4, 2]


def test_evaluations_are_for_completed_placements(officer: User) -> None:
    record = factories.record(status=Status.IN_PROGRESS, wie_hours=0)
    with pytest.raises(ValidationError, match="completed placements"):
        services.host_evaluation_save(
            actor=officer, record=record, values=factories.host_values(), today=TODAY
        )
    assert not HostEvaluation.objects.exists()


def test_an_evaluated_record_stays_completed(officer: User) -> None:
    record = factories.record()
    factories.student_evaluation(record)
    with pytest.raises(ValidationError) as error:
        services.placement_record_update(
            actor=officer,
            instance=record,
            edit_token=edit_token(record),
            values={"status": Status.WITHDRAWN, "completed_on": None},
            today=TODAY,
        )
    assert "stays completed" in errors(error)["status"][0]


@pytest.mark.parametrize("rating", [0, 6])
def test_ratings_are_1_to_5(officer: User, rating: int) -> None:
    record = factories.record()
    with pytest.raises(ValidationError) as error:
        services.host_evaluation_save(
            actor=officer,
            record=record,
            values=factories.host_values(initiative=rating),
            today=TODAY,
        )
    assert "initiative" in errors(error)
    assert not HostEvaluation.objects.exists()


def test_unknown_learning_outcomes_are_refused_and_known_ones_kept_in_order(officer: User) -> None:
    record = factories.record()
    values = factories.student_values()
    with pytest.raises(ValidationError) as error:
        services.student_evaluation_save(
            actor=officer,
            record=record,
            values={**values, "learning_outcomes": ["teamwork", "flying"]},
            today=TODAY,
        )
    assert "“flying”" in errors(error)["learning_outcomes"][0]
    saved = services.student_evaluation_save(
        actor=officer,
        record=record,
        values={**values, "learning_outcomes": ["teamwork", "apply_knowledge", "teamwork"]},
        today=TODAY,
    )
    assert saved.learning_outcomes == ["apply_knowledge", "teamwork"]


def test_an_evaluation_dated_in_the_future_is_refused(officer: User) -> None:
    record = factories.record()
    with pytest.raises(ValidationError) as error:
        services.student_evaluation_save(
            actor=officer,
            record=record,
            values={**factories.student_values(), "submitted_on": date(2020, 2, 1)},
            today=TODAY,
        )
    assert "submitted_on" in errors(error)


def test_deleting_a_record_deletes_and_audits_its_evaluations(officer: User) -> None:
    admin = staff_user(Role.ADMINISTRATOR)
    record = factories.record()
    host = factories.host_evaluation(record)
    services.placement_record_delete(actor=admin, record=record)
    assert not PlacementRecord.objects.exists()
    assert not HostEvaluation.objects.exists()
    deleted = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)
    assert {entry.object_pk for entry in deleted} == {str(record.pk), str(host.pk)}


# -- who may write -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.CAREERS_OFFICER, True),
        (Role.PARTNERSHIP_OFFICER, False),
        (Role.EXCHANGE_OFFICER, False),
        (Role.UNIT_COORDINATOR, False),
        (Role.VIEWER, False),
    ],
)
def test_only_careers_officers_and_administrators_write(role: str, allowed: bool) -> None:
    user = factories.user(role)
    record = factories.record()
    attempts: list[Callable[[], object]] = [
        lambda: create(user),
        lambda: services.placement_record_update(
            actor=user, instance=record, edit_token=edit_token(record), values={"notes": "x"}
        ),
        lambda: services.host_evaluation_save(
            actor=user, record=record, values=factories.host_values(), today=TODAY
        ),
        lambda: services.student_evaluation_save(
            actor=user, record=record, values=factories.student_values(), today=TODAY
        ),
    ]
    for attempt in attempts:
        if allowed:
            attempt()
        else:
            with pytest.raises(PermissionDenied):
                attempt()
    expected = 2 if allowed else 1
    assert PlacementRecord.objects.count() == expected
    assert HostEvaluation.objects.exists() is allowed


def test_signed_out_visitors_cannot_write() -> None:
    with pytest.raises(PermissionDenied):
        create(AnonymousUser())


def test_viewers_cannot_delete_records() -> None:
    record = factories.record()
    with pytest.raises(PermissionDenied):
        services.placement_record_delete(actor=staff_user(Role.VIEWER), record=record)
    assert PlacementRecord.objects.filter(pk=record.pk).exists()


# -- translated errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hant", "小時"), ("zh-hans", "小时")],
)
def test_errors_are_translated(officer: User, language: str, expected: str) -> None:
    placement = factories.placement(hours=400)
    with translation.override(language), pytest.raises(ValidationError) as error:
        create(officer, placement=placement, wie_hours=500)
    message = errors(error)["wie_hours"][0]
    assert "400" in message
    assert expected in message
    assert "At most" not in message
