"""API shapes of outbound exchange nominations; the student's details masked for roles that
may not see personal data."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from baylink.accounts.personal_data import personal_value
from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.schemas import EDIT_TOKEN, ORGANISATION, OrganisationRef
from baylink.exchange.models import Nomination

STATUSES = "draft, nominated, accepted, completed, withdrawn or rejected."
TERMS = "autumn, spring, full_year or summer."
YEAR = "An academic year, e.g. 2024/25."
MASKED = "Shown as ••• to roles that may not see students' personal data."


class NominatedStudent(Schema):
    student_number: str = Field(description=MASKED)
    name_en: str = Field(description=MASKED)
    email: str = Field(description=MASKED)
    programme: str


class NominationOut(Schema):
    id: int
    student: NominatedStudent
    agreement: str = Field(description="The exchange agreement's reference.")
    partner: OrganisationRef
    academic_year: str = Field(description=YEAR)
    term: str = Field(description=TERMS)
    months: Decimal
    status: str = Field(description=STATUSES)
    partner_outside_hong_kong: bool = Field(
        description="Nominating needs the date of the student's consent (transfer_agreed_on)."
    )
    transfer_agreed_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

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

    @staticmethod
    def resolve_agreement(nomination: Nomination) -> str:
        return nomination.agreement.reference

    @staticmethod
    def resolve_academic_year(nomination: Nomination) -> str:
        return nomination.year.label

    @staticmethod
    def resolve_edit_token(nomination: Nomination) -> str:
        return edit_token(nomination)


class NominationFields(InputSchema):
    term: Text | None = Field(None, description=TERMS)
    months: Decimal | None = Field(None, gt=0, max_digits=4, decimal_places=1)
    notes: Text | None = None
    transfer_agreed_on: date | None = Field(
        None, description="When the student agreed in writing that their details go to the partner."
    )


class NominationIn(NominationFields):
    student: Text = Field(description="The student's number.")
    agreement: Text = Field(description="The exchange agreement's reference.")
    partner: RecordId | Text | None = Field(
        None, description=f"{ORGANISATION} May be left out when the agreement has one partner."
    )
    academic_year: Text = Field(description=YEAR)
    months: Decimal = Field(gt=0, max_digits=4, decimal_places=1)


class NominationPatch(NominationFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    student: Text | None = Field(None, description="The student's number.")
    agreement: Text | None = Field(None, description="The exchange agreement's reference.")
    partner: RecordId | Text | None = Field(None, description=ORGANISATION)
    academic_year: Text | None = Field(None, description=YEAR)


class NominationStep(InputSchema):
    edit_token: Text = Field(description=EDIT_TOKEN)
    to_status: Text = Field(description=STATUSES)
    note: Text = ""


class NominationQuery(PageQuery):
    academic_year: Text | None = Field(None, description=YEAR)
    status: Text | None = Field(None, description=STATUSES)
    consent: Text | None = Field(None, description="recorded, or missing (needed, not recorded).")
    partner_q: Text | None = Field(None, description="Words of the partner's name.")
    country: Text | None = Field(None, description="The partner's ISO country code.")
    term: Text | None = Field(None, description=TERMS)
    sort: Text | None = None


class NominationPage(PageOut):
    items: list[NominationOut]
