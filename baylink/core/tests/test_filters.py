"""Filter forms look like the rest of the workspace's forms."""

import pytest

from baylink.talent.filters import PlacementFilterSet
from baylink.talent.models import Placement

pytestmark = pytest.mark.django_db


def test_filter_fields_are_styled_once() -> None:
    filters = PlacementFilterSet({}, queryset=Placement.objects.all())
    form = filters.form
    classes = {name: field.widget.attrs.get("class") for name, field in form.fields.items()}
    assert classes["q"] == "form-control"
    assert classes["sort"] == "form-select"
    assert filters.form is form  # the same form, not styled again
    assert form.fields["sort"].widget.attrs["class"] == "form-select"
