"""Events that services emit after a write, for other contexts to react to.

Emitted explicitly by services (never by model signals), inside the writing transaction.
"""

from django.db import models
from django.dispatch import Signal

from baylink.core.audit import Actor, audit_record
from baylink.core.models import AuditEntry

# Sent with `organisation_ids`: organisations that gained or lost a link to an agreement,
# initiative or project (the public partner directory follows these).
organisation_links_changed = Signal()

# Sent with `organisation_ids`: organisations renamed, or that took in another's links by a
# merge (records that store their organisations' names for search make them again).
organisations_renamed = Signal()

# Sent with `initiative_ids`: initiatives created, edited or deleted (the expertise index of labs
# follows these).
initiatives_changed = Signal()

# Sent with `actor` and `output` just before a KT output is deleted (the challenges that led to
# it record on their History that it is gone).
kt_output_deleting = Signal()


def organisation_links_replaced(
    *, actor: Actor, record: models.Model, field: str, before: list[int], after: list[int]
) -> None:
    """After a record's linked organisations ('parties', 'partners') were replaced: log who
    takes part if that changed, and tell the partner directory about both sides."""
    if after == before:
        return
    audit_record(
        actor=actor,
        instance=record,
        action=AuditEntry.Action.UPDATE,
        before={field: before},
        after={field: after},
    )
    organisation_links_changed.send(
        sender=type(record), organisation_ids=sorted(set(before) | set(after))
    )
