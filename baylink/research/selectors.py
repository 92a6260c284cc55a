"""Reads of research projects."""

from datetime import date

from django.db.models import Q, QuerySet, Sum

from baylink.core.money import whole_dollars
from baylink.core.periods import active_during
from baylink.research.models import KnowledgeTransferOutput, Project


def projects_active_during(*, starts_on: date, ends_on: date) -> QuerySet[Project]:
    """Projects that ran on at least one day of the period."""
    return Project.objects.filter(active_during(starts_on, ends_on))


def project_partnership_during(starts_on: date, ends_on: date) -> Q:
    """On ProjectPartner: its project ran on at least one day of the period."""
    return active_during(starts_on, ends_on, prefix="project__")


def project_list() -> QuerySet[Project]:
    """Projects with what their lists and pages show, in a fixed number of queries."""
    return Project.objects.select_related(
        "principal_investigator", "unit", "scheme", "initiative"
    ).prefetch_related("themes", "partnerships__organisation")


def kt_output_list() -> QuerySet[KnowledgeTransferOutput]:
    """KT outputs with what their lists and pages show, in a fixed number of queries."""
    return KnowledgeTransferOutput.objects.select_related("project", "unit", "counterparty")


def kt_output_dated_during(starts_on: date, ends_on: date) -> Q:
    """On KnowledgeTransferOutput: dated (filed, granted, signed, held) within the period."""
    return Q(occurred_on__gte=starts_on, occurred_on__lte=ends_on)


def kt_income_hkd(
    starts_on: date,
    ends_on: date,
    outputs: QuerySet[KnowledgeTransferOutput] | None = None,
) -> int:
    """Hong Kong dollars of KT income dated within the period, to the dollar (of `outputs`,
    else of every KT output)."""
    chosen = KnowledgeTransferOutput.objects.all() if outputs is None else outputs
    total = chosen.filter(kt_output_dated_during(starts_on, ends_on)).aggregate(
        total=Sum("income_hkd")
    )["total"]
    return whole_dollars(total)
