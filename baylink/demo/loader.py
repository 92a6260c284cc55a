"""Loading the seed page's real entities through the services, as staff would create them."""

import gzip
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from baylink.agreements.models import Agreement
from baylink.agreements.services import PartySpec, agreement_create
from baylink.core.trilingual import set_trilingual
from baylink.demo import seed
from baylink.demo.vocabulary import THEMES
from baylink.directory.models import City, Organisation, Unit
from baylink.directory.services import (
    organisation_create,
    organisation_refresh_search_text,
    organisation_upsert_from_ror,
    unit_create,
)
from baylink.initiatives.models import Initiative, Theme
from baylink.initiatives.services import initiative_add_partner, initiative_create, theme_create
from baylink.portal.services import section_create
from baylink.research.models import FundingScheme
from baylink.research.services import funding_scheme_create

ROR_RECORDS = Path(__file__).parent / "data" / "ror-demo.json.gz"


@dataclass
class Registry:
    """What the loader has created so far, by the keys the seed data uses."""

    cities: dict[str, City] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    schemes: dict[str, FundingScheme] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)

    @property
    def home(self) -> Organisation:
        return self.organisations[seed.HOME_ROR]


def ror_records() -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], json.loads(gzip.decompress(ROR_RECORDS.read_bytes())))


def load_organisations(registry: Registry) -> None:
    registry.cities = {city.code: city for city in City.objects.all()}
    for record in ror_records():
        organisation, _ = organisation_upsert_from_ror(record, city_cache=registry.cities)
        if organisation.ror_id in seed.CHINESE_NAMES:
            hant, hans = seed.CHINESE_NAMES[organisation.ror_id]
            set_trilingual(organisation, "name", zh_hant=hant, zh_hans=hans)
            organisation.is_home = organisation.ror_id == seed.HOME_ROR
            organisation.save()
            organisation_refresh_search_text(organisation)
        registry.organisations[str(organisation.ror_id)] = organisation
    for key, (en, hant, hans, city_code, types) in seed.LOCAL_ORGANISATIONS.items():
        city = registry.cities.get(city_code)
        registry.organisations[key] = organisation_create(
            actor=None,
            name_en=en,
            name_zh_hant=hant,
            name_zh_hans=hans,
            types=types,
            city=city,
            country_code=city.country_code if city else "",
        )


def load_units(registry: Registry) -> None:
    for code, kind, parent, en, hant in seed.UNITS:
        registry.units[code] = unit_create(
            actor=None,
            organisation=registry.home,
            kind=kind,
            code=code,
            name_en=en,
            name_zh_hant=hant,
            parent=registry.units.get(parent),
        )


def load_themes(registry: Registry) -> None:
    for slug, en, hant, hans in THEMES:
        registry.themes[slug] = theme_create(
            actor=None, slug=slug, name_en=en, name_zh_hant=hant, name_zh_hans=hans
        )


def load_initiatives(registry: Registry) -> None:
    for slug, spec in seed.INITIATIVES.items():
        name = cast(tuple[str, str, str], spec["name"])
        description = cast(tuple[str, str, str], spec["description"])
        initiative = initiative_create(
            actor=None,
            slug=slug,
            kind=str(spec["kind"]),
            status=str(spec.get("status", Initiative.Status.ACTIVE)),
            acronym=str(spec.get("acronym", "")),
            city=registry.cities.get(str(spec.get("city", ""))),
            lead_unit=registry.units.get(str(spec.get("lead_unit", ""))),
            parent=registry.initiatives.get(str(spec.get("parent", ""))),
            starts_on=cast(date | None, spec.get("starts_on")),
            ends_on=cast(date | None, spec.get("ends_on")),
            themes=[registry.themes[t] for t in cast(list[str], spec["themes"])],
            name_en=name[0],
            name_zh_hant=name[1],
            name_zh_hans=name[2],
            description_en=description[0],
            description_zh_hant=description[1],
            description_zh_hans=description[2],
        )
        for key, role in cast(list[tuple[str, str]], spec["partners"]):
            initiative_add_partner(
                actor=None,
                initiative=initiative,
                organisation=registry.organisations[key],
                role=role,
            )
        registry.initiatives[slug] = initiative


