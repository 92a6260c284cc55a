import pytest
from django.contrib.auth.models import User

from baylink.core.audit import audit_record, snapshot
from baylink.core.models import AuditEntry, AuditLogIsAppendOnly
from baylink.core.selectors import audit_history
from baylink.directory.tests.factories import organisation

pytestmark = pytest.mark.django_db


def test_an_update_records_who_and_before_after() -> None:
    officer = User.objects.create_user("officer")
    partner = organisation("Old Name")
    before = snapshot(partner)
    partner.name_en = "New Name"
    partner.save()
    entry = audit_record(
        actor=officer, instance=partner, action="update", before=before, after=snapshot(partner)
    )
    assert entry is not None
    assert entry.changes == {"name_en": ["Old Name", "New Name"]}
    assert entry.actor_label == "officer"
    assert list(audit_history(partner)) == [entry]


def test_an_update_that_changes_nothing_is_not_recorded() -> None:
    partner = organisation()
    state = snapshot(partner)
    assert (
        audit_record(actor=None, instance=partner, action="update", before=state, after=state)
        is None
    )
    assert AuditEntry.objects.count() == 0


def test_entries_cannot_be_changed_or_deleted() -> None:
    partner = organisation()
    entry = audit_record(actor=None, instance=partner, action="create", after=snapshot(partner))
    assert entry is not None
    assert entry.actor_label == "system"
    entry.note = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().update(note="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().note == ""
