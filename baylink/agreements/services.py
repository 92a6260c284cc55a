"""Writes to agreements: create, edit (no lost updates), lifecycle steps, delete."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baylink.agreements.lifecycle import is_allowed
from baylink.agreements.models import Agreement, MobilitySpec, Party, StatusChange
from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit, lock_unchanged
from baylink.core.events import organisation_links_changed, organisation_links_replaced
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
from baylink.core.selectors import audit_history
from baylink.core.trilingual import set_trilingual, trilingual_values
from baylink.directory.models import Organisation, Unit
from baylink.initiatives.models import Initiative


@dataclass(frozen=True)
class PartySpec:
    organisation: Organisation
    role: str = Party.Role.PARTNER
    unit: Unit | None = None
    signatory_name: str = ""
    signatory_title: str = ""


def agreement_search_text(agreement: Agreement, party_names: Iterable[str] = ()) -> str:
    return search_text([agreement.reference, *trilingual_values(agreement, "title"), *party_names])


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    reference: str,
    kind: str,
    parties: Sequence[PartySpec],
    title_en: str = "",
    title_zh_hant: str = "",
    title_zh_hans: str = "",
    status: str = Agreement.Status.DRAFT,
    signed_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    owner_unit: Unit | None = None,
    initiatives: Iterable[Initiative] = (),
    is_public: bool = False,
    notes: str = "",
    is_demo: bool = False,
) -> Agreement:
    if len(parties) < 2:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})
    agreement = Agreement(
        reference=reference,
        kind=kind,
        status=status,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        owner_unit=owner_unit,
        is_public=is_public,
        notes=notes,
        is_demo=is_demo,
    )
    set_trilingual(agreement, "title", en=title_en, zh_hant=title_zh_hant, zh_hans=title_zh_hans)
    agreement.search_text = agreement_search_text(
        agreement,
        [name for spec in parties for name in trilingual_values(spec.organisation, "name")],
    )
    agreement.full_clean()
    agreement.save()
    agreement.initiatives.set(list(initiatives))
    created = []
    for position, spec in enumerate(parties):
        party = Party(
            agreement=agreement,
            organisation=spec.organisation,
            unit=spec.unit,
            role=spec.role,
            signatory_name=spec.signatory_name,
            signatory_title=spec.signatory_title,
            position=position,
        )
        party.full_clean()
        created.append(party)
    Party.objects.bulk_create(created)
    organisation_links_changed.send(
        sender=Agreement, organisation_ids=[spec.organisation.pk for spec in parties]
    )
    audit_record(
        actor=actor,
        instance=agreement,
        action=AuditEntry.Action.CREATE,
        after=snapshot(agreement, exclude=["search_text"]),
    )
    bump_content_version()
    return agreement


def agreement_search_text_with_parties(agreement: Agreement) -> str:
    """The search text of a stored agreement, its parties read (or prefetched) from it."""
    names = [
        name
        for party in agreement.parties.all()
        for name in trilingual_values(party.organisation, "name")
    ]
    return agreement_search_text(agreement, names)


def agreements_follow_renamed_parties(organisation_ids: Iterable[int]) -> int:
    """Agreements find their parties by name: make their search texts again. How many changed."""
    agreements = (
        Agreement.objects.filter(parties__organisation__in=list(organisation_ids))
        .distinct()
        .prefetch_related("parties__organisation")
    )
    changed = []
    for agreement in agreements:
        text = agreement_search_text_with_parties(agreement)
        if text != agreement.search_text:
            agreement.search_text = text
            changed.append(agreement)
    return Agreement.objects.bulk_update(changed, ["search_text"], batch_size=500)


def _party_names(agreement: Agreement) -> list[str]:
    return [
        name
        for party in agreement.parties.select_related("organisation")
        for name in trilingual_values(party.organisation, "name")
    ]


def _party_changes(agreement: Agreement, parties: Sequence[PartySpec]) -> None:
    """Replace the parties, keeping rows (and so exchange terms) for unchanged organisations."""
    if len(parties) < 2:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})
    keys = [(spec.organisation.pk, spec.unit.pk if spec.unit else None) for spec in parties]
    if len(set(keys)) != len(keys):
        raise ValidationError({"parties": _("The same organisation and unit appear twice.")})
    existing = {(p.organisation_id, p.unit_id): p for p in agreement.parties.all()}
    kept_ids = []
    for position, spec in enumerate(parties):
        key = (spec.organisation.pk, spec.unit.pk if spec.unit else None)
        party = existing.get(key) or Party(agreement=agreement)
        party.organisation = spec.organisation
        party.unit = spec.unit
        party.role = spec.role
        party.signatory_name = spec.signatory_name
        party.signatory_title = spec.signatory_title
        party.position = position
        party.full_clean(exclude=["agreement"] if party.pk is None else None)
        party.save()
        kept_ids.append(party.pk)
    removed = agreement.parties.exclude(pk__in=kept_ids)
    if MobilitySpec.objects.filter(
        Q(sending_party__in=removed) | Q(receiving_party__in=removed)
    ).exists():
        raise ValidationError(
            {"parties": _("Remove the exchange terms of a party before removing the party.")}
        )
    removed.delete()


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    edit_token: str,
    values: Mapping[str, Any],
    parties: Sequence[PartySpec] | None = None,
    initiatives: Iterable[Initiative] | None = None,
) -> Agreement:
    """Save an editor's changes, refusing them if someone saved in between (EditConflict)."""
    locked = lock_for_edit(Agreement.objects.all(), agreement.pk, edit_token)
    if "status" in values and values["status"] != locked.status:
        raise ValidationError({"status": _("Change the status with the lifecycle actions.")})
    before_parties = sorted(locked.parties.values_list("organisation_id", flat=True))
    many = {"initiatives": list(initiatives)} if initiatives is not None else None
    apply_edit(locked, actor=actor, values=values, many=many)
    if parties is not None:
        _party_changes(locked, parties)
        organisation_links_replaced(
            actor=actor,
            record=locked,
            field="parties",
            before=before_parties,
            after=sorted(locked.parties.values_list("organisation_id", flat=True)),
        )
    locked.search_text = agreement_search_text(locked, _party_names(locked))
    Agreement.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
    bump_content_version()
    return locked


