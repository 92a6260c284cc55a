"""The staff pages for import (upload, preview, confirm) and export."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.tests import factories as agreement_factories
from baylink.core.tabular.encoding import BIG5_HKSCS
from baylink.directory.models import Organisation
from baylink.directory.tests import factories

pytestmark = pytest.mark.django_db

ORGANISATIONS = (
    "name_en,name_zh_hant,ror_id,type,city,country,notes\n"
    "The Hong Kong Polytechnic University,香港理工大學,0030zas98,education,HK,HK,x\n"
    "Shenzhen University,深圳大學,01vy4gh70,education,深圳,CN,\n"
)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, kind: str, content: bytes, name: str = "file.csv") -> str:
    response = client.post(
        f"/en/staff/data/{kind}/import/",
        {"file": SimpleUploadedFile(name, content), "encoding": "auto"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def test_signed_out_users_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/en/staff/data/organisations/import/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_viewer_may_export_but_not_import() -> None:
    viewer = client_for(staff_user(Role.VIEWER))
    assert viewer.get("/en/staff/data/organisations/import/").status_code == 403
    response = viewer.post(
        "/en/staff/data/organisations/import/",
        {"file": SimpleUploadedFile("f.csv", ORGANISATIONS.encode()), "encoding": "auto"},
    )
    assert response.status_code == 403
    assert viewer.get("/en/staff/data/organisations/export/?format=csv").status_code == 200
    page = viewer.get("/en/staff/data/").content.decode()
    assert "/en/staff/data/organisations/export/" in page
    assert "/en/staff/data/organisations/import/" not in page


def test_unknown_kinds_are_not_found() -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    assert officer.get("/en/staff/data/treaties/import/").status_code == 404


def test_upload_preview_then_confirm_without_uploading_again() -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    preview_url = upload(officer, "organisations", ORGANISATIONS.encode(BIG5_HKSCS))
    assert not Organisation.objects.exists()  # a preview writes nothing
    page = officer.get(preview_url).content.decode()
    assert "Big5-HKSCS (detected)" in page
    assert "notes" in page  # the ignored column
    assert "Would create 2, update 0, leave 0 unchanged." in page
    assert 'type="submit">Import<' in page
    response = officer.post(preview_url)
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    # The token is used up: confirming twice imports nothing more.
    again = officer.post(preview_url)
    assert again.status_code == 302
    assert "/import/" in again["Location"]
    assert Organisation.objects.count() == 2


def test_a_preview_belongs_to_the_user_who_uploaded_it() -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    preview_url = upload(officer, "organisations", ORGANISATIONS.encode())
    other = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    response = other.post(preview_url)
    assert response.status_code == 302
    assert not Organisation.objects.exists()


def test_a_file_with_problems_shows_them_and_cannot_be_confirmed() -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    bad = ORGANISATIONS + "Atlantis Institute,,,education,Atlantis,,\n"
    preview_url = upload(officer, "organisations", bad.encode())
    page = officer.get(preview_url).content.decode()
    assert "no city called “Atlantis”" in page
    assert 'type="submit">Import<' not in page
    officer.post(preview_url)
    assert not Organisation.objects.exists()


def test_an_unreadable_upload_is_reported() -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    preview_url = upload(officer, "organisations", b"PK\x03\x04broken", "broken.xlsx")
    assert "not a readable Excel workbook" in officer.get(preview_url).content.decode()


def test_pages_are_translated() -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    page = officer.get("/zh-hant/staff/data/organisations/import/").content.decode()
    assert "匯入" in page


def test_exports_apply_the_list_filters() -> None:
    factories.organisation("Shenzhen University", city_code="SZ")
    factories.organisation("University of Hong Kong", city_code="HK")
    viewer = client_for(staff_user(Role.VIEWER))
    response = viewer.get("/en/staff/data/organisations/export/?format=csv&city=SZ")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Shenzhen University")
    workbook = viewer.get("/en/staff/data/organisations/export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    assert sheet.max_row == 3
    assert viewer.get("/en/staff/data/organisations/export/?format=pdf").status_code == 400
    assert viewer.get("/en/staff/data/organisations/export/?city=nowhere").status_code == 400


def test_agreement_exports_hold_only_what_the_user_may_see() -> None:
    own_unit = factories.unit("Department of Computing", code="COMP")
    mine = agreement_factories.agreement()
    mine.owner_unit = own_unit
    mine.save()
    agreement_factories.agreement()  # another unit's
    coordinator = client_for(staff_user(Role.UNIT_COORDINATOR, unit=own_unit))
    response = coordinator.get("/en/staff/data/agreements/export/?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(mine.reference)
