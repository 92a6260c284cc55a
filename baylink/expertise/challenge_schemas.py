"""API shapes of industry challenges and their shortlists (staff)."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.schemas import EDIT_TOKEN, OrganisationRef
from baylink.expertise.filters import SORTS
from baylink.expertise.models import SEE_OUTCOMES, Challenge, ShortlistEntry
from baylink.expertise.selectors import shared_shortlist_url

STATUSES = f"{', '.join(Challenge.Status.values[:-1])} or {Challenge.Status.values[-1]}."
RESEARCHER = "researcher"
LAB = "lab"
PARTNER_NAME = (
    "The industry partner's name in any script or an alias; a name Baylink does not know is "
    "added as a company. Empty or null: no partner."
)
RECEIVED_ON = "The day the enquiry reached the university (not in the future)."
SHARE_URL = (
    "The shortlist's page for whoever holds the link (no sign-in). Only for those who may "
    "change the challenge; null for the others."
)


class ShortlistEntryOut(Schema):
    id: int
    position: int = Field(description="Its place on the shortlist, from 1.")
    kind: str = Field(description=f"{RESEARCHER} or {LAB}")
    researcher: int | None = Field(description="The researcher's profile id.")
    lab: str | None = Field(description="The lab's (initiative's) slug.")
    name: str = Field(description="In the reader's language where the record has it.")
    organisation: str = Field(description="The researcher's organisation; empty for a lab.")
    note: str


def entry_out(entry: ShortlistEntry, position: int) -> ShortlistEntryOut:
    """The entry as the API shows it; `entry` comes with its researcher or lab (selectors)."""
    if entry.profile is not None:
        person = entry.profile.person
        return ShortlistEntryOut(
            id=entry.pk,
            position=position,
            kind=RESEARCHER,
            researcher=entry.profile.pk,
            lab=None,
            name=person.name,
            organisation=person.organisation.name if person.organisation else "",
            note=entry.note,
        )
    lab = entry.initiative
    assert lab is not None  # an entry names a researcher or a lab (check constraint)
    return ShortlistEntryOut(
        id=entry.pk,
        position=position,
        kind=LAB,
        researcher=None,
        lab=lab.slug,
        name=lab.name,
        organisation="",
        note=entry.note,
    )


class ChallengeOut(Schema):
    id: int
    title: str
    text: str
    status: str = Field(description=STATUSES)
    status_label: str = Field(description="The status in the reader's language.")
    source: str = Field(
        description="staff, or public: sent by a company through the finder (its contact "
        "details are on the staff page only)."
    )
    partner: OrganisationRef | None = Field(description="The industry partner.")
    saved_by: str | None = Field(
        description="Who saved it: a username, as the saved_by filter takes."
    )
    received_on: date = Field(description=RECEIVED_ON)
    created_at: datetime
    updated_at: datetime
    shortlisted: int = Field(description="Researchers and labs on its shortlist.")
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_status_label(challenge: Challenge) -> str:
        return str(challenge.get_status_display())

    @staticmethod
    def resolve_saved_by(challenge: Challenge) -> str | None:
        return challenge.created_by.username if challenge.created_by else None

    @staticmethod
    def resolve_edit_token(challenge: Challenge) -> str:
        return edit_token(challenge)


class OutcomeOut(Schema):
    """A KT output the challenge led to."""

    id: int
    reference: str
    kind: str
    title: str = Field(description="In the reader's language, else another.")
    occurred_on: date


class ChallengeDetailOut(ChallengeOut):
    shortlist: list[ShortlistEntryOut] = Field(description="In order.")
    outcomes: list[OutcomeOut] = Field(
        description="The KT outputs (contracts, consultancies, licences...) it led to, newest "
        "first; empty for callers who may not read KT outputs."
    )
    share_url: str | None = Field(description=SHARE_URL)

    @staticmethod
    def resolve_shortlisted(challenge: Challenge) -> int:
        return len(challenge.entries.all())  # prefetched by challenge_detail

    @staticmethod
    def resolve_shortlist(challenge: Challenge) -> list[ShortlistEntryOut]:
        return [
            entry_out(entry, position)
            for position, entry in enumerate(challenge.entries.all(), start=1)
        ]

    @staticmethod
    def resolve_outcomes(challenge: Challenge, context: dict[str, Any]) -> list[Any]:
        request: HttpRequest = context["request"]
        if not request.user.has_perm(SEE_OUTCOMES):
            return []
        return list(challenge.outcomes.all())  # prefetched by challenge_detail

    @staticmethod
    def resolve_share_url(challenge: Challenge, context: dict[str, Any]) -> str | None:
        # Whoever holds the link reads the shortlist: it goes to those who may renew it.
        request: HttpRequest = context["request"]
        if not request.user.has_perm("expertise.change_challenge"):
            return None
        return shared_shortlist_url(request, challenge)


class OutcomeIn(InputSchema):
    reference: Text = Field(description="The KT output's reference (any case).")


class ShareLinkOut(Schema):
    share_url: str = Field(description="The new link; the old one no longer works.")


class ChallengeIn(InputSchema):
    text: Text = Field(description="The problem, in any language (at most 2,000 characters).")
    title: Text | None = Field(None, description="Left out or empty: the text's beginning.")
    partner_name: Text | None = Field(None, description=PARTNER_NAME)
    received_on: date | None = Field(None, description=f"{RECEIVED_ON} Left out: today.")


class ChallengePatch(InputSchema):
    edit_token: Text = Field(description=EDIT_TOKEN)
    title: Text | None = Field(None, description="Empty or null: the text's beginning.")
    text: Text | None = None
    status: Text | None = Field(None, description=STATUSES)
    partner_name: Text | None = Field(None, description=PARTNER_NAME)
    received_on: date | None = Field(None, description=f"{RECEIVED_ON} Null: unchanged.")


class ShortlistEntryIn(InputSchema):
    researcher: RecordId | None = Field(None, description="A researcher's profile id.")
    lab: RecordId | Text | None = Field(None, description="A lab's (initiative's) slug or id.")
    note: Text | None = Field(None, description="Why they fit (at most 2,000 characters).")


class ShortlistEntryPatch(InputSchema):
    note: Text | None = Field(None, description="Empty or null clears it.")
    move: Text | None = Field(None, description="up or down: one place (null: stays).")


class ChallengeQuery(PageQuery):
    q: Text | None = Field(None, description="Words of its title, text or partner, in any script.")
    status: Text | None = Field(None, description=STATUSES)
    source: Text | None = Field(
        None, description="staff (saved by staff) or public (sent by a company)."
    )
    received: Text | None = Field(
        None, description="An academic year (1 July - 30 June) it was received in, e.g. 2024/25."
    )
    shortlist: Text | None = Field(
        None,
        description="waiting (nobody shortlisted, still under way), empty (nobody) or some.",
    )
    outcome: Text | None = Field(
        None, description="yes: a KT output is recorded as what it led to; no: none yet."
    )
    saved_by: Text | None = Field(None, description="The username of who saved it.")
    sort: Text | None = Field(None, description=", ".join(SORTS))


class ChallengePage(PageOut):
    items: list[ChallengeOut]
