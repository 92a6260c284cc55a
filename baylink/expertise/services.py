"""Writes: researcher profiles, challenges and their shortlists (checked, validated, audited)."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baylink.core.audit import Actor, Note, Snapshot, audit_record, snapshot
from baylink.core.chinese import chinese_script, fold
from baylink.core.content_version import bump_content_version
from baylink.core.editing import lock_for_edit
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
from baylink.core.trilingual import texts_by_language, trilingual_values
from baylink.directory.models import Organisation, Person
from baylink.directory.services import organisation_create
from baylink.expertise.announcements import challenge_sent_announce
from baylink.expertise.models import (
    SEE_OUTCOMES,
    Challenge,
    Language,
    ResearcherProfile,
    ShortlistEntry,
)
from baylink.expertise.tasks import index_profiles
from baylink.initiatives.models import Initiative
from baylink.research.models import KnowledgeTransferOutput

MAX_KEYWORDS = 30
MAX_LIST_ITEMS = 50
MAX_ITEM_LENGTH = 300


def can_edit_profile(user: User | AnonymousUser, profile: ResearcherProfile) -> bool:
    """The researcher edits their own profile; staff with the permission edit any."""
    if not user.is_authenticated:
        return False
    return profile.user_id == user.pk or user.has_perm("expertise.change_researcherprofile")


def _require(actor: Actor, permission: str) -> User:
    if not isinstance(actor, User) or not actor.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))
    return actor


def clean_lines(values: Sequence[str], *, label: str, limit: int = MAX_LIST_ITEMS) -> list[str]:
    """Trimmed, non-empty, each once; too many or too long items are a validation error."""
    items = list(dict.fromkeys(value.strip() for value in values if value and value.strip()))
    if len(items) > limit:
        raise ValidationError(
            _("%(label)s: at most %(limit)s items, not %(count)s.")
            % {"label": label, "limit": limit, "count": len(items)}
        )
    for item in items:
        if len(item) > MAX_ITEM_LENGTH:
            raise ValidationError(
                _("%(label)s: “%(item)s…” is longer than %(limit)s characters.")
                % {"label": label, "item": item[:40], "limit": MAX_ITEM_LENGTH}
            )
    return items


def _profile_values(
    *,
    language: str,
    keywords: Sequence[str],
    statement: str,
    project_titles: Sequence[str],
    outputs: Sequence[str],
) -> dict[str, Any]:
    return {
        "language": language,
        "keywords": clean_lines(keywords, label=str(_("Keywords")), limit=MAX_KEYWORDS),
        "statement": statement.strip(),
        "project_titles": clean_lines(project_titles, label=str(_("Projects"))),
        "outputs": clean_lines(outputs, label=str(_("Outputs"))),
    }


def _reindex(profile: ResearcherProfile) -> None:
    # Queued in the same transaction: a rolled-back edit queues nothing.
    index_profiles.enqueue([profile.pk])


@transaction.atomic
def profile_create(
    *,
    actor: Actor,
    person: Person,
    language: str = Language.EN,
    keywords: Sequence[str] = (),
    statement: str = "",
    project_titles: Sequence[str] = (),
    outputs: Sequence[str] = (),
    user: User | None = None,
    external_id: str | None = None,
    is_public: bool = True,
    reindex: bool = True,
) -> ResearcherProfile:
    profile = ResearcherProfile(
        person=person,
        user=user,
        external_id=external_id or None,
        is_public=is_public,
        **_profile_values(
            language=language,
            keywords=keywords,
            statement=statement,
            project_titles=project_titles,
            outputs=outputs,
        ),
    )
    profile.full_clean()
    profile.save()
    audit_record(
        actor=actor, instance=profile, action=AuditEntry.Action.CREATE, after=snapshot(profile)
    )
    if reindex:
        _reindex(profile)
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: Actor,
    profile: ResearcherProfile,
    language: str,
    keywords: Sequence[str],
    statement: str,
    project_titles: Sequence[str],
    outputs: Sequence[str],
    is_public: bool | None = None,
    reindex: bool = True,
    check_permission: bool = True,
) -> ResearcherProfile:
    """Apply an edit by the researcher or by staff; the index follows in the background."""
    if check_permission and not (isinstance(actor, User) and can_edit_profile(actor, profile)):
        raise PermissionDenied(_("You may edit only your own profile."))
    before = snapshot(profile)
    for field, value in _profile_values(
        language=language,
        keywords=keywords,
        statement=statement,
        project_titles=project_titles,
        outputs=outputs,
    ).items():
        setattr(profile, field, value)
    if is_public is not None:
        profile.is_public = is_public
    profile.full_clean()
    profile.save()
    entry = audit_record(
        actor=actor,
        instance=profile,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(profile),
    )
    if entry is not None and reindex:
        _reindex(profile)
    return profile


def partner_for_name(*, actor: Actor, name: str) -> Organisation | None:
    """The organisation of that name (any script, any alias), or a new local one."""
    name = name.strip()
    if not name:
        return None
    folded = fold(name)
    for organisation in Organisation.objects.filter(search_text__contains=folded).order_by("pk"):
        if folded in organisation.search_text.split(" | "):
            return organisation
    script = chinese_script(name)
    return organisation_create(
        actor=actor,
        types=["company"],
        name_en=name if script is None else "",
        name_zh_hant=name if script in {"zh_hant", "both"} else "",
        name_zh_hans=name if script == "zh_hans" else "",
    )


# Left out of the audit log, which keeps everything for ever: the share link's key, and the
# contact details of a person, which must go when they ask (challenge_forget_contact).
UNAUDITED = ["share_token", "search_text", "contact_name", "contact_email", "contact_phone"]
# A challenge saved without a title is called by the beginning of its text.
TITLE_FROM_TEXT = 80


def challenge_title(title: str, text: str) -> str:
    """The title given, else the one a challenge gets from its text; on one line either way
    (it heads lists and e-mail subjects)."""
    return " ".join((title.strip() or text.strip()[:TITLE_FROM_TEXT]).split())


def _names_partner(partner: Organisation | None, name: str) -> bool:
    """Whether the name is one of the partner's own: the partner stays, though another
    organisation may share that name."""
    if partner is None or not name.strip():
        return False
    return fold(name) in {fold(own) for own in trilingual_values(partner, "name")}


def challenge_search_text(challenge: Challenge) -> str:
    """Found by its title and text (folded: 养老院 finds 護老院) and the company as written."""
    return search_text([challenge.title, challenge.text, challenge.contact_organisation])


def _challenge_values(*, title: str, text: str) -> tuple[str, str]:
    return challenge_title(title, text), text.strip()


def _store(
    challenge: Challenge, actor: Actor, *, before: Snapshot | None = None, note: str = ""
) -> Challenge:
    """Check, store and log a challenge, new or (with its values `before`) changed; inside the
    caller's transaction."""
    challenge.search_text = challenge_search_text(challenge)
    challenge.full_clean()
    challenge.save()
    bump_content_version()  # the public figures count challenges
    audit_record(
        actor=actor,
        instance=challenge,
        action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(challenge, exclude=UNAUDITED),
        note=note,
    )
    return challenge


