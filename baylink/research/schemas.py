"""API shapes of research projects (funding, themes, partners) and of KT outputs."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from baylink.agreements.schemas import InitiativeRef, PersonRef
from baylink.api.lists import PageOut, PageQuery
from baylink.api.schemas import InputSchema, RecordId, Text
from baylink.core.editing import edit_token
from baylink.directory.schemas import EDIT_TOKEN, OrganisationRef, UnitRef
from baylink.initiatives.schemas import ThemeRef
from baylink.research.models import KnowledgeTransferOutput, Project, ProjectPartner

ROLES = "collaborator, co_funder or industry."
SORTS = "-starts_on (the default), starts_on, reference, title or -amount."


class FundingSchemeRef(Schema):
    slug: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str


class ProjectPartnerOut(Schema):
    organisation: OrganisationRef
    role: str = Field(description=ROLES)


class ProjectOut(Schema):
    id: int
    reference: str
    title_en: str
    title_zh_hant: str
    title_zh_hans: str
    title_zh_hant_machine: bool = Field(description="Converted from Simplified by machine.")
    title_zh_hans_machine: bool = Field(description="Converted from Traditional by machine.")
    principal_investigator: PersonRef | None
    unit: UnitRef | None
    scheme: FundingSchemeRef | None
    initiative: InitiativeRef | None
    themes: list[ThemeRef]
    partners: list[ProjectPartnerOut]
    starts_on: date
    ends_on: date | None
    amount: Decimal | None
    currency: str = Field(description="ISO 4217, e.g. HKD or CNY.")
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_themes(project: Project) -> list[object]:
        return list(project.themes.all())

    @staticmethod
    def resolve_partners(project: Project) -> list[ProjectPartner]:
        # Prefetched rows come in no stated order; the order they were added in is stable.
        return sorted(project.partnerships.all(), key=lambda partnership: partnership.pk)

    @staticmethod
    def resolve_edit_token(project: Project) -> str:
        return edit_token(project)


class ProjectPartnerIn(InputSchema):
    organisation: RecordId = Field(description="An organisation's id.")
    role: Text = Field(ProjectPartner.Role.COLLABORATOR.value, description=ROLES)


class ProjectFields(InputSchema):
    title_en: Text | None = None
    title_zh_hant: Text | None = Field(None, description="Filled from Simplified when empty.")
    title_zh_hans: Text | None = Field(None, description="Filled from Traditional when empty.")
    principal_investigator: RecordId | None = Field(None, description="A person's id.")
    unit: RecordId | None = Field(
        None,
        description="A unit of the university; on creation, the principal investigator's "
        "unit when not given.",
    )
    scheme: Text | None = Field(None, description="A funding scheme's slug.")
    initiative: Text | None = Field(None, description="An initiative's slug.")
    themes: list[Text] | None = Field(None, description="Theme slugs.", max_length=100)
    ends_on: date | None = Field(None, description="Empty while the end is not known.")
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    currency: Text | None = Field(None, description="ISO 4217, e.g. HKD (the default) or CNY.")


class ProjectIn(ProjectFields):
    reference: Text
    starts_on: date
    partners: list[ProjectPartnerIn] = Field([], max_length=50)


class ProjectPatch(ProjectFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    reference: Text | None = None
    starts_on: date | None = None
    partners: list[ProjectPartnerIn] | None = Field(
        None, description="Replaces all partners (and their roles) when sent.", max_length=50
    )


class ProjectQuery(PageQuery):
    q: Text | None = Field(None, description="Reference or title, in any script.")
    academic_year: Text | None = Field(None, description="Projects running in it, e.g. 2018/19.")
    scheme: Text | None = Field(None, description="A funding scheme's slug.")
    theme: Text | None = Field(None, description="A theme's slug.")
    unit: RecordId | None = Field(None, description="A unit of the university.")
    initiative: Text | None = Field(None, description="An initiative's slug.")
    partner: RecordId | None = Field(None, description="A partner organisation's id.")
    sort: Text | None = Field(None, description=SORTS)


class ProjectPage(PageOut):
    items: list[ProjectOut]


KT_KINDS = f"{', '.join(KnowledgeTransferOutput.Kind.values)}."
KT_SORTS = "-occurred_on (the default), occurred_on, reference or -income."
KT_PROJECT = "A research project's reference, as the list's `project` filter takes it."


class ProjectRef(Schema):
    id: int
    reference: str
    title_en: str
    title_zh_hant: str
    title_zh_hans: str


class KTOutputOut(Schema):
    id: int
    reference: str
    kind: str = Field(description=KT_KINDS)
    title_en: str
    title_zh_hant: str
    title_zh_hans: str
    title_zh_hant_machine: bool = Field(description="Converted from Simplified by machine.")
    title_zh_hans_machine: bool = Field(description="Converted from Traditional by machine.")
    occurred_on: date = Field(description="The day it counts for: filed, granted, signed, held.")
    project: ProjectRef | None
    unit: UnitRef | None
    counterparty: OrganisationRef | None
    income: Decimal | None
    currency: str = Field(description="ISO 4217, e.g. HKD or CNY.")
    income_hkd: Decimal | None = Field(description="The income in HKD, as the figures add it.")
    created_at: datetime
    updated_at: datetime
    edit_token: str = Field(description=EDIT_TOKEN)

    @staticmethod
    def resolve_edit_token(output: KnowledgeTransferOutput) -> str:
        return edit_token(output)


class KTOutputFields(InputSchema):
    title_en: Text | None = None
    title_zh_hant: Text | None = Field(None, description="Filled from Simplified when empty.")
    title_zh_hans: Text | None = Field(None, description="Filled from Traditional when empty.")
    project: Text | None = Field(None, description=KT_PROJECT)
    unit: RecordId | None = Field(
        None,
        description="A unit of the university; the project's unit when not given or emptied.",
    )
    counterparty: RecordId | None = Field(None, description="An organisation's id.")
    income: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: Text | None = Field(None, description="ISO 4217, e.g. HKD (the default) or CNY.")
    income_hkd: Decimal | None = Field(
        None,
        ge=0,
        max_digits=14,
        decimal_places=2,
        description=(
            "The income's value in HKD: needed with another currency (a change of the income "
            "or currency without it is refused); an HKD income fills it itself."
        ),
    )


class KTOutputIn(KTOutputFields):
    reference: Text
    kind: Text = Field(description=KT_KINDS)
    occurred_on: date


class KTOutputPatch(KTOutputFields):
    edit_token: Text = Field(description=EDIT_TOKEN)
    reference: Text | None = None
    kind: Text | None = Field(None, description=KT_KINDS)
    occurred_on: date | None = None


class KTOutputQuery(PageQuery):
    q: Text | None = Field(None, description="Reference or title, in any script.")
    kind: Text | None = Field(None, description=KT_KINDS)
    academic_year: Text | None = Field(None, description="Outputs dated in it, e.g. 2018/19.")
    unit: RecordId | None = Field(None, description="A unit of the university.")
    counterparty: RecordId | None = Field(None, description="A counterparty organisation's id.")
    project: Text | None = Field(None, description="A research project's reference.")
    sort: Text | None = Field(None, description=KT_SORTS)


class KTOutputPage(PageOut):
    items: list[KTOutputOut]
