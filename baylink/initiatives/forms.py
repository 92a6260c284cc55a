"""Staff form for initiatives, with their partner organisations (role, joined, left)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baylink.core.audit import Actor
from baylink.core.staff_forms import DATE, StaffModelForm
from baylink.core.widgets import Textarea
from baylink.directory.forms import PartneredModelForm, PartnerRowForm, PartnerRowFormSet
from baylink.initiatives.models import Facility, Initiative, InitiativePartner
from baylink.initiatives.services import (
    InitiativePartnerSpec,
    facility_create,
    facility_update,
    initiative_create_from_form,
    initiative_update,
)


class InitiativePartnerForm(PartnerRowForm):
    role_choices = InitiativePartner.Role.choices
    default_role = InitiativePartner.Role.PARTNER

    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE)
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE)


class BaseInitiativePartnerFormSet(PartnerRowFormSet):
    def spec(self, row: dict[str, Any]) -> InitiativePartnerSpec:
        return InitiativePartnerSpec(
            row["organisation"], row["role"], row.get("joined_on"), row.get("left_on")
        )


InitiativePartnerFormSet: type[BaseInitiativePartnerFormSet] = forms.formset_factory(  # type: ignore[assignment]  # factory returns the given base's subclass
    InitiativePartnerForm, formset=BaseInitiativePartnerFormSet, extra=2, max_num=100
)


class InitiativeForm(PartneredModelForm[Initiative]):
    partner_formset = InitiativePartnerFormSet
    partner_fields = ("role", "joined_on", "left_on")
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
            "description_en": Textarea(attrs={"rows": 4}),
            "description_zh_hant": Textarea(attrs={"rows": 4}),
            "description_zh_hans": Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Not offered as its own parent; one of its parts is refused by the model's check.
            parent = self.fields["parent"]
            assert isinstance(parent, forms.ModelChoiceField)
            parent.queryset = Initiative.objects.exclude(pk=self.instance.pk)


class FacilityForm(StaffModelForm[Facility]):
    """A facility of `initiative` (new) or the one edited."""

    class Meta:
        model = Facility
        fields = [
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "description_en",
            "description_zh_hant",
            "description_zh_hans",
            "open_to_industry",
            "booking_url",
        ]
        widgets = {
            "description_en": Textarea(attrs={"rows": 3}),
            "description_zh_hant": Textarea(attrs={"rows": 3}),
            "description_zh_hans": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, initiative: Initiative | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative

    def save(self, commit: bool = True, *, actor: Actor = None) -> Facility:
        token, values, _ = self.written()
        if self.instance.pk:
            return facility_update(
                actor=actor, instance=self.instance, edit_token=token, values=values
            )
        assert self.initiative is not None  # the view gives it for a new facility
        return facility_create(actor=actor, initiative=self.initiative, values=values)