@transaction.atomic
def challenge_create(
    *,
    actor: Actor,
    text: str,
    title: str = "",
    partner_name: str = "",
    received_on: datetime.date | None = None,
) -> Challenge:
    """A challenge staff record (received today unless said otherwise)."""
    user = _require(actor, "expertise.add_challenge")
    title, text = _challenge_values(title=title, text=text)
    challenge = Challenge(
        title=title,
        text=text,
        partner=partner_for_name(actor=user, name=partner_name),
        created_by=user,
        share_token=Challenge.new_token(),
        received_on=received_on or timezone.localdate(),
    )
    return _store(challenge, user)


@transaction.atomic
def challenge_receive(
    *,
    text: str,
    company: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
) -> Challenge:
    """A challenge a company sends through the public finder, having agreed to be contacted
    about it: open, for the knowledge-transfer staff, who are notified. The company is kept as
    written; staff link it to an organisation when they take the challenge on (a public form
    does not add to the directory)."""
    title, text = _challenge_values(title="", text=text)
    challenge = Challenge(
        title=title,
        text=text,
        source=Challenge.Source.PUBLIC,
        contact_name=contact_name.strip(),
        contact_organisation=company.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        consented_at=timezone.now(),
        share_token=Challenge.new_token(),
    )
    _store(challenge, None, note=gettext_noop("Sent through the expertise finder"))
    challenge_sent_announce(challenge)
    return challenge


