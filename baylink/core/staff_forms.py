"""The base of staff edit forms: fields from the model, writes through the entity's services."""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor
from baylink.core.editing import edit_token

M = TypeVar("M", bound=models.Model)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AcademicYearField(forms.CharField):
    """'2019/20' (or 2019-20, 2019/2020) in, the year it starts in (2019) out; anything else is
    a translated form error. A stored start year is shown as its label."""

    def prepare_value(self, value: Any) -> Any:
        return AcademicYear(value).label if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]  # a year, not text
        text = super().to_python(value)
        if not text:
            return None
        try:
            return AcademicYear.parse(text).start_year
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0], code="invalid") from error


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            # Django puts the class on the list and on each box; baylink.css styles both.
            widget.attrs.setdefault("class", "checkbox-list")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StaffModelForm(forms.ModelForm[M], Generic[M]):
    """`create(actor, values, many)` and `update(actor, instance, token, values, many)` write."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    many_fields: tuple[str, ...] = ()
    create: Callable[..., M]
    update: Callable[..., M]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_token"].initial = edit_token(self.instance)
        style_fields(self)

    def _post_clean(self) -> None:
        # The services validate the whole record (full_clean) and report field errors.
        pass

    def written(self) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """The edit token, the field values and the many-to-many values, as services take them."""
        data = dict(self.cleaned_data)
        token = data.pop("edit_token", "") or ""
        many = {name: list(data.pop(name)) for name in self.many_fields if name in data}
        return token, data, many

    def save(self, commit: bool = True, *, actor: Actor = None) -> M:
        token, data, many = self.written()
        if self.instance.pk:
            return type(self).update(
                actor=actor, instance=self.instance, edit_token=token, values=data, many=many
            )
        return type(self).create(actor=actor, values=data, many=many)
