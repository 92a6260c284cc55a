from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionConfig(AppConfig):
    name = "baylink.resolution"
    label = "resolution"
    verbose_name = _("Name resolution")
