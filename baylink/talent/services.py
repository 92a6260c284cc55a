"""Writes of WIE internships: placements, students, rounds, applications, host rankings, officers'
pins and forbidden pairs, allocation runs, offers and follow-up rounds.

Every function validates before it writes, runs in one transaction and records the change in
the audit log; bad input raises ValidationError with a translated message and changes nothing.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baylink.core.audit import Actor, Note, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit, set_values
from baylink.core.models import AuditEntry
from baylink.talent.allocation import InstanceError, allocate, parse_instance
from baylink.talent.announcements import offers_announce
from baylink.talent.eligibility import eligibility_problems
from baylink.talent.models import (
    AllocationRound,
    AllocationRun,
    Application,
    Assignment,
    HostContact,
    HostRanking,
    Offer,
    PairRule,
    Placement,
    Student,
)

Status = AllocationRound.Status

# The status changes an officer makes by hand; the others follow from runs and offers.
MANUAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.OPEN,),
    Status.OPEN: (Status.CLOSED,),
    Status.CLOSED: (Status.OPEN,),
}
# Pins and forbidden pairs may change until a run is published.
RULES_EDITABLE = (Status.DRAFT, Status.OPEN, Status.CLOSED, Status.ALLOCATED)
RUNNABLE = (Status.CLOSED, Status.ALLOCATED)


def _created(actor: Actor, instance: Any, note: str = "") -> None:
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.CREATE,
        after=snapshot(instance),
        note=note,
    )


def run_note(run: AllocationRun) -> Note:
    """'Run 3: Stable (student-optimal)', kept in English and read in the reader's language."""
    with translation.override("en"):
        mode = str(run.get_mode_display())
    return Note(
        gettext_noop("Run %(number)s: %(mode)s"), {"number": run.pk, "mode": mode}, words=("mode",)
    )


def round_status_change(
    actor: Actor, allocation_round: AllocationRound, to_status: str, note: str | Note = ""
) -> None:
    """Set the round's status and record the step (callers check that the step is allowed)."""
    before = snapshot(allocation_round)
    allocation_round.status = to_status
    allocation_round.version += 1
    allocation_round.save(update_fields=["status", "version", "updated_at"])
    audit_record(
        actor=actor,
        instance=allocation_round,
        action=AuditEntry.Action.TRANSITION,
        before=before,
        after=snapshot(allocation_round),
        note=note,
    )


# -- Placements --------------------------------------------------------------------------------


