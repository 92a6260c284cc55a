from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "baylink.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from baylink.core.events import organisation_links_changed
        from baylink.reporting.partners import on_organisation_links_changed

        organisation_links_changed.connect(
            on_organisation_links_changed, dispatch_uid="reporting-partner-flags"
        )
