"""Staff pages of name resolution: aliases, possible duplicates and merging."""

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Party
from baylink.agreements.tests import factories as agreements
from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation, OrganisationName, Person
from baylink.directory.tests import factories as directory
from baylink.resolution.selectors import resolve_affiliations
from baylink.resolution.services import ror_import
from baylink.resolution.tests.conftest import TINY_DUMP

pytestmark = pytest.mark.django_db

CITYU = "03q8dnn23"
POLYU = "0030zas98"
HKU = "02zhqgq86"


def client_for(role: str = Role.PARTNERSHIP_OFFICER) -> Client:
    client = Client()
    client.force_login(staff_user(role))
    return client


def aliases_url(organisation: Organisation, language: str = "en") -> str:
    return f"/{language}/staff/resolution/organisations/{organisation.pk}/aliases/"


def test_the_detail_page_lists_names_with_their_source_and_links_to_the_alias_page() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    page = client_for().get(f"/en/staff/directory/organisations/{polyu.pk}/")
    html = page.content.decode()
    assert "理大 (zh, Alias, Baylink curated list)" in html
    assert aliases_url(polyu) in html
    viewer = client_for(Role.VIEWER).get(f"/en/staff/directory/organisations/{polyu.pk}/")
    assert viewer.status_code == 200
    assert aliases_url(polyu) not in viewer.content.decode()


def test_staff_add_an_alias_and_resolution_finds_it_at_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ror_import(path=TINY_DUMP)
    cityu = Organisation.objects.get(ror_id=CITYU)
    alias = "九龍塘城市大學研究院"
    assert resolve_affiliations([alias])[0].abstained
    client = client_for()
    page = client.get(aliases_url(cityu, "zh-hant"))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    assert 'class="form-control"' in page.content.decode()  # styled as every staff form
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(aliases_url(cityu), {"value": f"  {alias} ", "language": ""})
    assert added.status_code == 302
    assert added["Location"] == aliases_url(cityu)
    stored = OrganisationName.objects.get(organisation=cityu, value=alias)
    assert (stored.source, stored.language) == (OrganisationName.Source.STAFF, "zh-Hant")
    found = resolve_affiliations(["九龍塘城市大学研究院"])[0]  # either script
    assert found.organisation_id == cityu.pk
    entry = AuditEntry.objects.filter(object_pk=str(cityu.pk), note="Alias added").get()
    assert entry.changes["aliases"] == [[], [alias]]
    listed = client.get(aliases_url(cityu)).content.decode()
    assert alias in listed
    assert f"/staff/resolution/aliases/{stored.pk}/remove/" in listed


def test_an_alias_that_is_another_organisations_name_is_added_with_a_warning() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    hku = Organisation.objects.get(ror_id=HKU)
    client = client_for()
    added = client.post(aliases_url(polyu), {"value": "香港大学", "language": ""}, follow=True)
    page = added.content.decode()
    assert f"also a name of {hku} (#{hku.pk})" in page  # in the other script, all the same
    assert polyu.names.filter(value="香港大学").exists()
    quiet = client.post(
        aliases_url(polyu), {"value": "PolyU Hung Hom", "language": ""}, follow=True
    )
    assert "also a name of" not in quiet.content.decode()


