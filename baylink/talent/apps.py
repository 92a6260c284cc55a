from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "baylink.talent"
    label = "talent"
    verbose_name = _("Talent programmes")

    def ready(self) -> None:
        from baylink.core.tabular.registry import Kind, register_kind

        register_kind(
            Kind(
                name="placements",
                label=_("WIE placements"),
                model="talent.Placement",
                importer="baylink.talent.importers.PlacementImporter",
                exporter="baylink.talent.importers.export_placements",
                columns="baylink.talent.importers.PLACEMENT_COLUMNS",
                filterset="baylink.talent.filters.PlacementFilterSet",
                list_url="talent:placement-list",
            )
        )
        register_kind(
            Kind(
                name="students",
                label=_("Students"),
                model="talent.Student",
                importer="baylink.talent.importers.StudentImporter",
                exporter="baylink.talent.importers.export_students",
                columns="baylink.talent.importers.STUDENT_COLUMNS",
                filterset="baylink.talent.filters.StudentFilterSet",
                list_url="talent:student-list",
                personal_data=True,
            )
        )
