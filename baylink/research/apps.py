from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "baylink.research"
    label = "research"
    verbose_name = _("Research and knowledge transfer")
