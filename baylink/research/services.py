"""Writes to research: funding schemes and projects."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.editing import apply_edit, delete_audited, lock_for_edit
from baylink.core.events import (
    kt_output_deleting,
    organisation_links_changed,
    organisation_links_replaced,
)
from baylink.core.models import AuditEntry
from baylink.core.money import HOME_CURRENCY
from baylink.core.search import search_text
from baylink.core.trilingual import set_trilingual, trilingual_values
from baylink.directory.models import Organisation, Person, Unit
from baylink.directory.partnership import check_partners
from baylink.initiatives.models import Initiative, Theme
from baylink.research.models import FundingScheme, KnowledgeTransferOutput, Project, ProjectPartner


@transaction.atomic
def funding_scheme_create(
    *,
    actor: Actor,
    slug: str,
    name_en: str = "",
    name_zh_hant: str = "",
    name_zh_hans: str = "",
    funder: Organisation | None = None,
    supported_initiatives: Iterable[Initiative] = (),
    website: str = "",
) -> FundingScheme:
    scheme = FundingScheme(slug=slug, funder=funder, website=website)
    set_trilingual(scheme, "name", en=name_en, zh_hant=name_zh_hant, zh_hans=name_zh_hans)
    scheme.full_clean()
    scheme.save()
    scheme.supported_initiatives.set(list(supported_initiatives))
    audit_record(
        actor=actor, instance=scheme, action=AuditEntry.Action.CREATE, after=snapshot(scheme)
    )
    bump_content_version()
    return scheme


@dataclass(frozen=True)
class PartnerSpec:
    """One partner organisation of a project, and what it does in it."""

    organisation: Organisation
    role: str = ProjectPartner.Role.COLLABORATOR


def project_search_text(project: Project) -> str:
    return search_text([project.reference, *trilingual_values(project, "title")])


def _partner_specs(partners: Iterable[Organisation | PartnerSpec]) -> list[PartnerSpec]:
    specs = [p if isinstance(p, PartnerSpec) else PartnerSpec(p) for p in partners]
    check_partners(specs, ProjectPartner.Role.values)
    return specs


def _partner_ids(project: Project) -> list[int]:
    """The partners as the project's audit log keeps them (roles are logged on each row)."""
    return sorted(project.partnerships.values_list("organisation_id", flat=True))


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    reference: str,
    starts_on: date,
    ends_on: date | None = None,
    title_en: str = "",
    title_zh_hant: str = "",
    title_zh_hans: str = "",
    principal_investigator: Person | None = None,
    unit: Unit | None = None,
    scheme: FundingScheme | None = None,
    initiative: Initiative | None = None,
    themes: Iterable[Theme] = (),
    partners: Iterable[Organisation | PartnerSpec] = (),
    amount: Decimal | None = None,
    currency: str = "HKD",
    is_demo: bool = False,
) -> Project:
    """A new project; its unit is the principal investigator's unless one is given."""
    specs = _partner_specs(partners)
    project = Project(
        reference=reference.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        principal_investigator=principal_investigator,
        unit=unit or (principal_investigator.unit if principal_investigator else None),
        scheme=scheme,
        initiative=initiative,
        amount=amount,
        currency=currency or "HKD",
        is_demo=is_demo,
    )
    set_trilingual(project, "title", en=title_en, zh_hant=title_zh_hant, zh_hans=title_zh_hans)
    project.search_text = project_search_text(project)
    project.full_clean()
    project.save()
    project.themes.set(list(themes))
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(project=project, organisation=spec.organisation, role=spec.role)
            for spec in specs
        ]
    )
    organisation_links_changed.send(
        sender=Project, organisation_ids=[spec.organisation.pk for spec in specs]
    )
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.CREATE,
        after={
            **snapshot(project, exclude=["search_text"]),
            "themes": sorted(theme.pk for theme in project.themes.all()),
            "partners": _partner_ids(project),
        },
    )
    bump_content_version()
    return project


@transaction.atomic
def project_create_from_form(
    *,
    actor: Actor,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
    partners: Iterable[PartnerSpec] = (),
) -> Project:
    return project_create(
        actor=actor, themes=(many or {}).get("themes", []), partners=partners, **values
    )


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    instance: Project,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
    partners: Iterable[PartnerSpec] | None = None,
) -> Project:
    """Save an editor's changes, refusing them if someone saved in between (EditConflict).

    `partners`, when given, replaces the project's partners (organisation and role).
    """
    locked = lock_for_edit(Project.objects.all(), instance.pk, edit_token)
    specs = _partner_specs(partners) if partners is not None else None
    values = _unit_defaulted(values, locked, "principal_investigator")
    apply_edit(locked, actor=actor, values=values, many=many)
    if specs is not None:
        _partners_replace(locked, specs, actor=actor)
    locked.search_text = project_search_text(locked)
    Project.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
    bump_content_version()
    return locked