def test_an_alias_in_any_language_keeps_the_language_given() -> None:
    polyu = directory.organisation("The Hong Kong Polytechnic University")
    response = client_for().post(
        aliases_url(polyu), {"value": "Université polytechnique de Hong Kong", "language": "fr"}
    )
    assert response.status_code == 302
    assert polyu.names.get(source=OrganisationName.Source.STAFF).language == "fr"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "", "language": ""}, "這個欄位是必須的"),  # Django's own message
        ({"value": "PolyU", "language": "not a language"}, "不是語言代碼"),
        ({"value": "PU", "language": ""}, "已經是這個機構的名稱"),
    ],
)
def test_a_bad_alias_is_refused_with_a_translated_error(data: dict[str, str], message: str) -> None:
    polyu = directory.organisation("The Hong Kong Polytechnic University")
    OrganisationName.objects.create(
        organisation=polyu, value="PU", source=OrganisationName.Source.STAFF
    )
    names = OrganisationName.objects.count()
    entries = AuditEntry.objects.count()
    response = client_for().post(aliases_url(polyu, "zh-hant"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert OrganisationName.objects.count() == names
    assert AuditEntry.objects.count() == entries


def test_a_viewer_may_not_add_or_remove_aliases() -> None:
    polyu = directory.organisation("The Hong Kong Polytechnic University")
    alias = OrganisationName.objects.create(
        organisation=polyu, value="PU", source=OrganisationName.Source.STAFF
    )
    viewer = client_for(Role.VIEWER)
    assert viewer.get(aliases_url(polyu)).status_code == 403
    assert viewer.post(aliases_url(polyu), {"value": "HK PolyU"}).status_code == 403
    remove = f"/en/staff/resolution/aliases/{alias.pk}/remove/"
    assert viewer.post(remove).status_code == 403
    assert set(polyu.names.values_list("value", flat=True)) == {"PU"}
    assert Client().get(aliases_url(polyu)).status_code == 302  # signed out: to the login page


def test_removing_a_staff_alias_asks_first_then_is_audited(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ror_import(path=TINY_DUMP)
    cityu = Organisation.objects.get(ror_id=CITYU)
    client = client_for()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(aliases_url(cityu), {"value": "九龍塘城市大學研究院"})
    alias = cityu.names.get(source=OrganisationName.Source.STAFF)
    url = f"/en/staff/resolution/aliases/{alias.pk}/remove/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove the alias “九龍塘城市大學研究院”" in confirm.content.decode()
    assert OrganisationName.objects.filter(pk=alias.pk).exists()  # asking removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(url)
    assert removed.status_code == 302
    assert not OrganisationName.objects.filter(pk=alias.pk).exists()
    assert AuditEntry.objects.filter(object_pk=str(cityu.pk), note="Alias removed").exists()
    assert resolve_affiliations(["九龍塘城市大學研究院"])[0].abstained


def test_a_name_from_ror_or_the_curated_list_cannot_be_removed_here() -> None:
    ror_import(path=TINY_DUMP)
    client = client_for()
    for source in (OrganisationName.Source.ROR, OrganisationName.Source.CURATED):
        name = OrganisationName.objects.filter(source=source).first()
        assert name is not None
        url = f"/zh-hans/staff/resolution/aliases/{name.pk}/remove/"
        assert "不能在这里删除" in client.get(url).content.decode()
        response = client.post(url, follow=True)
        assert "不能在这里删除" in response.content.decode()
        assert OrganisationName.objects.filter(pk=name.pk).exists()


DUPLICATES = "/en/staff/resolution/duplicates/"


def merge_url(keep: Organisation, merge: Organisation) -> str:
    return f"/en/staff/resolution/merge/{keep.pk}/{merge.pk}/"


def test_possible_duplicates_are_listed_with_score_and_matched_name() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    copy = directory.organisation("HK PolyU", city_code="HK")
    directory.organisation("Kowloon Widget Makers Ltd", city_code="HK")
    client = client_for()
    page = client.get(DUPLICATES)
    assert page.status_code == 200
    html = page.content.decode()
    assert merge_url(polyu, copy) in html
    assert "Kowloon Widget Makers" not in html
    assert "HK PolyU" in html
    assert client_for(Role.VIEWER).get(DUPLICATES).status_code == 403
    assert client.get(DUPLICATES, {"page": "x"}).status_code == 400
    # In the Partnerships section of the workspace menu, shown on its pages.
    organisations = client.get("/en/staff/directory/organisations/").content.decode()
    assert "/staff/resolution/duplicates/" in organisations


def test_the_list_is_paginated() -> None:
    ror_import(path=TINY_DUMP)
    for number in range(27):
        directory.organisation(f"HK PolyU {number}", city_code="HK")
    client = client_for()
    first = client.get(DUPLICATES).content.decode()
    second = client.get(DUPLICATES, {"page": 2}).content.decode()
    assert first.count("Review merge") == 25
    assert second.count("Review merge") == 2


def test_the_merge_page_says_what_moves_and_merging_keeps_links_and_history(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    copy = directory.organisation("Poly U Hong Kong", name_zh_hant="香港理工")
    partner = directory.organisation("Shenzhen Partner Co")
    agreement = agreements.agreement(copy, partner)
    Person.objects.create(name_en="Chan Tai-man", organisation=copy)
    Person.objects.create(name_en="Wong Siu-ming", organisation=copy)
    client = client_for()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(aliases_url(copy), {"value": "PU HK"})
    preview = client.get(merge_url(polyu, copy))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Parties: 1" in html
    assert "People: 2" in html
    assert "Organisation names: 1" in html
    assert "香港理工" in html  # its names become aliases
    assert Organisation.objects.filter(pk=copy.pk).exists()  # the preview changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        merged = client.post(merge_url(polyu, copy))
    assert merged.status_code == 302
    assert merged["Location"] == f"/en/staff/directory/organisations/{polyu.pk}/"
    assert not Organisation.objects.filter(pk=copy.pk).exists()
    assert Party.objects.filter(agreement=agreement, organisation=polyu).exists()
    assert Person.objects.filter(organisation=polyu).count() == 2
    assert {"PU HK", "Poly U Hong Kong", "香港理工"} <= set(
        polyu.names.values_list("value", flat=True)
    )
    # The merged record's history is kept, with its deletion and the merge on the kept record.
    assert AuditEntry.objects.filter(object_pk=str(copy.pk), note="Alias added").exists()
    assert AuditEntry.objects.filter(
        object_pk=str(polyu.pk), action=AuditEntry.Action.MERGE
    ).exists()
    detail = client.get(merged["Location"]).content.decode()
    assert f"Merged “Poly U Hong Kong” (#{copy.pk}) into" in detail
    # The kept record's history says what was merged, in the reader's language.
    history = client.get(merged["Location"].replace("/en/", "/zh-hant/") + "?tab=history")
    page = history.content.decode()
    assert f"已將 #{copy.pk} Poly U Hong Kong 合併至本機構" in page
    assert "agreements.party" not in page  # the moved links' record is for the code
    assert merge_url(polyu, copy) not in client.get(DUPLICATES).content.decode()


def test_the_record_kept_can_be_swapped_when_at_most_one_has_a_ror_id() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    copy = directory.organisation("HK PolyU", city_code="HK")
    client = client_for()
    assert merge_url(copy, polyu) in client.get(merge_url(polyu, copy)).content.decode()
    swapped = client.get(merge_url(copy, polyu)).content.decode()
    assert (
        f"The ROR id {POLYU} moves to the kept record, with the registry's names, city and "
        f"country: it will be “{polyu.name_en}”, in {polyu.city.name}." in swapped  # type: ignore[union-attr]
    )
    assert "HK PolyU" in swapped.split("become aliases")[1]  # the copy's own name stays findable
    assert client.post(merge_url(copy, polyu)).status_code == 302
    copy.refresh_from_db()
    assert copy.ror_id == POLYU
    assert (copy.name_en, copy.name_zh_hant) == (polyu.name_en, polyu.name_zh_hant)
    assert not Organisation.objects.filter(pk=polyu.pk).exists()


def test_two_registry_records_are_not_merged_and_the_error_is_translated() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    hku = Organisation.objects.get(ror_id=HKU)
    client = client_for()
    preview = client.get(f"/zh-hant/staff/resolution/merge/{polyu.pk}/{hku.pk}/")
    html = preview.content.decode()
    assert "ROR 記錄不在這裏合併" in html
    assert 'type="submit">合併' not in html
    assert merge_url(hku, polyu) not in html
    refused = client.post(f"/zh-hant/staff/resolution/merge/{polyu.pk}/{hku.pk}/")
    assert refused.status_code == 400
    assert "ROR 記錄不在這裏合併" in refused.content.decode()
    assert Organisation.objects.filter(pk__in=[polyu.pk, hku.pk]).count() == 2


def test_merging_needs_the_right_to_delete_organisations() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id=POLYU)
    copy = directory.organisation("HK PolyU", city_code="HK")
    for role in (Role.VIEWER, Role.CAREERS_OFFICER):
        client = client_for(role)
        assert client.get(merge_url(polyu, copy)).status_code == 403
        assert client.post(merge_url(polyu, copy)).status_code == 403
    assert Organisation.objects.filter(pk=copy.pk).exists()
