"""Exports of start-ups and programme participants (entered on the staff pages, not imported)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, RowPreview
from baylink.core.tabular.registry import Kind
from baylink.ventures.models import Founder, Participant, Startup

STARTUP_COLUMNS = (
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "stage",
    "status",
    "city",
    "in_gba",
    "incubator",
    "programme",
    "cohort_academic_year",
    "founded_on",
    "closed_on",
    "funding_raised",
    "funding_currency",
    "student_founders",
    "other_founders",
    "website",
)
PARTICIPANT_COLUMNS = (
    "programme",
    "cohort",
    "academic_year",
    "starts_on",
    "ends_on",
    "student_number",
    "name_en",
    "name_zh",
    "email",
    "study_programme",
    "year_of_study",
    "status",
    "team",
    "role",
)


def export_startups(queryset: QuerySet[Startup]) -> Iterator[list[Any]]:
    """One row per start-up; student founders are counted, never named (no personal data)."""
    records = (
        queryset.select_related("city", "incubator", "cohort", "cohort__programme")
        .annotate(student_founders=Count("founders", filter=Q(founders__student__isnull=False)))
        .order_by("name_en", "pk")
    )
    people: dict[int, list[str]] = {}
    founders = Founder.objects.filter(startup__in=queryset.values("pk"), person__isnull=False)
    for founder in founders.select_related("person").order_by("pk"):
        people.setdefault(founder.startup_id, []).append(str(founder.person))
    for startup in records.iterator(chunk_size=2000):
        cohort = startup.cohort
        yield [
            startup.name_en,
            startup.name_zh_hant,
            startup.name_zh_hans,
            startup.stage,
            startup.status,
            startup.city.code if startup.city else "",
            "yes" if startup.city and startup.city.is_gba else "no",
            startup.incubator.slug if startup.incubator else "",
            cohort.programme.slug if cohort else "",
            cohort.year.label if cohort else "",
            startup.founded_on,
            startup.closed_on,
            startup.funding_raised,
            startup.funding_currency,
            startup.student_founders,
            "; ".join(people.get(startup.pk, [])),
            startup.website,
        ]


def export_participants(queryset: QuerySet[Participant]) -> Iterator[list[Any]]:
    """One row per participation, with the student's personal data (a logged export)."""
    records = queryset.select_related("cohort", "cohort__programme", "student").order_by(
        "cohort__programme__slug", "-cohort__starts_on", "student__student_number", "pk"
    )
    for participant in records.iterator(chunk_size=2000):
        cohort, student = participant.cohort, participant.student
        yield [
            cohort.programme.slug,
            cohort.label,
            cohort.year.label,
            cohort.starts_on,
            cohort.ends_on,
            student.student_number,
            student.name_en,
            student.name_zh,
            student.email,
            student.programme,
            student.year_of_study,
            participant.status,
            participant.team,
            participant.role,
        ]


class NotImported(Importer[None]):
    """Start-ups and participants are entered on the staff pages: every row is refused."""

    kind = "venture"
    columns = ()

    def check(self, row: RowCheck) -> Planned[None]:
        row.problem("", _("These records are entered on the entrepreneurship pages, not imported."))
        return Planned(RowPreview(row.number, ERROR, "", problems=row.problems))

    def write(self, plans: Any) -> None:  # pragma: no cover - check() refuses every row
        raise NotImplementedError


@dataclass(frozen=True)
class ExportOnlyKind(Kind):
    def can_import(self, user: User | AnonymousUser) -> bool:
        return False


STARTUPS = ExportOnlyKind(
    name="venture-startups",
    label=gettext_lazy("Start-ups"),
    model="ventures.Startup",
    importer="baylink.ventures.exports.NotImported",
    exporter="baylink.ventures.exports.export_startups",
    columns="baylink.ventures.exports.STARTUP_COLUMNS",
    filterset="baylink.ventures.filters.StartupFilterSet",
    list_url="ventures:startup-list",
)
PARTICIPANTS = ExportOnlyKind(
    name="venture-participants",
    label=gettext_lazy("Start-up programme participants"),
    model="ventures.Participant",
    importer="baylink.ventures.exports.NotImported",
    exporter="baylink.ventures.exports.export_participants",
    columns="baylink.ventures.exports.PARTICIPANT_COLUMNS",
    filterset="baylink.ventures.filters.ParticipantFilterSet",
    list_url="ventures:programme-list",
    personal_data=True,
)
