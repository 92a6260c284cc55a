"""/api/challenges: industry challenges and their shortlists of researchers and labs (staff).

List, read, create and change a challenge; add, annotate, reorder and remove its shortlist's
entries; renew its share link. A challenge is not deleted: its status `closed` ends it.
Input is checked by the staff pages' own forms, so both accept and refuse the same.
"""

from collections.abc import Collection
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    RecordId,
    cleared_texts,
    form_values,
)
from baylink.expertise import selectors, services
from baylink.expertise.challenge_schemas import (
    ChallengeDetailOut,
    ChallengeIn,
    ChallengePage,
    ChallengePatch,
    ChallengeQuery,
    OutcomeIn,
    ShareLinkOut,
    ShortlistEntryIn,
    ShortlistEntryOut,
    ShortlistEntryPatch,
    entry_out,
)
from baylink.expertise.filters import ChallengeFilterSet
from baylink.expertise.forms import ChallengeCreateForm, ChallengeForm, NoteForm
from baylink.expertise.models import SEE_OUTCOMES, Challenge, ResearcherProfile, ShortlistEntry
from baylink.initiatives.api import sent_initiative

API_PREFIX = "/challenges"
router = Router(tags=["challenges"], auth=STAFF_AUTH)

CHALLENGE_TEXTS = ("text", "title", "status", "partner_name")


def _checked(form: forms.Form, fields: Collection[str]) -> dict[str, Any]:
    """Only `fields`, cleaned by the staff page's form; else a 400 naming each bad field."""
    form.fields = {name: field for name, field in form.fields.items() if name in fields}
    return form_values(form)


def _listed_entry(challenge_id: int, entry_id: int) -> ShortlistEntry:
    # Read afresh, not from challenge_detail's prefetch: the services lock the shortlist's rows.
    entry = ShortlistEntry.objects.filter(pk=entry_id, challenge_id=challenge_id).first()
    if entry is None:
        raise Http404(
            _("This challenge's shortlist has no entry %(number)s.") % {"number": entry_id}
        )
    return entry


def _entry_out(challenge_id: int, entry_id: int) -> ShortlistEntryOut:
    """The entry with its place on the shortlist (from 1)."""
    listed = selectors.challenge_detail(challenge_id).entries.all()
    return next(
        entry_out(entry, position)
        for position, entry in enumerate(listed, start=1)
        if entry.pk == entry_id
    )


def _sent_researcher(profile_id: int) -> ResearcherProfile:
    found = ResearcherProfile.objects.filter(pk=profile_id).first()
    if found is None:
        raise ValidationError(
            {"researcher": _("There is no researcher profile %(number)s.") % {"number": profile_id}}
        )
    return found


@router.get("", response={200: ChallengePage, **READ_ERRORS}, summary="List challenges")
def list_challenges(request: HttpRequest, query: Query[ChallengeQuery]) -> dict[str, Any]:
    require(request, "expertise.view_challenge")
    challenges = filtered(ChallengeFilterSet, query, selectors.challenge_list(), request)
    return paginated(challenges, query)


@router.get(
    "/{challenge_id}",
    response={200: ChallengeDetailOut, **READ_ERRORS},
    summary="Read a challenge and its shortlist",
)
def get_challenge(request: HttpRequest, challenge_id: RecordId) -> Challenge:
    require(request, "expertise.view_challenge")
    return selectors.challenge_detail(challenge_id)


@router.post("", response={201: ChallengeDetailOut, **WRITE_ERRORS}, summary="Save a challenge")
def create_challenge(request: HttpRequest, payload: ChallengeIn) -> Status[Challenge]:
    require(request, "expertise.add_challenge")
    sent = cleared_texts(payload.model_dump(), CHALLENGE_TEXTS)
    values = _checked(ChallengeCreateForm(sent), sent)
    created = services.challenge_create(actor=request.user, **values)
    return Status(201, selectors.challenge_detail(created.pk))


@router.patch(
    "/{challenge_id}",
    response={200: ChallengeDetailOut, **WRITE_ERRORS},
    summary="Change a challenge",
)
def update_challenge(
    request: HttpRequest, challenge_id: RecordId, payload: ChallengePatch
) -> Challenge:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "expertise.change_challenge")
    challenge = get_object_or_404(Challenge.objects.select_related("partner"), pk=challenge_id)
    sent = cleared_texts(payload.model_dump(exclude_unset=True), CHALLENGE_TEXTS)
    token = sent.pop("edit_token")
    stored = {
        "title": challenge.title,
        "text": challenge.text,
        "status": challenge.status,
        "partner_name": str(challenge.partner or ""),
        "received_on": challenge.received_on,
    }
    values = {**stored, **_checked(ChallengeForm(sent), sent)}
    services.challenge_update(actor=request.user, challenge=challenge, edit_token=token, **values)
    return selectors.challenge_detail(challenge_id)


