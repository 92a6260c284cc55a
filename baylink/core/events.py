"""Events that services emit after a write, for other contexts to react to.

Emitted explicitly by services (never by model signals), inside the writing transaction.
"""

from django.dispatch import Signal

# Sent with `organisation_ids`: organisations that gained or lost a link to an agreement,
# initiative or project (the public partner directory follows these).
organisation_links_changed = Signal()

# Sent with `initiative_ids`: initiatives created, edited or deleted (the expertise index of labs
# follows these).
initiatives_changed = Signal()
