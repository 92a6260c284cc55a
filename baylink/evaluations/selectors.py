"""Reads: placement records with what their pages and exports show, joined in one query."""

from typing import Any

from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable, CombinedExpression
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from baylink.directory.models import HONG_KONG_CITY
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation


class Region:
    """Where a placement is, as the outcome reports group it."""

    HONG_KONG = "hong_kong"
    GBA = "gba"  # the Greater Bay Area's mainland cities and Macao
    ELSEWHERE = "elsewhere"

    choices = [
        (HONG_KONG, _("Hong Kong")),
        (GBA, _("Other GBA cities")),
        (ELSEWHERE, _("Elsewhere")),
    ]
    labels = dict(choices)


def region_expression() -> Case:
    return Case(
        When(placement__city__code=HONG_KONG_CITY, then=Value(Region.HONG_KONG)),
        When(placement__city__is_gba=True, then=Value(Region.GBA)),
        default=Value(Region.ELSEWHERE),
    )


def _score(prefix: str, criteria: tuple[str, ...]) -> "ExpressionWrapper[CombinedExpression]":
    """An evaluation's score, the mean of its criteria, computed by the database."""
    total: Combinable = F(f"{prefix}__{criteria[0]}")
    for name in criteria[1:]:
        total = total + F(f"{prefix}__{name}")
    return ExpressionWrapper(
        Cast(total, FloatField()) / Value(float(len(criteria))), output_field=FloatField()
    )


def host_score() -> "ExpressionWrapper[CombinedExpression]":
    return _score("host_evaluation", HostEvaluation.CRITERIA)


def student_score() -> "ExpressionWrapper[CombinedExpression]":
    return _score("student_evaluation", StudentEvaluation.CRITERIA)


def record_list() -> QuerySet[PlacementRecord]:
    """Records with student, placement, host, city and both evaluations' scores."""
    return PlacementRecord.objects.select_related(
        "student", "placement__host", "placement__city"
    ).annotate(
        region=region_expression(),
        host_score=host_score(),
        student_score=student_score(),
    )


def record_detail(pk: int) -> PlacementRecord:
    return PlacementRecord.objects.select_related(
        "student__unit",
        "placement__host",
        "placement__city",
        "host_evaluation",
        "student_evaluation",
    ).get(pk=pk)


def own_student_records(user: Any) -> QuerySet[PlacementRecord]:
    """The user's own completed placements, with their evaluation if sent."""
    return (
        PlacementRecord.objects.filter(student__user=user, status=PlacementRecord.Status.COMPLETED)
        .select_related("placement__host", "student_evaluation")
        .order_by("-completed_on", "-pk")
    )


def own_host_records(user: Any) -> QuerySet[PlacementRecord]:
    """Completed placements at the organisations the user is a host contact of."""
    return (
        PlacementRecord.objects.filter(
            placement__host__host_contacts__user=user, status=PlacementRecord.Status.COMPLETED
        )
        .select_related("placement__host", "student", "host_evaluation")
        .distinct()
        .order_by("-completed_on", "-pk")
    )
