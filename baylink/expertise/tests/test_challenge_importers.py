"""Importing and exporting the industry challenges saved from the expertise finder."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone, translation

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.history import readable_history
from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview, run_import
from baylink.core.tabular.registry import KINDS
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.expertise import services
from baylink.expertise.challenge_importers import COLUMNS, ChallengeImporter, export_challenges
from baylink.expertise.models import Challenge
from baylink.expertise.tests import factories
from baylink.research.tests import factories as research_factories
from baylink.research.tests.helpers import (
    assert_export_imports_back_unchanged,
    assert_officers_import_and_viewers_only_export,
    assert_refused,
    csv_bytes,
    problems,
    with_cell,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
ROBOTS = "倉庫機械人經常堵塞，需要新的調度方法。"


def import_challenges(
    data: bytes, *, actor: User | None = None, dry_run: bool = False
) -> ImportPreview:
    importer = ChallengeImporter(actor=actor, source="challenges.csv")
    return run_import(importer, data, dry_run=dry_run)


def challenges_csv(*rows: str) -> bytes:
    return csv_bytes(*rows, header=HEADER)


@pytest.fixture
def logistics() -> Organisation:
    return directory.organisation(
        "Dongguan Logistics Ltd", name_zh_hant="東莞物流有限公司", types=("company",)
    )


def rows_for(partner: Organisation) -> tuple[str, str]:
    """A challenge of the partner (named in Chinese, status in Chinese) and one of no one's."""
    assert partner.name_zh_hant
    cold_chain = (
        f",Cold-chain monitoring,已配對,2024-09-02,{partner.name_zh_hant},Sensors for trucks.,"
    )
    robots = f",,,,,{ROBOTS},"
    return cold_chain, robots


def test_challenges_are_added_with_their_partner_status_and_history(
    logistics: Organisation,
) -> None:
    staff = factories.staff()
    preview = import_challenges(challenges_csv(*rows_for(logistics)), actor=staff)
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    cold_chain, robots = Challenge.objects.order_by("pk")
    assert (cold_chain.title, cold_chain.text) == ("Cold-chain monitoring", "Sensors for trucks.")
    assert cold_chain.status == Challenge.Status.MATCHED  # 已配對
    assert cold_chain.partner == logistics  # found by its Chinese name
    assert robots.title == ROBOTS[:80]  # no title: the start of the text
    assert robots.status == Challenge.Status.OPEN
    assert robots.partner is None
    # The day given, else today's: the log's date counts in the year's figures.
    assert (cold_chain.received_on, robots.received_on) == (date(2024, 9, 2), timezone.localdate())
    assert {cold_chain.created_by, robots.created_by} == {staff}
    assert cold_chain.share_token
    assert cold_chain.share_token != robots.share_token
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).order_by("pk")
    assert [entry.object_pk for entry in entries] == [str(cold_chain.pk), str(robots.pk)]
    assert all("share_token" not in entry.changes for entry in entries)
    assert entries[0].changes["status"] == [None, "matched"]
    assert entries[0].actor == staff
    with translation.override("zh-hant"):
        assert readable_history([entries[0]])[0].note == "從 challenges.csv 第 2 行匯入"


def test_export_imports_back_unchanged(logistics: Organisation) -> None:
    assert import_challenges(challenges_csv(*rows_for(logistics))).written
    assert Challenge.objects.filter(created_by__isnull=True).count() == 2  # the command line
    exported = list(export_challenges(Challenge.objects.order_by("pk")))
    assert [row[1:5] for row in exported] == [
        ["Cold-chain monitoring", "matched", date(2024, 9, 2), "Dongguan Logistics Ltd"],
        [ROBOTS[:80], "open", timezone.localdate(), ""],
    ]
    assert_export_imports_back_unchanged(
        "challenges", COLUMNS, exported, import_challenges, records=2
    )
    # Without ids, the same file finds the same challenges again.
    again = [["", *row[1:]] for row in exported]
    assert_export_imports_back_unchanged("challenges", COLUMNS, again, import_challenges, records=2)


def test_who_may_import_and_export() -> None:
    assert_officers_import_and_viewers_only_export("challenges")
    challenges = KINDS["challenges"]
    assert challenges.can_import(staff_user(Role.ADMINISTRATOR))
    coordinator = staff_user(Role.UNIT_COORDINATOR, unit=directory.unit())
    assert not challenges.can_import(coordinator)
    assert challenges.can_export(coordinator)


