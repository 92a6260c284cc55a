from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "baylink.ventures"
    label = "ventures"
    verbose_name = _("Entrepreneurship")

    def ready(self) -> None:
        from baylink.core.tabular.registry import register_kind
        from baylink.ventures.exports import PARTICIPANTS, STARTUPS

        register_kind(STARTUPS)
        register_kind(PARTICIPANTS)
