"""Staff forms for research projects (with their partner organisations and roles) and their
knowledge-transfer outputs."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baylink.core.staff_forms import DATE, StaffModelForm
from baylink.directory.forms import (
    OrganisationField,
    PartneredModelForm,
    PartnerRowForm,
    PartnerRowFormSet,
    PersonField,
)
from baylink.directory.selectors import home_units
from baylink.research.models import KnowledgeTransferOutput, Project, ProjectPartner
from baylink.research.services import (
    PartnerSpec,
    kt_output_create_from_form,
    kt_output_update,
    project_create_from_form,
    project_update,
)


class PartnerForm(PartnerRowForm):
    role_choices = ProjectPartner.Role.choices
    default_role = ProjectPartner.Role.COLLABORATOR


class BasePartnerFormSet(PartnerRowFormSet):
    def spec(self, row: dict[str, Any]) -> PartnerSpec:
        return PartnerSpec(row["organisation"], row["role"])


PartnerFormSet: type[BasePartnerFormSet] = forms.formset_factory(  # type: ignore[assignment]  # factory returns the given base's subclass
    PartnerForm, formset=BasePartnerFormSet, extra=2, max_num=50
)


class ProjectForm(PartneredModelForm[Project]):
    partner_formset = PartnerFormSet
    # Typed, not a list of everyone in the directory.
    principal_investigator = PersonField(label=_("Principal investigator"), required=False)
    many_fields = ("themes",)
    create = staticmethod(project_create_from_form)
    update = staticmethod(project_update)

    class Meta:
        model = Project
        fields = [
            "reference",
            "title_en",
            "title_zh_hant",
            "title_zh_hans",
            "principal_investigator",
            "unit",
            "scheme",
            "initiative",
            "themes",
            "starts_on",
            "ends_on",
            "amount",
            "currency",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "unit": _("Left empty, the principal investigator's unit."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = home_units()


class ProjectReferenceField(forms.CharField):
    """Type a research project's reference; cleans to the project.

    Typed, not picked: a university has thousands of projects, too many for a <select>.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):  # a model form's initial value is the project's id
            value = Project.objects.filter(pk=value).first() or value
        if isinstance(value, Project):
            return value.reference
        return value

    def clean(self, value: Any) -> Project | None:
        reference = super().clean(value)
        if not reference:
            return None
        found = Project.objects.filter(reference=reference).first()
        if found:
            return found
        # References are written in capitals; someone typing "p-2019-001" means the same one.
        matches = list(Project.objects.filter(reference__iexact=reference)[:2])
        if len(matches) == 1:
            return matches[0]
        raise forms.ValidationError(
            _("There is no research project with the reference “%(reference)s”."),
            code="unknown",
            params={"reference": reference},
        )


class KnowledgeTransferOutputForm(StaffModelForm[KnowledgeTransferOutput]):
    project = ProjectReferenceField(
        label=_("Research project"),
        required=False,
        help_text=_("The reference of the research project it came from, if any."),
    )
    counterparty = OrganisationField(label=_("Counterparty"), required=False)
    create = staticmethod(kt_output_create_from_form)
    update = staticmethod(kt_output_update)

    class Meta:
        model = KnowledgeTransferOutput
        fields = [
            "reference",
            "kind",
            "title_en",
            "title_zh_hant",
            "title_zh_hans",
            "occurred_on",
            "project",
            "unit",
            "counterparty",
            "income",
            "currency",
            "income_hkd",
        ]
        widgets = {"occurred_on": DATE}
        help_texts = {
            "unit": _("Left empty, the project's unit."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = home_units()
