"""Staff pages for organisations and people (and initiatives): CRUD, search, conflicts."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.tests import factories as agreements
from baylink.core.editing import edit_token
from baylink.directory.models import City, Organisation, Person
from baylink.directory.services import person_create
from baylink.directory.tests import factories
from baylink.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def officer() -> Client:
    client = Client()
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    return client


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_organisation_pages_in_three_languages(language: str) -> None:
    record = factories.organisation("Sun Yat-sen University", name_zh_hant="中山大學")
    client = officer()
    listing = client.get(f"/{language}/staff/directory/organisations/", {"q": "中山大学"})
    assert listing.status_code == 200
    assert f"/staff/directory/organisations/{record.pk}/" in listing.content.decode()
    assert client.get(f"/{language}/staff/directory/organisations/{record.pk}/").status_code == 200
    edit = client.get(f"/{language}/staff/directory/organisations/{record.pk}/edit/")
    assert edit.status_code == 200


def test_creating_an_organisation_fills_the_other_script_and_validates_the_ror_id() -> None:
    client = officer()
    bad = client.post(
        "/en/staff/directory/organisations/new/",
        {"name_zh_hant": "深圳大學", "ror_id": "not-a-ror-id", "status": "active"},
    )
    assert bad.status_code == 200
    assert "is not a ROR id" in bad.content.decode()
    assert not Organisation.objects.filter(name_zh_hant="深圳大學").exists()
    good = client.post(
        "/en/staff/directory/organisations/new/",
        {
            "name_zh_hant": "深圳大學",
            "ror_id": "https://ror.org/01vy4gh70",
            "status": "active",
            "types": ["education"],
            "country_code": "cn",
        },
    )
    assert good.status_code == 302, good.content.decode()[:3000]
    created = Organisation.objects.get(ror_id="01vy4gh70")
    assert created.name_zh_hans == "深圳大学"
    assert created.name_zh_hans_machine
    assert created.country_code == "CN"
    assert [t.code for t in created.types.all()] == ["education"]


def test_a_new_organisation_with_another_ones_name_is_saved_with_a_warning() -> None:
    cityu = factories.organisation("City University of Hong Kong", name_zh_hant="香港城市大學")
    client = officer()
    data = {"name_zh_hans": "香港城市大学", "status": "active", "country_code": "HK"}
    saved = client.post("/zh-hant/staff/directory/organisations/new/", data, follow=True)
    assert Organisation.objects.filter(name_zh_hans="香港城市大学").count() == 2
    assert f"(#{cityu.pk})" in saved.content.decode()  # named, to merge from the duplicates
    other = {"name_en": "Kowloon Widget Makers", "status": "active", "country_code": "HK"}
    quiet = client.post("/en/staff/directory/organisations/new/", other, follow=True)
    assert "Another organisation has this name" not in quiet.content.decode()


def test_the_city_list_tells_two_cities_of_one_name_apart() -> None:
    City.objects.create(code="gn2653941", name_en="Cambridge", country_code="GB")
    City.objects.create(code="gn4931972", name_en="Cambridge", country_code="US")
    page = officer().get("/en/staff/directory/organisations/new/").content.decode()
    assert "Cambridge (United Kingdom)" in page
    assert "Cambridge (United States of America)" in page
    assert page.index(">Hong Kong<") < page.index("Cambridge (")  # the Greater Bay Area first


def test_an_organisation_edit_based_on_an_old_version_is_refused() -> None:
    record = factories.organisation("Old name")
    token = edit_token(record)
    first, second = officer(), officer()
    data = {"name_en": "First", "status": "active", "edit_token": token, "country_code": "HK"}
    assert (
        first.post(f"/en/staff/directory/organisations/{record.pk}/edit/", data).status_code == 302
    )
    refused = second.post(
        f"/en/staff/directory/organisations/{record.pk}/edit/", {**data, "name_en": "Second"}
    )
    assert refused.status_code == 200
    assert "someone else changed this record" in refused.content.decode()
    record.refresh_from_db()
    assert record.name_en == "First"


def test_an_organisation_in_use_cannot_be_deleted() -> None:
    partner = factories.organisation("Busy Partner")
    agreements.agreement(partner)
    client = officer()
    response = client.post(f"/en/staff/directory/organisations/{partner.pk}/delete/", follow=True)
    assert "still used by other records" in response.content.decode()
    assert Organisation.objects.filter(pk=partner.pk).exists()


def test_people_are_created_with_an_organisation_typed_by_name() -> None:
    factories.organisation("Shenzhen University", name_zh_hant="深圳大學")
    client = officer()
    response = client.post(
        "/en/staff/directory/people/new/",
        {"name_en": "Lee Siu-ming", "email": "lee@example.edu", "organisation": "深圳大学"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(email="lee@example.edu")
    assert person.organisation is not None
    assert person.organisation.name_en == "Shenzhen University"
    assert client.get(f"/en/staff/directory/people/{person.pk}/?tab=history").status_code == 200


def test_organisation_suggestions_for_forms() -> None:
    factories.organisation("Shenzhen University", name_zh_hant="深圳大學")
    response = officer().get(
        "/en/staff/directory/organisations/suggest/", {"parties-0-organisation": "深圳"}
    )
    assert "Shenzhen University #" in response.content.decode()


def test_person_suggestions_for_forms() -> None:
    chan = person_create(actor=None, name_en="Chan Tai-man", name_zh_hant="陳大文")
    found = officer().get("/en/staff/directory/people/suggest/", {"owner": "陈大"})
    assert f'value="Chan Tai-man #{chan.pk}"' in found.text  # no unit or organisation
    # Too short to search, and closed to users who may not see the directory's people.
    assert "<option" not in officer().get("/en/staff/directory/people/suggest/", {"q": "C"}).text
    student = Client()
    student.force_login(User.objects.create_user("student", password="a-long-password-1"))
    assert student.get("/en/staff/directory/people/suggest/", {"q": "Chan"}).status_code == 403


def test_initiative_pages() -> None:
    client = officer()
    response = client.post(
        "/en/staff/initiatives/new/",
        {
            "kind": "joint_lab",
            "status": "active",
            "slug": "joint-lab-robotics",
            "name_zh_hant": "機械人聯合實驗室",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Initiative.objects.get(slug="joint-lab-robotics")
    assert created.name_zh_hans == "机器人联合实验室"
    assert client.get(f"/zh-hans/staff/initiatives/{created.pk}/").status_code == 200
    assert client.get("/en/staff/initiatives/", {"q": "机器人"}).status_code == 200


def test_a_viewer_cannot_open_edit_pages() -> None:
    record = factories.organisation()
    client = Client()
    client.force_login(staff_user(Role.VIEWER))
    assert client.get(f"/en/staff/directory/organisations/{record.pk}/").status_code == 200
    assert client.get(f"/en/staff/directory/organisations/{record.pk}/edit/").status_code == 403
    assert client.get("/en/staff/directory/organisations/new/").status_code == 403


def test_countries_are_chosen_by_name_in_the_readers_language() -> None:
    client = officer()
    listing = client.get("/zh-hant/staff/directory/organisations/").content.decode()
    assert '<option value="HK">香港</option>' in listing
    assert ">Hong Kong<" not in listing
    simplified = client.get("/zh-hans/staff/exchange/nominations/").content.decode()
    assert '<option value="CN">中国</option>' in simplified
    record = factories.organisation("Kosovo Institute")
    # A code ISO 3166-1 leaves to its users, which the record already holds, stays offered.
    Organisation.objects.filter(pk=record.pk).update(country_code="QO")
    address = f"/en/staff/directory/organisations/{record.pk}/edit/"
    assert '<option value="QO" selected>QO</option>' in client.get(address).content.decode()
    data = {"name_en": "Kosovo Institute", "status": "active", "edit_token": edit_token(record)}
    refused = client.post(address, {**data, "country_code": "ZZ"})
    assert refused.status_code == 200
    assert Organisation.objects.get(pk=record.pk).country_code == "QO"
    assert client.post(address, {**data, "country_code": "xk"}).status_code == 302
    record.refresh_from_db()
    assert record.country_code == "XK"  # ROR's code for Kosovo, by name in the list
    assert '<option value="XK" selected>Kosovo</option>' in client.get(address).content.decode()
    moved = client.post(address, {**data, "edit_token": edit_token(record), "country_code": "MO"})
    assert moved.status_code == 302
    assert Organisation.objects.get(pk=record.pk).country_code == "MO"
    history = client.get(f"/zh-hant/staff/directory/organisations/{record.pk}/?tab=history")
    assert "澳門" in history.content.decode()
