"""Writes: placement records and their evaluations (permission-checked, validated, audited).

The hours rule: a record's WIE hours may not exceed the hours its placement offers
(`Placement.hours`), because those are the hours the host agreed to supervise and the WIE
credit was approved for; more hours mean the placement itself changed, so an officer edits the
placement first. A completed record needs at least one hour and a completion date (on or after
the placement's start, not in the future); an in-progress or withdrawn record keeps the hours
worked so far and has no completion date. Only completed records count as WIE hours in the
outcome reports.

`actor=None` means the system (the talent app accepting an offer, demo data, commands); a person
must hold the model permission of the write.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.editing import delete_audited, lock_for_edit
from baylink.core.models import AuditEntry
from baylink.evaluations.models import (
    Evaluation,
    HostEvaluation,
    LearningOutcome,
    PlacementRecord,
    StudentEvaluation,
)
from baylink.talent.models import Placement, Student
from baylink.talent.services import is_host_contact

E = TypeVar("E", bound=Evaluation)

RECORD_FIELDS = ("academic_year", "status", "wie_hours", "completed_on", "notes")


def _require(actor: Actor, permission: str) -> None:
    if actor is None:
        return  # the system, see the module's docstring
    if not isinstance(actor, User) or not actor.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def academic_years_of(placement: Placement) -> list[AcademicYear]:
    """The academic years a record of the placement may count in: where it starts or ends."""
    first = AcademicYear.containing(placement.starts_on)
    last = AcademicYear.containing(placement.ends_on)
    return [first] if first == last else [first, last]


def check_record(record: PlacementRecord, *, today: date) -> None:
    """The rules a record keeps whatever writes it; raises every problem found at once."""
    placement = record.placement
    errors: dict[str, list[str]] = {}

    def problem(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if record.wie_hours > placement.hours:
        problem(
            "wie_hours",
            _(
                "At most %(hours)s WIE hours: that is what the placement offers. If the host "
                "agreed to more, change the placement's hours first."
            )
            % {"hours": placement.hours},
        )
    completed = record.status == PlacementRecord.Status.COMPLETED
    if completed:
        if record.wie_hours == 0:
            problem("wie_hours", _("A completed placement needs its WIE hours recorded."))
        if record.completed_on is None:
            problem("completed_on", _("Give the date the placement was completed."))
        elif record.completed_on < placement.starts_on:
            problem(
                "completed_on",
                _("The placement cannot be completed before it started (%(date)s).")
                % {"date": date_format(placement.starts_on)},
            )
        elif record.completed_on > today:
            problem("completed_on", _("The completion date cannot be in the future."))
    elif record.completed_on is not None:
        problem("completed_on", _("Only a completed placement has a completion date."))
    allowed = academic_years_of(placement)
    if record.academic_year not in [year.start_year for year in allowed]:
        problem(
            "academic_year",
            _("The placement runs from %(start)s to %(end)s, so its academic year is %(years)s.")
            % {
                "start": date_format(placement.starts_on),
                "end": date_format(placement.ends_on),
                "years": _(" or ").join(year.label for year in allowed),
            },
        )
    if errors:
        raise ValidationError(errors)


def _check_places(record: PlacementRecord) -> None:
    """A placement takes no more students than it has places (withdrawn students free theirs).

    Called with the placement's row locked, so two officers cannot fill the last place twice.
    """
    if record.status == PlacementRecord.Status.WITHDRAWN:
        return
    taken = (
        PlacementRecord.objects.filter(placement_id=record.placement_id)
        .exclude(status=PlacementRecord.Status.WITHDRAWN)
        .exclude(pk=record.pk)
        .count()
    )
    if taken >= record.placement.capacity:
        raise ValidationError(
            {
                "placement": _(
                    "All %(places)s places of this placement are taken: withdraw a student or "
                    "add places to the placement first."
                )
                % {"places": record.placement.capacity}
            }
        )


def _check_evaluations_allow(record: PlacementRecord) -> None:
    if record.status == PlacementRecord.Status.COMPLETED:
        return
    evaluated = (
        HostEvaluation.objects.filter(record_id=record.pk).exists()
        or StudentEvaluation.objects.filter(record_id=record.pk).exists()
    )
    if evaluated:
        raise ValidationError(
            {
                "status": _(
                    "This placement has evaluations, so it stays completed: delete the "
                    "evaluations first."
                )
            }
        )


def _lock_placement(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().get(pk=placement.pk)


@transaction.atomic
def placement_record_create(
    *,
    actor: Actor,
    student: Student,
    placement: Placement,
    academic_year: int | None = None,
    status: str = PlacementRecord.Status.IN_PROGRESS,
    wie_hours: int = 0,
    completed_on: date | None = None,
    notes: str = "",
    is_demo: bool = False,
    today: date | None = None,
) -> PlacementRecord:
    """A student's placement; the academic year defaults to the one the placement starts in."""
    _require(actor, "evaluations.add_placementrecord")
    placement = _lock_placement(placement)
    if academic_year is None:
        academic_year = AcademicYear.containing(placement.starts_on).start_year
    record = PlacementRecord(
        student=student,
        placement=placement,
        academic_year=academic_year,
        status=status,
        wie_hours=wie_hours,
        completed_on=completed_on,
        notes=notes,
        is_demo=is_demo,
    )
    if PlacementRecord.objects.filter(student=student, placement=placement).exists():
        raise ValidationError(
            {"placement": _("This student already has a record of this placement.")}
        )
    check_record(record, today=today or timezone.localdate())
    _check_places(record)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor, instance=record, action=AuditEntry.Action.CREATE, after=snapshot(record)
    )
    return record


