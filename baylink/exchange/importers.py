"""Nominations and inbound applications as rows: the columns exports write and imports read.

Both carry students' personal data (names, student numbers, e-mail), so their kinds are
registered with `personal_data=True`: exporting needs the permission and is logged.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.agreements.models import Agreement
from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor
from baylink.core.tabular.importing import Importer, Planned, RowCheck, RowError
from baylink.core.tabular.preview import CREATE, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.exchange.models import InboundApplication, Nomination, Term
from baylink.exchange.services import exchange_terms_check, inbound_application_create

NOMINATION_COLUMNS = (
    "id",
    "agreement",
    "partner",
    "partner_country",
    "academic_year",
    "term",
    "months",
    "status",
    "student_number",
    "student_name",
    "student_email",
    "programme",
    "transfer_agreed_on",
    "notes",
)
INBOUND_COLUMNS = (
    "id",
    "agreement",
    "partner",
    "partner_country",
    "academic_year",
    "term",
    "months",
    "status",
    "name",
    "email",
    "notes",
)


def export_nominations(queryset: QuerySet[Nomination]) -> Iterator[list[Any]]:
    rows = queryset.select_related("agreement", "partner", "student")
    for nomination in rows.iterator(chunk_size=2000):
        student = nomination.student
        yield [
            nomination.pk,
            nomination.agreement.reference,
            nomination.partner.name_en,
            nomination.partner.country_code,
            nomination.year.label,
            nomination.term,
            nomination.months,
            nomination.status,
            student.student_number,
            student.name_en,
            student.email,
            student.programme,
            nomination.transfer_agreed_on,
            nomination.notes,
        ]


def export_inbound_applications(queryset: QuerySet[InboundApplication]) -> Iterator[list[Any]]:
    for application in queryset.select_related("agreement", "partner").iterator(chunk_size=2000):
        yield [
            application.pk,
            application.agreement.reference,
            application.partner.name_en,
            application.partner.country_code,
            application.year.label,
            application.term,
            application.months,
            application.status,
            application.name,
            application.email,
            application.notes,
        ]


class NominationImporter(Importer[None]):
    """Nominations are made one by one on their page: a file is checked and refused."""

    kind = "exchange-nominations"
    columns = NOMINATION_COLUMNS

    def check(self, row: RowCheck) -> Planned[None]:
        row.problem(
            "",
            _(
                "Nominations are not imported from files: add each on the nominations page, "
                "so that the student and the agreement are checked as you type."
            ),
        )
        return Planned(RowPreview(row.number, CREATE, ""))

    def write(self, plans: Sequence[Planned[None]]) -> None:  # pragma: no cover  # never checked
        raise NotImplementedError


@dataclass(frozen=True)
class NewApplication:
    agreement: Agreement
    academic_year: int
    term: str
    months: Decimal
    name: str
    email: str
    notes: str


class InboundApplicationImporter(Importer[NewApplication]):
    """New applications from a partner's nomination list; rows with an id are left alone."""

    kind = "exchange-inbound"
    columns = INBOUND_COLUMNS
    required_columns = ("agreement", "academic_year", "months", "name")

    def __init__(self, *, actor: Actor = None, source: str = "") -> None:
        super().__init__(actor=actor, source=source)
        self.agreements: dict[str, Agreement] = {}

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        references = {row.get("agreement").strip() for row in rows}
        self.agreements = {
            agreement.reference: agreement
            for agreement in Agreement.objects.filter(reference__in=references).prefetch_related(
                "parties__organisation"
            )
        }

    def check(self, row: RowCheck) -> Planned[NewApplication]:
        name = row.cell("name").strip()
        label = name or _("row %(row)s") % {"row": row.number}
        if row.cell("id").strip():
            row.problem(
                "id",
                _("Only new applications are imported: change existing ones on their page."),
            )
        agreement = self.agreements.get(row.cell("agreement").strip())
        if agreement is None:
            row.problem("agreement", _("There is no agreement with this reference."))
        try:
            year = AcademicYear.parse(row.cell("academic_year")).start_year
        except ValidationError as error:
            row.problem("academic_year", error.messages[0])
            year = 0
        term = row.cell("term").strip() or Term.AUTUMN
        if term not in Term.values:
            row.problem("term", _("Write one of %(terms)s.") % {"terms": ", ".join(Term.values)})
        try:
            months = Decimal(row.cell("months").strip())
        except InvalidOperation:
            row.problem("months", _("Write the months as a number, e.g. 4.5."))
            months = Decimal("0")
        if not name:
            row.problem("name", _("The student's name is missing."))
        partners = [
            party.organisation
            for party in (agreement.parties.all() if agreement else [])
            if not party.organisation.is_home
        ]
        if agreement is not None and len({p.pk for p in partners}) != 1:
            row.problem(
                "agreement",
                _("Import only into agreements with a single partner; add the others by hand."),
            )
        plan = NewApplication(
            agreement=agreement,  # type: ignore[arg-type]  # only written when checked
            academic_year=year,
            term=term,
            months=months,
            name=name,
            email=row.cell("email").strip(),
            notes=row.cell("notes").strip(),
        )
        if not row.has_problems() and agreement is not None:
            candidate = InboundApplication(
                agreement=agreement,
                partner=partners[0],
                academic_year=year,
                term=term,
                months=months,
                name=name,
                email=plan.email,
                notes=plan.notes,
            )
            try:
                candidate.full_clean(exclude=["agreement", "partner"])
                exchange_terms_check(agreement=agreement, partner=partners[0], academic_year=year)
            except ValidationError as error:
                row.validation_error(error, {"partner": "agreement"})
        return Planned(RowPreview(row.number, CREATE, label), plan)

    def write(self, plans: Sequence[Planned[NewApplication]]) -> None:
        for planned in plans:
            plan = planned.payload
            assert plan is not None
            partner = next(
                party.organisation
                for party in plan.agreement.parties.all()
                if not party.organisation.is_home
            )
            try:
                inbound_application_create(
                    actor=self.actor,
                    agreement=plan.agreement,
                    partner=partner,
                    academic_year=plan.academic_year,
                    term=plan.term,
                    months=plan.months,
                    name=plan.name,
                    email=plan.email,
                    notes=plan.notes,
                )
            except ValidationError as error:
                raise RowError(planned.preview.row, "", " ".join(error.messages)) from error
