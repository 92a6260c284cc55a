from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "baylink.research"
    label = "research"
    verbose_name = _("Research and knowledge transfer")

    def ready(self) -> None:
        from baylink.core.tabular.registry import Kind, register_kind

        register_kind(
            Kind(
                name="research-projects",
                label=_("Research projects"),
                model="research.Project",
                importer="baylink.research.importers.ProjectImporter",
                exporter="baylink.research.importers.export_projects",
                columns="baylink.research.importers.COLUMNS",
                filterset="baylink.research.filters.ProjectFilterSet",
                list_url="research:project-list",
            )
        )
        register_kind(
            Kind(
                name="kt-outputs",
                label=_("KT outputs"),
                model="research.KnowledgeTransferOutput",
                importer="baylink.research.kt_importers.KnowledgeTransferOutputImporter",
                exporter="baylink.research.kt_importers.export_kt_outputs",
                columns="baylink.research.kt_importers.KT_COLUMNS",
                filterset="baylink.research.filters.KnowledgeTransferOutputFilterSet",
                list_url="research:kt-output-list",
            )
        )
