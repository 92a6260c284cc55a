"""Filter forms look like the rest of the workspace's forms."""

from datetime import date

import pytest
from django.http import QueryDict

from baylink.talent.filters import PlacementFilterSet
from baylink.talent.models import Placement
from baylink.talent.tests.factories import placement

pytestmark = pytest.mark.django_db


def test_filter_fields_are_styled_once() -> None:
    filters = PlacementFilterSet({}, queryset=Placement.objects.all())
    form = filters.form
    classes = {name: field.widget.attrs.get("class") for name, field in form.fields.items()}
    assert classes["q"] == "form-control"
    assert classes["sort"] == "form-select"
    assert filters.form is form  # the same form, not styled again
    assert form.fields["sort"].widget.attrs["class"] == "form-select"


def test_the_sort_list_shows_the_order_the_list_is_in() -> None:
    placement(title_en="Earlier", starts_on=date(2026, 6, 1))
    placement(title_en="Later", starts_on=date(2027, 6, 1))
    address = QueryDict("q=")
    unsorted = PlacementFilterSet(address, queryset=Placement.objects.all())
    # The list is in its default order (latest start first), and the form says so; the address
    # itself is left as it was.
    assert [p.title_en for p in unsorted.qs] == ["Later", "Earlier"]
    assert unsorted.form["sort"].value() == PlacementFilterSet.default_sort == "-starts_on"
    assert "sort" not in address
    chosen = PlacementFilterSet(QueryDict("sort=title"), queryset=Placement.objects.all())
    assert chosen.form["sort"].value() == "title"
    assert [p.title_en for p in chosen.qs] == ["Earlier", "Later"]