def placement_record_for_offer(
    *, student: Student, placement: Placement, actor: Actor = None
) -> PlacementRecord:
    """The record of an accepted offer (for the talent app): created in progress, or the one
    the student already has for that placement, so accepting twice records one placement."""
    existing = PlacementRecord.objects.filter(student=student, placement=placement).first()
    if existing is not None:
        return existing
    return placement_record_create(actor=actor, student=student, placement=placement)


@transaction.atomic
def placement_record_create_from_form(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> PlacementRecord:
    return placement_record_create(actor=actor, **values)


@transaction.atomic
def placement_record_update(
    *,
    actor: Actor,
    instance: PlacementRecord,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
    today: date | None = None,
) -> PlacementRecord:
    """Change a record's year, status, hours, date or notes (not whose placement it is)."""
    _require(actor, "evaluations.change_placementrecord")
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    _lock_placement(instance.placement)
    record = lock_for_edit(
        PlacementRecord.objects.select_related("placement"), instance.pk, edit_token
    )
    before = snapshot(record)
    for name, value in values.items():
        setattr(record, name, value)
    check_record(record, today=today or timezone.localdate())
    _check_places(record)
    _check_evaluations_allow(record)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        instance=record,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(record),
    )
    return record


@transaction.atomic
def placement_record_delete(*, actor: Actor, record: PlacementRecord) -> None:
    """Delete a record and its evaluations (each deletion audited)."""
    _require(actor, "evaluations.delete_placementrecord")
    for evaluation in _evaluations(record):
        delete_audited(evaluation, actor=actor)
    delete_audited(record, actor=actor)


def _evaluations(record: PlacementRecord) -> list[Evaluation]:
    found: list[Evaluation] = []
    found += HostEvaluation.objects.filter(record_id=record.pk)
    found += StudentEvaluation.objects.filter(record_id=record.pk)
    return found


def _clean_outcomes(codes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(codes))
    known = set(LearningOutcome.values)
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise ValidationError(
            {
                "learning_outcomes": _("“%(code)s” is not one of the learning outcomes.")
                % {"code": unknown[0]}
            }
        )
    # In the order the form lists them, so that equal choices compare equal in the audit log.
    return [code for code in LearningOutcome.values if code in chosen]


