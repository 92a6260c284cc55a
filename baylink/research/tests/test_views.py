"""Staff pages for research projects: list, search in any script, form with partners, edits."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.editing import edit_token
from baylink.core.models import AuditEntry
from baylink.directory.lookup import organisation_label, person_label
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.research.models import Project, ProjectPartner
from baylink.research.services import PartnerSpec, project_create

pytestmark = pytest.mark.django_db

LIST = "/en/staff/research/projects/"


def client_as(role: str = Role.PARTNERSHIP_OFFICER) -> Client:
    client = Client()
    client.force_login(staff_user(role))
    return client


def a_project(reference: str = "P-1", **values: object) -> Project:
    defaults: dict[str, object] = {"title_en": "Smart ports", "starts_on": date(2018, 9, 1)}
    return project_create(actor=None, reference=reference, **{**defaults, **values})  # type: ignore[arg-type]


def form_data(project: Project | None = None, /, **changes: str) -> dict[str, str]:
    partners = list(project.partnerships.select_related("organisation")) if project else []
    data = {
        "reference": project.reference if project else "",
        "title_en": project.title_en if project else "",
        "title_zh_hant": project.title_zh_hant if project else "",
        "title_zh_hans": project.title_zh_hans if project else "",
        "starts_on": str(project.starts_on) if project else "",
        "ends_on": str(project.ends_on or "") if project else "",
        "currency": project.currency if project else "HKD",
        "edit_token": edit_token(project) if project else "",
        "partners-TOTAL_FORMS": str(len(partners) + 1),
        "partners-INITIAL_FORMS": str(len(partners)),
    }
    for number, partnership in enumerate(partners):
        data[f"partners-{number}-organisation"] = organisation_label(partnership.organisation)
        data[f"partners-{number}-role"] = partnership.role
    data[f"partners-{len(partners)}-organisation"] = ""
    data[f"partners-{len(partners)}-role"] = "collaborator"
    data.update(changes)
    return data


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_project_is_found_by_its_title_in_either_chinese_script(language: str) -> None:
    found = a_project("P-1", title_zh_hant="智慧港口物流", title_en="")
    a_project("P-2", title_en="Coastal ecology")
    client = client_as()
    listing = client.get(f"/{language}/staff/research/projects/", {"q": "智慧港口"})
    assert listing.status_code == 200
    page = listing.content.decode()
    assert f"/staff/research/projects/{found.pk}/" in page
    assert "P-2" not in page
    assert client.get(f"/{language}/staff/research/projects/{found.pk}/").status_code == 200


def test_the_list_filters_by_academic_year_and_refuses_a_bad_one() -> None:
    a_project("P-OLD", starts_on=date(2015, 1, 1), ends_on=date(2016, 1, 1))
    a_project("P-NOW", starts_on=date(2018, 9, 1), ends_on=date(2020, 8, 31))
    client = client_as()
    page = client.get(LIST, {"academic_year": "2019/20"}).content.decode()
    assert "P-NOW" in page
    assert "P-OLD" not in page
    bad = client.get(LIST, {"academic_year": "next year"})
    assert bad.status_code == 400


def test_the_list_takes_the_same_number_of_queries_for_more_projects() -> None:
    client = client_as()
    scheme_less = [a_project(f"P-{n}") for n in range(2)]
    client.get(LIST)  # the first request also fills per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for number in range(2, 12):
        a_project(f"P-{number}", principal_investigator=directory.person(f"Person {number}"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(scheme_less) == 2
    assert len(many) == len(few)


def test_an_officer_creates_a_project_with_partners_through_the_form() -> None:
    partner = directory.organisation("Sun Yat-sen University")
    investigator = directory.person("Wong Ka-wai")
    client = client_as()
    response = client.post(
        "/en/staff/research/projects/new/",
        form_data(
            reference="P-NEW",
            title_zh_hant="海岸生態",
            starts_on="2019-09-01",
            principal_investigator=person_label(investigator),
            **{
                "partners-0-organisation": organisation_label(partner),
                "partners-0-role": "co_funder",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Project.objects.get(reference="P-NEW")
    assert created.title_zh_hans == "海岸生态"
    assert created.unit == investigator.unit
    assert list(created.partnerships.values_list("organisation__name_en", "role")) == [
        ("Sun Yat-sen University", "co_funder")
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Sun Yat-sen University (Co-funder)" in detail
    # The partner's page links back to the project.
    partner_page = client.get(f"/en/staff/directory/organisations/{partner.pk}/").content.decode()
    assert f"/staff/research/projects/{created.pk}/" in partner_page


def test_the_same_partner_twice_or_an_end_before_the_start_changes_nothing() -> None:
    partner = directory.organisation("Sun Yat-sen University")
    client = client_as()
    twice = client.post(
        "/en/staff/research/projects/new/",
        form_data(
            reference="P-TWICE",
            title_en="Twice",
            starts_on="2019-09-01",
            **{
                "partners-TOTAL_FORMS": "2",
                "partners-0-organisation": organisation_label(partner),
                "partners-0-role": "collaborator",
                "partners-1-organisation": organisation_label(partner),
                "partners-1-role": "industry",
            },
        ),
    )
    assert twice.status_code == 200
    assert "The same organisation appears twice." in twice.content.decode()
    backwards = client.post(
        "/en/staff/research/projects/new/",
        form_data(
            reference="P-BACK", title_en="Back", starts_on="2019-09-01", ends_on="2019-01-01"
        ),
    )
    assert backwards.status_code == 200
    # In words, not as the database constraint's name.
    assert "The end date must not be before the start." in backwards.content.decode()
    assert not Project.objects.exists()


def test_an_edit_changes_a_partners_role_and_a_stale_edit_changes_nothing() -> None:
    partner = directory.organisation("Sun Yat-sen University")
    project = a_project(partners=[PartnerSpec(partner, ProjectPartner.Role.COLLABORATOR)])
    client = client_as()
    stale = form_data(project, title_en="Stale title")
    saved = client.post(
        f"/en/staff/research/projects/{project.pk}/edit/",
        form_data(project, title_en="Smart ports and logistics", **{"partners-0-role": "industry"}),
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    project.refresh_from_db()
    assert project.title_en == "Smart ports and logistics"
    assert project.partnerships.get().role == "industry"
    # The role change is logged on the partner row.
    assert AuditEntry.objects.filter(
        content_type__model="projectpartner", action=AuditEntry.Action.UPDATE
    ).exists()
    refused = client.post(f"/en/staff/research/projects/{project.pk}/edit/", stale)
    assert refused.status_code == 200
    project.refresh_from_db()
    assert project.title_en == "Smart ports and logistics"
    # Removing the partner is a change of who takes part, logged on the project.
    removed = client.post(
        f"/en/staff/research/projects/{project.pk}/edit/",
        form_data(project, **{"partners-0-organisation": ""}),
    )
    assert removed.status_code == 302
    assert not project.partnerships.exists()
    entry = AuditEntry.objects.filter(object_pk=str(project.pk), content_type__model="project")
    assert entry.filter(changes__partners=[[partner.pk], []]).exists()


def test_a_viewer_reads_but_neither_adds_edits_nor_deletes() -> None:
    project = a_project()
    client = client_as(Role.VIEWER)
    assert client.get(LIST).status_code == 200
    assert "/staff/research/projects/new/" not in client.get(LIST).content.decode()
    assert client.get("/en/staff/research/projects/new/").status_code == 403
    assert client.post(f"/en/staff/research/projects/{project.pk}/delete/").status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_an_officer_deletes_a_project_and_the_deletion_is_logged() -> None:
    partner = directory.organisation("Sun Yat-sen University")
    project = a_project(partners=[partner])
    response = client_as().post(f"/en/staff/research/projects/{project.pk}/delete/")
    assert response.status_code == 302
    assert not Project.objects.exists()
    assert Organisation.objects.filter(pk=partner.pk).exists()
    assert AuditEntry.objects.filter(
        object_pk=str(project.pk), action=AuditEntry.Action.DELETE
    ).exists()
