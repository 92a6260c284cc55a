from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "baylink.evaluations"
    label = "evaluations"
    verbose_name = _("Placement evaluations")

    def ready(self) -> None:
        from baylink.core.tabular.registry import Kind, register_kind

        register_kind(
            Kind(
                name="placement-records",
                label=_("WIE placement records"),
                model="evaluations.PlacementRecord",
                importer="baylink.evaluations.importers.PlacementRecordImporter",
                exporter="baylink.evaluations.importers.export_placement_records",
                columns="baylink.evaluations.importers.COLUMNS",
                filterset="baylink.evaluations.filters.PersonalPlacementRecordFilterSet",
                list_url="evaluations:record-list",
                # Student numbers and names: exporting needs export_personal_data, and is logged.
                personal_data=True,
            )
        )
