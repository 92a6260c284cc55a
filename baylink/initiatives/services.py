"""Writes to initiatives: themes, initiatives, their partners."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction

from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit
from baylink.core.events import initiatives_changed, organisation_links_changed
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
from baylink.core.trilingual import set_trilingual, trilingual_values
from baylink.directory.models import City, Organisation, Unit
from baylink.initiatives.models import Initiative, InitiativePartner, Theme


@transaction.atomic
def theme_create(
    *, actor: Actor, slug: str, name_en: str = "", name_zh_hant: str = "", name_zh_hans: str = ""
) -> Theme:
    theme = Theme(slug=slug)
    set_trilingual(theme, "name", en=name_en, zh_hant=name_zh_hant, zh_hans=name_zh_hans)
    theme.full_clean()
    theme.save()
    audit_record(
        actor=actor, instance=theme, action=AuditEntry.Action.CREATE, after=snapshot(theme)
    )
    bump_content_version()
    return theme


def initiative_search_text(initiative: Initiative) -> str:
    return search_text([*trilingual_values(initiative, "name"), initiative.acronym])


@transaction.atomic
def initiative_create(
    *,
    actor: Actor,
    slug: str,
    kind: str,
    name_en: str = "",
    name_zh_hant: str = "",
    name_zh_hans: str = "",
    description_en: str = "",
    description_zh_hant: str = "",
    description_zh_hans: str = "",
    status: str = Initiative.Status.ACTIVE,
    acronym: str = "",
    city: City | None = None,
    lead_unit: Unit | None = None,
    parent: Initiative | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    website: str = "",
    themes: Iterable[Theme] = (),
    is_demo: bool = False,
) -> Initiative:
    initiative = Initiative(
        slug=slug,
        kind=kind,
        status=status,
        acronym=acronym,
        city=city,
        lead_unit=lead_unit,
        parent=parent,
        starts_on=starts_on,
        ends_on=ends_on,
        website=website,
        is_demo=is_demo,
    )
    set_trilingual(initiative, "name", en=name_en, zh_hant=name_zh_hant, zh_hans=name_zh_hans)
    set_trilingual(
        initiative,
        "description",
        en=description_en,
        zh_hant=description_zh_hant,
        zh_hans=description_zh_hans,
    )
    initiative.search_text = initiative_search_text(initiative)
    initiative.full_clean()
    initiative.save()
    initiative.themes.set(list(themes))
    audit_record(
        actor=actor,
        instance=initiative,
        action=AuditEntry.Action.CREATE,
        after=snapshot(initiative, exclude=["search_text"]),
    )
    bump_content_version()
    return initiative


@transaction.atomic
def initiative_add_partner(
    *,
    actor: Actor,
    initiative: Initiative,
    organisation: Organisation,
    role: str = InitiativePartner.Role.PARTNER,
    joined_on: date | None = None,
    left_on: date | None = None,
) -> InitiativePartner:
    partnership = InitiativePartner(
        initiative=initiative,
        organisation=organisation,
        role=role,
        joined_on=joined_on,
        left_on=left_on,
        position=initiative.partnerships.count(),
    )
    partnership.full_clean()
    partnership.save()
    organisation_links_changed.send(sender=Initiative, organisation_ids=[organisation.pk])
    audit_record(
        actor=actor,
        instance=partnership,
        action=AuditEntry.Action.CREATE,
        after=snapshot(partnership),
    )
    bump_content_version()
    return partnership


@transaction.atomic
def initiative_update(
    *,
    actor: Actor,
    instance: Initiative,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> Initiative:
    locked = lock_for_edit(Initiative.objects.all(), instance.pk, edit_token)
    apply_edit(locked, actor=actor, values=values, many=many)
    locked.search_text = initiative_search_text(locked)
    Initiative.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
    initiatives_changed.send(sender=Initiative, initiative_ids=[locked.pk])
    bump_content_version()
    return locked


@transaction.atomic
def initiative_create_from_form(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> Initiative:
    initiative = initiative_create(actor=actor, themes=(many or {}).get("themes", []), **values)
    initiatives_changed.send(sender=Initiative, initiative_ids=[initiative.pk])
    return initiative


@transaction.atomic
def initiative_delete(*, actor: Actor, initiative: Initiative) -> None:
    organisation_ids = list(initiative.partnerships.values_list("organisation_id", flat=True))
    pk = initiative.pk
    delete_audited(initiative, actor=actor)
    organisation_links_changed.send(sender=Initiative, organisation_ids=organisation_ids)
    initiatives_changed.send(sender=Initiative, initiative_ids=[pk])
    bump_content_version()