@transaction.atomic
def placement_create(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Placement:
    placement = Placement()
    set_values(placement, values)
    placement.full_clean()
    placement.save()
    _created(actor, placement)
    bump_content_version()  # placements are counted in the public figures and city map
    return placement


@transaction.atomic
def placement_update(
    *,
    actor: Actor,
    instance: Placement,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Placement:
    locked = lock_for_edit(Placement.objects.all(), instance.pk, edit_token)
    placement = apply_edit(locked, actor=actor, values=values)
    bump_content_version()
    return placement


@transaction.atomic
def placement_delete(*, actor: Actor, placement: Placement) -> None:
    delete_audited(placement, actor=actor)
    bump_content_version()


# -- Students ----------------------------------------------------------------------------------


@transaction.atomic
def student_create(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Student:
    student = Student(**values)
    student.full_clean()
    student.save()
    _created(actor, student)
    return student


@transaction.atomic
def student_update(
    *,
    actor: Actor,
    instance: Student,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Student:
    locked = lock_for_edit(Student.objects.all(), instance.pk, edit_token)
    return apply_edit(locked, actor=actor, values=values)


# -- Host contacts -----------------------------------------------------------------------------


@transaction.atomic
def host_contact_add(*, actor: Actor, user: User, organisation: Any) -> HostContact:
    contact, created = HostContact.objects.get_or_create(user=user, organisation=organisation)
    if created:
        _created(actor, contact)
    return contact


# -- Rounds ------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> AllocationRound:
    allocation_round = AllocationRound(**values)
    allocation_round.full_clean()
    allocation_round.save()
    for name, related in (many or {}).items():
        getattr(allocation_round, name).set(related)
    _created(actor, allocation_round)
    return allocation_round


@transaction.atomic
def round_update(
    *,
    actor: Actor,
    instance: AllocationRound,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> AllocationRound:
    locked = lock_for_edit(AllocationRound.objects.all(), instance.pk, edit_token)
    if locked.status not in (Status.DRAFT, Status.OPEN, Status.CLOSED):
        raise ValidationError(_("A round that has been allocated can no longer be edited."))
    many = dict(many or {})
    if "placements" in many:
        kept = {p.pk for p in many["placements"]}
        dropped = locked.applications.exclude(placement_id__in=kept)
        if dropped.exists():
            raise ValidationError(
                {
                    "placements": _(
                        "Students have applied for %(placement)s: it cannot leave the round."
                    )
                    % {"placement": dropped.select_related("placement").first().placement}  # type: ignore[union-attr]  # exists() checked
                }
            )
    return apply_edit(locked, actor=actor, values=values, many=many)


@transaction.atomic
def round_transition(
    *, actor: Actor, allocation_round: AllocationRound, to_status: str, edit_token: str
) -> AllocationRound:
    locked = lock_for_edit(AllocationRound.objects.all(), allocation_round.pk, edit_token)
    if to_status not in MANUAL_TRANSITIONS.get(locked.status, ()):
        raise ValidationError(
            _("A round that is “%(status)s” cannot become “%(next)s”.")
            % {
                "status": locked.get_status_display(),
                "next": dict(Status.choices).get(to_status, to_status),
            }
        )
    if to_status == Status.OPEN and not locked.placements.exists():
        raise ValidationError(_("Add placements to the round before opening it."))
    round_status_change(actor, locked, to_status)
    return locked


@transaction.atomic
def round_delete(*, actor: Actor, allocation_round: AllocationRound) -> None:
    if allocation_round.status != Status.DRAFT:
        raise ValidationError(_("Only a draft round can be deleted."))
    delete_audited(allocation_round, actor=actor)


# -- Applications ------------------------------------------------------------------------------


def round_admits(allocation_round: AllocationRound, student: Student) -> bool:
    """A follow-up round admits only the students it lists; other rounds admit everyone."""
    restricted = allocation_round.students.all()
    return not restricted.exists() or restricted.filter(pk=student.pk).exists()


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    student: Student,
    allocation_round: AllocationRound,
    placements: Sequence[Placement],
    transfer_agreed: bool = False,
    now: datetime | None = None,
) -> list[Application]:
    """Replace the student's ranked list in the round (best first); every problem is reported.

    A placement whose host is outside Hong Kong needs `transfer_agreed`: the student's consent
    that their name goes to that host. It is kept, with its time, on each such application.
    """
    now = now or timezone.now()
    locked = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    if locked.status != Status.OPEN:
        raise ValidationError(_("This round is not open for applications."))
    if now > locked.application_deadline:
        raise ValidationError(_("The application deadline of this round has passed."))
    if not round_admits(locked, student):
        raise ValidationError(
            _("This round is open only to students the last round left unplaced.")
        )
    problems = []
    if len(placements) > locked.max_preferences:
        problems.append(
            _("Rank at most %(count)s placements; you ranked %(given)s.")
            % {"count": locked.max_preferences, "given": len(placements)}
        )
    seen: set[int] = set()
    offered = set(locked.placements.values_list("pk", flat=True))
    for placement in placements:
        if placement.pk in seen:
            problems.append(
                _("“%(placement)s” is ranked more than once.") % {"placement": placement}
            )
        seen.add(placement.pk)
        if placement.pk not in offered:
            problems.append(
                _("“%(placement)s” is not offered in this round.") % {"placement": placement}
            )
            continue
        problems += eligibility_problems(placement, student)
    abroad = [placement for placement in placements if placement.host_outside_hong_kong]
    if abroad and not transfer_agreed:
        problems.append(
            _(
                "%(placements)s: the host is outside Hong Kong. Agree that your name goes to "
                "the host, or leave the placement out."
            )
            % {"placements": "; ".join(f"“{placement}”" for placement in abroad)}
        )
    if problems:
        raise ValidationError(problems)
    before = list(
        locked.applications.filter(student=student)
        .order_by("rank")
        .values_list("placement_id", flat=True)
    )
    locked.applications.filter(student=student).delete()
    applications = Application.objects.bulk_create(
        Application(
            round=locked,
            student=student,
            placement=placement,
            rank=rank,
            transfer_agreed_at=now if placement in abroad else None,
        )
        for rank, placement in enumerate(placements, start=1)
    )
    agreed = {"transfer agreed for": [p.pk for p in abroad]} if abroad else {}
    audit_record(
        actor=actor,
        instance=student,
        action=AuditEntry.Action.UPDATE,
        before={f"applications in round {locked.pk}": before},
        after={f"applications in round {locked.pk}": [p.pk for p in placements], **agreed},
    )
    return applications


# -- Host rankings -----------------------------------------------------------------------------


def is_host_contact(user: Actor, placement: Placement) -> bool:
    """Whether the user speaks for the placement's host (ranks its applicants, evaluates)."""
    if not isinstance(user, User):
        return False
    return HostContact.objects.filter(user=user, organisation_id=placement.host_id).exists()


@transaction.atomic
def host_ranking_save(
    *,
    actor: Actor,
    allocation_round: AllocationRound,
    placement: Placement,
    ranks: Mapping[int, int | None],
) -> list[HostRanking]:
    """Replace the placement's view of its applicants: student id → rank, or None for accepted.

    Applicants left out are unacceptable to the placement once it ranks anyone.
    """
    if allocation_round.status not in (Status.OPEN, Status.CLOSED):
        raise ValidationError(_("Applicants can be ranked only while the round is open or closed."))
    applicants = set(
        allocation_round.applications.filter(placement=placement).values_list(
            "student_id", flat=True
        )
    )
    problems = []
    unknown = [student for student in ranks if student not in applicants]
    if unknown:
        problems.append(_("Only students who applied for this placement can be ranked."))
    given = [rank for rank in ranks.values() if rank is not None]
    if any(rank < 1 for rank in given):
        problems.append(_("Ranks are whole numbers from 1."))
    repeated = sorted(rank for rank, times in Counter(given).items() if times > 1)
    if repeated:
        problems.append(
            _("Each rank may be given once; repeated: %(ranks)s.")
            % {"ranks": ", ".join(str(rank) for rank in repeated)}
        )
    if problems:
        raise ValidationError(problems)
    existing = HostRanking.objects.filter(round=allocation_round, placement=placement)
    before = {str(row.student_id): row.rank for row in existing}
    existing.delete()
    rankings = HostRanking.objects.bulk_create(
        HostRanking(round=allocation_round, placement=placement, student_id=student, rank=rank)
        for student, rank in ranks.items()
    )
    audit_record(
        actor=actor,
        instance=placement,
        action=AuditEntry.Action.UPDATE,
        before={f"host ranking in round {allocation_round.pk}": before},
        after={
            f"host ranking in round {allocation_round.pk}": {
                str(student): rank for student, rank in ranks.items()
            }
        },
    )
    return rankings


# -- Pins and forbidden pairs ------------------------------------------------------------------


@transaction.atomic
def pair_rule_add(
    *,
    actor: Actor,
    allocation_round: AllocationRound,
    student: Student,
    placement: Placement,
    kind: str,
    note: str = "",
) -> PairRule:
    locked = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    if locked.status not in RULES_EDITABLE:
        raise ValidationError(
            _("Pins and forbidden pairs cannot change once offers are published.")
        )
    if not locked.placements.filter(pk=placement.pk).exists():
        raise ValidationError({"placement": _("This placement is not offered in this round.")})
    rules = locked.pair_rules.filter(student=student)
    if rules.filter(placement=placement).exists():
        raise ValidationError(_("This pair already has a pin or is already forbidden."))
    if kind == PairRule.Kind.PIN:
        if rules.filter(kind=PairRule.Kind.PIN).exists():
            raise ValidationError({"student": _("This student is already pinned in this round.")})
        pinned = locked.pair_rules.filter(placement=placement, kind=PairRule.Kind.PIN).count()
        if pinned >= locked.capacity_of(placement):
            raise ValidationError(
                {"placement": _("Every place of this placement is already pinned.")}
            )
    rule = PairRule(
        round=locked, student=student, placement=placement, kind=kind, note=note.strip()
    )
    rule.full_clean()
    rule.save()
    _created(actor, rule)
    return rule


@transaction.atomic
def pair_rule_delete(*, actor: Actor, rule: PairRule) -> None:
    if rule.round.status not in RULES_EDITABLE:
        raise ValidationError(
            _("Pins and forbidden pairs cannot change once offers are published.")
        )
    delete_audited(rule, actor=actor)


# -- Runs --------------------------------------------------------------------------------------


def round_instance(
    allocation_round: AllocationRound, *, lottery_seed: int | None = None
) -> dict[str, Any]:
    """The round as an engine instance (see `baylink.talent.allocation`); ids are record ids.

    - Students: everyone who applied, plus students pinned without applying; preferences are
      their applications, best first.
    - Placements: those offered, with their places in this round; a placement whose host ranked
      or accepted anyone lists those students (ranked first, then accepted ones in application
      order) and finds every other applicant unacceptable; otherwise it takes anyone, ties
      broken by the lottery when a seed is given, else by application order.
    - A pin is assigned before anything else and takes one of the placement's places; the pinned
      student competes for nothing else. A forbidden pair is unacceptable, as if the student had
      not listed the placement (the position still counts in the student's rank profile).
    """
    applications = (
        Application.objects.filter(round=allocation_round)
        .order_by("created_at", "student_id", "rank")
        .values_list("student_id", "placement_id", "rank")
    )
    preferences: dict[int, list[tuple[int, int]]] = {}
    for student, listed_placement, rank in applications:
        preferences.setdefault(student, []).append((rank, listed_placement))
    rules = list(allocation_round.pair_rules.values_list("student_id", "placement_id", "kind"))
    for student, _placement, _kind in rules:
        preferences.setdefault(student, [])
    placements = list(allocation_round.placements.select_related("city").order_by("pk"))
    order = {student: position for position, student in enumerate(preferences)}
    rankings: dict[int, list[tuple[int, int | None]]] = {}
    for placement_id, student, host_rank in HostRanking.objects.filter(
        round=allocation_round
    ).values_list("placement_id", "student_id", "rank"):
        rankings.setdefault(placement_id, []).append((student, host_rank))
    instance: dict[str, Any] = {
        "students": [
            {"id": student, "preferences": [p for _rank, p in sorted(listed)]}
            for student, listed in preferences.items()
        ],
        "placements": [],
        "pins": [
            {"student": s, "placement": p} for s, p, kind in rules if kind == PairRule.Kind.PIN
        ],
        "forbids": [
            {"student": s, "placement": p} for s, p, kind in rules if kind == PairRule.Kind.FORBID
        ],
    }
    for placement in placements:
        entry: dict[str, Any] = {
            "id": placement.pk,
            "capacity": allocation_round.capacity_of(placement),
            "region": placement.region,
        }
        if placement.pk in rankings:
            ranked = sorted(
                rankings[placement.pk],
                key=lambda row: (row[1] is None, row[1] or 0, order.get(row[0], len(order))),
            )
            entry["preferences"] = [student for student, _rank in ranked]
        instance["placements"].append(entry)
    if lottery_seed is not None:
        instance["lottery_seed"] = lottery_seed
    return instance


@transaction.atomic
def run_create(
    *,
    actor: Actor,
    allocation_round: AllocationRound,
    mode: str,
    lottery_seed: int | None = None,
    note: str = "",
) -> AllocationRun:
    """Run the engine on a closed round and keep the result (what-if runs stay side by side)."""
    locked = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    if locked.status not in RUNNABLE:
        raise ValidationError(_("Close the round for applications before running the allocation."))
    if mode not in AllocationRun.Mode.values:
        raise ValidationError({"mode": _("Choose the stable or the welfare mode.")})
    instance = round_instance(locked, lottery_seed=lottery_seed)
    if not instance["students"]:
        raise ValidationError(_("Nobody has applied in this round yet."))
    try:
        allocation = allocate(parse_instance(instance), mode=mode)
    except InstanceError as error:
        raise ValidationError(error.messages(_)) from error
    run = AllocationRun.objects.create(
        round=locked,
        mode=mode,
        lottery_seed=lottery_seed,
        note=note.strip()[:300],
        run_by=actor if isinstance(actor, User) else None,
        blocking_pairs=allocation.blocking_pairs,
        stats=allocation.stats,
    )
    ranks = {
        (student, placement): rank
        for student, placement, rank in locked.applications.values_list(
            "student_id", "placement_id", "rank"
        )
    }
    pins = {pin["student"] for pin in instance["pins"]}
    Assignment.objects.bulk_create(
        Assignment(
            run=run,
            student_id=student,
            placement_id=placement,
            rank=ranks.get((int(student), int(placement))) if placement is not None else None,
            pinned=student in pins,
        )
        for student, placement in allocation.assignments().items()
    )
    _created(actor, run)
    if locked.status != Status.ALLOCATED:
        round_status_change(actor, locked, Status.ALLOCATED, note=run_note(run))
    return run


@transaction.atomic
def run_publish(*, actor: Actor, run: AllocationRun, offer_deadline: datetime) -> list[Offer]:
    """Offer every placed student of the run their placement, to accept or decline by a deadline;
    each student is notified and e-mailed (announcements.py)."""
    locked = AllocationRound.objects.select_for_update().get(pk=run.round_id)
    if locked.status != Status.ALLOCATED:
        raise ValidationError(
            _("Only a run of an allocated round that has no published run can be published.")
        )
    if offer_deadline <= timezone.now():
        raise ValidationError({"offer_deadline": _("The answer deadline must be in the future.")})
    offers = Offer.objects.bulk_create(
        Offer(
            run=run, student_id=a.student_id, placement_id=a.placement_id, deadline=offer_deadline
        )
        for a in run.assignments.order_by("pk")
        if a.placement_id is not None
    )
    run.published_at = timezone.now()
    run.save(update_fields=["published_at", "updated_at"])
    round_status_change(actor, locked, Status.PUBLISHED, note=run_note(run))
    offers_announce(offers)
    return offers


@transaction.atomic
def offer_answer(*, actor: Actor, offer: Offer, accept: bool, now: datetime | None = None) -> Offer:
    """The student accepts or declines their offer, before its deadline."""
    now = now or timezone.now()
    locked = Offer.objects.select_for_update().select_related("student").get(pk=offer.pk)
    if not isinstance(actor, User) or locked.student.user_id != actor.pk:
        raise ValidationError(_("Only the student it was made to can answer this offer."))
    if locked.status != Offer.Status.PENDING:
        raise ValidationError(_("This offer has already been answered or has expired."))
    if now > locked.deadline:
        raise ValidationError(_("The deadline to answer this offer has passed."))
    before = snapshot(locked)
    locked.status = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
    locked.answered_at = now
    locked.save(update_fields=["status", "answered_at", "updated_at"])
    audit_record(
        actor=actor,
        instance=locked,
        action=AuditEntry.Action.TRANSITION,
        before=before,
        after=snapshot(locked),
    )
    return locked


@transaction.atomic
def offers_close(
    *,
    actor: Actor,
    allocation_round: AllocationRound,
    follow_up_deadline: datetime,
    now: datetime | None = None,
) -> AllocationRound | None:
    """Expire unanswered offers and open the unfilled places to the unplaced students.

    The follow-up round (a draft, for the officer to check and open) offers each placement's
    places that no accepted offer took, to the students the published run left unplaced, with
    their applications carried over (ranks renumbered, placements without places dropped).
    Students who declined or let their offer expire made their choice and are not carried over.
    Returns None when no places or no students are left.
    """
    now = now or timezone.now()
    locked = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    if locked.status != Status.PUBLISHED:
        raise ValidationError(_("Offers can be closed only in a round whose offers are published."))
    if follow_up_deadline <= now:
        raise ValidationError(
            {"follow_up_deadline": _("The next round's deadline must be in the future.")}
        )
    run = locked.runs.get(published_at__isnull=False)
    pending = run.offers.filter(status=Offer.Status.PENDING)
    for offer in pending:
        before = snapshot(offer)
        offer.status = Offer.Status.EXPIRED
        offer.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            instance=offer,
            action=AuditEntry.Action.TRANSITION,
            before=before,
            after=snapshot(offer),
        )
    round_status_change(actor, locked, Status.OFFERS_CLOSED)
    accepted = Counter(
        run.offers.filter(status=Offer.Status.ACCEPTED).values_list("placement_id", flat=True)
    )
    left = {
        placement.pk: locked.capacity_of(placement) - accepted[placement.pk]
        for placement in locked.placements.all()
    }
    left = {pk: places for pk, places in left.items() if places > 0}
    unplaced = list(
        run.assignments.filter(placement__isnull=True).values_list("student_id", flat=True)
    )
    if not left or not unplaced:
        return None
    follow_up = AllocationRound.objects.create(
        name=_("%(round)s – next round") % {"round": locked.name},
        academic_year=locked.academic_year,
        application_deadline=follow_up_deadline,
        max_preferences=locked.max_preferences,
        previous=locked,
        places_left={str(pk): places for pk, places in left.items()},
        is_demo=locked.is_demo,
    )
    follow_up.placements.set(list(left))
    follow_up.students.set(unplaced)
    carried = []
    listed: dict[int, list[int]] = {}
    for student, placement in (
        locked.applications.filter(student_id__in=unplaced, placement_id__in=list(left))
        .order_by("student_id", "rank")
        .values_list("student_id", "placement_id")
    ):
        listed.setdefault(student, []).append(placement)
    for student, placements in listed.items():
        carried += [
            Application(round=follow_up, student_id=student, placement_id=placement, rank=rank)
            for rank, placement in enumerate(placements, start=1)
        ]
    Application.objects.bulk_create(carried)
    _created(actor, follow_up, note=str(locked))
    return follow_up
