"""Writes to research: funding schemes and projects."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.events import organisation_links_changed
from baylink.core.models import AuditEntry
from baylink.core.trilingual import set_trilingual
from baylink.directory.models import Organisation, Person
from baylink.initiatives.models import Initiative, Theme
from baylink.research.models import FundingScheme, Project, ProjectPartner


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
    scheme: FundingScheme | None = None,
    initiative: Initiative | None = None,
    themes: Iterable[Theme] = (),
    partners: Iterable[Organisation] = (),
    amount: Decimal | None = None,
    is_demo: bool = False,
) -> Project:
    project = Project(
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
        principal_investigator=principal_investigator,
        unit=principal_investigator.unit if principal_investigator else None,
        scheme=scheme,
        initiative=initiative,
        amount=amount,
        is_demo=is_demo,
    )
    set_trilingual(project, "title", en=title_en, zh_hant=title_zh_hant, zh_hans=title_zh_hans)
    project.full_clean()
    project.save()
    project.themes.set(list(themes))
    partner_list = list(partners)
    ProjectPartner.objects.bulk_create(
        [ProjectPartner(project=project, organisation=partner) for partner in partner_list]
    )
    organisation_links_changed.send(
        sender=Project, organisation_ids=[partner.pk for partner in partner_list]
    )
    audit_record(
        actor=actor, instance=project, action=AuditEntry.Action.CREATE, after=snapshot(project)
    )
    bump_content_version()
    return project