def test_a_row_finds_its_challenge_by_id_or_by_title_in_either_script(
    logistics: Organisation,
) -> None:
    stored = services.challenge_create(
        actor=factories.staff(),
        title="倉庫機械人調度",
        text=ROBOTS,
        partner_name="Dongguan Logistics Ltd",
    )
    # The same enquiry again, in Simplified Chinese: the challenge changes, no second one.
    preview = import_challenges(challenges_csv(",仓库机械人调度,筛选中,,东莞物流有限公司,"))
    assert preview.counts["update"] == 1, preview.all_problems
    assert [(c.column, c.before, c.after) for c in preview.rows[0].changes] == [
        ("status", "open", "shortlisting")
    ]
    stored.refresh_from_db()
    assert stored.status == Challenge.Status.SHORTLISTING
    assert stored.title == "倉庫機械人調度"  # found by its title, which stays as written
    assert Challenge.objects.count() == 1
    # The same title without that partner is another company's problem: a new challenge.
    assert import_challenges(challenges_csv(",倉庫機械人調度,,,,Robots jam.")).counts["create"] == 1
    by_id = f"{stored.pk},Warehouse robot dispatch,closed,,,Robots jam at night."
    preview = import_challenges(challenges_csv(by_id))
    assert preview.counts["update"] == 1, preview.all_problems
    stored.refresh_from_db()
    assert (stored.title, stored.text) == ("Warehouse robot dispatch", "Robots jam at night.")
    assert stored.status == Challenge.Status.CLOSED
    assert stored.partner == logistics  # a blank cell keeps it
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).latest("pk")
    assert entry.object_pk == str(stored.pk)
    assert entry.changes["status"] == ["shortlisting", "closed"]
    assert set(entry.changes) == {"title", "text", "status"}


@pytest.mark.parametrize(
    ("column", "bad", "message"),
    [
        ("id", "9999", "There is no challenge 9999"),
        ("id", "²", "There is no challenge ²"),
        ("id", "9" * 30, "There is no challenge 999"),
        ("status", "perhaps", "perhaps"),
        ("text", "", "Give the text of a new challenge"),
        ("title", "x" * 201, "200"),
        ("received_on", "2024-13-01", "not a date"),
        ("received_on", "tomorrow", "future"),  # the day after the run's, Hong Kong time
        ("kt_outputs", "KT-NONE", "KT-NONE"),
        ("received_on", "1899-12-30", "1900"),
    ],
)
def test_a_bad_cell_is_refused_and_nothing_is_written(
    logistics: Organisation, column: str, bad: str, message: str
) -> None:
    if bad == "tomorrow":
        bad = (timezone.localdate() + timedelta(days=1)).isoformat()
    second, good = rows_for(logistics)
    bad_row = with_cell(second, COLUMNS, column, bad)
    assert_refused(import_challenges(challenges_csv(good, bad_row)), column, message, Challenge)


def test_a_challenge_is_changed_or_added_once_per_file(logistics: Organisation) -> None:
    stored = services.challenge_create(
        actor=factories.staff(), title="Cold-chain monitoring", text="Sensors for trucks."
    )
    twice = (f"{stored.pk},,matched,,,", ",COLD-CHAIN MONITORING,closed,,,")
    preview = import_challenges(challenges_csv(*twice))
    assert problems(preview) == [(3, "title")]
    assert "Row 2 changes the same challenge" in preview.all_problems[0].message
    # Nor is one new challenge added twice (the second time in the other script).
    added_twice = (
        f",倉庫機械人調度,,,{logistics.name_en},{ROBOTS}",
        f",仓库机械人调度,,,东莞物流有限公司,{ROBOTS}",
    )
    preview = import_challenges(challenges_csv(*added_twice))
    assert problems(preview) == [(3, "title")]
    assert "Row 2 adds the same challenge" in preview.all_problems[0].message
    assert not preview.written
    stored.refresh_from_db()
    assert stored.status == Challenge.Status.OPEN
    assert Challenge.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_an_unknown_partner_is_added_as_a_company_when_the_import_is_written() -> None:
    rows = (
        ",Drone inspection,,,Shenzhen Drone Works,Inspecting bridges by drone.",
        ",Drone batteries,,,SHENZHEN DRONE WORKS,Batteries that last a shift.",
        ",冷鏈監測,,,深圳冷鏈科技,冷藏車需要感測器。",
    )
    checked = import_challenges(challenges_csv(*rows), dry_run=True)
    assert checked.counts == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert "Shenzhen Drone Works" in checked.rows[0].notes[0]
    assert not Organisation.objects.exists()
    assert not Challenge.objects.exists()
    assert import_challenges(challenges_csv(*rows), actor=factories.staff()).written
    drones, batteries, cold_chain = Challenge.objects.order_by("pk")
    assert drones.partner is not None
    assert drones.partner == batteries.partner  # added once
    assert drones.partner.name_en == "Shenzhen Drone Works"
    assert list(drones.partner.types.values_list("code", flat=True)) == ["company"]
    assert cold_chain.partner is not None
    assert cold_chain.partner.name_zh_hant == "深圳冷鏈科技"
    assert Organisation.objects.count() == 2
    # The file again: the new companies are now found, and nothing changes.
    preview = import_challenges(challenges_csv(*rows))
    assert preview.counts["unchanged"] == 3, preview.all_problems
    assert Organisation.objects.count() == 2


