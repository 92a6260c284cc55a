"""Test data for the exchange office, built straight through the ORM for speed."""

from datetime import date
from decimal import Decimal
from itertools import count

from baylink.agreements.models import Agreement, MobilitySpec
from baylink.agreements.tests import factories as agreements
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.exchange.models import InboundApplication, Nomination, Term
from baylink.talent.models import Student

_numbers = count(1)


def student(name_en: str = "Chan Siu-ming") -> Student:
    number = next(_numbers)
    return Student.objects.create(
        student_number=f"T{number:07d}",
        name_en=f"{name_en} {number}",
        email=f"student{number}@example.edu.hk",
        programme="BSc Computing",
        year_of_study=2,
    )


def exchange_agreement(
    partner: Organisation | None = None,
    *,
    starts_on: date = date(2022, 9, 1),
    ends_on: date | None = date(2026, 8, 31),
) -> Agreement:
    return agreements.agreement(
        partner or directory.organisation(city_code=None, country_code="DE"),
        kind=Agreement.Kind.STUDENT_EXCHANGE,
        signed_on=date(starts_on.year, 1, 1) if starts_on.month > 1 else starts_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def partner_of(agreement: Agreement) -> Organisation:
    return next(p.organisation for p in agreement.parties.all() if not p.organisation.is_home)


def spec(
    agreement: Agreement,
    *,
    outbound: bool,
    places: int = 2,
    first: int = 2022,
    last: int = 2025,
    months: str = "4.5",
) -> MobilitySpec:
    parties = {p.organisation.is_home: p for p in agreement.parties.all()}
    home, partner = parties[True], parties[False]
    return MobilitySpec.objects.create(
        agreement=agreement,
        sending_party=home if outbound else partner,
        receiving_party=partner if outbound else home,
        first_academic_year=first,
        last_academic_year=last,
        mobilities_per_year=places,
        months_per_mobility=Decimal(months),
    )


def nomination(
    agreement: Agreement,
    year: int,
    status: str = Nomination.Status.DRAFT,
    months: str = "4.5",
    term: str = Term.AUTUMN,
    transfer_agreed_on: date | None = None,
) -> Nomination:
    return Nomination.objects.create(
        transfer_agreed_on=transfer_agreed_on,
        agreement=agreement,
        partner=partner_of(agreement),
        student=student(),
        academic_year=year,
        term=term,
        months=Decimal(months),
        status=status,
    )


def inbound(
    agreement: Agreement,
    year: int,
    status: str = InboundApplication.Status.RECEIVED,
    months: str = "4.5",
    term: str = Term.AUTUMN,
) -> InboundApplication:
    number = next(_numbers)
    return InboundApplication.objects.create(
        agreement=agreement,
        partner=partner_of(agreement),
        name=f"Inbound Student {number}",
        email=f"inbound{number}@partner.example",
        academic_year=year,
        term=term,
        months=Decimal(months),
        status=status,
    )
