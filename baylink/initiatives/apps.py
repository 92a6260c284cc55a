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