@transaction.atomic
def challenge_update(
    *,
    actor: Actor,
    challenge: Challenge,
    title: str,
    text: str,
    status: str,
    partner_name: str = "",
    received_on: datetime.date | None = None,
    edit_token: str | None = None,
) -> Challenge:
    """Change the challenge (`received_on` None keeps its day); with the editor's `edit_token`,
    only if nobody saved it since they loaded it (EditConflict otherwise, with what changed)."""
    user = _require(actor, "expertise.change_challenge")
    if edit_token is not None:
        challenge = lock_for_edit(Challenge.objects.all(), challenge.pk, edit_token)
    before = snapshot(challenge, exclude=UNAUDITED)
    challenge.title, challenge.text = _challenge_values(title=title, text=text)
    challenge.status = status
    if received_on is not None:
        challenge.received_on = received_on
    if not _names_partner(challenge.partner, partner_name):
        challenge.partner = partner_for_name(actor=user, name=partner_name)
    return _store(challenge, user, before=before)


@transaction.atomic
def challenge_forget_contact(*, actor: Actor, challenge: Challenge) -> Challenge:
    """Erase the contact person's details (their request, or once they are no longer needed);
    the company's name and the challenge stay."""
    user = _require(actor, "expertise.change_challenge")
    challenge.contact_name = challenge.contact_email = challenge.contact_phone = ""
    challenge.save(update_fields=["contact_name", "contact_email", "contact_phone", "updated_at"])
    audit_record(
        actor=user,
        instance=challenge,
        action=AuditEntry.Action.UPDATE,
        after={gettext_noop("contact details"): gettext_noop("erased")},
        note=gettext_noop("Contact details erased"),
    )
    return challenge


@transaction.atomic
def challenge_renew_share_link(*, actor: Actor, challenge: Challenge) -> Challenge:
    """A new link; whoever had the old one no longer sees the shortlist."""
    user = _require(actor, "expertise.change_challenge")
    challenge.share_token = Challenge.new_token()
    challenge.save(update_fields=["share_token", "updated_at"])
    audit_record(
        actor=user,
        instance=challenge,
        action=AuditEntry.Action.UPDATE,
        after={gettext_noop("share link"): gettext_noop("renewed")},
        note=gettext_noop("Share link renewed"),
    )
    return challenge


def shortlist_names(challenge: Challenge) -> list[dict[str, str]]:
    """The shortlist as the challenge's History tab lists it, in order: each researcher or lab
    by its name in every language, so that each reader reads it in theirs (core.history)."""
    entries = challenge.entries.select_related("profile__person", "initiative").order_by(
        "position", "pk"
    )
    named = []
    for entry in entries:
        record = entry.profile.person if entry.profile else entry.initiative
        named.append(texts_by_language(record, "name") if record else {})
    return named


