"""The staff side of challenges: the list, typing one in, safe edits, history, the shortlist's
order and its download."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from baylink.core.editing import edit_token
from baylink.core.history import HistoryEntry
from baylink.core.selectors import audit_history
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory_factories
from baylink.expertise import services
from baylink.expertise.models import Challenge, ResearcherProfile
from baylink.expertise.tests import factories
from baylink.research.models import KnowledgeTransferOutput
from baylink.research.services import kt_output_delete
from baylink.research.tests import factories as research_factories

pytestmark = pytest.mark.django_db

LIST = "/en/expertise/challenges/"


@pytest.fixture
def officer() -> User:
    officer = factories.staff()
    officer.first_name, officer.last_name = "Mei", "Chan"
    officer.save()
    return officer


@pytest.fixture
def signed_in(client: Client, officer: User) -> Client:
    client.force_login(officer)
    return client


def _challenge(officer: User, text: str, *, title: str = "", partner_name: str = "") -> Challenge:
    return services.challenge_create(
        actor=officer, text=text, title=title, partner_name=partner_name
    )


def _titles(client: Client, **query: str) -> list[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return [row["object"].title for row in response.context["rows"]]


def test_the_list_finds_a_challenge_by_its_words_in_either_script_and_by_its_partner(
    signed_in: Client, officer: User
) -> None:
    _challenge(officer, "倉庫的機械人在擠擁通道經常卡住", title="倉庫機械人卡住")
    _challenge(
        officer, "Cold-chain trucks lose temperature data", partner_name="Dongguan Cold Chain"
    )
    assert _titles(signed_in, q="机器人") == ["倉庫機械人卡住"]
    assert _titles(signed_in, q="dongguan") == ["Cold-chain trucks lose temperature data"]
    assert _titles(signed_in, q="temperature trucks") == ["Cold-chain trucks lose temperature data"]
    assert _titles(signed_in, q="drones") == []
    # Folded as every list folds: the mainland word finds the Hong Kong one.
    _challenge(officer, "護老院的院友夜間跌倒", title="院友跌倒")
    assert _titles(signed_in, q="养老院") == ["院友跌倒"]


def test_the_list_filters_by_status_and_by_who_saved_it_and_sorts_by_step(
    signed_in: Client, officer: User
) -> None:
    colleague = factories.staff()
    first = _challenge(officer, "Sensors for slopes")
    second = _challenge(colleague, "Batteries that last")
    third = _challenge(officer, "Cleaner water")
    for challenge, status in ((first, "matched"), (second, "open"), (third, "introduced")):
        services.challenge_update(
            actor=officer,
            challenge=challenge,
            title=challenge.title,
            text=challenge.text,
            status=status,
        )
    assert _titles(signed_in, status="open") == ["Batteries that last"]
    assert _titles(signed_in, saved_by=officer.username) == ["Cleaner water", "Sensors for slopes"]
    # In the order the steps happen, not alphabetically (introduced < matched < open).
    assert _titles(signed_in, sort="status") == [
        "Batteries that last",
        "Cleaner water",
        "Sensors for slopes",
    ]
    assert _titles(signed_in, sort="-status")[0] == "Sensors for slopes"
    page = signed_in.get(LIST).content.decode()
    assert "Mei Chan" in page  # who saved it, by name
    assert signed_in.get(LIST, {"sort": "colour"}).status_code == 400
    assert signed_in.get(LIST, {"status": "lost"}).status_code == 400
    # A year typed wrong in the filter box: the list page stays, the error beside the box.
    typed = signed_in.get(LIST, {"received": "26/27", "q": "slopes"})
    assert typed.status_code == 400
    page = typed.content.decode()
    # Announced with its box: the input names the message it is described by.
    assert 'aria-describedby="id_received_error"' in page
    assert 'class="invalid-feedback d-block" id="id_received_error"' in page
    assert 'value="slopes"' in page  # the other filters kept, to mend and apply again
    assert "Correct the filter" in page


def test_the_list_sorts_by_the_partner_name_the_reader_sees(
    signed_in: Client, officer: User
) -> None:
    _challenge(officer, "Parcels", title="Parcels", partner_name="順豐速運")
    _challenge(officer, "Cranes", title="Cranes", partner_name="Pearl Delta Robotics")
    _challenge(officer, "Berths", title="Berths", partner_name="Harbour Logistics")
    _challenge(officer, "Walk-in", title="Walk-in")
    # A partner named only in Chinese sorts by that name, not first for want of an English one;
    # no partner comes last.
    assert _titles(signed_in, sort="partner") == ["Berths", "Cranes", "Parcels", "Walk-in"]


def test_the_list_counts_the_shortlist_and_sorts_by_it(signed_in: Client, officer: User) -> None:
    empty = _challenge(officer, "Nobody yet")
    busy = _challenge(officer, "Two already")
    for name in ("Alice Wong", "Bob Lee"):
        services.shortlist_add(actor=officer, challenge=busy, profile=factories.profile(name=name))
    response = signed_in.get(LIST, {"sort": "-shortlisted"})
    rows = response.context["rows"]
    assert [row["object"].pk for row in rows] == [busy.pk, empty.pk]
    assert [row["object"].shortlisted for row in rows] == [2, 0]


def test_the_list_takes_the_same_number_of_queries_for_more_challenges(
    signed_in: Client, officer: User
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(LIST).status_code == 200
        return len(captured)

    partner = directory_factories.organisation(name_en="Shenzhen Robotics Ltd")
    _challenge(officer, "One", partner_name=partner.name_en)
    queries()  # the first request of a session also reads what later ones have cached
    few = queries()
    for number in range(6):
        challenge = _challenge(officer, f"More {number}", partner_name=partner.name_en)
        services.shortlist_add(actor=officer, challenge=challenge, profile=factories.profile())
    assert queries() == few


def test_a_challenge_typed_in_and_a_refused_one(signed_in: Client) -> None:
    create = reverse("expertise:challenge-create")
    form = signed_in.get(create)
    assert form.status_code == 200
    assert 'name="partner_name"' in form.content.decode()
    refused = signed_in.post(create, {"text": "   ", "title": "No text"})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert not Challenge.objects.exists()
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = signed_in.post(create, {"text": "Cranes", "received_on": tomorrow.isoformat()})
    assert future.status_code == 400
    assert "cannot be in the future" in future.content.decode()
    assert not Challenge.objects.exists()
    saved = signed_in.post(create, {"text": "Our cranes sway in typhoon winds", "title": ""})
    challenge = Challenge.objects.get()
    assert saved["Location"] == reverse("expertise:challenge-detail", args=[challenge.pk])
    assert challenge.title == "Our cranes sway in typhoon winds"
    assert challenge.received_on == timezone.localdate()  # none given: today


def test_the_same_search_saved_twice_is_one_challenge(signed_in: Client) -> None:
    create = reverse("expertise:challenge-create")
    text = "仓库机器人在拥挤通道中卡住"
    first = signed_in.post(create, {"text": text, "partner_name": "順豐速運"})
    challenge = Challenge.objects.get()
    # Again, the partner written in the other script: the page of the one saved, and a notice.
    again = signed_in.post(create, {"text": text, "partner_name": "顺丰速运"}, follow=True)
    assert first["Location"] == again.redirect_chain[-1][0]
    assert "was saved before" in again.content.decode()
    assert Challenge.objects.count() == 1
    # Another partner, or none, with the same text is another enquiry.
    signed_in.post(create, {"text": text, "partner_name": "Harbour Logistics"})
    signed_in.post(create, {"text": text})
    assert Challenge.objects.count() == 3
    assert Challenge.objects.filter(pk=challenge.pk).exists()


def test_a_challenge_logged_earlier_keeps_its_day_and_the_list_finds_it_by_year(
    signed_in: Client, officer: User
) -> None:
    create = reverse("expertise:challenge-create")
    signed_in.post(create, {"text": "Cranes sway", "received_on": "2024-06-30"})
    signed_in.post(create, {"text": "Bridges rust", "received_on": "2024-07-01"})
    _challenge(officer, "Robots jam")  # today
    assert _titles(signed_in) == ["Robots jam", "Bridges rust", "Cranes sway"]  # newest first
    assert _titles(signed_in, received="2024/25") == ["Bridges rust"]  # 1 July - 30 June
    assert _titles(signed_in, received="2023/24") == ["Cranes sway"]
    assert _titles(signed_in, sort="received_on")[0] == "Cranes sway"
    assert _titles(signed_in, sort="created_at")[0] == "Cranes sway"  # the sort it replaced
    refused = signed_in.get(LIST, {"received": "2024"})
    assert "is not an academic year" in refused.content.decode()

    cranes = Challenge.objects.get(title="Cranes sway")
    url = reverse("expertise:challenge-detail", args=[cranes.pk])
    page = signed_in.get(url)
    assert 'value="2024-06-30"' in page.content.decode()
    moved = signed_in.post(
        url,
        {
            "title": cranes.title,
            "text": cranes.text,
            "status": cranes.status,
            "partner_name": "",
            "received_on": "2023-12-01",
            "edit_token": edit_token(cranes),
        },
    )
    assert moved.status_code == 302
    cranes.refresh_from_db()
    assert cranes.received_on == date(2023, 12, 1)
    history = audit_history(cranes)
    assert history[0].changes["received_on"] == ["2024-06-30", "2023-12-01"]


def test_a_stale_edit_is_refused_with_what_changed(signed_in: Client, officer: User) -> None:
    challenge = _challenge(officer, "Salt spray corrodes our turbines", title="Corrosion")
    url = reverse("expertise:challenge-detail", args=[challenge.pk])
    loaded = edit_token(challenge)
    colleague = factories.staff()
    services.challenge_update(
        actor=colleague,
        challenge=Challenge.objects.get(pk=challenge.pk),
        title="Corrosion at sea",
        text=challenge.text,
        status="shortlisting",
    )
    stale = signed_in.post(
        url,
        {
            "title": "Mine",
            "text": challenge.text,
            "status": "closed",
            "partner_name": "",
            "edit_token": loaded,
        },
    )
    assert stale.status_code == 400
    # What changed since: the colleague's title and status, not the challenge's creation.
    assert {change.field for change in stale.context["conflict"]} == {"title", "status"}
    page = stale.content.decode()
    assert "someone else changed this record" in page
    assert "Corrosion at sea" in page
    challenge.refresh_from_db()
    assert (challenge.title, challenge.status) == ("Corrosion at sea", "shortlisting")
    fresh = signed_in.get(url).context["form"]["edit_token"].value()
    saved = signed_in.post(
        url,
        {
            "title": "Mine",
            "text": challenge.text,
            "status": "closed",
            "partner_name": "",
            "edit_token": fresh,
        },
    )
    assert saved.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.title, challenge.status) == ("Mine", "closed")


def _profiles(*names: str) -> list[ResearcherProfile]:
    return [factories.profile(name=name) for name in names]


def _order(challenge: Challenge) -> list[str]:
    return [entry.profile.person.name_en for entry in challenge.entries.all() if entry.profile]


def test_the_shortlist_is_reordered_and_its_history_kept_on_the_challenge(
    signed_in: Client, officer: User
) -> None:
    challenge = _challenge(officer, "Heat stress on construction sites")
    for profile in _profiles("Alice Wong", "Bob Lee", "Carol Ho"):
        services.shortlist_add(actor=officer, challenge=challenge, profile=profile)
    entries = list(challenge.entries.all())

    def press(entry_pk: int, action: str) -> None:
        url = reverse("expertise:shortlist-entry", args=[challenge.pk, entry_pk])
        assert signed_in.post(url, {"action": action}).status_code == 302

    press(entries[2].pk, "up")
    assert _order(challenge) == ["Alice Wong", "Carol Ho", "Bob Lee"]
    press(entries[0].pk, "down")
    assert _order(challenge) == ["Carol Ho", "Alice Wong", "Bob Lee"]
    press(entries[1].pk, "down")  # already last: nothing moves
    assert _order(challenge) == ["Carol Ho", "Alice Wong", "Bob Lee"]
    press(entries[0].pk, "remove")
    assert _order(challenge) == ["Carol Ho", "Bob Lee"]

    history = signed_in.get(
        reverse("expertise:challenge-detail", args=[challenge.pk]), {"tab": "history"}
    )
    assert history.status_code == 200
    entries_shown = [
        change
        for entry in history.context["history"]
        for change in entry.changes
        if change.field == "entries"
    ]
    # Newest first: the removal, then the two moves that changed the order, then three adds.
    assert entries_shown[0].before == "Carol Ho, Alice Wong, Bob Lee"
    assert entries_shown[0].after == "Carol Ho, Bob Lee"
    assert len(entries_shown) == 6
    assert "Shortlist entries" in history.content.decode()


def test_the_shortlist_history_names_researchers_in_the_readers_language(
    signed_in: Client, officer: User
) -> None:
    challenge = _challenge(officer, "Heat stress on construction sites")
    (profile,) = _profiles("Alice Wong")
    person = profile.person
    person.name_zh_hant, person.name_zh_hans = "黃愛麗", "黄爱丽"
    person.save()
    services.shortlist_add(actor=officer, challenge=challenge, profile=profile)

    def shown(language: str) -> str | None:
        with translation.override(language):
            history = signed_in.get(
                reverse("expertise:challenge-detail", args=[challenge.pk]), {"tab": "history"}
            )
        entries: list[HistoryEntry] = history.context["history"]
        return next(
            change.after
            for entry in entries
            for change in entry.changes
            if change.field == "entries"
        )

    assert shown("en") == "Alice Wong"
    assert shown("zh-hant") == "黃愛麗"
    assert shown("zh-hans") == "黄爱丽"


def test_a_note_typed_before_a_move_is_kept_and_removing_a_noted_entry_asks_first(
    signed_in: Client, officer: User
) -> None:
    challenge = _challenge(officer, "Heat stress on construction sites")
    for profile in _profiles("Alice Wong", "Bob Lee"):
        services.shortlist_add(actor=officer, challenge=challenge, profile=profile)
    alice, bob = challenge.entries.order_by("position")
    url = reverse("expertise:shortlist-entry", args=[challenge.pk, bob.pk])
    # Typed in Bob's note box, then "Move up" pressed (the box is in the same form).
    assert signed_in.post(url, {"action": "up", "note": "Met at the expo"}).status_code == 302
    bob.refresh_from_db()
    assert (bob.position, bob.note) == (1, "Met at the expo")
    # Removing it asks first, showing the note that goes with it; nothing is removed yet.
    asked = signed_in.post(url, {"action": "remove", "note": bob.note})
    assert asked.status_code == 200
    assert "Met at the expo" in asked.content.decode()
    assert challenge.entries.count() == 2
    confirmed = signed_in.post(url, {"action": "remove", "confirmed": "1"})
    assert confirmed.status_code == 302
    assert list(challenge.entries.all()) == [alice]
    # An entry without a note goes at once.
    plain = reverse("expertise:shortlist-entry", args=[challenge.pk, alice.pk])
    assert signed_in.post(plain, {"action": "remove", "note": ""}).status_code == 302
    assert not challenge.entries.exists()


def test_a_shortlist_note_is_on_the_challenges_history(signed_in: Client, officer: User) -> None:
    challenge = _challenge(officer, "Heat stress on construction sites")
    (profile,) = _profiles("Alice Wong")
    person = profile.person
    person.name_zh_hant, person.name_zh_hans = "黃愛麗", "黄爱丽"
    person.save()
    entry = services.shortlist_add(actor=officer, challenge=challenge, profile=profile)
    services.shortlist_set_note(actor=officer, entry=entry, note="Call her first")
    services.shortlist_set_note(actor=officer, entry=entry, note="Call her first")  # unchanged

    def notes(language: str) -> list[tuple[str, str | None, str | None]]:
        with translation.override(language):
            history = signed_in.get(
                reverse("expertise:challenge-detail", args=[challenge.pk]), {"tab": "history"}
            )
        entries: list[HistoryEntry] = history.context["history"]
        return [
            (entry.note, change.before, change.after)
            for entry in entries
            for change in entry.changes
            if change.field == "shortlist note"
        ]

    assert notes("en") == [("Note on Alice Wong", None, "Call her first")]
    assert notes("zh-hant")[0][0].endswith("黃愛麗")  # named in the reader's language


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_shortlist_downloads_for_staff_and_through_the_share_link(
    signed_in: Client, officer: User
) -> None:
    challenge = _challenge(officer, "Drones inspecting bridges")
    alice = factories.profile(name="Alice Wong")
    services.shortlist_add(actor=officer, challenge=challenge, profile=alice, note="Call first")
    export = reverse("expertise:shortlist-export", args=[challenge.pk])
    rows = _csv(signed_in.get(export, {"format": "csv"}).content)
    assert rows[0] == [
        "Position",
        "Researcher or lab",
        "Name",
        "Organisation",
        "Unit",
        "City",
        "Note",
        "Page",
    ]
    assert rows[1][:3] == ["1", "Researcher", "Alice Wong"]
    assert rows[1][5] == "Hong Kong"  # the researcher's organisation's city
    assert rows[1][6] == "Call first"
    assert rows[1][7].startswith("http://testserver/en/expertise/researchers/")

    workbook = openpyxl.load_workbook(io.BytesIO(signed_in.get(export, {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet is not None
    assert [cell.value for cell in sheet[2]][:3] == ["1", "Researcher", "Alice Wong"]

    shared = reverse("expertise:shared-shortlist", args=[challenge.share_token])
    outsider = Client()
    in_chinese = _csv(outsider.get(shared.replace("/en/", "/zh-hant/"), {"format": "csv"}).content)
    assert in_chinese[0][:3] == ["次序", "研究人員或實驗室", "名稱"]
    assert in_chinese[1][1] == "研究人員"
    assert outsider.get(shared).status_code == 200
    assert outsider.get(export, {"format": "csv"}).status_code == 302  # staff only
    services.challenge_renew_share_link(actor=officer, challenge=challenge)
    assert outsider.get(shared, {"format": "csv"}).status_code == 404


def test_challenges_are_in_the_staff_menu(signed_in: Client) -> None:
    page = signed_in.get("/en/accounts/").content.decode()
    assert f'href="{LIST}"' in page


def test_the_share_link_is_for_those_who_may_change_the_challenge(
    client: Client, officer: User
) -> None:
    challenge = _challenge(officer, "Noise from night-time piling")
    client.force_login(factories.user(permissions=("view_challenge",)))
    page = client.get(reverse("expertise:challenge-detail", args=[challenge.pk]))
    assert page.status_code == 200
    assert challenge.share_token not in page.content.decode()


def test_the_first_shortlisted_moves_the_challenge_on_and_its_history_says_so(
    officer: User,
) -> None:
    challenge = _challenge(officer, "Facade tiles that fall after rain")
    services.shortlist_add(actor=officer, challenge=challenge, profile=factories.profile())
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.SHORTLISTING
    latest = audit_history(challenge).first()
    assert latest is not None
    assert latest.changes["status"] == ["open", "shortlisting"]


def test_an_edit_keeps_the_partner_though_another_has_the_same_name(officer: User) -> None:
    namesake = directory_factories.organisation(name_en="Acme Engineering Ltd")
    partner = directory_factories.organisation(name_en="Acme Engineering Ltd")
    challenge = _challenge(officer, "Cracks in tunnel linings")
    Challenge.objects.filter(pk=challenge.pk).update(partner=partner)
    challenge.refresh_from_db()
    services.challenge_update(
        actor=officer,
        challenge=challenge,
        title="Tunnel cracks",
        text=challenge.text,
        status=challenge.status,
        partner_name="acme engineering ltd",
    )
    challenge.refresh_from_db()
    assert challenge.partner == partner != namesake


def test_the_overview_counts_the_challenges_nobody_is_shortlisted_for(
    signed_in: Client, officer: User
) -> None:
    waiting = _challenge(officer, "Odour from a sewage works")
    started = _challenge(officer, "Glare from solar farms")
    services.shortlist_add(actor=officer, challenge=started, profile=factories.profile())
    # Set back to open by hand, with someone on its shortlist: not waiting.
    Challenge.objects.filter(pk=started.pk).update(status=Challenge.Status.OPEN)
    emptied = _challenge(officer, "Vibration from a new railway")
    entry = services.shortlist_add(actor=officer, challenge=emptied, profile=factories.profile())
    services.shortlist_remove(actor=officer, entry=entry)  # shortlisting, nobody left
    closed = _challenge(officer, "An idea dropped")
    Challenge.objects.filter(pk=closed.pk).update(status=Challenge.Status.CLOSED)
    page = signed_in.get("/en/accounts/").content.decode()
    assert "2 industry challenges have nobody shortlisted yet" in page
    assert f'href="{LIST}?shortlist=waiting"' in page
    assert sorted(_titles(signed_in, shortlist="waiting")) == sorted([waiting.title, emptied.title])
    assert _titles(signed_in, shortlist="some") == [started.title]
    assert len(_titles(signed_in, shortlist="empty")) == 3
    viewer = Client()
    viewer.force_login(factories.user(permissions=("view_challenge",)))
    assert "nobody shortlisted" not in viewer.get("/en/accounts/").content.decode()


def _kt_output(reference: str, partner: Organisation | None = None) -> KnowledgeTransferOutput:
    return research_factories.kt_output(
        reference, title_en=f"Dispatch study {reference}", counterparty=partner
    )


def _with_kt_permission(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="view_knowledgetransferoutput"))
    return User.objects.get(pk=user.pk)  # fresh, so the permission cache is empty


def test_the_kt_output_a_challenge_led_to_is_recorded_and_shown_both_ways(
    client: Client, officer: User
) -> None:
    officer = _with_kt_permission(officer)
    client.force_login(officer)
    challenge = _challenge(officer, "Robots jam in aisles", partner_name="Dongguan Robotics")
    contract = _kt_output("KT-C-1", challenge.partner)
    _kt_output("KT-C-2")  # another company's
    url = reverse("expertise:challenge-detail", args=[challenge.pk])
    page = client.get(url).content.decode()
    assert "No KT output is recorded yet" in page
    assert "Dispatch study KT-C-1" in page  # suggested: the partner's own
    assert "Dispatch study KT-C-2" not in page

    record = reverse("expertise:challenge-outcome", args=[challenge.pk])
    unknown = client.post(record, {"reference": "KT-NONE"}, follow=True)
    assert "No KT output has the reference “KT-NONE”." in unknown.content.decode()
    assert not challenge.outcomes.exists()

    client.post(record, {"reference": "kt-c-1"})  # any case
    challenge.refresh_from_db()
    assert list(challenge.outcomes.all()) == [contract]
    assert challenge.status == Challenge.Status.MATCHED
    history = audit_history(challenge).first()
    assert history is not None
    assert history.changes["outcomes"] == [[], [contract.pk]]
    assert history.changes["status"] == ["open", "matched"]
    page = client.get(url).content.decode()
    assert reverse("research:kt-output-detail", args=[contract.pk]) in page
    shown = client.get(url, {"tab": "history"})
    assert shown.status_code == 200
    assert str(contract) in shown.content.decode()  # named, not by its id
    kt_page = client.get(reverse("research:kt-output-detail", args=[contract.pk]))
    assert url in kt_page.content.decode()  # the output names the challenge it came from

    assert _titles(client, outcome="yes") == ["Robots jam in aisles"]
    assert _titles(client, outcome="no") == []
    client.post(record, {"action": "remove", "output": str(contract.pk)})
    client.post(record, {"reference": "KT-C-1"})
    # A KT output deleted: the challenge says so on its History.
    kt_output_delete(actor=officer, output=KnowledgeTransferOutput.objects.get(pk=contract.pk))
    gone = audit_history(challenge).first()
    assert gone is not None
    assert (gone.changes["outcomes"], gone.actor) == ([[contract.pk], []], officer)
    assert gone.note == "KT output %(reference)s was deleted"
    assert not challenge.outcomes.exists()
    challenge.refresh_from_db()
    assert not challenge.outcomes.exists()
    assert challenge.status == Challenge.Status.MATCHED  # the step stays
    assert _titles(client, outcome="no") == ["Robots jam in aisles"]
    for sent in ("x", "9" * 30, "²"):
        assert client.post(record, {"action": "remove", "output": sent}).status_code == 404


def test_recording_an_outcome_needs_the_permission_to_read_kt_outputs(
    signed_in: Client, officer: User
) -> None:
    challenge = _challenge(officer, "Robots jam in aisles")
    contract = _kt_output("KT-C-1")
    # Recorded by a colleague who may: the officer sees neither it nor its History entry.
    colleague = _with_kt_permission(factories.staff())
    services.challenge_add_outcome(actor=colleague, challenge=challenge, output=contract)
    history = signed_in.get(
        reverse("expertise:challenge-detail", args=[challenge.pk]), {"tab": "history"}
    )
    assert "Dispatch study KT-C-1" not in history.content.decode()
    assert "Matched" in history.content.decode()  # the step it moved to stays
    exported = signed_in.get(LIST, {"export": "csv"}).content.decode("utf-8-sig")
    assert "KT-C-1" not in exported
    services.challenge_remove_outcome(actor=colleague, challenge=challenge, output=contract)
    page = signed_in.get(reverse("expertise:challenge-detail", args=[challenge.pk]))
    assert 'name="reference"' not in page.content.decode()
    refused = signed_in.post(
        reverse("expertise:challenge-outcome", args=[challenge.pk]), {"reference": "KT-C-1"}
    )
    assert refused.status_code == 403
    assert not contract.challenges.exists()
    # Nor is it offered, or granted, the filter by what challenges led to.
    listed = signed_in.get(LIST)
    assert "outcome" not in listed.context["filter"].form.fields
    assert 'name="outcome"' not in listed.content.decode()
    for asked in (LIST, reverse("tabular:export", args=["challenges"])):
        refused = signed_in.get(asked, {"outcome": "yes"})
        assert refused.status_code == 403
        assert "can filter by what challenges led to" in refused.content.decode()
    assert signed_in.get(LIST, {"outcome": ""}).status_code == 200