def test_the_kt_outputs_a_challenge_led_to_are_imported_and_exported_by_reference(
    logistics: Organisation,
) -> None:
    contract, consultancy = (
        research_factories.kt_output(reference, counterparty=logistics)
        for reference in ("KT-C-1", "KT-C-2")
    )
    stored = services.challenge_create(actor=factories.staff(), text="Robots jam at night.")
    officer = staff_user(Role.PARTNERSHIP_OFFICER)
    row = f"{stored.pk},,,,,,kt-c-2; KT-C-1"
    preview = import_challenges(challenges_csv(row), actor=officer)
    assert preview.counts["update"] == 1, problems(preview)
    stored.refresh_from_db()
    assert set(stored.outcomes.all()) == {contract, consultancy}
    assert stored.status == Challenge.Status.MATCHED  # as recording one on its page does
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).get()
    assert entry.changes["outcomes"] == [[], sorted([contract.pk, consultancy.pk])]

    exported = list(export_challenges(Challenge.objects.all()))
    assert exported[0][-1] == "KT-C-1, KT-C-2"
    assert_export_imports_back_unchanged(
        "challenges", COLUMNS, exported, import_challenges, records=1
    )
    # Listed again in another order and case: nothing to change.
    again = import_challenges(challenges_csv(f"{stored.pk},,,,,,kt-c-1;kt-c-2"), actor=officer)
    assert again.counts["unchanged"] == 1
    # Given with a status, the status given stands.
    import_challenges(challenges_csv(f"{stored.pk},,closed,,,,KT-C-1"), actor=officer)
    stored.refresh_from_db()
    assert (list(stored.outcomes.all()), stored.status) == ([contract], "closed")

    # A role that may not read KT outputs may not record them either (a file that lists the
    # recorded ones as they are imports back); nothing is written.
    same = import_challenges(challenges_csv(f"{stored.pk},,,,,,KT-C-1"), actor=factories.staff())
    assert same.counts["unchanged"] == 1
    refused = import_challenges(challenges_csv(f"{stored.pk},,,,,,KT-C-2"), actor=factories.staff())
    assert problems(refused) == [(2, "kt_outputs")]
    assert "may not read KT outputs" in refused.all_problems[0].message
    assert not refused.written
    assert list(stored.outcomes.all()) == [contract]


@pytest.mark.parametrize("cell", ["-", "none", "無", "无"])
def test_a_dash_or_none_takes_every_recorded_kt_output_off(cell: str) -> None:
    stored = services.challenge_create(actor=factories.staff(), text="Robots jam at night.")
    stored.outcomes.add(research_factories.kt_output("KT-C-1"))
    officer = staff_user(Role.PARTNERSHIP_OFFICER)
    kept = import_challenges(challenges_csv(f"{stored.pk},,,,,,"), actor=officer)
    assert kept.counts["unchanged"] == 1  # a blank cell keeps them
    preview = import_challenges(challenges_csv(f"{stored.pk},,,,,,{cell}"), actor=officer)
    assert preview.counts["update"] == 1, problems(preview)
    assert not stored.outcomes.exists()
    refused = import_challenges(challenges_csv(f"{stored.pk},,,,,,KT-C-1"), actor=factories.staff())
    assert problems(refused) == [(2, "kt_outputs")]  # re-recording needs the permission too


def test_references_differing_in_case_or_holding_a_comma_import_back_as_exported() -> None:
    outputs = [
        research_factories.kt_output(reference) for reference in ("KT-1", "kt-1", "CR/2024;07")
    ]
    stored = services.challenge_create(actor=factories.staff(), text="Robots jam at night.")
    stored.outcomes.add(outputs[0], outputs[1])
    exported = list(export_challenges(Challenge.objects.all()))
    assert exported[0][-1] == "KT-1, kt-1"
    assert_export_imports_back_unchanged(
        "challenges", COLUMNS, exported, import_challenges, records=1
    )
    # A reference that holds a separator is read whole, alone or among others.
    preview = import_challenges(challenges_csv(f'{stored.pk},,,,,,"CR/2024;07"'))
    assert preview.counts["update"] == 1, problems(preview)
    assert list(stored.outcomes.all()) == [outputs[2]]
    stored.outcomes.add(outputs[0])
    exported = list(export_challenges(Challenge.objects.all()))
    assert exported[0][-1] == "CR/2024;07, KT-1"
    assert_export_imports_back_unchanged(
        "challenges", COLUMNS, exported, import_challenges, records=1
    )
    refused = import_challenges(challenges_csv(f'{stored.pk},,,,,,"CR/2024;08, KT-1"'))
    assert [p.message for p in refused.all_problems] == [
        "There is no KT output with the reference “CR/2024”.",
        "There is no KT output with the reference “08”.",
    ]
