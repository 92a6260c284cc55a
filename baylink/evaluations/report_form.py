"""The outcome report's choices: how to group, and which records to count."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.core.academic_year import AcademicYear
from baylink.core.staff_forms import style_fields
from baylink.directory.selectors import gba_cities
from baylink.evaluations.outcomes import (
    ACADEMIC_YEAR,
    DIMENSIONS,
    REGION,
    OutcomeFilters,
    programmes,
)
from baylink.evaluations.selectors import Region

DEFAULT_DIMENSIONS = [ACADEMIC_YEAR, REGION]


class OutcomeReportForm(forms.Form):
    group_by = forms.MultipleChoiceField(
        label=gettext_lazy("Group by"),
        choices=list(DIMENSIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_DIMENSIONS,
    )
    first_year = forms.CharField(
        label=gettext_lazy("From academic year"), required=False, max_length=9
    )
    last_year = forms.CharField(
        label=gettext_lazy("To academic year"), required=False, max_length=9
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        choices=[("", gettext_lazy("All regions")), *Region.choices],
        required=False,
    )
    city = forms.ModelChoiceField(
        label=gettext_lazy("GBA city"),
        queryset=gba_cities(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All cities"),
    )
    programme = forms.ChoiceField(label=gettext_lazy("Programme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ChoiceField)
        programme.choices = [
            ("", _("All programmes")),
            *((name, name) for name in programmes()),
        ]
        style_fields(self)
        self.fields["group_by"].widget.attrs["class"] = "form-check-input"

    def _academic_year(self, name: str) -> AcademicYear | None:
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        try:
            return AcademicYear.parse(text)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from error

    def clean_first_year(self) -> AcademicYear | None:
        return self._academic_year("first_year")

    def clean_last_year(self) -> AcademicYear | None:
        return self._academic_year("last_year")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error(
                "last_year", _("The last academic year cannot come before the first one.")
            )
        return cleaned

    def dimensions(self) -> list[str]:
        """The chosen groupings; none chosen (e.g. a bare export link) means the default."""
        if not self.is_bound:
            return DEFAULT_DIMENSIONS
        chosen: list[str] = self.cleaned_data.get("group_by") or DEFAULT_DIMENSIONS
        return chosen

    def filters(self) -> OutcomeFilters:
        if not self.is_bound:
            return OutcomeFilters()
        data = self.cleaned_data
        city = data.get("city")
        return OutcomeFilters(
            first_year=data.get("first_year"),
            last_year=data.get("last_year"),
            region=data.get("region") or "",
            city=city.code if city else "",
            programme=data.get("programme") or "",
        )
