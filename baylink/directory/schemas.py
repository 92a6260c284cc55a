"""API shapes of organisations and people (read, create, change, list filters)."""

from datetime import datetime

from ninja import Field, Schema

from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.models import Organisation, Person

EDIT_TOKEN = "Send it back unchanged when you change the record; a stale one is refused (409)."
ORGANISATION = "An organisation's id, or its name in any script or its ROR id (must be unique)."


class CityRef(Schema):
    code: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str


class OrganisationRef(Schema):
    id: int
    name_en: str
    name_zh_hant: str
    name_zh_hans: str
    ror_id: str | None


class UnitRef(Schema):
    id: int
    name_en: str
    name_zh_hant: str
    name_zh_hans: str


class OrganisationOut(Schema):
    id: int
    name_en: str
    name_zh_hant: str
    name_zh_hans: str
    name_zh_hant_machine: bool = Field(description="Converted from Simplified by machine.")
    name_zh_hans_machine: bool = Field(description="Converted from Traditional by machine.")
    ror_id: str | None
    status: str
    types: list[str] = Field(description="ROR organisation types, e.g. education, company.")
    city: CityRef | None
    country_code: str = Field(description="ISO 3166-1 alpha-2.")
    website: str
    established: int | None
    is_home: bool
    is_partner: bool
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_types(organisation: Organisation) -> list[str]:
        return [organisation_type.code for organisation_type in organisation.types.all()]

    @staticmethod
    def resolve_edit_token(organisation: Organisation) -> str:
        return edit_token(organisation)


class OrganisationFields(InputSchema):
    name_en: Text | None = None
    name_zh_hant: Text | None = Field(None, description="Filled from Simplified when empty.")
    name_zh_hans: Text | None = Field(None, description="Filled from Traditional when empty.")
    ror_id: Text | None = Field(None, description="e.g. 0030zas98 or https://ror.org/0030zas98")
    status: Text | None = None
    types: list[Text] | None = None
    city: Text | None = Field(None, description="A city's code, e.g. SZ for Shenzhen.")
    country_code: Text | None = None
    website: Text | None = None
    established: int | None = Field(None, ge=0, le=9999)


class OrganisationIn(OrganisationFields):
    pass


class OrganisationPatch(OrganisationFields):
    edit_token: Text = Field(description=EDIT_TOKEN)


class OrganisationQuery(PageQuery):
    q: Text | None = Field(None, description="Any name in any script, or a ROR id.")
    city: Text | None = None
    type: Text | None = None
    country: Text | None = None
    is_partner: bool | None = None
    status: Text | None = None
    sort: Text | None = Field(None, description="name, -name, country or city.")


class OrganisationPage(PageOut):
    items: list[OrganisationOut]


class PersonOut(Schema):
    id: int
    honorific: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str
    email: str
    orcid: str
    organisation: OrganisationRef | None
    unit: UnitRef | None
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_edit_token(person: Person) -> str:
        return edit_token(person)


class PersonFields(InputSchema):
    honorific: Text | None = None
    name_en: Text | None = None
    name_zh_hant: Text | None = None
    name_zh_hans: Text | None = None
    email: Text | None = None
    orcid: Text | None = None
    organisation: RecordId | Text | None = Field(None, description=ORGANISATION)
    unit: RecordId | None = None


class PersonIn(PersonFields):
    pass


class PersonPatch(PersonFields):
    edit_token: Text = Field(description=EDIT_TOKEN)


class PersonQuery(PageQuery):
    q: Text | None = None
    unit: RecordId | None = None
    sort: Text | None = Field(None, description="name, -name or -updated.")


class PersonPage(PageOut):
    items: list[PersonOut]
