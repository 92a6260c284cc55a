"""Staff pages for WIE placements and students (rounds and runs: `views_rounds`).

Students' personal fields are shown only to roles with accounts.view_personal_data; the others
see a mask, cannot search or sort by those fields, and cannot export them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from baylink.accounts.personal_data import (
    MASK,
    can_export_personal_data,
    can_view_personal_data,
    personal_value,
)
from baylink.core.staff import (
    Column,
    Section,
    StaffDeleteView,
    StaffDetailView,
    StaffFormView,
    StaffListView,
)
from baylink.talent.filters import MaskedStudentFilterSet, PlacementFilterSet, StudentFilterSet
from baylink.talent.forms import PlacementForm, StudentForm
from baylink.talent.models import Placement, Student
from baylink.talent.selectors import placement_list, student_list
from baylink.talent.services import placement_delete


def region_label(placement: Placement) -> Promise:
    return {
        "gba": _("GBA (mainland and Macao)"),
        "local": _("Hong Kong"),
        "overseas": _("Overseas"),
    }[placement.region]


def gba_flag(placement: Placement) -> Promise | str:
    return _("GBA") if placement.city is not None and placement.city.is_gba else ""


def _list(values: list[Any]) -> str:
    return ", ".join(str(value) for value in values or [])


class PlacementListView(StaffListView):
    permission_required = "talent.view_placement"
    filterset_class = PlacementFilterSet
    title = _("WIE placements")
    detail_url = "talent:placement-detail"
    create_url = "talent:placement-create"
    create_permission = "talent.add_placement"
    export_kind = "placements"
    columns = [
        Column(_("Title"), lambda p: p.title, "title"),
        Column(_("Host"), lambda p: p.host.name, "host"),
        Column(_("City"), lambda p: p.city.name if p.city else ""),
        Column(_("GBA"), gba_flag),
        Column(_("Mode"), lambda p: p.get_mode_display()),
        Column(_("Starts"), lambda p: p.starts_on, "starts_on"),
        Column(_("Places"), lambda p: p.capacity, "-capacity"),
        Column(_("WIE hours"), lambda p: p.hours),
    ]

    def base_queryset(self) -> QuerySet[Placement]:
        return placement_list()


class PlacementDetailView(StaffDetailView):
    permission_required = "talent.view_placement"
    list_url = "talent:placement-list"
    list_title = _("WIE placements")
    update_url = "talent:placement-update"
    update_permission = "talent.change_placement"
    delete_url = "talent:placement-delete"
    delete_permission = "talent.delete_placement"

    def get_object(self) -> Placement:
        return get_object_or_404(
            Placement.objects.select_related("host", "city"), pk=self.kwargs["pk"]
        )

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        allowance = (
            f"{instance.allowance} {instance.allowance_currency}"
            if instance.allowance is not None
            else ""
        )
        return [
            (_("Title (English)"), instance.title_en),
            (_("Title (Traditional Chinese)"), instance.title_zh_hant),
            (_("Title (Simplified Chinese)"), instance.title_zh_hans),
            (_("Description"), instance.description),
            (_("Host"), instance.host.name),
            (_("City"), instance.city.name if instance.city else ""),
            (_("Region"), region_label(instance)),
            (_("In the Greater Bay Area"), _("Yes") if gba_flag(instance) else _("No")),
            (_("Mode"), instance.get_mode_display()),
            (_("Period"), f"{instance.starts_on} – {instance.ends_on}"),
            (_("WIE hours"), instance.hours),
            (_("Places"), instance.capacity),
            (_("Monthly allowance"), allowance),
            (_("Eligible programmes"), _list(instance.eligible_programmes) or _("Any")),
            (_("Eligible years of study"), _list(instance.eligible_years) or _("Any")),
            (_("Required languages"), _list(instance.required_languages) or _("None")),
        ]

    def sections(self, instance: Any) -> list[Section]:
        return [
            Section(
                _("Allocation rounds"),
                [
                    {"text": str(r), "url": reverse("talent:round-detail", args=[r.pk])}
                    for r in instance.rounds.order_by("-application_deadline")[:50]
                ],
            )
        ]


class PlacementCreateView(StaffFormView):
    permission_required = "talent.add_placement"
    form_class = PlacementForm
    model = Placement
    detail_url = "talent:placement-detail"
    list_url = "talent:placement-list"
    title = _("New placement")


class PlacementUpdateView(PlacementCreateView):
    permission_required = "talent.change_placement"
    title = _("Edit placement")


class PlacementDeleteView(StaffDeleteView):
    permission_required = "talent.delete_placement"
    model = Placement
    detail_url = "talent:placement-detail"
    list_url = "talent:placement-list"
    delete_service = staticmethod(placement_delete)
    instance_name = "placement"


STUDENT_COLUMNS = [
    Column(pgettext_lazy("person", "Name"), lambda s: s.name_en, "name"),
    Column(_("Student number"), lambda s: s.student_number, "number"),
    Column(_("E-mail"), lambda s: s.email),
    Column(_("Programme"), lambda s: s.programme, "programme"),
    Column(_("Faculty or department"), lambda s: s.unit.name if s.unit else ""),
    Column(_("Year of study"), lambda s: s.year_of_study, "year"),
]
MASKED_STUDENT_COLUMNS = [
    Column(_("Record"), lambda s: f"#{s.pk}"),
    Column(pgettext_lazy("person", "Name"), lambda s: MASK),
    Column(_("Programme"), lambda s: s.programme, "programme"),
    Column(_("Faculty or department"), lambda s: s.unit.name if s.unit else ""),
    Column(_("Year of study"), lambda s: s.year_of_study, "year"),
]


class StudentListView(StaffListView):
    permission_required = "talent.view_student"
    filterset_class = StudentFilterSet
    title = _("Students")
    detail_url = "talent:student-detail"
    create_url = "talent:student-create"
    create_permission = "talent.add_student"
    export_kind = "students"
    columns = STUDENT_COLUMNS

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("export") and not can_export_personal_data(request.user):
            raise PermissionDenied
        if not can_view_personal_data(request.user):
            # Per request (views are instantiated per request): no searching, sorting or
            # exporting by what this role may not see.
            self.filterset_class = MaskedStudentFilterSet
            self.columns = MASKED_STUDENT_COLUMNS
            self.export_kind = ""
        return super().get(request)

    def base_queryset(self) -> QuerySet[Student]:
        return student_list()


class StudentDetailView(StaffDetailView):
    permission_required = "talent.view_student"
    template_name = "talent/student_detail.html"
    list_url = "talent:student-list"
    list_title = _("Students")
    update_url = "talent:student-update"
    update_permission = "talent.change_student"

    def history_visible(self) -> bool:
        # The history holds the personal fields' old values.
        return can_view_personal_data(self.request.user)

    def get_object(self) -> Student:
        student = get_object_or_404(
            Student.objects.select_related("unit", "user"), pk=self.kwargs["pk"]
        )
        # The page's heading: the name only for those who may see it.
        student.display_name = (  # type: ignore[attr-defined]  # read by the template
            str(student)
            if can_view_personal_data(self.request.user)
            else gettext("Student #%(number)s") % {"number": student.pk}
        )
        return student

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        user = self.request.user
        return [
            (_("Student number"), personal_value(user, instance.student_number)),
            (pgettext_lazy("person", "Name (English)"), personal_value(user, instance.name_en)),
            (_("Name (Chinese)"), personal_value(user, instance.name_zh)),
            (_("E-mail"), personal_value(user, instance.email)),
            (
                _("Sign-in account"),
                personal_value(user, instance.user.get_username() if instance.user else ""),
            ),
            (_("Programme"), instance.programme),
            (_("Faculty or department"), instance.unit.name if instance.unit else ""),
            (_("Year of study"), instance.year_of_study),
            (_("Languages"), personal_value(user, _list(instance.languages))),
        ]

    def sections(self, instance: Any) -> list[Section]:
        applications = instance.applications.select_related("round", "placement").order_by(
            "-round__application_deadline", "rank"
        )[:100]
        offers = instance.offers.select_related("placement", "run__round").order_by("-pk")[:50]
        return [
            Section(
                _("Applications"),
                [
                    {
                        "text": f"{a.round} · {a.rank}. {a.placement}",
                        "url": reverse("talent:round-detail", args=[a.round_id]),
                    }
                    for a in applications
                ],
            ),
            Section(
                _("Offers"),
                [
                    {"text": f"{o.run.round} · {o.placement} · {o.get_status_display()}"}
                    for o in offers
                ],
            ),
        ]


class StudentCreateView(StaffFormView):
    permission_required = "talent.add_student"
    form_class = StudentForm
    model = Student
    detail_url = "talent:student-detail"
    list_url = "talent:student-list"
    title = _("New student")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Editing a student means seeing their personal data.
        if request.user.is_authenticated and not can_view_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StudentUpdateView(StudentCreateView):
    permission_required = "talent.change_student"
    title = _("Edit student")
