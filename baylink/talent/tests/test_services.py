"""WIE services: eligibility, applications, host rankings, pins and forbids, runs, offers."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.content_version import content_version
from baylink.core.editing import EditConflict, edit_token
from baylink.core.models import AuditEntry
from baylink.talent import services
from baylink.talent.eligibility import eligibility_problems
from baylink.talent.models import (
    AllocationRound,
    AllocationRun,
    Application,
    HostRanking,
    Offer,
    PairRule,
    Placement,
    Student,
)
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db
Status = AllocationRound.Status


def test_eligibility_checks_programme_year_and_languages() -> None:
    placement = factories.placement(
        eligible_programmes=["BEng Computing", "BSc Data Science"],
        eligible_years=[3, 4],
        required_languages=["zh", "en"],
    )
    fits = factories.student(
        programme="beng computing ", year_of_study=3, languages=["en", "zh-Hant"]
    )
    assert eligibility_problems(placement, fits) == []
    wrong = factories.student(programme="BA English", year_of_study=1, languages=["en"])
    problems = eligibility_problems(placement, wrong)
    assert len(problems) == 3
    assert "open only to students of BEng Computing, BSc Data Science" in problems[0]
    assert "year 3, 4" in problems[1]
    assert "zh" in problems[2]
    anyone = factories.placement()
    assert eligibility_problems(anyone, wrong) == []


def test_an_application_is_refused_whole_with_every_problem_and_a_translation() -> None:
    open_to_all = factories.placement(title_en="Open")
    computing = factories.placement(
        title_en="Computing only", eligible_programmes=["BEng Computing"]
    )
    elsewhere = factories.placement(title_en="Not in the round")
    allocation_round = factories.allocation_round([open_to_all, computing], max_preferences=2)
    applicant = factories.student(programme="BA Chinese")
    factories.apply(allocation_round, applicant, [open_to_all])
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            actor=None,
            student=applicant,
            allocation_round=allocation_round,
            placements=[computing, elsewhere, computing],
        )
    messages = refused.value.messages
    assert any("at most 2" in m for m in messages)
    assert any("more than once" in m for m in messages)
    assert any("not offered in this round" in m for m in messages)
    assert any("open only to students of BEng Computing" in m for m in messages)
    # Nothing changed: the earlier list stands.
    assert list(Application.objects.values_list("placement_id", flat=True)) == [open_to_all.pk]
    with override("zh-hant"), pytest.raises(ValidationError) as translated:
        services.application_submit(
            actor=None, student=applicant, allocation_round=allocation_round, placements=[computing]
        )
    assert "Computing only" in translated.value.messages[0]
    assert "open only to students" not in translated.value.messages[0]


def test_an_application_replaces_the_list_until_the_deadline() -> None:
    first, second = factories.placement(), factories.placement()
    allocation_round = factories.allocation_round([first, second])
    applicant = factories.student()
    services.application_submit(
        actor=None, student=applicant, allocation_round=allocation_round, placements=[first, second]
    )
    services.application_submit(
        actor=None, student=applicant, allocation_round=allocation_round, placements=[second]
    )
    assert list(Application.objects.values_list("placement_id", "rank")) == [(second.pk, 1)]
    late = timezone.now() + timedelta(days=30)
    with pytest.raises(ValidationError, match="deadline"):
        services.application_submit(
            actor=None,
            student=applicant,
            allocation_round=allocation_round,
            placements=[first],
            now=late,
        )
    assert list(Application.objects.values_list("placement_id", flat=True)) == [second.pk]
    allocation_round.status = Status.CLOSED
    allocation_round.save()
    with pytest.raises(ValidationError, match="not open"):
        services.application_submit(
            actor=None, student=applicant, allocation_round=allocation_round, placements=[first]
        )


def test_host_ranking_accepts_only_applicants_and_distinct_ranks() -> None:
    placement = factories.placement()
    allocation_round = factories.allocation_round([placement])
    a, b, outsider = factories.student(), factories.student(), factories.student()
    factories.apply(allocation_round, a, [placement])
    factories.apply(allocation_round, b, [placement])
    with pytest.raises(ValidationError, match="Only students who applied"):
        services.host_ranking_save(
            actor=None,
            allocation_round=allocation_round,
            placement=placement,
            ranks={outsider.pk: 1},
        )
    with pytest.raises(ValidationError, match="repeated: 1"):
        services.host_ranking_save(
            actor=None,
            allocation_round=allocation_round,
            placement=placement,
            ranks={a.pk: 1, b.pk: 1},
        )
    assert not HostRanking.objects.exists()
    services.host_ranking_save(
        actor=None,
        allocation_round=allocation_round,
        placement=placement,
        ranks={b.pk: 1, a.pk: None},
    )
    instance = services.round_instance(allocation_round)
    assert instance["placements"][0]["preferences"] == [b.pk, a.pk]


def _closed_round_with_applicants() -> tuple[AllocationRound, list[Student], list[Placement]]:
    """Three students, two placements of one place each; everybody likes `popular` best."""
    popular = factories.placement(title_en="Popular", city_code="SZ")
    other = factories.placement(title_en="Other", city_code="HK")
    allocation_round = factories.allocation_round([popular, other])
    students = [factories.student() for _ in range(3)]
    for student in students:
        factories.apply(allocation_round, student, [popular, other])
    allocation_round.status = Status.CLOSED
    allocation_round.save()
    return allocation_round, students, [popular, other]


def test_a_run_stores_assignments_and_figures_and_marks_the_round_allocated() -> None:
    allocation_round, students, (popular, other) = _closed_round_with_applicants()
    officer = staff_user(Role.CAREERS_OFFICER)
    run = services.run_create(actor=officer, allocation_round=allocation_round, mode="stable")
    allocation_round.refresh_from_db()
    assert allocation_round.status == Status.ALLOCATED
    placed = dict(run.assignments.values_list("student_id", "placement_id"))
    # No host ranking: ties go by application order, so the first two applicants are placed.
    assert placed == {students[0].pk: popular.pk, students[1].pk: other.pk, students[2].pk: None}
    assert run.stats["matched"] == 2
    assert run.stats["rank_profile"] == {"1": 1, "2": 1}
    assert run.stats["by_region"]["gba"]["matched"] == 1
    assert run.stats["by_region"]["local"]["matched"] == 1
    assert run.blocking_pairs == 0
    assert AuditEntry.objects.filter(object_pk=str(run.pk), action="create").exists()


def test_pins_and_forbids_are_honoured_by_a_run() -> None:
    allocation_round, students, (popular, other) = _closed_round_with_applicants()
    services.pair_rule_add(
        actor=None,
        allocation_round=allocation_round,
        student=students[2],
        placement=popular,
        kind=PairRule.Kind.PIN,
    )
    services.pair_rule_add(
        actor=None,
        allocation_round=allocation_round,
        student=students[1],
        placement=other,
        kind=PairRule.Kind.FORBID,
    )
    run = services.run_create(actor=None, allocation_round=allocation_round, mode="welfare")
    placed = dict(run.assignments.values_list("student_id", "placement_id"))
    assert placed[students[2].pk] == popular.pk
    assert placed[students[1].pk] is None
    assert placed[students[0].pk] == other.pk
    assert run.assignments.get(student=students[2]).pinned


def test_pins_cannot_exceed_places_or_repeat() -> None:
    allocation_round, students, (popular, _other) = _closed_round_with_applicants()
    services.pair_rule_add(
        actor=None,
        allocation_round=allocation_round,
        student=students[0],
        placement=popular,
        kind="pin",
    )
    with pytest.raises(ValidationError, match="already pinned"):
        services.pair_rule_add(
            actor=None,
            allocation_round=allocation_round,
            student=students[1],
            placement=popular,
            kind="pin",
        )
    with pytest.raises(ValidationError, match="already has a pin"):
        services.pair_rule_add(
            actor=None,
            allocation_round=allocation_round,
            student=students[0],
            placement=popular,
            kind="forbid",
        )
    assert PairRule.objects.count() == 1


def test_a_run_needs_a_closed_round() -> None:
    allocation_round, _students, _placements = _closed_round_with_applicants()
    allocation_round.status = Status.OPEN
    allocation_round.save()
    with pytest.raises(ValidationError, match="Close the round"):
        services.run_create(actor=None, allocation_round=allocation_round, mode="stable")
    assert not AllocationRun.objects.exists()


def test_publish_accept_decline_expire_and_the_next_round() -> None:
    allocation_round, students, (popular, other) = _closed_round_with_applicants()
    officer = staff_user(Role.CAREERS_OFFICER)
    run = services.run_create(actor=officer, allocation_round=allocation_round, mode="stable")
    with pytest.raises(ValidationError, match="future"):
        services.run_publish(
            actor=officer, run=run, offer_deadline=timezone.now() - timedelta(hours=1)
        )
    assert not Offer.objects.exists()
    offers = services.run_publish(
        actor=officer, run=run, offer_deadline=timezone.now() + timedelta(days=3)
    )
    assert len(offers) == 2
    allocation_round.refresh_from_db()
    assert allocation_round.status == Status.PUBLISHED
    # A second publication of any run is refused.
    with pytest.raises(ValidationError):
        services.run_publish(
            actor=officer, run=run, offer_deadline=timezone.now() + timedelta(days=3)
        )
    first_user, second_user = factories.user(), factories.user()
    students[0].user = first_user
    students[0].save()
    students[1].user = second_user
    students[1].save()
    by_student = {offer.student_id: offer for offer in Offer.objects.all()}
    with pytest.raises(ValidationError, match="Only the student"):
        services.offer_answer(actor=second_user, offer=by_student[students[0].pk], accept=True)
    services.offer_answer(actor=first_user, offer=by_student[students[0].pk], accept=False)
    with pytest.raises(ValidationError, match="already been answered"):
        services.offer_answer(actor=first_user, offer=by_student[students[0].pk], accept=True)
    with pytest.raises(ValidationError, match="deadline"):
        services.offer_answer(
            actor=second_user,
            offer=by_student[students[1].pk],
            accept=True,
            now=timezone.now() + timedelta(days=4),
        )
    follow_up = services.offers_close(
        actor=officer,
        allocation_round=allocation_round,
        follow_up_deadline=timezone.now() + timedelta(days=10),
    )
    statuses = dict(Offer.objects.values_list("student_id", "status"))
    assert statuses == {students[0].pk: "declined", students[1].pk: "expired"}
    assert follow_up is not None
    assert follow_up.status == Status.DRAFT
    assert follow_up.previous == allocation_round
    # Both places are free again (one declined, one expired); only the unplaced student moves on.
    assert set(follow_up.placements.values_list("pk", flat=True)) == {popular.pk, other.pk}
    assert follow_up.capacity_of(popular) == 1
    assert list(follow_up.students.values_list("pk", flat=True)) == [students[2].pk]
    carried = list(follow_up.applications.values_list("student_id", "placement_id", "rank"))
    assert carried == [(students[2].pk, popular.pk, 1), (students[2].pk, other.pk, 2)]
    # The follow-up round admits only that student.
    follow_up.status = Status.OPEN
    follow_up.save()
    with pytest.raises(ValidationError, match="unplaced"):
        services.application_submit(
            actor=None, student=students[0], allocation_round=follow_up, placements=[popular]
        )


def test_accepted_places_are_not_offered_again() -> None:
    allocation_round, students, (_popular, other) = _closed_round_with_applicants()
    run = services.run_create(actor=None, allocation_round=allocation_round, mode="stable")
    services.run_publish(actor=None, run=run, offer_deadline=timezone.now() + timedelta(days=3))
    user = factories.user()
    students[0].user = user
    students[0].save()
    services.offer_answer(actor=user, offer=Offer.objects.get(student=students[0]), accept=True)
    follow_up = services.offers_close(
        actor=None,
        allocation_round=allocation_round,
        follow_up_deadline=timezone.now() + timedelta(days=10),
    )
    assert follow_up is not None
    assert list(follow_up.placements.values_list("pk", flat=True)) == [other.pk]


def test_round_transitions_are_checked_against_stale_edits() -> None:
    placement = factories.placement()
    allocation_round = factories.allocation_round([placement], status=Status.DRAFT)
    token = edit_token(allocation_round)
    services.round_transition(
        actor=None, allocation_round=allocation_round, to_status=Status.OPEN, edit_token=token
    )
    with pytest.raises(EditConflict):
        services.round_transition(
            actor=None, allocation_round=allocation_round, to_status=Status.CLOSED, edit_token=token
        )
    allocation_round.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot become"):
        services.round_transition(
            actor=None,
            allocation_round=allocation_round,
            to_status=Status.PUBLISHED,
            edit_token=edit_token(allocation_round),
        )
    assert allocation_round.status == Status.OPEN


def test_placement_writes_refresh_the_public_figures(
    django_capture_on_commit_callbacks: Any,
) -> None:
    officer = staff_user(Role.CAREERS_OFFICER)
    placement = factories.placement()
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.placement_update(
            actor=officer,
            instance=placement,
            edit_token=edit_token(placement),
            values={"capacity": placement.capacity + 1},
        )
    after_edit = content_version()
    assert after_edit > before
    with django_capture_on_commit_callbacks(execute=True):
        services.placement_delete(actor=officer, placement=placement)
    assert content_version() > after_edit
