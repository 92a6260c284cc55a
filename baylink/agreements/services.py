"""Writes to agreements: creating an agreement with its parties."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baylink.agreements.models import Agreement, Party
from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.events import organisation_links_changed
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
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