def _record_change(
    actor: Actor,
    challenge: Challenge,
    field: str,
    before: Any,
    after: Any,
    status_before: str = "",
    note: str | Note = "",
) -> None:
    """The challenge's History: one of its lists (shortlist entries, outcomes) before and after,
    and the step it moved to. The public figures count challenges by both."""
    bump_content_version()
    changed_before: dict[str, Any] = {}
    changed_after: dict[str, Any] = {}
    if after != before:
        changed_before[field], changed_after[field] = before, after
    if status_before and status_before != challenge.status:
        changed_before["status"], changed_after["status"] = status_before, challenge.status
    if changed_after:
        audit_record(
            actor=actor,
            instance=challenge,
            action=AuditEntry.Action.UPDATE,
            before=changed_before,
            after=changed_after,
            note=note,
        )


def _record_shortlist(
    user: User, challenge: Challenge, before: list[dict[str, str]], status_before: str = ""
) -> None:
    _record_change(user, challenge, "entries", before, shortlist_names(challenge), status_before)


@transaction.atomic
def shortlist_add(
    *,
    actor: Actor,
    challenge: Challenge,
    profile: ResearcherProfile | None = None,
    initiative: Initiative | None = None,
    note: str = "",
) -> ShortlistEntry:
    user = _require(actor, "expertise.change_challenge")
    existing = challenge.entries.filter(profile=profile, initiative=initiative).first()
    if existing is not None:
        return existing
    listed = shortlist_names(challenge)
    last = challenge.entries.order_by("-position").values_list("position", flat=True).first()
    entry = ShortlistEntry(
        challenge=challenge,
        profile=profile,
        initiative=initiative,
        note=note.strip(),
        position=(last or 0) + 1,
    )
    entry.full_clean()
    entry.save()
    audit_record(actor=user, instance=entry, action=AuditEntry.Action.CREATE, after=snapshot(entry))
    status_before = challenge.status
    if challenge.status == Challenge.Status.OPEN:
        challenge.status = Challenge.Status.SHORTLISTING
        challenge.save(update_fields=["status", "updated_at"])
    _record_shortlist(user, challenge, listed, status_before)
    return entry


@transaction.atomic
def shortlist_set_note(*, actor: Actor, entry: ShortlistEntry, note: str) -> ShortlistEntry:
    user = _require(actor, "expertise.change_challenge")
    before = snapshot(entry)
    entry.note = note.strip()
    entry.full_clean()
    entry.save(update_fields=["note", "updated_at"])
    audit_record(
        actor=user,
        instance=entry,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(entry),
    )
    # On the challenge's History too, where staff read what was done with the shortlist.
    record = entry.profile.person if entry.profile else entry.initiative
    _record_change(
        user,
        entry.challenge,
        gettext_noop("shortlist note"),
        before["note"],
        entry.note,
        note=Note(
            gettext_noop("Note on %(name)s"),
            {"name": texts_by_language(record, "name") if record else ""},
        ),
    )
    return entry


# Shortlist moves by name (buttons, the API): one place up or down.
SHORTLIST_MOVES = {"up": -1, "down": 1}


@transaction.atomic
def shortlist_move(*, actor: Actor, entry: ShortlistEntry, step: int) -> ShortlistEntry:
    """Move the entry one place up (step -1) or down (+1); the ends stay where they are."""
    user = _require(actor, "expertise.change_challenge")
    challenge = entry.challenge
    listed = shortlist_names(challenge)
    # Locked, so that two people reordering at once cannot give two entries one place.
    entries = list(
        ShortlistEntry.objects.select_for_update()
        .filter(challenge_id=entry.challenge_id)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(entries) if other.pk == entry.pk)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(entries):
        return entry
    entries[index], entries[target] = entries[target], entries[index]
    for position, moved in enumerate(entries, start=1):
        if moved.position != position:
            moved.position = position
            moved.save(update_fields=["position", "updated_at"])
    _record_shortlist(user, challenge, listed)
    return next(moved for moved in entries if moved.pk == entry.pk)


