from datetime import date
from itertools import count

from baylink.directory.models import Organisation
from baylink.initiatives.models import Initiative, InitiativePartner, Theme
from baylink.reporting.partners import partner_flags_refresh

_numbers = count(1)


def theme(slug: str = "ai-robotics", name_en: str = "AI and Robotics") -> Theme:
    found, _ = Theme.objects.get_or_create(slug=slug, defaults={"name_en": name_en})
    return found


def initiative(
    *partners: Organisation,
    kind: str = Initiative.Kind.JOINT_LAB,
    status: str = Initiative.Status.ACTIVE,
    starts_on: date | None = date(2018, 1, 1),
    ends_on: date | None = None,
    name_en: str = "",
    name_zh_hant: str = "",
) -> Initiative:
    number = next(_numbers)
    record = Initiative.objects.create(
        slug=f"initiative-{number}",
        kind=kind,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        name_en=name_en or f"Joint Laboratory {number}",
        name_zh_hant=name_zh_hant,
    )
    for position, partner in enumerate(partners):
        InitiativePartner.objects.create(initiative=record, organisation=partner, position=position)
    partner_flags_refresh(organisation_ids=[partner.pk for partner in partners])
    return record
