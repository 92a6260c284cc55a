"""Writes to entrepreneurship records: every one validated, transactional and audited."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
from baylink.core.trilingual import set_trilingual, trilingual_values
from baylink.directory.models import Person
from baylink.talent.models import Student
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup

TRILINGUAL = ("name", "description")


def _set_texts(instance: Programme | Startup, values: dict[str, Any]) -> None:
    for field in TRILINGUAL:
        en, zh_hant, zh_hans = (
            values.pop(f"{field}_{s}", "") for s in ("en", "zh_hant", "zh_hans")
        )
        set_trilingual(instance, field, en=en, zh_hant=zh_hant, zh_hans=zh_hans)


def _created(actor: Actor, instance: Any) -> None:
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.CREATE,
        after=snapshot(instance, exclude=["search_text"]),
    )
    bump_content_version()


def _names_text(instance: Programme | Startup) -> str:
    return search_text(trilingual_values(instance, "name"))


# Programmes


@transaction.atomic
def programme_create(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Programme:
    fields = dict(values)
    programme = Programme()
    _set_texts(programme, fields)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.search_text = _names_text(programme)
    programme.full_clean()
    programme.save()
    _created(actor, programme)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    instance: Programme,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Programme:
    locked = lock_for_edit(Programme.objects.all(), instance.pk, edit_token)
    apply_edit(locked, actor=actor, values=values, many=many)
    Programme.objects.filter(pk=locked.pk).update(search_text=_names_text(locked))
    bump_content_version()
    return locked


@transaction.atomic
def programme_delete(*, actor: Actor, programme: Programme) -> None:
    """A programme with cohorts is kept (ProtectedError): its cohorts go first."""
    delete_audited(programme, actor=actor)
    bump_content_version()


# Cohorts


@transaction.atomic
def cohort_create(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Cohort:
    cohort = Cohort(**values)
    cohort.full_clean()
    cohort.save()
    cohort.cities.set((many or {}).get("cities", []))
    audit_record(
        actor=actor,
        instance=cohort,
        action=AuditEntry.Action.CREATE,
        after={
            **snapshot(cohort),
            "cities": sorted(cohort.cities.values_list("pk", flat=True)),
        },
    )
    bump_content_version()
    return cohort


@transaction.atomic
def cohort_update(
    *,
    actor: Actor,
    instance: Cohort,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Cohort:
    locked = lock_for_edit(Cohort.objects.all(), instance.pk, edit_token)
    apply_edit(locked, actor=actor, values=values, many=many)
    _check_capacity(locked)
    bump_content_version()
    return locked


@transaction.atomic
def cohort_delete(*, actor: Actor, cohort: Cohort) -> None:
    """A cohort with participants or outcomes is kept (ProtectedError)."""
    delete_audited(cohort, actor=actor)
    bump_content_version()


def _check_capacity(cohort: Cohort) -> None:
    if cohort.capacity is None:
        return
    holding = cohort.participants.filter(status__in=Participant.HOLDS_A_PLACE).count()
    if holding > cohort.capacity:
        raise ValidationError(
            ngettext(
                "The cohort has %(capacity)s place and %(holding)s admitted participants.",
                "The cohort has %(capacity)s places and %(holding)s admitted participants.",
                cohort.capacity,
            )
            % {"capacity": cohort.capacity, "holding": holding},
            code="over_capacity",
        )


# Participants


def parse_student_numbers(text: str) -> list[str]:
    """Student numbers written one per line, or separated by commas or spaces."""
    numbers = text.replace(",", " ").split()
    return list(dict.fromkeys(number.strip().upper() for number in numbers if number.strip()))


@transaction.atomic
def participants_add(
    *,
    actor: Actor,
    cohort: Cohort,
    student_numbers: Iterable[str],
    status: str = Participant.Status.APPLIED,
    role: str = "",
    team: str = "",
) -> list[Participant]:
    """Add students to a cohort by student number: all of them, or none when any is wrong."""
    numbers = list(dict.fromkeys(student_numbers))
    if not numbers:
        raise ValidationError(_("Give at least one student number."), code="no_students")
    if status not in Participant.Status.values:
        raise ValidationError(_("Choose a valid status."), code="invalid_status")
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one adder at a time
    students = {s.student_number: s for s in Student.objects.filter(student_number__in=numbers)}
    unknown = [number for number in numbers if number not in students]
    if unknown:
        raise ValidationError(
            _("No student has the number(s): %(numbers)s.") % {"numbers": ", ".join(unknown)},
            code="unknown_student",
        )
    already = set(
        cohort.participants.filter(student__student_number__in=numbers).values_list(
            "student__student_number", flat=True
        )
    )
    if already:
        raise ValidationError(
            _("Already in this cohort: %(numbers)s.")
            % {"numbers": ", ".join(n for n in numbers if n in already)},
            code="already_participant",
        )
    added = []
    for number in numbers:
        participant = Participant(
            cohort=cohort, student=students[number], status=status, role=role, team=team
        )
        participant.full_clean(validate_unique=False, validate_constraints=False)
        participant.save()
        audit_record(
            actor=actor,
            instance=participant,
            action=AuditEntry.Action.CREATE,
            after=snapshot(participant),
        )
        added.append(participant)
    _check_capacity(cohort)
    bump_content_version()
    return added


@transaction.atomic
def participant_update(
    *,
    actor: Actor,
    participant: Participant,
    status: str,
    role: str | None = None,
    team: str | None = None,
) -> Participant:
    """Change a participant's status (and role or team); admissions respect the capacity."""
    locked = Participant.objects.select_for_update().select_related("cohort").get(pk=participant.pk)
    if status not in Participant.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="invalid_status")
    values: dict[str, Any] = {"status": status}
    if role is not None:
        values["role"] = role
    if team is not None:
        values["team"] = team
    apply_edit(locked, actor=actor, values=values)
    _check_capacity(locked.cohort)
    bump_content_version()
    return locked