def _unit_defaulted(
    values: Mapping[str, Any], record: Project | KnowledgeTransferOutput, source: str
) -> Mapping[str, Any]:
    """An edit that leaves the unit empty gets the unit of `source`, as creating does.

    `source` is the record's principal investigator or project as it will be after the edit, so
    the form and the API end with the same unit (an import row that names one does the same).
    """
    unit_empty = values["unit"] is None if "unit" in values else record.unit_id is None
    origin = values[source] if source in values else getattr(record, source)
    if not unit_empty or origin is None or origin.unit_id is None:
        return values
    return {**values, "unit": origin.unit}


def _income_hkd_checked(
    values: Mapping[str, Any], output: KnowledgeTransferOutput
) -> Mapping[str, Any]:
    """A new income or currency without its HKD value drops the stored one, which was worth
    another sum; the model then takes HKD as it is and asks for the value of any other."""
    if "income_hkd" in values:
        return values
    income = values.get("income", output.income)
    currency = values.get("currency", output.currency) or HOME_CURRENCY
    if income == output.income and currency == output.currency:
        return values
    return {**values, "income_hkd": None}


def _partners_replace(project: Project, specs: list[PartnerSpec], *, actor: Actor) -> None:
    before = _partner_ids(project)
    wanted = {spec.organisation.pk: spec for spec in specs}
    project.partnerships.exclude(organisation_id__in=wanted).delete()
    existing = {row.organisation_id: row for row in project.partnerships.all()}
    for organisation_id, spec in wanted.items():
        row = existing.get(organisation_id)
        if row is None:
            ProjectPartner.objects.create(
                project=project, organisation=spec.organisation, role=spec.role
            )
        elif row.role != spec.role:
            # A role change is logged on the partner row; the project's log keeps who takes part.
            was = snapshot(row)
            row.role = spec.role
            row.save(update_fields=["role"])
            audit_record(
                actor=actor,
                instance=row,
                action=AuditEntry.Action.UPDATE,
                before=was,
                after=snapshot(row),
            )
    organisation_links_replaced(
        actor=actor, record=project, field="partners", before=before, after=_partner_ids(project)
    )


@transaction.atomic
def project_delete(*, actor: Actor, project: Project) -> None:
    organisation_ids = list(project.partnerships.values_list("organisation_id", flat=True))
    delete_audited(project, actor=actor)
    organisation_links_changed.send(sender=Project, organisation_ids=organisation_ids)
    bump_content_version()


def kt_output_search_text(output: KnowledgeTransferOutput) -> str:
    return search_text([output.reference, *trilingual_values(output, "title")])


@transaction.atomic
def kt_output_create(
    *,
    actor: Actor,
    reference: str,
    kind: str,
    occurred_on: date,
    title_en: str = "",
    title_zh_hant: str = "",
    title_zh_hans: str = "",
    project: Project | None = None,
    unit: Unit | None = None,
    counterparty: Organisation | None = None,
    income: Decimal | None = None,
    currency: str = "HKD",
    income_hkd: Decimal | None = None,
    is_demo: bool = False,
) -> KnowledgeTransferOutput:
    """A new KT output; its unit is its project's unless one is given."""
    output = KnowledgeTransferOutput(
        reference=reference.strip(),
        kind=kind,
        occurred_on=occurred_on,
        project=project,
        unit=unit or (project.unit if project else None),
        counterparty=counterparty,
        income=income,
        currency=currency or "HKD",
        income_hkd=income_hkd,
        is_demo=is_demo,
    )
    set_trilingual(output, "title", en=title_en, zh_hant=title_zh_hant, zh_hans=title_zh_hans)
    output.search_text = kt_output_search_text(output)
    output.full_clean()
    output.save()
    audit_record(
        actor=actor,
        instance=output,
        action=AuditEntry.Action.CREATE,
        after=snapshot(output, exclude=["search_text"]),
    )
    bump_content_version()
    return output


@transaction.atomic
def kt_output_create_from_form(
    *, actor: Actor, values: Mapping[str, Any], many: Mapping[str, Any] | None = None
) -> KnowledgeTransferOutput:
    return kt_output_create(actor=actor, **values)


@transaction.atomic
def kt_output_update(
    *,
    actor: Actor,
    instance: KnowledgeTransferOutput,
    edit_token: str,
    values: Mapping[str, Any],
    many: Mapping[str, Any] | None = None,
) -> KnowledgeTransferOutput:
    """Save an editor's changes, refusing them if someone saved in between (EditConflict)."""
    locked = lock_for_edit(KnowledgeTransferOutput.objects.all(), instance.pk, edit_token)
    values = _unit_defaulted(values, locked, "project")
    values = _income_hkd_checked(values, locked)
    apply_edit(locked, actor=actor, values=values, many=many)
    locked.search_text = kt_output_search_text(locked)
    KnowledgeTransferOutput.objects.filter(pk=locked.pk).update(search_text=locked.search_text)
    bump_content_version()
    return locked


@transaction.atomic
def kt_output_delete(*, actor: Actor, output: KnowledgeTransferOutput) -> None:
    kt_output_deleting.send(sender=KnowledgeTransferOutput, actor=actor, output=output)
    delete_audited(output, actor=actor)
    bump_content_version()
