"""A student's name leaves Hong Kong only with their consent: applications to hosts outside it."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from baylink.core.models import AuditEntry
from baylink.directory.tests import factories as directory
from baylink.talent.models import Application
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("host_city", "host_country", "placement_city", "outside"),
    [
        ("HK", "", "SZ", False),  # a Hong Kong firm's staff in Shenzhen: the name stays here
        ("SZ", "", "HK", True),  # a Shenzhen firm, work in Hong Kong: the name goes there
        ("MO", "", "MO", True),  # Macao is outside Hong Kong too
        (None, "CN", None, True),  # no city known: the host's country decides
        (None, "", "GZ", True),  # nothing known of the host: where the work is
        (None, "", None, False),
    ],
)
def test_where_the_host_is_decides_whether_a_name_leaves_hong_kong(
    host_city: str | None, host_country: str, placement_city: str | None, outside: bool
) -> None:
    host = directory.organisation(city_code=host_city, country_code=host_country)
    if host_city is None and not host_country:
        host.country_code = ""
        host.save()
    placement = factories.placement(host, city_code=placement_city)
    assert placement.host_outside_hong_kong is outside


def test_ranking_a_host_outside_hong_kong_needs_the_students_consent() -> None:
    local = factories.placement(title_en="Harbour internship")
    shenzhen = factories.placement(
        directory.organisation("Peng Cheng Robotics", city_code="SZ"), title_en="Robotics intern"
    )
    allocation_round = factories.allocation_round([local, shenzhen])
    user, student = factories.student_user()
    client = client_for(user)
    url = f"/en/wie/rounds/{allocation_round.pk}/apply/"
    page = client.get(url).content.decode()
    assert page.count("Outside Hong Kong") == 1
    assert 'name="transfer_agreed"' in page
    refused = client.post(url, {"choice_1": shenzhen.pk, "choice_2": local.pk})
    assert refused.status_code == 400
    assert "“Robotics intern”: the host is outside Hong Kong." in refused.content.decode()
    assert not Application.objects.exists()
    in_chinese = client.post(
        f"/zh-hant/wie/rounds/{allocation_round.pk}/apply/", {"choice_1": shenzhen.pk}
    )
    assert "實習機構位於香港以外" in in_chinese.content.decode()
    # Only the Hong Kong placement: nothing leaves, nothing to agree to.
    assert client.post(url, {"choice_1": local.pk}).status_code == 302
    assert Application.objects.get().transfer_agreed_at is None
    saved = client.post(
        url, {"choice_1": shenzhen.pk, "choice_2": local.pk, "transfer_agreed": "on"}
    )
    assert saved.status_code == 302
    agreed = dict(student.applications.values_list("placement_id", "transfer_agreed_at"))
    assert agreed[local.pk] is None
    agreed_at = agreed[shenzhen.pk]
    assert agreed_at is not None
    assert agreed_at <= timezone.now()
    logged = AuditEntry.objects.filter(object_pk=str(student.pk)).latest("pk")
    assert logged.changes["transfer agreed for"] == [None, [shenzhen.pk]]
    # The form remembers the consent given.
    assert re.search(r'<input[^>]*name="transfer_agreed"[^>]*checked', client.get(url).text)


def test_a_host_outside_hong_kong_sees_only_the_names_it_may_receive() -> None:
    placement = factories.placement(directory.organisation("Qianhai Labs", city_code="SZ"))
    allocation_round = factories.allocation_round([placement])
    agreed, silent = factories.student(name_en="Ho Wing"), factories.student(name_en="Yip Lam")
    factories.apply(allocation_round, agreed, [placement])
    factories.apply(allocation_round, silent, [placement])
    Application.objects.filter(student=agreed).update(transfer_agreed_at=timezone.now())
    client = client_for(factories.host_user(placement.host))
    url = f"/en/wie/host/rounds/{allocation_round.pk}/placements/{placement.pk}/"
    page = client.get(url).content.decode()
    assert "Ho Wing" in page
    assert "Yip Lam" not in page
    assert "Applicant 2" in page
    assert "has not agreed to its transfer outside Hong Kong" in page
    # The host still ranks both; the ranking is kept by student, as for any applicant.
    assert client.post(url, {f"rank_{silent.pk}": "1"}).status_code == 302
    assert "Yip Lam" not in client.get(url).content.decode()
