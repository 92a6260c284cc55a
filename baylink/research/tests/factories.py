from datetime import date
from itertools import count

from baylink.directory.models import Organisation
from baylink.reporting.partners import partner_flags_refresh
from baylink.research.models import KnowledgeTransferOutput, Project, ProjectPartner
from baylink.research.services import kt_output_create

_numbers = count(1)


def project(
    *partners: Organisation,
    starts_on: date = date(2018, 9, 1),
    ends_on: date | None = date(2020, 8, 31),
    title_en: str = "",
) -> Project:
    number = next(_numbers)
    record = Project.objects.create(
        reference=f"P-{number:06d}",
        title_en=title_en or f"Project {number}",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for partner in partners:
        ProjectPartner.objects.create(project=record, organisation=partner)
    partner_flags_refresh(organisation_ids=[partner.pk for partner in partners])
    return record


def kt_output(
    reference: str = "",
    *,
    kind: str = KnowledgeTransferOutput.Kind.CONTRACT_RESEARCH,
    occurred_on: date = date(2025, 3, 1),
    title_en: str = "",
    counterparty: Organisation | None = None,
) -> KnowledgeTransferOutput:
    """A KT output through its service (search text and all); titled by its reference."""
    reference = reference or f"KT-{next(_numbers):06d}"
    return kt_output_create(
        actor=None,
        reference=reference,
        kind=kind,
        occurred_on=occurred_on,
        title_en=title_en or reference,
        counterparty=counterparty,
    )
