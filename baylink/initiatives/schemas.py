"""API shapes of initiatives: institutes, joint labs, campuses, alliances and their partners."""

from datetime import date, datetime

from ninja import Field, Schema

from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.schemas import (
    EDIT_TOKEN,
    ORGANISATION,
    CityRef,
    OrganisationRef,
    UnitRef,
)
from baylink.initiatives.models import Facility, Initiative, InitiativePartner

KINDS = (
    "institute, joint_lab, research_institute, branch_campus, cooperation, alliance, platform "
    "or programme."
)


class ThemeRef(Schema):
    slug: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str


class InitiativePartnerOut(Schema):
    organisation: OrganisationRef
    role: str
    joined_on: date | None
    left_on: date | None


class FacilityOut(Schema):
    id: int
    initiative: int = Field(description="The id of the initiative that runs it.")
    name_en: str
    name_zh_hant: str
    name_zh_hans: str
    description_en: str
    description_zh_hant: str
    description_zh_hans: str
    open_to_industry: bool
    booking_url: str
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_initiative(facility: Facility) -> int:
        return facility.initiative_id

    @staticmethod
    def resolve_edit_token(facility: Facility) -> str:
        return edit_token(facility)


class InitiativeOut(Schema):
    id: int
    slug: str
    kind: str
    status: str
    acronym: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str
    description_en: str
    description_zh_hant: str
    description_zh_hans: str
    city: CityRef | None
    lead_unit: UnitRef | None
    parent: int | None = Field(description="The id of the initiative this one is part of.")
    starts_on: date | None
    ends_on: date | None
    website: str
    themes: list[ThemeRef]
    partners: list[InitiativePartnerOut]
    facilities: list[FacilityOut] = Field(description="Changed through /api/facilities.")
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_parent(initiative: Initiative) -> int | None:
        return initiative.parent_id

    @staticmethod
    def resolve_themes(initiative: Initiative) -> list[object]:
        return list(initiative.themes.all())

    @staticmethod
    def resolve_partners(initiative: Initiative) -> list[object]:
        return list(initiative.partnerships.all())

    @staticmethod
    def resolve_facilities(initiative: Initiative) -> list[object]:
        return list(initiative.facilities.all())

    @staticmethod
    def resolve_edit_token(initiative: Initiative) -> str:
        return edit_token(initiative)


class InitiativePartnerIn(InputSchema):
    organisation: RecordId | Text = Field(description=ORGANISATION)
    role: Text = Field(
        InitiativePartner.Role.PARTNER.value,
        description="co_founder, partner, member, host or funder.",
    )
    joined_on: date | None = None
    left_on: date | None = None


class InitiativeFields(InputSchema):
    status: Text | None = Field(None, description="planned, active or closed.")
    acronym: Text | None = None
    name_en: Text | None = None
    name_zh_hant: Text | None = None
    name_zh_hans: Text | None = None
    description_en: Text | None = None
    description_zh_hant: Text | None = None
    description_zh_hans: Text | None = None
    city: Text | None = Field(None, description="A city's code, e.g. SZ for Shenzhen.")
    lead_unit: RecordId | None = None
    parent: RecordId | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    website: Text | None = None
    themes: list[Text] | None = Field(None, description="Theme slugs.", max_length=100)


class InitiativeIn(InitiativeFields):
    slug: Text
    kind: Text = Field(description=KINDS)
    partners: list[InitiativePartnerIn] = Field([], max_length=100)


class InitiativePatch(InitiativeFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    slug: Text | None = None
    kind: Text | None = Field(None, description=KINDS)
    partners: list[InitiativePartnerIn] | None = Field(
        None, description="Replaces all partners (role, dates, order) when sent.", max_length=100
    )


class InitiativeQuery(PageQuery):
    q: Text | None = None
    kind: Text | None = None
    status: Text | None = None
    city: Text | None = None
    theme: Text | None = Field(None, description="A theme's slug.")
    sort: Text | None = Field(None, description="name, starts_on or -starts_on.")


class InitiativePage(PageOut):
    items: list[InitiativeOut]


class FacilityFields(InputSchema):
    name_en: Text | None = None
    name_zh_hant: Text | None = None
    name_zh_hans: Text | None = None
    description_en: Text | None = None
    description_zh_hant: Text | None = None
    description_zh_hans: Text | None = None
    open_to_industry: bool | None = Field(
        None, description="Companies and partners may use it, by arrangement."
    )
    booking_url: Text | None = Field(None, description="Where to book it or ask about using it.")


class FacilityIn(FacilityFields):
    initiative: RecordId | Text = Field(description="The initiative's id or slug.")


class FacilityPatch(FacilityFields):
    edit_token: Text = Field(description=EDIT_TOKEN)


class FacilityQuery(PageQuery):
    q: Text | None = Field(None, description="Words of its names, descriptions or initiative.")
    initiative: Text | None = Field(None, description="An initiative's slug.")
    open_to_industry: Text | None = Field(None, description="yes or no.")
    sort: Text | None = Field(None, description="name or initiative.")


class FacilityPage(PageOut):
    items: list[FacilityOut]