@transaction.atomic
def agreement_transition(
    *, actor: Actor, agreement: Agreement, to_status: str, edit_token: str, note: str = ""
) -> Agreement:
    """Move the agreement one step along its lifecycle; each step is recorded."""
    locked = lock_for_edit(Agreement.objects.all(), agreement.pk, edit_token)
    if not is_allowed(locked.status, to_status):
        raise ValidationError(
            {
                "status": _("An agreement that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": locked.get_status_display(),
                    "to": Agreement.Status(to_status).label
                    if to_status in Agreement.Status.values
                    else to_status,
                }
            }
        )
    from_status = locked.status
    values: dict[str, Any] = {"status": to_status}
    if to_status == Agreement.Status.SIGNED and not locked.signed_on:
        values["signed_on"] = timezone.localdate()
    if to_status == Agreement.Status.TERMINATED:
        values["terminated_on"] = timezone.localdate()
    apply_edit(locked, actor=actor, values=values, note=note)
    StatusChange.objects.create(
        agreement=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor if isinstance(actor, User) else None,
        note=note[:300],
    )
    organisation_links_changed.send(
        sender=Agreement,
        organisation_ids=list(locked.parties.values_list("organisation_id", flat=True)),
    )
    bump_content_version()
    return locked


@transaction.atomic
def agreement_delete(*, actor: Actor, agreement: Agreement) -> None:
    organisation_ids = list(agreement.parties.values_list("organisation_id", flat=True))
    files = [document.file for document in agreement.documents.all()]
    delete_audited(agreement, actor=actor)
    # Files go only once the rows are gone for good: a rolled-back delete keeps its documents.
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    organisation_links_changed.send(sender=Agreement, organisation_ids=organisation_ids)
    bump_content_version()


@transaction.atomic
def mobility_spec_save(*, actor: Actor, spec: MobilitySpec, edit_token: str = "") -> MobilitySpec:
    """Create or change one direction of exchange terms (validated as a whole).

    A change needs the `content_token` of the terms as the editor loaded them: terms someone
    else changed meanwhile are not overwritten (EditConflict).
    """
    creating = spec.pk is None
    before = {}
    if not creating:
        latest = audit_history(spec.agreement).first()
        stored = lock_unchanged(
            MobilitySpec.objects.all(),
            spec.pk,
            edit_token,
            by=latest.actor_label if latest else "",
            at=latest.at if latest else None,
        )
        before = snapshot(stored)
    spec.full_clean()
    spec.save()
    audit_record(
        actor=actor,
        instance=spec.agreement,
        action=AuditEntry.Action.UPDATE,
        before={"exchange terms": before} if before else {"exchange terms": None},
        after={"exchange terms": snapshot(spec)},
        note=str(spec),
    )
    bump_content_version()
    return spec


@transaction.atomic
def mobility_spec_delete(*, actor: Actor, spec: MobilitySpec) -> None:
    audit_record(
        actor=actor,
        instance=spec.agreement,
        action=AuditEntry.Action.UPDATE,
        before={"exchange terms": snapshot(spec)},
        after={"exchange terms": None},
        note=str(spec),
    )
    spec.delete()
    bump_content_version()
