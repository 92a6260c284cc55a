"""The staff agreement pages: roles, unit scope, forms, lifecycle, no lost updates, history."""

from datetime import date

import pytest
from django.core import signing
from django.test import Client

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement, StatusChange
from baylink.agreements.services import agreement_transition
from baylink.agreements.tests import factories
from baylink.core.editing import CONTENT_SALT, EditConflict, edit_token
from baylink.core.models import AuditEntry
from baylink.directory.services import person_create
from baylink.directory.tests import factories as directory

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]  # a User
    return client


def agreement_in(unit_name: str, code: str) -> Agreement:
    record = factories.agreement(ends_on=date(2030, 6, 30))
    record.owner_unit = directory.unit(unit_name, code=code)
    record.save()
    return record


def form_data(agreement: Agreement, **changes: str) -> dict[str, str]:
    parties = list(agreement.parties.all())
    data = {
        "reference": agreement.reference,
        "kind": agreement.kind,
        "title_en": agreement.title_en,
        "title_zh_hant": agreement.title_zh_hant,
        "title_zh_hans": agreement.title_zh_hans,
        "signed_on": str(agreement.signed_on or ""),
        "starts_on": str(agreement.starts_on or ""),
        "ends_on": str(agreement.ends_on or ""),
        "owner_unit": str(agreement.owner_unit_id or ""),
        "edit_token": edit_token(agreement),
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": str(len(parties)),
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "50",
    }
    for index, party in enumerate(parties):
        data[f"parties-{index}-organisation"] = (
            f"{party.organisation.name} #{party.organisation_id}"
        )
        data[f"parties-{index}-role"] = party.role
    data.update(changes)
    return data


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_signed_out_users_are_sent_to_sign_in(client: Client, language: str) -> None:
    response = client.get(f"/{language}/staff/agreements/")
    assert response.status_code == 302
    assert f"/{language}/accounts/login/" in response["Location"]


def test_a_viewer_can_read_but_not_edit() -> None:
    record = factories.agreement()
    viewer = client_for(staff_user(Role.VIEWER))
    assert viewer.get(f"/en/staff/agreements/{record.pk}/").status_code == 200
    assert viewer.get(f"/en/staff/agreements/{record.pk}/edit/").status_code == 403
    response = viewer.post(f"/en/staff/agreements/{record.pk}/edit/", form_data(record))
    assert response.status_code == 403


