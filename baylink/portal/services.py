"""Writes to the portal's editable sections."""

from collections.abc import Iterable

from django.db import transaction

from baylink.agreements.models import Agreement
from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.content_version import bump_content_version
from baylink.core.models import AuditEntry
from baylink.core.trilingual import set_trilingual
from baylink.initiatives.models import Initiative
from baylink.portal.models import Section, SectionInitiative


@transaction.atomic
def section_create(
    *,
    actor: Actor,
    key: str,
    block: str,
    position: int,
    title_en: str = "",
    title_zh_hant: str = "",
    title_zh_hans: str = "",
    description_en: str = "",
    description_zh_hant: str = "",
    description_zh_hans: str = "",
    initiatives: Iterable[Initiative] = (),
    agreements: Iterable[Agreement] = (),
) -> Section:
    section = Section(key=key, block=block, position=position)
    set_trilingual(section, "title", en=title_en, zh_hant=title_zh_hant, zh_hans=title_zh_hans)
    set_trilingual(
        section,
        "description",
        en=description_en,
        zh_hant=description_zh_hant,
        zh_hans=description_zh_hans,
    )
    section.full_clean()
    section.save()
    SectionInitiative.objects.bulk_create(
        [
            SectionInitiative(section=section, initiative=initiative, position=position)
            for position, initiative in enumerate(initiatives)
        ]
    )
    section.agreements.set(list(agreements))
    audit_record(
        actor=actor, instance=section, action=AuditEntry.Action.CREATE, after=snapshot(section)
    )
    bump_content_version()
    return section
