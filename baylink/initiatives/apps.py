from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "baylink.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from baylink.core.tabular.registry import Kind, register_kind

        register_kind(
            Kind(
                name="initiatives",
                label=_("Initiatives"),
                model="initiatives.Initiative",
                importer="baylink.initiatives.importers.InitiativeImporter",
                exporter="baylink.initiatives.importers.export_initiatives",
                columns="baylink.initiatives.importers.COLUMNS",
                filterset="baylink.initiatives.filters.InitiativeFilterSet",
                list_url="initiatives:staff-list",
            )
        )
        register_kind(
            Kind(
                name="facilities",
                label=_("Facilities"),
                model="initiatives.Facility",
                importer="baylink.initiatives.facility_importers.FacilityImporter",
                exporter="baylink.initiatives.facility_importers.export_facilities",
                columns="baylink.initiatives.facility_importers.COLUMNS",
                filterset="baylink.initiatives.filters.FacilityFilterSet",
                list_url="initiatives:facility-list",
            )
        )
