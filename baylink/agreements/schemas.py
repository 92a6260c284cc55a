"""API shapes of agreements, their parties, exchange terms (EWP IIA) and documents."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from baylink.agreements.lifecycle import next_statuses
from baylink.agreements.models import Agreement, MobilitySpec
from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.academic_year import AcademicYear
from baylink.core.editing import edit_token
from baylink.directory.schemas import EDIT_TOKEN, ORGANISATION, OrganisationRef, UnitRef

ACADEMIC_YEAR = "The calendar year the academic year starts in: 2025 means 2025/26."


class PersonRef(Schema):
    id: int
    name_en: str
    name_zh_hant: str
    name_zh_hans: str


class InitiativeRef(Schema):
    id: int
    slug: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str


class PartyOut(Schema):
    id: int
    organisation: OrganisationRef
    unit: UnitRef | None
    role: str
    signatory_name: str
    signatory_title: str
    position: int


class ExchangeTermsOut(Schema):
    id: int
    mobility_type: str
    sending_party: int = Field(description="The id of one of the agreement's parties.")
    receiving_party: int
    first_academic_year: int = Field(description=ACADEMIC_YEAR)
    last_academic_year: int
    academic_years: str = Field(
        description="The period as people write it, e.g. 2025/26 – 2027/28."
    )
    mobilities_per_year: int
    months_per_mobility: float
    study_level: str
    isced_f: str
    language: str
    cefr_level: str

    @staticmethod
    def resolve_sending_party(spec: MobilitySpec) -> int:
        return spec.sending_party_id

    @staticmethod
    def resolve_receiving_party(spec: MobilitySpec) -> int:
        return spec.receiving_party_id

    @staticmethod
    def resolve_academic_years(spec: MobilitySpec) -> str:
        first = AcademicYear(spec.first_academic_year).label
        last = AcademicYear(spec.last_academic_year).label
        return first if first == last else f"{first} – {last}"


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    version: int
    original_name: str
    media_type: str
    size: int = Field(description="Bytes.")
    sha256: str
    uploaded_at: datetime


class AgreementOut(Schema):
    id: int
    reference: str
    kind: str
    status: str
    next_statuses: list[str] = Field(description="The statuses POST …/status may move it to.")
    title_en: str
    title_zh_hant: str
    title_zh_hans: str
    title_zh_hant_machine: bool
    title_zh_hans_machine: bool
    signed_on: date | None
    starts_on: date | None
    ends_on: date | None
    terminated_on: date | None
    owner_unit: UnitRef | None
    owner: PersonRef | None
    initiatives: list[InitiativeRef]
    renews: int | None = Field(description="The id of the agreement this one renews.")
    is_public: bool
    notes: str
    version: int
    edit_token: str = Field(description=EDIT_TOKEN)
    created_at: datetime
    updated_at: datetime
    parties: list[PartyOut]
    exchange_terms: list[ExchangeTermsOut]
    documents: list[DocumentOut] = Field(description="Every version of every document.")

    @staticmethod
    def resolve_next_statuses(agreement: Agreement) -> list[str]:
        return list(next_statuses(agreement.status))

    @staticmethod
    def resolve_edit_token(agreement: Agreement) -> str:
        return edit_token(agreement)

    @staticmethod
    def resolve_renews(agreement: Agreement) -> int | None:
        return agreement.renews_id

    @staticmethod
    def resolve_initiatives(agreement: Agreement) -> list[object]:
        return list(agreement.initiatives.all())

    @staticmethod
    def resolve_parties(agreement: Agreement) -> list[object]:
        return list(agreement.parties.all())

    @staticmethod
    def resolve_exchange_terms(agreement: Agreement) -> list[object]:
        return list(agreement.mobility_specs.all())

    @staticmethod
    def resolve_documents(agreement: Agreement) -> list[object]:
        return list(agreement.documents.all())


class PartyIn(InputSchema):
    organisation: RecordId | Text = Field(description=ORGANISATION)
    role: Text = Field("partner", description="home, partner, lead, sponsor or witness.")
    unit: RecordId | None = None
    signatory_name: Text = ""
    signatory_title: Text = ""


class AgreementFields(InputSchema):
    title_en: Text | None = None
    title_zh_hant: Text | None = Field(None, description="Filled from Simplified when empty.")
    title_zh_hans: Text | None = Field(None, description="Filled from Traditional when empty.")
    signed_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = Field(None, description="Empty for an open-ended agreement.")
    owner_unit: RecordId | None = Field(
        None, description="A unit of the university; unit coordinators must give one of theirs."
    )
    owner: RecordId | None = Field(None, description="The person responsible (for reminders).")
    is_public: bool | None = None
    notes: Text | None = None


class AgreementIn(AgreementFields):
    reference: Text
    kind: Text = Field(
        description="mou, academic, student_exchange, research, joint_lab, dual_degree, "
        "internship_host or other."
    )
    parties: list[PartyIn] = Field(description="At least two, in order.", max_length=50)
    initiatives: list[RecordId] = Field([], max_length=100)


class AgreementPatch(AgreementFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    reference: Text | None = None
    kind: Text | None = None
    parties: list[PartyIn] | None = Field(
        None, description="Replaces all parties when sent.", max_length=50
    )
    initiatives: list[RecordId] | None = Field(None, max_length=100)


class StatusIn(InputSchema):
    to_status: Text = Field(description="One of the agreement's `next_statuses`.")
    edit_token: Text = Field(description=EDIT_TOKEN)
    note: Text = Field("", max_length=300)


class ExchangeTermsFields(InputSchema):
    mobility_type: Text | None = Field(
        None,
        description="student_studies, student_traineeship, staff_teaching or staff_training.",
    )
    study_level: Text | None = Field(None, description="any, bachelor, master or doctoral.")
    isced_f: Text | None = Field(None, description="ISCED-F subject area code, e.g. 0613.")
    language: Text | None = Field(None, description="Language of instruction, e.g. en, zh.")
    cefr_level: Text | None = Field(None, description="A1 to C2, or empty.")


class ExchangeTermsIn(ExchangeTermsFields):
    sending_party: RecordId
    receiving_party: RecordId
    first_academic_year: int = Field(ge=1900, le=2200, description=ACADEMIC_YEAR)
    last_academic_year: int = Field(ge=1900, le=2200, description=ACADEMIC_YEAR)
    mobilities_per_year: int = Field(ge=0, le=32767)
    months_per_mobility: Decimal = Field(ge=0, max_digits=4, decimal_places=1)


class ExchangeTermsPatch(ExchangeTermsFields):
    sending_party: RecordId | None = None
    receiving_party: RecordId | None = None
    first_academic_year: int | None = Field(None, ge=1900, le=2200)
    last_academic_year: int | None = Field(None, ge=1900, le=2200)
    mobilities_per_year: int | None = Field(None, ge=0, le=32767)
    months_per_mobility: Decimal | None = Field(None, ge=0, max_digits=4, decimal_places=1)


class AgreementQuery(PageQuery):
    q: Text | None = Field(None, description="Reference, title or a party's name, any script.")
    kind: Text | None = None
    status: Text | None = None
    owner_unit: RecordId | None = None
    ends_before: date | None = None
    sort: Text | None = Field(
        None, description="reference, title, ends_on, signed_on or status; '-' first reverses."
    )


class AgreementPage(PageOut):
    items: list[AgreementOut]
