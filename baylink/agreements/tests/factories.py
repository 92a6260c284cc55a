from datetime import date
from itertools import count

from baylink.agreements.models import Agreement, Party
from baylink.agreements.services import agreement_search_text
from baylink.core.trilingual import trilingual_values
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.reporting.partners import partner_flags_refresh

_numbers = count(1)


def agreement(
    *partners: Organisation,
    kind: str = Agreement.Kind.MOU,
    signed_on: date | None = date(2018, 1, 1),
    starts_on: date | None = date(2018, 1, 1),
    ends_on: date | None = date(2022, 12, 31),
    terminated_on: date | None = None,
    is_public: bool = False,
    title_en: str = "",
) -> Agreement:
    number = next(_numbers)
    record = Agreement.objects.create(
        reference=f"T-{number:05d}",
        kind=kind,
        status=Agreement.Status.ACTIVE if signed_on else Agreement.Status.DRAFT,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        terminated_on=terminated_on,
        is_public=is_public,
        title_en=title_en or f"Agreement {number}",
    )
    Party.objects.create(agreement=record, organisation=directory.home(), role=Party.Role.HOME)
    for position, partner in enumerate(partners or [directory.organisation()], start=1):
        Party.objects.create(agreement=record, organisation=partner, position=position)
    record.search_text = agreement_search_text(
        record,
        [
            name
            for party in record.parties.all()
            for name in trilingual_values(party.organisation, "name")
        ],
    )
    record.save(update_fields=["search_text"])
    partner_flags_refresh(
        organisation_ids=[party.organisation_id for party in record.parties.all()]
    )
    return record