@router.post(
    "/{challenge_id}/shortlist",
    response={200: ShortlistEntryOut, 201: ShortlistEntryOut, **WRITE_ERRORS},
    summary="Add a researcher or lab to the shortlist",
)
def add_to_shortlist(
    request: HttpRequest, challenge_id: RecordId, payload: ShortlistEntryIn
) -> Status[ShortlistEntryOut]:
    """201 with the new entry; 200 with the entry already there (its note is kept)."""
    require(request, "expertise.change_challenge")
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    if payload.researcher is not None and payload.lab is not None:
        raise ValidationError({"lab": _("Send a researcher or a lab, not both.")})
    if payload.researcher is None and payload.lab is None:
        raise ValidationError(
            {"researcher": _("Send a researcher (a profile id) or a lab (a slug or id).")}
        )
    profile = None if payload.researcher is None else _sent_researcher(payload.researcher)
    lab = None if payload.lab is None else sent_initiative(payload.lab, field="lab")
    note = _checked(NoteForm({"note": payload.note or ""}), ["note"])["note"]
    listed = challenge.entries.filter(profile=profile, initiative=lab).exists()
    entry = services.shortlist_add(
        actor=request.user, challenge=challenge, profile=profile, initiative=lab, note=note
    )
    return Status(200 if listed else 201, _entry_out(challenge_id, entry.pk))


@router.patch(
    "/{challenge_id}/shortlist/{entry_id}",
    response={200: ShortlistEntryOut, **WRITE_ERRORS},
    summary="Change a shortlist entry's note or move it",
)
def update_shortlist_entry(
    request: HttpRequest, challenge_id: RecordId, entry_id: RecordId, payload: ShortlistEntryPatch
) -> ShortlistEntryOut:
    """The note is replaced when sent; `move` takes the entry one place up or down."""
    require(request, "expertise.change_challenge")
    entry = _listed_entry(challenge_id, entry_id)
    sent = cleared_texts(payload.model_dump(exclude_unset=True), ["note"])
    move = sent.get("move")
    if move is not None and move not in services.SHORTLIST_MOVES:
        raise ValidationError({"move": _("Send up or down.")})
    if "note" in sent:
        note = _checked(NoteForm(sent), ["note"])["note"]
        entry = services.shortlist_set_note(actor=request.user, entry=entry, note=note)
    if move is not None:
        step = services.SHORTLIST_MOVES[move]
        entry = services.shortlist_move(actor=request.user, entry=entry, step=step)
    return _entry_out(challenge_id, entry.pk)


@router.delete(
    "/{challenge_id}/shortlist/{entry_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a shortlist entry",
)
def remove_shortlist_entry(
    request: HttpRequest, challenge_id: RecordId, entry_id: RecordId
) -> Status[None]:
    require(request, "expertise.change_challenge")
    entry = _listed_entry(challenge_id, entry_id)
    services.shortlist_remove(actor=request.user, entry=entry)
    return Status(204, None)


@router.post(
    "/{challenge_id}/outcomes",
    response={200: ChallengeDetailOut, 201: ChallengeDetailOut, **WRITE_ERRORS},
    summary="Record a KT output the challenge led to",
)
def add_outcome(
    request: HttpRequest, challenge_id: RecordId, payload: OutcomeIn
) -> Status[Challenge]:
    """201 when recorded (a challenge not yet matched becomes matched); 200 when it was there.
    Needs the permission to read KT outputs too."""
    require(request, "expertise.change_challenge")
    require(request, SEE_OUTCOMES)
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    output = services.kt_output_by_reference(payload.reference)
    recorded = challenge.outcomes.filter(pk=output.pk).exists()
    services.challenge_add_outcome(actor=request.user, challenge=challenge, output=output)
    return Status(200 if recorded else 201, selectors.challenge_detail(challenge_id))


@router.delete(
    "/{challenge_id}/outcomes/{output_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Take a KT output off the challenge's outcomes",
)
def remove_outcome(
    request: HttpRequest, challenge_id: RecordId, output_id: RecordId
) -> Status[None]:
    """By the KT output's id, as `outcomes` lists it (a reference may hold a slash)."""
    require(request, "expertise.change_challenge")
    require(request, SEE_OUTCOMES)
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    output = get_object_or_404(challenge.outcomes.all(), pk=output_id)
    services.challenge_remove_outcome(actor=request.user, challenge=challenge, output=output)
    return Status(204, None)


@router.post(
    "/{challenge_id}/share-link",
    response={200: ShareLinkOut, **WRITE_ERRORS},
    summary="Replace the share link",
)
def renew_share_link(request: HttpRequest, challenge_id: RecordId) -> ShareLinkOut:
    """A new link to the shortlist; whoever had the old one no longer sees it."""
    require(request, "expertise.change_challenge")
    challenge = services.challenge_renew_share_link(
        actor=request.user, challenge=get_object_or_404(Challenge, pk=challenge_id)
    )
    return ShareLinkOut(share_url=selectors.shared_shortlist_url(request, challenge))
