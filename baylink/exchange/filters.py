"""Filter sets of the exchange pages: nominations, inbound applications, and the dashboard."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baylink.core.choices import NameChoiceField
from baylink.core.countries import blank_and_country_choices, country_choices
from baylink.core.filters import AcademicYearFilter, SortedFilterSet
from baylink.core.search import search_filter
from baylink.core.staff_forms import AcademicYearField
from baylink.core.trilingual import reader_order
from baylink.directory.models import City, Organisation
from baylink.directory.selectors import CITY_LEAD
from baylink.exchange.models import InboundApplication, Nomination, Term
from baylink.exchange.selectors import transfer_consent_missing

MOBILITY_SORTS = {
    "-academic_year": _("Academic year, latest first"),
    "academic_year": _("Academic year, earliest first"),
    "partner": _("Partner"),
    "agreement": _("Agreement"),
    "status": _("Status"),
    "-updated": _("Recently changed"),
}


class MobilityFilterSet(SortedFilterSet):
    default_sort = "-academic_year"

    academic_year = AcademicYearFilter(
        label=_("Academic year"), widget=forms.TextInput(attrs={"placeholder": "2024/25"})
    )
    partner_q = django_filters.CharFilter(
        label=_("Partner"), method="search_partner", max_length=200
    )
    country = django_filters.ChoiceFilter(
        label=_("Country or region"), choices=country_choices, field_name="partner__country_code"
    )
    term = django_filters.ChoiceFilter(label=_("Term"), choices=Term.choices)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(MOBILITY_SORTS.items()), method="sort_by", empty_label=None
    )

    def search_partner(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            partner__in=Organisation.objects.filter(search_filter(value)).values("pk")
        )

    def sort_by(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        partner = reader_order("partner__name")
        order: dict[str, list[Any]] = {
            "-academic_year": ["-academic_year", partner.asc(), "pk"],
            "academic_year": ["academic_year", partner.asc(), "pk"],
            "partner": [partner.asc(), "-academic_year", "pk"],
            "agreement": ["agreement__reference", "-academic_year", "pk"],
            "status": ["status", "-academic_year", "pk"],
            "-updated": ["-updated_at", "-pk"],
        }
        return queryset.order_by(*order.get(value or self.default_sort, order["-academic_year"]))


class NominationFilterSet(MobilityFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Nomination.Status.choices)
    consent = django_filters.ChoiceFilter(
        label=_("Consent to send details outside Hong Kong"),
        choices=[
            ("recorded", _("Recorded")),
            ("missing", _("Needed, not recorded")),
        ],
        method="filter_consent",
    )

    class Meta:
        model = Nomination
        fields = ["academic_year", "status", "consent", "partner_q", "country", "term", "sort"]

    def filter_consent(
        self, queryset: QuerySet[Nomination], name: str, value: str
    ) -> QuerySet[Nomination]:
        if value == "missing":
            return queryset.filter(transfer_consent_missing())
        return queryset.filter(transfer_agreed_on__isnull=False)


class InboundApplicationFilterSet(MobilityFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=InboundApplication.Status.choices
    )

    class Meta:
        model = InboundApplication
        fields = ["academic_year", "status", "partner_q", "country", "term", "sort"]


DASHBOARD_SORTS = {
    "": _("Warnings first"),
    "partner": _("Partner"),
    "-partner": _("Partner, Z to A"),
    "agreement": _("Agreement"),
    "-agreement": _("Agreement, Z to A"),
    "-outbound": _("Outbound places taken, most first"),
    "outbound": _("Outbound places taken, fewest first"),
    "-inbound": _("Inbound places taken, most first"),
    "inbound": _("Inbound places taken, fewest first"),
    "-balance": _("Balance this year, most outgoing first"),
    "balance": _("Balance this year, most incoming first"),
    "-cumulative": _("Cumulative balance, most outgoing first"),
    "cumulative": _("Cumulative balance, most incoming first"),
}


class DashboardForm(forms.Form):
    """The dashboard's filters: they choose partners; figures are computed for the year."""

    academic_year = AcademicYearField(
        label=_("Academic year"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "2024/25", "class": "form-control"}),
    )
    q = forms.CharField(
        label=_("Partner"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    country = forms.ChoiceField(
        label=_("Country or region"),
        required=False,
        choices=blank_and_country_choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    city = NameChoiceField(
        label=_("City"),
        required=False,
        queryset=City.objects.all(),
        lead=CITY_LEAD,
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    warnings = forms.BooleanField(
        label=_("Warnings only"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=list(DASHBOARD_SORTS.items()),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def partners(self) -> QuerySet[Organisation] | None:
        """The partners the filters choose, or None for all of them."""
        data = self.cleaned_data
        if not (data.get("q") or data.get("country") or data.get("city")):
            return None
        queryset = Organisation.objects.all()
        if data.get("q"):
            queryset = queryset.filter(search_filter(data["q"]))
        if data.get("country"):
            queryset = queryset.filter(country_code=data["country"])
        if data.get("city"):
            queryset = queryset.filter(city=data["city"])
        return queryset
