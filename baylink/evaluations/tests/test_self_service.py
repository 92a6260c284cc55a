"""Students and host contacts send their own evaluations of completed placements, once."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from baylink.core.models import AuditEntry
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.tests import factories
from baylink.talent.tests import factories as talent

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def student_form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = dict.fromkeys(StudentEvaluation.CRITERIA, 4)
    values.update({"learning_outcomes": ["teamwork"], "would_recommend": "on", "comments": "OK"})
    values.update(changes)
    return values


def host_form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = dict.fromkeys(HostEvaluation.CRITERIA, 5)
    values.update({"supervisor_name": "Alice Ma", "comments": "Reliable."})
    values.update(changes)
    return values


def test_a_student_sends_their_own_evaluation_once() -> None:
    user, student = talent.student_user()
    record = factories.record(student_=student)
    client = client_for(user)
    listing = client.get("/en/wie/evaluations/").content.decode()
    url = f"/en/wie/evaluations/{record.pk}/student/"
    assert url in listing
    assert "submitted_on" not in client.get(url).content.decode()  # dated today, not typed
    refused = client.post(url, student_form(supervision=9))
    assert refused.status_code == 400
    assert not StudentEvaluation.objects.exists()
    sent = client.post(url, student_form())
    assert sent.status_code == 302
    evaluation = StudentEvaluation.objects.get(record=record)
    assert evaluation.submitted_on == timezone.localdate()
    assert evaluation.learning_outcomes == ["teamwork"]
    assert AuditEntry.objects.filter(actor=user).exists()
    again = client.post(url, student_form(comments="Changed my mind"))
    assert again.status_code == 400  # refused: shown as sent, not as a form again
    assert "You sent this evaluation" in again.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.comments == "OK"
    assert "Sent on" in client.get("/en/wie/evaluations/").content.decode()


def test_only_the_records_student_and_completed_placements_can_be_evaluated() -> None:
    user, own_student = talent.student_user()
    someone_elses = factories.record()
    running = factories.record(student_=own_student, status=PlacementRecord.Status.IN_PROGRESS)
    client = client_for(user)
    for record in (someone_elses, running):
        assert client.get(f"/en/wie/evaluations/{record.pk}/student/").status_code == 404
        sent = client.post(f"/en/wie/evaluations/{record.pk}/student/", student_form())
        assert sent.status_code == 404
    assert not StudentEvaluation.objects.exists()
    # A student is not the host: the host form of their own placement is not theirs.
    own = factories.record(student_=own_student)
    assert client.get(f"/en/wie/evaluations/{own.pk}/host/").status_code == 404


def test_a_host_contact_evaluates_the_students_placed_with_their_organisation() -> None:
    record = factories.record()
    host = talent.host_user(record.placement.host)
    other_host = talent.host_user(factories.placement().host)
    client = client_for(host)
    listing = client.get("/zh-hant/wie/evaluations/").content.decode()
    assert record.student.name_en in listing
    url = f"/en/wie/evaluations/{record.pk}/host/"
    assert client_for(other_host).post(url, host_form()).status_code == 404
    sent = client.post(url, host_form())
    assert sent.status_code == 302
    evaluation = HostEvaluation.objects.get(record=record)
    assert (evaluation.supervisor_name, evaluation.quality_of_work) == ("Alice Ma", 5)
    assert evaluation.submitted_on == timezone.localdate()


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    record = factories.record()
    response = Client().get(f"/en/wie/evaluations/{record.pk}/student/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
