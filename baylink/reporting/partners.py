"""Which organisations are partners: ever (the public directory) or in an academic year (figures).

A partner is an organisation other than the university that is a party to a signed agreement,
a partner of an initiative or a partner of a research project.
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from baylink.agreements.models import Party
from baylink.agreements.selectors import parties_during
from baylink.core.academic_year import AcademicYear
from baylink.directory.models import Organisation
from baylink.directory.services import organisation_set_partner_flags
from baylink.initiatives.models import InitiativePartner
from baylink.initiatives.selectors import initiative_partnerships_during
from baylink.research.models import ProjectPartner
from baylink.research.selectors import project_partnerships_during


def _links_ever() -> list[QuerySet[Any]]:
    return [
        Party.objects.filter(agreement__signed_on__isnull=False),
        InitiativePartner.objects.all(),
        ProjectPartner.objects.all(),
    ]


def _links_during(year: AcademicYear) -> list[QuerySet[Any]]:
    period = {"starts_on": year.starts_on, "ends_on": year.ends_on}
    return [
        parties_during(starts_on=period["starts_on"], ends_on=period["ends_on"]),
        initiative_partnerships_during(starts_on=period["starts_on"], ends_on=period["ends_on"]),
        project_partnerships_during(starts_on=period["starts_on"], ends_on=period["ends_on"]),
    ]


def _union(links: list[QuerySet[Any]], *fields: str) -> QuerySet[Any]:
    """One query: UNION (so each organisation once) of the link tables' organisation columns."""
    # By id rather than a join on is_home: one lookup instead of one per link row.
    home = Organisation.objects.filter(is_home=True).values_list("pk", flat=True).first()
    first, *others = (
        link.exclude(organisation_id=home).values_list(*fields).order_by() for link in links
    )
    return first.union(*others)


def partner_count(year: AcademicYear) -> int:
    return _union(_links_during(year), "organisation_id").count()


def partner_cities(year: AcademicYear, *, gba_only: bool = True) -> Counter[int]:
    """Partners in the year per city id (GBA cities only, by default)."""
    links = _links_during(year)
    if gba_only:
        links = [link.filter(organisation__city__is_gba=True) for link in links]
    rows = _union(links, "organisation_id", "organisation__city_id")
    return Counter(city_id for _, city_id in rows if city_id is not None)


def partner_flags_refresh(*, organisation_ids: Iterable[int] | None = None) -> int:
    """Bring Organisation.is_partner up to date, for some organisations or for all."""
    links = _links_ever()
    wanted = None if organisation_ids is None else sorted(set(organisation_ids))
    if wanted is not None:
        links = [link.filter(organisation_id__in=wanted) for link in links]
    partners = {organisation_id for (organisation_id,) in _union(links, "organisation_id")}
    if wanted is None:
        current = set(Organisation.objects.filter(is_partner=True).values_list("pk", flat=True))
        others = current - partners
    else:
        others = set(wanted) - partners
    return organisation_set_partner_flags(partners=partners, others=others)


def on_organisation_links_changed(
    sender: object, organisation_ids: Iterable[int], **kwargs: Any
) -> None:
    partner_flags_refresh(organisation_ids=organisation_ids)
