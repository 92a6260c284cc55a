"""The audit log as staff read it: labels and values in the reader's language, not codes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext_noop

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories
from baylink.agreements.tests.test_workspace import client_for, form_data
from baylink.core.audit import Note, audit_record, snapshot
from baylink.core.history import field_label, readable_history
from baylink.core.selectors import audit_history
from baylink.directory.models import Organisation
from baylink.directory.tests.factories import organisation, person
from baylink.resolution.services import organisation_alias_add

pytestmark = pytest.mark.django_db


def _edit(record: Agreement, **values: object) -> None:
    before = snapshot(record)
    for name, value in values.items():
        setattr(record, name, value)
    record.version += 1
    record.save()
    audit_record(
        actor=None, instance=record, action="update", before=before, after=snapshot(record)
    )


def _rows(record: Agreement) -> dict[str, tuple[str | None, str | None]]:
    (entry,) = readable_history(list(audit_history(record)[:1]))
    return {change.label: (change.before, change.after) for change in entry.changes}


def test_choices_people_dates_and_ticks_read_as_on_the_record_pages() -> None:
    owner = person("Chan Tai-man")
    record = factories.agreement(signed_on=date(2018, 1, 1))
    _edit(
        record,
        status=Agreement.Status.TERMINATED,
        owner=owner,
        signed_on=date(2019, 3, 4),
        is_public=True,
    )
    with translation.override("zh-hant"):
        rows = _rows(record)
        (entry,) = readable_history(list(audit_history(record)[:1]))
    assert rows["狀態"] == ("生效中", "已終止")
    assert rows["負責人"] == (None, "Chan Tai-man")
    assert rows["於公眾網站顯示"] == ("否", "是")
    assert rows["簽署日期"][1] == "2019年3月4日"
    # The edit counter is bookkeeping, and work no one signed in did is the system's.
    assert "version" not in {change.field for change in entry.changes}
    assert entry.actor == "系統"
    with translation.override("en"):
        rows = _rows(record)
    assert rows["Status"] == ("Active", "Terminated")
    assert rows["Shown on the public portal"] == ("No", "Yes")


def test_a_record_deleted_since_is_named_by_its_id() -> None:
    owner = person("Lee Ka-yan")
    record = factories.agreement()
    _edit(record, owner=owner)
    owner_pk = owner.pk
    record.owner = None
    record.save()
    owner.delete()
    with translation.override("en"):
        assert _rows(record)["Owner"] == (None, f"#{owner_pk}")


def test_a_long_history_names_related_records_in_one_query_per_kind() -> None:
    record = factories.agreement()
    for number in range(12):
        _edit(record, owner=person(f"Officer {number}"))
    entries = list(audit_history(record))
    with CaptureQueriesContext(connection) as queries:
        history = readable_history(entries)
    assert len(queries) == 1  # the people; the content type comes from Django's cache
    assert [entry.changes[0].after for entry in history][:2] == ["Officer 11", "Officer 10"]


def test_the_history_tab_and_an_edit_conflict_speak_the_readers_language() -> None:
    record = factories.agreement(title_en="Before")
    officer = client_for(staff_user(Role.PARTNERSHIP_OFFICER))
    address = f"/zh-hant/staff/agreements/{record.pk}/"
    stale = form_data(record, title_en="Mine")
    saved = officer.post(address + "edit/", form_data(record, kind="research"))
    assert saved.status_code == 302
    history = officer.get(address + "?tab=history").content.decode()
    assert ">類型<" in history
    assert "研究合作協議" in history
    assert ">kind<" not in history
    assert ">research<" not in history
    refused = officer.post(address + "edit/", stale).content.decode()
    assert "研究合作協議" in refused
    assert ">research<" not in refused


def test_notes_and_names_the_code_writes_are_translated_and_empty_fields_left_out() -> None:
    partner = organisation("Macau University of Science and Technology")
    audit_record(actor=None, instance=partner, action="create", after=snapshot(partner))
    organisation_alias_add(actor=staff_user(), organisation=partner, value="澳科大")
    with translation.override("zh-hant"):
        added, created = readable_history(list(audit_history(partner)))
    assert added.note == "已新增別名"
    assert [(c.label, c.before, c.after) for c in added.changes] == [("別名", None, "澳科大")]
    # A new record's empty fields (None or "") are not listed as changed.
    assert "名稱（繁體中文）" not in {change.label for change in created.changes}
    assert all(change.after is not None for change in created.changes)


def test_a_note_the_code_writes_with_values_reads_in_each_language() -> None:
    record = factories.agreement()
    note = Note(
        gettext_noop("Run %(number)s: %(mode)s"),
        {"number": 3, "mode": "Stable (student-optimal)"},
        words=("mode",),
    )
    entry = audit_record(actor=None, instance=record, action="transition", note=note)
    assert entry is not None
    with translation.override("zh-hans"):
        assert readable_history([entry])[0].note == "第 3 次运算：稳定（对学生最优）"
        assert str(note) == "第 3 次运算：稳定（对学生最优）"
    with translation.override("en"):
        assert readable_history([entry])[0].note == "Run 3: Stable (student-optimal)"
    # A value the catalogue's message does not expect, or a note a person typed: as written.
    odd = audit_record(
        actor=None, instance=record, action="transition", note=Note("Step %(n)s", {})
    )
    typed = audit_record(actor=None, instance=record, action="transition", note="Called, 50%")
    assert odd is not None
    assert typed is not None
    assert [e.note for e in readable_history([odd, typed])] == ["Step %(n)s", "Called, 50%"]


def test_user_text_in_a_note_is_shown_as_written_even_where_it_reads_like_a_message() -> None:
    record = factories.agreement()
    # "Signed copy" is also a document kind in the catalogue; as a title, it is not translated.
    titled = audit_record(
        actor=None,
        instance=record,
        action="update",
        after={"document": "signed.pdf"},
        note=Note(
            gettext_noop("Document uploaded: %(title)s, version %(version)s"),
            {"title": "Signed copy", "version": 2},
        ),
    )
    # An entry written before the words were named: every text value is looked up, as then.
    earlier = audit_record(actor=None, instance=record, action="transition", note="")
    assert titled is not None
    assert earlier is not None
    earlier.note = "Run %(number)s: %(mode)s"
    earlier.note_values = {"number": 1, "mode": "Stable (student-optimal)"}
    with translation.override("zh-hant"):
        shown = [entry.note for entry in readable_history([titled, earlier])]
    assert shown == ["已上載文件：Signed copy，第 2 版", "第 1 次運算：穩定（對學生最優）"]


def test_records_held_under_another_model_are_labelled_by_that_models_name() -> None:
    with translation.override("en"):
        assert field_label(Agreement, "parties") == "Parties"
        assert field_label(Organisation, "names") == "Organisation names"
        assert field_label(Agreement, "no_such_field") == "No_such_field"
