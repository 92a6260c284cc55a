"""API shapes of exchange mobilities: outbound nominations and inbound applications; students'
details masked for roles that may not see personal data."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from baylink.accounts.personal_data import personal_value
from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.schemas import EDIT_TOKEN, ORGANISATION, OrganisationRef
from baylink.exchange.models import InboundApplication, Mobility, Nomination

NOMINATION_STATUSES = "draft, nominated, accepted, completed, withdrawn or rejected."
INBOUND_STATUSES = "received, accepted, arrived, completed, withdrawn or rejected."
TERMS = "autumn, spring, full_year or summer."
YEAR = "An academic year, e.g. 2024/25."
MASKED = "Shown as ••• to roles that may not see students' personal data."
AGREEMENT = "The exchange agreement's reference."


class MobilityOut(Schema):
    id: int
    agreement: str = Field(description=AGREEMENT)
    partner: OrganisationRef
    academic_year: str = Field(description=YEAR)
    term: str = Field(description=TERMS)
    months: Decimal
    notes: str
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_agreement(mobility: Mobility) -> str:
        return mobility.agreement.reference

    @staticmethod
    def resolve_academic_year(mobility: Mobility) -> str:
        return mobility.year.label

    @staticmethod
    def resolve_edit_token(mobility: Mobility) -> str:
        return edit_token(mobility)


class NominatedStudent(Schema):
    student_number: str = Field(description=MASKED)
    name_en: str = Field(description=MASKED)
    email: str = Field(description=MASKED)
    programme: str


class NominationOut(MobilityOut):
    student: NominatedStudent
    status: str = Field(description=NOMINATION_STATUSES)
    partner_outside_hong_kong: bool = Field(
        description="Nominating needs the date of the student's consent (transfer_agreed_on)."
    )
    transfer_agreed_on: date | None

    @staticmethod
    def resolve_student(nomination: Nomination, context: dict[str, Any]) -> dict[str, Any]:
        user = context["request"].user
        student = nomination.student
        return {
            "student_number": personal_value(user, student.student_number),
            "name_en": personal_value(user, student.name_en),
            "email": personal_value(user, student.email),
            "programme": student.programme,
        }


class InboundApplicationOut(MobilityOut):
    name: str = Field(description=MASKED)
    email: str = Field(description=MASKED)
    status: str = Field(description=INBOUND_STATUSES)

    @staticmethod
    def resolve_name(application: InboundApplication, context: dict[str, Any]) -> Any:
        return personal_value(context["request"].user, application.name)

    @staticmethod
    def resolve_email(application: InboundApplication, context: dict[str, Any]) -> Any:
        return personal_value(context["request"].user, application.email)


class MobilityFields(InputSchema):
    term: Text | None = Field(None, description=TERMS)
    months: Decimal | None = Field(None, gt=0, max_digits=4, decimal_places=1)
    notes: Text | None = None


class MobilityIn(MobilityFields):
    agreement: Text = Field(description=AGREEMENT)
    partner: RecordId | Text | None = Field(
        None, description=f"{ORGANISATION} May be left out when the agreement has one partner."
    )
    academic_year: Text = Field(description=YEAR)
    months: Decimal = Field(gt=0, max_digits=4, decimal_places=1)


class MobilityPatch(MobilityFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    agreement: Text | None = Field(None, description=AGREEMENT)
    partner: RecordId | Text | None = Field(None, description=ORGANISATION)
    academic_year: Text | None = Field(None, description=YEAR)


CONSENT = "When the student agreed in writing that their details go to the partner."


class NominationIn(MobilityIn):
    student: Text = Field(description="The student's number.")
    transfer_agreed_on: date | None = Field(None, description=CONSENT)


class NominationPatch(MobilityPatch):
    student: Text | None = Field(None, description="The student's number.")
    transfer_agreed_on: date | None = Field(None, description=CONSENT)


class InboundApplicationIn(MobilityIn):
    name: Text
    email: Text = ""


class InboundApplicationPatch(MobilityPatch):
    name: Text | None = None
    email: Text | None = None


class MobilityStep(InputSchema):
    edit_token: Text = Field(description=EDIT_TOKEN)
    to_status: Text = Field(description=f"{NOMINATION_STATUSES} / {INBOUND_STATUSES}")
    note: Text = ""


class MobilityQuery(PageQuery):
    academic_year: Text | None = Field(None, description=YEAR)
    partner_q: Text | None = Field(None, description="Words of the partner's name.")
    country: Text | None = Field(None, description="The partner's ISO country code.")
    term: Text | None = Field(None, description=TERMS)
    sort: Text | None = None


class NominationQuery(MobilityQuery):
    status: Text | None = Field(None, description=NOMINATION_STATUSES)
    consent: Text | None = Field(None, description="recorded, or missing (needed, not recorded).")


class InboundApplicationQuery(MobilityQuery):
    status: Text | None = Field(None, description=INBOUND_STATUSES)


class NominationPage(PageOut):
    items: list[NominationOut]


class InboundApplicationPage(PageOut):
    items: list[InboundApplicationOut]
