"""Writes: validated, audited, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model, ProtectedError
from django.utils import translation

from baylink.core.editing import EditConflict, edit_token
from baylink.core.models import AuditEntry
from baylink.directory.tests.factories import city, person
from baylink.ventures import services
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup
from baylink.ventures.tests import factories

pytestmark = pytest.mark.django_db


def _audited(instance: Model, action: str) -> int:
    return AuditEntry.objects.filter(
        object_pk=str(instance.pk),
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
    ).count()


def test_programme_create_converts_the_other_script_and_audits() -> None:
    programme = services.programme_create(
        actor=None,
        values={"slug": "immersion", "kind": "immersive", "name_zh_hant": "浸沉式創業活動"},
    )
    assert programme.name_zh_hans == "浸沉式创业活动"
    assert programme.name_zh_hans_machine is True
    assert _audited(programme, "create") == 1
    assert "创业" in programme.search_text or "創業" in programme.search_text


def test_a_programme_without_a_name_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValidationError) as error:
        services.programme_create(actor=None, values={"slug": "nameless", "kind": "workshop"})
    assert "name_en" in error.value.error_dict
    assert not Programme.objects.exists()
    assert not AuditEntry.objects.exists()


def test_cohort_belongs_to_the_academic_year_it_starts_in() -> None:
    june = services.cohort_create(
        actor=None,
        values={
            "programme": factories.programme(),
            "starts_on": date(2019, 6, 24),
            "ends_on": date(2019, 8, 12),
        },
        many={"cities": [city("SZ"), city("GZ")]},
    )
    july = factories.cohort(starts_on=date(2019, 7, 1))
    assert (june.academic_year, july.academic_year) == (2018, 2019)
    assert june.duration_days == 50
    assert sorted(june.cities.values_list("code", flat=True)) == ["GZ", "SZ"]
    assert AuditEntry.objects.get(object_pk=str(june.pk)).changes["cities"][1] == sorted(
        [city("SZ").pk, city("GZ").pk]
    )


def test_a_cohort_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError):
        services.cohort_create(
            actor=None,
            values={
                "programme": factories.programme(),
                "starts_on": date(2019, 8, 1),
                "ends_on": date(2019, 7, 1),
            },
        )
    assert not Cohort.objects.exists()


def test_participants_are_added_by_student_number_all_or_none() -> None:
    cohort = factories.cohort(capacity=3)
    first, second = factories.student(), factories.student()
    added = services.participants_add(
        actor=None,
        cohort=cohort,
        student_numbers=[first.student_number, second.student_number],
        status=Participant.Status.ADMITTED,
        team="Team 1",
    )
    assert [p.student for p in added] == [first, second]
    assert all(_audited(p, "create") == 1 for p in added)
    third = factories.student()
    with translation.override("zh-hant"), pytest.raises(ValidationError) as error:
        services.participants_add(
            actor=None, cohort=cohort, student_numbers=[third.student_number, "NOPE1", "NOPE2"]
        )
    message = error.value.messages[0]
    assert "NOPE1" in message
    assert "NOPE2" in message
    assert "學生" in message  # the translated sentence, naming every unknown number
    assert cohort.participants.count() == 2


def test_a_student_is_in_a_cohort_once() -> None:
    cohort = factories.cohort()
    student = factories.student()
    factories.participant(cohort, student)
    with pytest.raises(ValidationError) as error:
        services.participants_add(
            actor=None, cohort=cohort, student_numbers=[student.student_number]
        )
    assert error.value.code == "already_participant"
    assert cohort.participants.count() == 1


def test_admissions_beyond_the_places_are_refused() -> None:
    cohort = factories.cohort(capacity=2)
    factories.participant(cohort)
    waiting = factories.participant(cohort, status=Participant.Status.APPLIED)
    numbers = [factories.student().student_number, factories.student().student_number]
    with pytest.raises(ValidationError) as error:
        services.participants_add(
            actor=None, cohort=cohort, student_numbers=numbers, status="admitted"
        )
    assert error.value.code == "over_capacity"
    assert cohort.participants.count() == 2
    services.participant_update(actor=None, participant=waiting, status="admitted")
    extra = factories.participant(cohort, status=Participant.Status.APPLIED)
    with pytest.raises(ValidationError):
        services.participant_update(actor=None, participant=extra, status="completed")
    extra.refresh_from_db()
    assert extra.status == Participant.Status.APPLIED
    # Applicants do not take a place.
    services.participants_add(actor=None, cohort=cohort, student_numbers=[numbers[0]])


def test_participant_status_change_is_audited_without_the_students_name() -> None:
    participant = factories.participant(factories.cohort(), factories.student("Chan Tai-man"))
    services.participant_update(actor=None, participant=participant, status="withdrawn")
    entry = AuditEntry.objects.get(object_pk=str(participant.pk), action="update")
    assert entry.changes["status"] == ["admitted", "withdrawn"]
    assert "Chan" not in entry.object_repr
    with pytest.raises(ValidationError):
        services.participant_update(actor=None, participant=participant, status="graduated")


def test_participant_remove_is_audited() -> None:
    participant = factories.participant(factories.cohort())
    services.participant_remove(actor=None, participant=participant)
    assert not Participant.objects.exists()
    assert _audited(participant, "delete") == 1


def test_a_programme_or_cohort_in_use_is_not_deleted() -> None:
    cohort = factories.cohort()
    factories.participant(cohort)
    with pytest.raises(ProtectedError):
        services.programme_delete(actor=None, programme=cohort.programme)
    with pytest.raises(ProtectedError):
        services.cohort_delete(actor=None, cohort=cohort)
    assert Cohort.objects.count() == 1


def test_startup_create_checks_its_dates_and_status() -> None:
    values = {"name_en": "Bay Robotics", "stage": "seed", "status": "closed"}
    with pytest.raises(ValidationError) as error:
        services.startup_create(actor=None, values=values)
    assert "closed_on" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.startup_create(
            actor=None,
            values={**values, "founded_on": date(2020, 1, 1), "closed_on": date(2019, 1, 1)},
        )
    with pytest.raises(ValidationError):
        services.startup_create(
            actor=None, values={"name_en": "Tram Pay", "funding_currency": "dollars"}
        )
    assert not Startup.objects.exists()
    startup = services.startup_create(
        actor=None,
        values={"name_zh_hant": "灣區機械人", "city": city("SZ"), "funding_raised": Decimal(5)},
    )
    assert startup.funding_currency == "HKD"
    assert startup.name_zh_hans == "湾区机器人"  # Hong Kong wording becomes mainland wording


def test_startup_update_refuses_a_stale_edit() -> None:
    startup = factories.startup()
    token = edit_token(startup)
    services.startup_update(
        actor=None, instance=startup, edit_token=token, values={"stage": "prototype"}
    )
    with pytest.raises(EditConflict):
        services.startup_update(
            actor=None, instance=startup, edit_token=token, values={"stage": "seed"}
        )
    startup.refresh_from_db()
    assert startup.stage == "prototype"


def test_founders_are_students_or_people_once_each() -> None:
    startup = factories.startup()
    student = factories.student()
    services.founder_add(actor=None, startup=startup, student_number=student.student_number)
    services.founder_add(actor=None, startup=startup, person=person(), role="CTO")
    with pytest.raises(ValidationError):
        services.founder_add(actor=None, startup=startup, student_number=student.student_number)
    with pytest.raises(ValidationError):
        services.founder_add(actor=None, startup=startup)
    with pytest.raises(ValidationError):
        services.founder_add(
            actor=None, startup=startup, student_number=student.student_number, person=person()
        )
    with pytest.raises(ValidationError) as error:
        services.founder_add(actor=None, startup=startup, student_number="X404")
    assert "student_number" in error.value.error_dict
    assert startup.founders.count() == 2


def test_outcome_amounts_are_kept_in_hong_kong_dollars_for_the_figures() -> None:
    startup = factories.startup()
    base = {"startup": startup, "occurred_on": date(2020, 1, 1)}
    hkd = services.outcome_create(
        actor=None, values={**base, "kind": "funding_round", "amount": Decimal(1000)}
    )
    assert hkd.amount_hkd == Decimal(1000)
    with pytest.raises(ValidationError) as error:
        services.outcome_create(
            actor=None,
            values={**base, "kind": "funding_round", "amount": Decimal(100), "currency": "USD"},
        )
    assert "amount_hkd" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.outcome_create(actor=None, values={**base, "kind": "funding_round"})
    with pytest.raises(ValidationError):
        services.outcome_create(actor=None, values={**base, "kind": "jobs_created"})
    with pytest.raises(ValidationError):  # a start-up's or a cohort's, not both
        services.outcome_create(
            actor=None, values={**base, "kind": "award", "cohort": factories.cohort()}
        )
    assert Outcome.objects.count() == 1


def test_startup_delete_takes_founders_and_outcomes_along_in_the_log() -> None:
    startup = factories.startup()
    founder = factories.student_founder(startup)
    outcome = factories.funding_round(startup, "100", on=date(2020, 1, 1))
    services.startup_delete(actor=None, startup=startup)
    assert not Founder.objects.exists()
    assert not Outcome.objects.exists()
    assert [_audited(r, "delete") for r in (startup, founder, outcome)] == [1, 1, 1]
