"""API shapes of WIE placements: where, when, how many places, and who may apply."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.schemas import EDIT_TOKEN, ORGANISATION, CityRef, OrganisationRef
from baylink.talent.models import Placement

MODES = "on_site, hybrid or remote."
SORTS = "-starts_on (the default), starts_on, title, host or -capacity."


class PlacementOut(Schema):
    id: int
    title_en: str
    title_zh_hant: str
    title_zh_hans: str
    description_en: str
    description_zh_hant: str
    description_zh_hans: str
    host: OrganisationRef
    city: CityRef | None
    mode: str = Field(description=MODES)
    starts_on: date
    ends_on: date
    hours: int = Field(description="WIE hours.")
    capacity: int = Field(description="Places.")
    allowance: Decimal | None = Field(description="Monthly allowance.")
    allowance_currency: str
    eligible_programmes: list[str] = Field(description="Empty: every programme.")
    eligible_years: list[int] = Field(description="Years of study; empty: every year.")
    required_languages: list[str] = Field(description="BCP 47 codes a student must work in.")
    host_outside_hong_kong: bool = Field(
        description="An applicant's name reaches this host only with their consent."
    )
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_edit_token(placement: Placement) -> str:
        return edit_token(placement)


class PlacementFields(InputSchema):
    title_en: Text | None = None
    title_zh_hant: Text | None = Field(None, description="Filled from Simplified when empty.")
    title_zh_hans: Text | None = Field(None, description="Filled from Traditional when empty.")
    description_en: Text | None = None
    description_zh_hant: Text | None = None
    description_zh_hans: Text | None = None
    city: Text | None = Field(None, description="A city's code, e.g. SZ for Shenzhen.")
    mode: Text | None = Field(None, description=MODES)
    allowance: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    allowance_currency: Text | None = Field(None, description="ISO 4217, e.g. HKD or CNY.")
    eligible_programmes: list[Text] | None = Field(None, max_length=100)
    eligible_years: list[int] | None = Field(None, max_length=7)
    required_languages: list[Text] | None = Field(None, max_length=20)


class PlacementIn(PlacementFields):
    host: RecordId | Text = Field(description=ORGANISATION)
    starts_on: date
    ends_on: date
    hours: int = Field(ge=0, le=10_000)
    capacity: int = Field(1, ge=1, le=10_000)


class PlacementPatch(PlacementFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    host: RecordId | Text | None = Field(None, description=ORGANISATION)
    starts_on: date | None = None
    ends_on: date | None = None
    hours: int | None = Field(None, ge=0, le=10_000)
    capacity: int | None = Field(None, ge=1, le=10_000)


class PlacementQuery(PageQuery):
    q: Text | None = Field(None, description="Words of the title or the host's name.")
    region: Text | None = Field(None, description="gba, local or overseas.")
    city: Text | None = Field(None, description="A GBA city's code.")
    mode: Text | None = Field(None, description=MODES)
    sort: Text | None = Field(None, description=SORTS)


class PlacementPage(PageOut):
    items: list[PlacementOut]
