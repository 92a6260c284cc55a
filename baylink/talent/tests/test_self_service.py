"""Self-service WIE pages: students rank placements and answer offers; hosts rank applicants."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from baylink.talent.models import AllocationRound, Application, HostRanking, Offer
from baylink.talent.services import run_create, run_publish
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_student_ranks_eligible_placements_and_is_told_why_others_are_refused() -> None:
    open_to_all = factories.placement(title_en="Open internship")
    final_year = factories.placement(title_en="Final-year internship", eligible_years=[4])
    allocation_round = factories.allocation_round([open_to_all, final_year])
    user, student = factories.student_user(year_of_study=2)
    client = client_for(user)
    home = client.get("/en/wie/").content.decode()
    assert f"/en/wie/rounds/{allocation_round.pk}/apply/" in home
    page = client.get(f"/en/wie/rounds/{allocation_round.pk}/apply/")
    assert "open only to students in year 4" in page.content.decode()
    refused = client.post(
        f"/en/wie/rounds/{allocation_round.pk}/apply/",
        {"choice_1": final_year.pk, "choice_2": open_to_all.pk},
    )
    assert refused.status_code == 400
    assert "open only to students in year 4" in refused.content.decode()
    assert not Application.objects.exists()
    saved = client.post(
        f"/en/wie/rounds/{allocation_round.pk}/apply/", {"choice_1": "", "choice_2": open_to_all.pk}
    )
    assert saved.status_code == 302
    assert list(student.applications.values_list("placement_id", "rank")) == [(open_to_all.pk, 1)]
    in_chinese = client.post(
        f"/zh-hant/wie/rounds/{allocation_round.pk}/apply/", {"choice_1": final_year.pk}
    )
    assert in_chinese.status_code == 400
    assert "open only to students" not in in_chinese.content.decode()


def test_students_cannot_apply_in_rounds_that_are_not_open() -> None:
    placement = factories.placement()
    draft = factories.allocation_round([placement], status=AllocationRound.Status.DRAFT)
    user, _student = factories.student_user()
    client = client_for(user)
    assert client.get(f"/en/wie/rounds/{draft.pk}/apply/").status_code == 404
    assert (
        client.post(f"/en/wie/rounds/{draft.pk}/apply/", {"choice_1": placement.pk}).status_code
        == 404
    )
    assert not Application.objects.exists()
    no_record = client_for(factories.user())
    assert "not linked to a student record" in no_record.get("/en/wie/").content.decode()
    assert no_record.get(f"/en/wie/rounds/{draft.pk}/apply/").status_code == 403


def test_a_student_accepts_or_declines_only_their_own_offer() -> None:
    placement = factories.placement(capacity=2)
    allocation_round = factories.allocation_round([placement])
    (user, student), (other_user, other) = factories.student_user(), factories.student_user()
    factories.apply(allocation_round, student, [placement])
    factories.apply(allocation_round, other, [placement])
    allocation_round.status = AllocationRound.Status.CLOSED
    allocation_round.save()
    run = run_create(actor=None, allocation_round=allocation_round, mode="stable")
    run_publish(actor=None, run=run, offer_deadline=timezone.now() + timedelta(days=2))
    mine = Offer.objects.get(student=student)
    theirs = Offer.objects.get(student=other)
    client = client_for(user)
    assert placement.title_en in client.get("/en/wie/").content.decode()
    assert (
        client.post(f"/en/wie/offers/{theirs.pk}/answer/", {"answer": "accept"}).status_code == 404
    )
    client.post(f"/en/wie/offers/{mine.pk}/answer/", {"answer": "maybe"})
    mine.refresh_from_db()
    assert mine.status == Offer.Status.PENDING
    client.post(f"/en/wie/offers/{mine.pk}/answer/", {"answer": "decline"})
    mine.refresh_from_db()
    assert mine.status == Offer.Status.DECLINED
    client_for(other_user).post(f"/en/wie/offers/{theirs.pk}/answer/", {"answer": "accept"})
    theirs.refresh_from_db()
    assert theirs.status == Offer.Status.ACCEPTED


def test_a_host_contact_ranks_only_their_own_placements_applicants() -> None:
    placement = factories.placement()
    elsewhere = factories.placement()
    allocation_round = factories.allocation_round([placement, elsewhere])
    first, second = factories.student(name_en="Ho Wing"), factories.student(name_en="Yip Lam")
    factories.apply(allocation_round, first, [placement])
    factories.apply(allocation_round, second, [placement, elsewhere])
    host = factories.host_user(placement.host)
    client = client_for(host)
    assert f"/en/wie/host/rounds/{allocation_round.pk}/placements/{placement.pk}/" in (
        client.get("/en/wie/host/").content.decode()
    )
    url = f"/en/wie/host/rounds/{allocation_round.pk}/placements/{placement.pk}/"
    page = client.get(url).content.decode()
    assert "Ho Wing" in page
    assert first.email not in page
    assert (
        client.get(
            f"/en/wie/host/rounds/{allocation_round.pk}/placements/{elsewhere.pk}/"
        ).status_code
        == 403
    )
    bad = client.post(url, {f"rank_{first.pk}": "1", f"rank_{second.pk}": "1"})
    assert bad.status_code == 400
    assert "Each rank may be given once; repeated: 1." in bad.content.decode()
    beyond = client.post(url, {f"rank_{first.pk}": "3"})  # two applicants
    assert beyond.status_code == 400
    assert "less than or equal to 2" in beyond.content.decode()
    assert not HostRanking.objects.exists()
    client.post(url, {f"acceptable_{first.pk}": "on", f"rank_{second.pk}": "1"})
    ranks = dict(HostRanking.objects.values_list("student_id", "rank"))
    assert ranks == {first.pk: None, second.pk: 1}
    # The page shows the ranking as saved: a rank box per applicant, not a list of every rank.
    again = client.get(url).content.decode()
    assert re.search(rf'name="rank_{second.pk}" value="1"', again)
    assert re.search(rf'name="acceptable_{first.pk}"[^>]*checked', again)
    assert "<option" not in again
    assert client_for(factories.user()).get("/en/wie/host/").status_code == 403


def test_students_and_host_contacts_find_their_wie_pages_from_every_page() -> None:
    user, _student = factories.student_user(year_of_study=2)
    host = factories.host_user(factories.placement().host)
    staff = User.objects.create_user("officer", password="x")
    assert 'href="/en/wie/"' in client_for(user).get("/en/").content.decode()
    assert 'href="/zh-hant/wie/"' in client_for(host).get("/zh-hant/partners/").content.decode()
    assert 'href="/en/wie/"' not in client_for(staff).get("/en/").content.decode()