def load_funding_schemes(registry: Registry) -> None:
    futian = seed.FUTIAN_SCHEME
    name = cast(tuple[str, str, str], futian["name"])
    registry.schemes[str(futian["slug"])] = funding_scheme_create(
        actor=None,
        slug=str(futian["slug"]),
        name_en=name[0],
        name_zh_hant=name[1],
        name_zh_hans=name[2],
        funder=registry.organisations[str(futian["funder"])],
        supported_initiatives=[
            registry.initiatives[s] for s in cast(list[str], futian["initiatives"])
        ],
    )
    for slug, (en, hant, hans, funder) in seed.FUNDING_SCHEMES.items():
        registry.schemes[slug] = funding_scheme_create(
            actor=None,
            slug=slug,
            name_en=en,
            name_zh_hant=hant,
            name_zh_hans=hans,
            funder=registry.organisations.get(funder),
        )


def load_agreements(registry: Registry, today: date) -> None:
    for reference, spec in seed.AGREEMENTS.items():
        title = cast(tuple[str, str, str], spec["title"])
        signed_on = cast(date, spec["signed_on"])
        ends_on = cast(date, spec["ends_on"])
        renewed_until = cast(date, spec["renewed_until"])
        parties = [
            PartySpec(organisation=registry.organisations[key], role=role)
            for key, role in cast(list[tuple[str, str]], spec["parties"])
        ]
        common: dict[str, Any] = {
            "actor": None,
            "kind": str(spec["kind"]),
            "parties": parties,
            "owner_unit": registry.units[str(spec["owner_unit"])],
            "initiatives": [registry.initiatives[s] for s in cast(list[str], spec["initiatives"])],
            "is_public": True,
            "title_en": title[0],
            "title_zh_hant": title[1],
            "title_zh_hans": title[2],
            "notes": "Demo: the page names this agreement; its dates here are illustrative.",
        }
        first = agreement_create(
            reference=reference,
            status=Agreement.Status.RENEWED,
            signed_on=signed_on,
            starts_on=signed_on,
            ends_on=ends_on,
            **common,
        )
        renewal_start = date.fromordinal(ends_on.toordinal() + 1)
        renewal = agreement_create(
            reference=f"{reference}-R1",
            status=status_on(today, renewal_start, renewed_until),
            signed_on=date.fromordinal(ends_on.toordinal() - 30),
            starts_on=renewal_start,
            ends_on=renewed_until,
            **common,
        )
        Agreement.objects.filter(pk=renewal.pk).update(renews=first)
        registry.agreements[reference] = first


def status_on(today: date, starts_on: date, ends_on: date | None, renewed: bool = False) -> str:
    """The lifecycle status an agreement with these dates has on the day."""
    if starts_on > today:
        return Agreement.Status.SIGNED
    if ends_on is not None and ends_on < today:
        return Agreement.Status.RENEWED if renewed else Agreement.Status.EXPIRED
    if ends_on is not None and (ends_on - today).days <= 180:
        return Agreement.Status.EXPIRING
    return Agreement.Status.ACTIVE


def load_sections(registry: Registry) -> None:
    for position, (key, block, links, heading, text) in enumerate(seed.SECTIONS):
        section_create(
            actor=None,
            key=key,
            block=block,
            position=position,
            title_en=heading[0],
            title_zh_hant=heading[1],
            title_zh_hans=heading[2],
            description_en=text[0],
            description_zh_hant=text[1],
            description_zh_hans=text[2],
            initiatives=[registry.initiatives[k] for k in links if block == "initiatives"],
            agreements=[registry.agreements[k] for k in links if block == "agreements"],
        )


def load_seed(registry: Registry, today: date) -> None:
    load_organisations(registry)
    load_units(registry)
    load_themes(registry)
    load_initiatives(registry)
    load_funding_schemes(registry)
    load_agreements(registry, today)
    load_sections(registry)