def test_a_unit_coordinator_sees_and_edits_only_their_units_agreements() -> None:
    own = agreement_in("Department of Computing", "COMP")
    other = agreement_in("School of Design", "SD")
    coordinator = client_for(staff_user(Role.UNIT_COORDINATOR, unit=own.owner_unit))
    listing = coordinator.get("/en/staff/agreements/").content.decode()
    assert own.reference in listing
    assert other.reference not in listing
    assert coordinator.get(f"/en/staff/agreements/{other.pk}/").status_code == 404
    assert coordinator.get(f"/en/staff/agreements/{other.pk}/edit/").status_code == 404
    response = coordinator.post(
        f"/en/staff/agreements/{own.pk}/edit/", form_data(own, title_en="Renamed by coordinator")
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title_en == "Renamed by coordinator"


def test_an_officer_creates_a_multi_party_agreement_through_the_form() -> None:
    home = directory.home()
    partners = [directory.organisation(f"Partner {n}") for n in range(3)]
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    data = {
        "reference": "MOU-2026-001",
        "kind": "mou",
        "title_zh_hant": "生物科技合作備忘錄",
        "parties-TOTAL_FORMS": "4",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "50",
        "parties-0-organisation": f"{home.name} #{home.pk}",
        "parties-0-role": "home",
    }
    for index, partner in enumerate(partners, start=1):
        data[f"parties-{index}-organisation"] = partner.name_en
        data[f"parties-{index}-role"] = "partner"
    response = officer.post("/en/staff/agreements/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Agreement.objects.get(reference="MOU-2026-001")
    assert created.parties.count() == 4
    assert created.title_zh_hans == "生物科技合作备忘录"
    assert AuditEntry.objects.filter(object_pk=str(created.pk), action="create").exists()


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_form_errors_are_translated_and_nothing_is_saved(language: str) -> None:
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    data = {
        "reference": "",
        "kind": "mou",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "50",
        "parties-0-organisation": "No Such University Anywhere",
        "parties-0-role": "partner",
    }
    response = officer.post(f"/{language}/staff/agreements/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    expected = {"en": "No organisation is called", "zh-hant": "沒有名為", "zh-hans": "没有名为"}
    assert expected[language] in page
    assert not Agreement.objects.exists()


def test_only_valid_lifecycle_steps_are_offered_and_each_is_recorded() -> None:
    record = factories.agreement()
    record.status = Agreement.Status.DRAFT
    record.save()
    officer_user = staff_user(Role.PARTNERSHIP_OFFICER)
    officer = client_for(officer_user)
    page = officer.get(f"/en/staff/agreements/{record.pk}/").content.decode()
    assert 'value="negotiation"' in page
    assert 'value="active"' not in page
    refused = officer.post(
        f"/en/staff/agreements/{record.pk}/status/",
        {"to_status": "active", "edit_token": edit_token(record)},
    )
    assert refused.status_code == 302
    record.refresh_from_db()
    assert record.status == "draft"
    for step in ("negotiation", "signed", "active"):
        response = officer.post(
            f"/en/staff/agreements/{record.pk}/status/",
            {"to_status": step, "edit_token": edit_token(record)},
        )
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.status == step
    steps = list(StatusChange.objects.filter(agreement=record).order_by("at", "id"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("draft", "negotiation"),
        ("negotiation", "signed"),
        ("signed", "active"),
    ]
    assert all(step.actor == officer_user for step in steps)


def test_a_final_status_offers_no_steps() -> None:
    record = factories.agreement()
    officer = staff_user(Role.PARTNERSHIP_OFFICER)
    agreement_transition(
        actor=officer, agreement=record, to_status="terminated", edit_token=edit_token(record)
    )
    record.refresh_from_db()
    with pytest.raises(Exception, match="cannot become"):
        agreement_transition(
            actor=officer, agreement=record, to_status="active", edit_token=edit_token(record)
        )


def test_the_second_of_two_concurrent_edits_is_refused_with_what_changed() -> None:
    record = factories.agreement(title_en="Original title")
    first = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    second = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    # Both open the form on the same version.
    loaded = form_data(record)
    assert (
        first.post(
            f"/en/staff/agreements/{record.pk}/edit/",
            {**loaded, "title_en": "First editor's title"},
        ).status_code
        == 302
    )
    response = second.post(
        f"/en/staff/agreements/{record.pk}/edit/", {**loaded, "notes": "Second editor's note"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "someone else changed this record" in page
    assert "First editor&#x27;s title" in page or "First editor's title" in page
    record.refresh_from_db()
    assert record.title_en == "First editor's title"
    assert record.notes == ""


def test_a_stale_token_is_refused_by_the_service_too() -> None:
    from baylink.agreements.services import agreement_update

    record = factories.agreement()
    actor = staff_user()
    token = edit_token(record)
    agreement_update(actor=actor, agreement=record, edit_token=token, values={"notes": "one"})
    with pytest.raises(EditConflict) as refused:
        agreement_update(actor=actor, agreement=record, edit_token=token, values={"notes": "two"})
    assert [change.field for change in refused.value.changes] == ["notes"]
    record.refresh_from_db()
    assert record.notes == "one"


def test_history_tab_shows_who_changed_what() -> None:
    record = factories.agreement(title_en="Before")
    user = staff_user(Role.PARTNERSHIP_OFFICER)
    officer = client_for(user)
    officer.post(f"/en/staff/agreements/{record.pk}/edit/", form_data(record, title_en="After"))
    page = officer.get(f"/en/staff/agreements/{record.pk}/?tab=history").content.decode()
    assert user.username in page
    assert "Before" in page
    assert "After" in page


def test_list_filters_sorts_searches_and_paginates_in_any_script() -> None:
    chinese = directory.organisation("Shenzhen University", name_zh_hant="深圳大學")
    factories.agreement(chinese, title_en="Exchange with SZU")
    for _ in range(30):
        factories.agreement()
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    found = officer.get("/en/staff/agreements/?q=深圳大学").content.decode()
    assert "Exchange with SZU" in found
    assert "1 record" in found
    # Dates keep to one line ("1 January 2018" broke into three in a narrow column).
    assert '<td class="text-nowrap">1 January 2018</td>' in found
    second_page = officer.get("/en/staff/agreements/?page=2&sort=reference")
    assert second_page.status_code == 200
    assert officer.get("/en/staff/agreements/?sort=nonsense").status_code == 400
    assert officer.get("/en/staff/agreements/?page=x").status_code == 400


def test_deleting_asks_first_and_is_audited() -> None:
    record = factories.agreement()
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    confirm = officer.get(f"/en/staff/agreements/{record.pk}/delete/")
    assert confirm.status_code == 200
    assert Agreement.objects.filter(pk=record.pk).exists()
    assert officer.post(f"/en/staff/agreements/{record.pk}/delete/").status_code == 302
    assert not Agreement.objects.filter(pk=record.pk).exists()
    assert AuditEntry.objects.filter(object_pk=str(record.pk), action="delete").exists()


@pytest.mark.parametrize("tab", ["details", "exchange", "documents", "history"])
def test_every_tab_of_an_agreement_renders(tab: str) -> None:
    record = factories.agreement()
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    response = officer.get(f"/zh-hant/staff/agreements/{record.pk}/?tab={tab}")
    assert response.status_code == 200


def exchange_terms(record: Agreement) -> dict[str, object]:
    home_party, partner_party = list(record.parties.all())
    return {
        "mobility_type": "student_studies",
        "sending_party": home_party.pk,
        "receiving_party": partner_party.pk,
        "first_academic_year": 2025,
        "last_academic_year": 2027,
        "mobilities_per_year": 4,
        "months_per_mobility": "5.0",
        "study_level": "bachelor",
        "isced_f": "0613",
        "language": "en",
        "cefr_level": "B2",
    }


def test_exchange_terms_follow_the_ewp_model_and_are_validated() -> None:
    record = factories.agreement(kind=Agreement.Kind.STUDENT_EXCHANGE)
    home_party = record.parties.get(role="home")
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    terms = exchange_terms(record)
    backwards = officer.post(
        f"/en/staff/agreements/{record.pk}/exchange/new/",
        {**terms, "receiving_party": home_party.pk},
    )
    assert backwards.status_code == 200
    assert not record.mobility_specs.exists()
    saved = officer.post(f"/en/staff/agreements/{record.pk}/exchange/new/", terms)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    spec = record.mobility_specs.get()
    assert (spec.first_academic_year, spec.mobilities_per_year, spec.cefr_level) == (2025, 4, "B2")
    page = officer.get(f"/en/staff/agreements/{record.pk}/?tab=exchange").content.decode()
    assert "0613" in page


def test_a_stale_edit_of_exchange_terms_is_refused_and_shows_the_change() -> None:
    record = factories.agreement(kind=Agreement.Kind.STUDENT_EXCHANGE)
    first = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    second = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    first.post(f"/en/staff/agreements/{record.pk}/exchange/new/", exchange_terms(record))
    spec = record.mobility_specs.get()
    url = f"/en/staff/agreements/{record.pk}/exchange/{spec.pk}/edit/"
    token = first.get(url).context["form"]["edit_token"].initial
    # Both editors load the same values (the signature's timestamp may differ).
    assert signing.loads(token, salt=CONTENT_SALT) == signing.loads(
        second.get(url).context["form"]["edit_token"].initial, salt=CONTENT_SALT
    )
    terms = exchange_terms(record)
    saved = first.post(url, {**terms, "mobilities_per_year": 6, "edit_token": token})
    assert saved.status_code == 302
    refused = second.post(url, {**terms, "mobilities_per_year": 2, "edit_token": token})
    assert refused.status_code == 200
    assert [(c.field, c.before, c.after) for c in refused.context["conflict"]] == [
        ("mobilities_per_year", 4, 6)
    ]
    spec.refresh_from_db()
    assert spec.mobilities_per_year == 6
    tampered = second.post(url, {**terms, "mobilities_per_year": 2, "edit_token": "forged"})
    assert tampered.status_code == 200
    spec.refresh_from_db()
    assert spec.mobilities_per_year == 6


def test_a_filtered_list_exports_only_what_it_shows() -> None:
    shown = factories.agreement(title_en="=HYPERLINK(1) exchange")
    hidden = factories.agreement(title_en="Research pact")
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    response = officer.get("/en/staff/agreements/?q=exchange&export=csv")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert shown.reference in body
    assert hidden.reference not in body
    assert "'=HYPERLINK(1) exchange" in body


def test_the_owner_is_typed_not_picked_from_everyone_in_the_directory() -> None:
    # A list of every person made each agreement form grow with the directory (761 in the demo).
    record = factories.agreement(ends_on=date(2030, 6, 30))
    chan = person_create(
        actor=None, name_en="Chan Tai-man", name_zh_hant="陳大文", organisation=directory.home()
    )
    person_create(actor=None, name_en="Chan Siu-ming", email="siuming@example.edu.hk")
    person_create(actor=None, name_en="Chan Siu-ming", email="other@example.edu.hk")
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    page = f"/en/staff/agreements/{record.pk}/edit/"
    form = officer.get(page).content.decode()
    assert 'name="owner"' in form
    assert 'list="person-suggestions"' in form
    assert "Chan Tai-man</option>" not in form

    # A name in another script finds the one person; the form then shows them as "Name #id".
    saved = officer.post(page, form_data(record, owner="陳大文"))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    record.refresh_from_db()
    assert record.owner == chan
    assert f'value="Chan Tai-man · {chan.organisation} #{chan.pk}"' in officer.get(page).text

    # A name two people share, or nobody has, is refused with what to type; nothing changes.
    for typed, message in [
        ("Chan Siu-ming", "could be several people"),
        ("Nobody Here", "No one in the directory is called"),
    ]:
        refused = officer.post(page, form_data(record, owner=typed))
        assert refused.status_code == 200
        assert message in refused.content.decode()
        record.refresh_from_db()
        assert record.owner == chan
    # An e-mail address is unique enough.
    officer.post(page, form_data(record, owner="siuming@example.edu.hk"))
    record.refresh_from_db()
    assert record.owner is not None
    assert record.owner.email == "siuming@example.edu.hk"
