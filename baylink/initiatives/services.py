"""Writes to initiatives: themes, initiatives, their partners."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit, set_values
from baylink.core.events import (
    initiatives_changed,
    organisation_links_changed,
    organisation_links_replaced,
)
from baylink.core.models import AuditEntry
from baylink.core.search import search_text
from baylink.core.trilingual import set_trilingual, trilingual_values
from baylink.directory.models import City, Organisation, Unit
from baylink.directory.partnership import check_partners
from baylink.initiatives.models import Facility, Initiative, InitiativePartner, Theme


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


@dataclass(frozen=True)
class InitiativePartnerSpec:
    """One partner organisation of an initiative: its role, and when it joined and left."""

    organisation: Organisation
    role: str = InitiativePartner.Role.PARTNER
    joined_on: date | None = None
    left_on: date | None = None


def _checked_partner_specs(
    partners: Iterable[InitiativePartnerSpec],
) -> list[InitiativePartnerSpec]:
    specs = list(partners)
    check_partners(specs, InitiativePartner.Role.values)
    for spec in specs:
        if spec.joined_on and spec.left_on and spec.left_on < spec.joined_on:
            raise ValidationError(
                {
                    "partners": _("%(organisation)s cannot leave before it joined.")
                    % {"organisation": spec.organisation.name}
                }
            )
    return specs


def _partner_ids(initiative: Initiative) -> list[int]:
    """The partners as the initiative's audit log keeps them (each row logs its own changes)."""
    return sorted(initiative.partnerships.values_list("organisation_id", flat=True))


def _partners_replace(
    initiative: Initiative, specs: list[InitiativePartnerSpec], *, actor: Actor
) -> None:
    """Make the initiative's partners these, in this order; every change is audited."""
    before = _partner_ids(initiative)
    wanted = {spec.organisation.pk: spec for spec in specs}
    initiative.partnerships.exclude(organisation_id__in=wanted).delete()
    existing = {row.organisation_id: row for row in initiative.partnerships.all()}
    for position, spec in enumerate(specs):
        values = {
            "role": spec.role,
            "joined_on": spec.joined_on,
            "left_on": spec.left_on,
            "position": position,
        }
        row = existing.get(spec.organisation.pk)
        if row is None:
            InitiativePartner.objects.create(
                initiative=initiative, organisation=spec.organisation, **values
            )
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not changed:
            continue
        was = snapshot(row)
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
        if changed != ["position"]:  # a row moved by another's removal is not its own change
            audit_record(
                actor=actor,
                instance=row,
                action=AuditEntry.Action.UPDATE,
                before=was,
                after=snapshot(row),
            )
    organisation_links_replaced(
        actor=actor,
        record=initiative,
        field="partners",
        before=before,
        after=_partner_ids(initiative),
    )


@transaction.atomic
def initiative_update(
    *,
    actor: Actor,
    instance: Initiative,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
    partners: Iterable[InitiativePartnerSpec] | None = None,
) -> Initiative:
    """Save an editor's changes, refusing them if someone saved in between (EditConflict).

    `partners`, when given, replaces the initiative's partners (role, dates, order).
    """
    locked = lock_for_edit(Initiative.objects.all(), instance.pk, edit_token)
    specs = _checked_partner_specs(partners) if partners is not None else None
    apply_edit(locked, actor=actor, values=values, many=many)
    if specs is not None:
        _partners_replace(locked, specs, actor=actor)
    locked.search_text = initiative_search_text(locked)
    Initiative.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
    initiatives_changed.send(sender=Initiative, initiative_ids=[locked.pk])
    bump_content_version()
    return locked


@transaction.atomic
def initiative_create_from_form(
    *,
    actor: Actor,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
    partners: Iterable[InitiativePartnerSpec] = (),
) -> Initiative:
    specs = _checked_partner_specs(partners)
    initiative = initiative_create(actor=actor, themes=(many or {}).get("themes", []), **values)
    _partners_replace(initiative, specs, actor=actor)
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


def facility_names(initiative: Initiative) -> list[str]:
    """The initiative's facilities as its History tab lists them: each by the first name it
    has (English, else Chinese), so that the log does not depend on the writer's language."""
    return [
        facility.name_en or facility.name_zh_hant or facility.name_zh_hans
        for facility in initiative.facilities.order_by("position", "pk")
    ]


@transaction.atomic
def facility_create(*, actor: Actor, initiative: Initiative, values: Mapping[str, Any]) -> Facility:
    """A facility of the initiative, listed after its others; the lab is found by it too."""
    before = facility_names(initiative)
    facility = Facility(initiative=initiative, position=initiative.facilities.count())
    set_values(facility, values)
    facility.full_clean()
    facility.save()
    audit_record(
        actor=actor, instance=facility, action=AuditEntry.Action.CREATE, after=snapshot(facility)
    )
    _facilities_changed(initiative, before, actor=actor)
    return facility


@transaction.atomic
def facility_update(
    *, actor: Actor, instance: Facility, edit_token: str, values: Mapping[str, Any]
) -> Facility:
    locked = lock_for_edit(Facility.objects.all(), instance.pk, edit_token)
    before = facility_names(locked.initiative)
    apply_edit(locked, actor=actor, values=values)
    _facilities_changed(locked.initiative, before, actor=actor)
    return locked


@transaction.atomic
def facility_delete(*, actor: Actor, facility: Facility) -> None:
    initiative = facility.initiative
    before = facility_names(initiative)
    delete_audited(facility, actor=actor)
    _facilities_changed(initiative, before, actor=actor)


def _facilities_changed(initiative: Initiative, before: list[str], *, actor: Actor) -> None:
    # The initiative's History tab shows which facilities it has (each facility's own entries
    # hold the details); the public page lists them, and the expertise index reads them.
    audit_record(
        actor=actor,
        instance=initiative,
        action=AuditEntry.Action.UPDATE,
        before={"facilities": before},
        after={"facilities": facility_names(initiative)},
    )
    initiatives_changed.send(sender=Initiative, initiative_ids=[initiative.pk])
    bump_content_version()