def _evaluation_save(
    model: type[E],
    *,
    actor: Actor,
    record: PlacementRecord,
    values: Mapping[str, Any],
    edit_token: str,
    today: date | None,
    by_staff: bool = True,
) -> E:
    action = "add" if edit_token == "" else "change"
    if by_staff:
        _require(actor, f"evaluations.{action}_{model._meta.model_name}")
    record = (
        PlacementRecord.objects.select_for_update().select_related("placement").get(pk=record.pk)
    )
    if record.status != PlacementRecord.Status.COMPLETED:
        raise ValidationError(
            _("Evaluations are for completed placements: record the completion first.")
        )
    existing = model._default_manager.filter(record=record).first()
    if existing is None and edit_token:
        raise ValidationError(_("This evaluation was deleted meanwhile: enter it again."))
    if existing is not None and not edit_token:
        raise ValidationError(
            _("This placement already has an evaluation of this kind: edit that one instead.")
        )
    if existing is not None:
        evaluation = lock_for_edit(model._default_manager.all(), existing.pk, edit_token)
        before = snapshot(evaluation)
    else:
        evaluation = model(record=record)
        before = {}
    for name, value in values.items():
        setattr(evaluation, name, value)
    if isinstance(evaluation, StudentEvaluation):
        evaluation.learning_outcomes = _clean_outcomes(evaluation.learning_outcomes or [])
    submitted_on = evaluation.submitted_on
    if submitted_on is not None:
        if submitted_on > (today or timezone.localdate()):
            raise ValidationError({"submitted_on": _("The date cannot be in the future.")})
        if submitted_on < record.placement.starts_on:
            raise ValidationError(
                {"submitted_on": _("An evaluation cannot come before the placement started.")}
            )
    evaluation.full_clean()
    evaluation.save()
    audit_record(
        actor=actor,
        instance=evaluation,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        before=before,
        after=snapshot(evaluation),
    )
    return evaluation


@transaction.atomic
def host_evaluation_save(
    *,
    actor: Actor,
    record: PlacementRecord,
    values: Mapping[str, Any],
    edit_token: str = "",
    today: date | None = None,
) -> HostEvaluation:
    """Enter (no edit token) or change (the token of the version edited) a host evaluation."""
    return _evaluation_save(
        HostEvaluation,
        actor=actor,
        record=record,
        values=values,
        edit_token=edit_token,
        today=today,
    )


@transaction.atomic
def student_evaluation_save(
    *,
    actor: Actor,
    record: PlacementRecord,
    values: Mapping[str, Any],
    edit_token: str = "",
    today: date | None = None,
) -> StudentEvaluation:
    """Enter (no edit token) or change (the token of the version edited) a student evaluation."""
    return _evaluation_save(
        StudentEvaluation,
        actor=actor,
        record=record,
        values=values,
        edit_token=edit_token,
        today=today,
    )


@transaction.atomic
def evaluation_delete(*, actor: Actor, evaluation: Evaluation) -> None:
    _require(actor, f"evaluations.delete_{evaluation._meta.model_name}")
    delete_audited(evaluation, actor=actor)


def may_evaluate_own(actor: Actor, record: PlacementRecord, model: type[Evaluation]) -> bool:
    """The record's student may evaluate the placement; its host's contacts, the student."""
    if not isinstance(actor, User):
        return False
    if model is StudentEvaluation:
        return record.student.user_id == actor.pk
    return is_host_contact(actor, record.placement)


@transaction.atomic
def own_evaluation_submit(
    model: type[E],
    *,
    actor: Actor,
    record: PlacementRecord,
    values: Mapping[str, Any],
    today: date | None = None,
) -> E:
    """A student's or host contact's own evaluation, dated the day it is sent; sent once.

    Corrections afterwards go through the careers office, whose edits are audited.
    """
    if not may_evaluate_own(actor, record, model):
        raise PermissionDenied(_("You do not have permission to do this."))
    if model._default_manager.filter(record=record).exists():
        raise ValidationError(
            _("This evaluation was sent already. Ask the careers office to correct it.")
        )
    return _evaluation_save(
        model,
        actor=actor,
        record=record,
        values={**values, "submitted_on": today or timezone.localdate()},
        edit_token="",
        today=today,
        by_staff=False,
    )
