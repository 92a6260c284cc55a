"""Which status may follow which, for nominations and inbound applications."""

from baylink.exchange.models import InboundApplication, Nomination

N = Nomination.Status
I = InboundApplication.Status  # noqa: E741  # mirrors N

NOMINATION_STEPS: dict[str, tuple[str, ...]] = {
    N.DRAFT: (N.NOMINATED, N.WITHDRAWN),
    N.NOMINATED: (N.ACCEPTED, N.REJECTED, N.WITHDRAWN),
    N.ACCEPTED: (N.COMPLETED, N.WITHDRAWN),
    N.COMPLETED: (),
    N.WITHDRAWN: (),
    N.REJECTED: (),
}

INBOUND_STEPS: dict[str, tuple[str, ...]] = {
    I.RECEIVED: (I.ACCEPTED, I.REJECTED, I.WITHDRAWN),
    I.ACCEPTED: (I.ARRIVED, I.WITHDRAWN),
    I.ARRIVED: (I.COMPLETED,),
    I.COMPLETED: (),
    I.WITHDRAWN: (),
    I.REJECTED: (),
}

# A place in the sending direction's quota is taken once the sending side has nominated the
# student, and given back only when the mobility is withdrawn or rejected.
OUTBOUND_QUOTA_STATUSES = (N.NOMINATED, N.ACCEPTED, N.COMPLETED)
INBOUND_QUOTA_STATUSES = (I.RECEIVED, I.ACCEPTED, I.ARRIVED, I.COMPLETED)
# Student-months enter the balance once the receiving side has accepted the student: only
# mobilities that will take place (or did) are owed in return.
OUTBOUND_BALANCE_STATUSES = (N.ACCEPTED, N.COMPLETED)
INBOUND_BALANCE_STATUSES = (I.ACCEPTED, I.ARRIVED, I.COMPLETED)