@transaction.atomic
def participant_remove(*, actor: Actor, participant: Participant) -> None:
    delete_audited(participant, actor=actor)
    bump_content_version()


# Start-ups


def programme_search_text(programme: Programme) -> str:
    return _names_text(programme)


def startup_search_text(startup: Startup) -> str:
    return _names_text(startup)


@transaction.atomic
def startup_create(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Startup:
    fields = dict(values)
    startup = Startup()
    _set_texts(startup, fields)
    for name, value in fields.items():
        setattr(startup, name, value)
    startup.search_text = startup_search_text(startup)
    startup.full_clean()
    startup.save()
    _created(actor, startup)
    return startup


@transaction.atomic
def startup_update(
    *,
    actor: Actor,
    instance: Startup,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Startup:
    locked = lock_for_edit(Startup.objects.all(), instance.pk, edit_token)
    apply_edit(locked, actor=actor, values=values, many=many)
    Startup.objects.filter(pk=locked.pk).update(search_text=startup_search_text(locked))
    bump_content_version()
    return locked


@transaction.atomic
def startup_delete(*, actor: Actor, startup: Startup) -> None:
    """The start-up, its founders and its outcomes, each deletion in the audit log."""
    for outcome in list(startup.outcomes.all()):
        delete_audited(outcome, actor=actor)
    for founder in list(startup.founders.all()):
        delete_audited(founder, actor=actor)
    delete_audited(startup, actor=actor)
    bump_content_version()


@transaction.atomic
def founder_add(
    *,
    actor: Actor,
    startup: Startup,
    student_number: str = "",
    person: Person | None = None,
    role: str = "",
) -> Founder:
    """Add a founder: a student (by student number) or a person from the directory."""
    student_number = student_number.strip().upper()
    if bool(student_number) == (person is not None):
        raise ValidationError(
            _("Give either a student number or a person, not both."), code="founder_choice"
        )
    student = None
    if student_number:
        student = Student.objects.filter(student_number=student_number).first()
        if student is None:
            raise ValidationError(
                {
                    "student_number": _("No student has the number %(number)s.")
                    % {"number": student_number}
                },
                code="unknown_student",
            )
    founder = Founder(startup=startup, student=student, person=person, role=role.strip())
    listed = startup.founders.filter(student=student) if student else None
    if listed is None:
        listed = startup.founders.filter(person=person)
    if listed.exists():
        raise ValidationError(_("This founder is already listed."), code="duplicate_founder")
    founder.full_clean(validate_constraints=False)
    founder.save()
    audit_record(
        actor=actor, instance=founder, action=AuditEntry.Action.CREATE, after=snapshot(founder)
    )
    bump_content_version()
    return founder


@transaction.atomic
def founder_remove(*, actor: Actor, founder: Founder) -> None:
    delete_audited(founder, actor=actor)
    bump_content_version()


# Outcomes


@transaction.atomic
def outcome_create(*, actor: Actor, values: Mapping[str, Any]) -> Outcome:
    outcome = Outcome(**values)
    outcome.full_clean()
    outcome.save()
    audit_record(
        actor=actor, instance=outcome, action=AuditEntry.Action.CREATE, after=snapshot(outcome)
    )
    bump_content_version()
    return outcome


@transaction.atomic
def outcome_update(
    *,
    actor: Actor,
    instance: Outcome,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Outcome:
    locked = lock_for_edit(Outcome.objects.all(), instance.pk, edit_token)
    apply_edit(locked, actor=actor, values=values)
    bump_content_version()
    return locked


@transaction.atomic
def outcome_delete(*, actor: Actor, outcome: Outcome) -> None:
    delete_audited(outcome, actor=actor)
    bump_content_version()
