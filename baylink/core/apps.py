from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "baylink.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from baylink.core.search_refresh import search_texts_follow_folding

        post_migrate.connect(
            search_texts_follow_folding, sender=self, dispatch_uid="search-texts-follow-folding"
        )
