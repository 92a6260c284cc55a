"""Staff form for initiatives."""

from django import forms

from baylink.core.staff_forms import DATE, StaffModelForm
from baylink.initiatives.models import Initiative
from baylink.initiatives.services import initiative_create_from_form, initiative_update


class InitiativeForm(StaffModelForm[Initiative]):
    many_fields = ("themes",)
    create = staticmethod(initiative_create_from_form)
    update = staticmethod(initiative_update)

    class Meta:
        model = Initiative
        fields = [
            "kind",
            "status",
            "slug",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "acronym",
            "description_en",
            "description_zh_hant",
            "description_zh_hans",
            "city",
            "lead_unit",
            "parent",
            "starts_on",
            "ends_on",
            "website",
            "themes",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "themes": forms.CheckboxSelectMultiple,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_zh_hant": forms.Textarea(attrs={"rows": 4}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 4}),
        }