@transaction.atomic
def shortlist_remove(*, actor: Actor, entry: ShortlistEntry) -> None:
    user = _require(actor, "expertise.change_challenge")
    challenge = entry.challenge
    listed = shortlist_names(challenge)
    audit_record(
        actor=user, instance=entry, action=AuditEntry.Action.DELETE, before=snapshot(entry)
    )
    entry.delete()
    _record_shortlist(user, challenge, listed)


# Steps a challenge has not yet passed when a KT output is recorded as its outcome.
BEFORE_MATCHED = (
    Challenge.Status.OPEN,
    Challenge.Status.SHORTLISTING,
    Challenge.Status.INTRODUCED,
)


def _outcome_ids(challenge: Challenge) -> list[int]:
    # As the History tab reads a many-to-many field: the records' ids, named when shown.
    return sorted(challenge.outcomes.values_list("pk", flat=True))


def challenges_lose_outcome(*, actor: Actor, output: KnowledgeTransferOutput) -> None:
    """Before a KT output is deleted: each challenge it was recorded on says so on its History
    (the link itself goes with the output); inside the deleting transaction."""
    note = Note(
        gettext_noop("KT output %(reference)s was deleted"), {"reference": output.reference}
    )
    for challenge in output.challenges.select_for_update().order_by("pk"):
        before = _outcome_ids(challenge)
        after = [pk for pk in before if pk != output.pk]
        _record_change(actor, challenge, "outcomes", before, after, note=note)


def find_by_reference(
    outputs: QuerySet[KnowledgeTransferOutput], reference: str
) -> KnowledgeTransferOutput | None:
    """The output with that reference as written, else the only one with it in another case
    (as the KT import matches references: KT-1 and kt-1 may both exist)."""
    reference = reference.strip()
    exact = outputs.filter(reference=reference).first()
    if exact is not None:
        return exact
    folded = [
        output
        for output in outputs.filter(reference__iexact=reference)
        if output.reference.casefold() == reference.casefold()
    ]
    return folded[0] if len(folded) == 1 else None


def kt_output_by_reference(reference: str) -> KnowledgeTransferOutput:
    """The KT output with that reference; ValidationError naming it otherwise."""
    found = find_by_reference(KnowledgeTransferOutput.objects.all(), reference)
    if found is None:
        raise ValidationError(
            {
                "reference": _("No KT output has the reference “%(reference)s”.")
                % {"reference": reference.strip()}
            }
        )
    return found


def _outcomes_to_change(actor: Actor, challenge: Challenge) -> tuple[User, Challenge, list[int]]:
    """Who changes what the challenge led to (who may also read KT outputs), the challenge
    locked until the change ends, and its outcomes now."""
    user = _require(actor, "expertise.change_challenge")
    _require(user, SEE_OUTCOMES)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    return user, challenge, _outcome_ids(challenge)


@transaction.atomic
def challenge_add_outcome(
    *, actor: Actor, challenge: Challenge, output: KnowledgeTransferOutput
) -> Challenge:
    """Record a KT output the challenge led to; a challenge not yet matched becomes matched."""
    user, challenge, before = _outcomes_to_change(actor, challenge)
    if output.pk in before:
        return challenge
    challenge.outcomes.add(output)
    status_before = challenge.status
    if challenge.status in BEFORE_MATCHED:
        challenge.status = Challenge.Status.MATCHED
        challenge.save(update_fields=["status", "updated_at"])
    _record_change(user, challenge, "outcomes", before, _outcome_ids(challenge), status_before)
    return challenge


@transaction.atomic
def challenge_remove_outcome(
    *, actor: Actor, challenge: Challenge, output: KnowledgeTransferOutput
) -> Challenge:
    """No longer counted as its outcome (recorded by mistake); the challenge keeps its step."""
    user, challenge, before = _outcomes_to_change(actor, challenge)
    if output.pk not in before:
        return challenge
    challenge.outcomes.remove(output)
    _record_change(user, challenge, "outcomes", before, _outcome_ids(challenge))
    return challenge
