from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _curated_names_sync(*, using: str = "default", **kwargs: Any) -> None:
    """After every migrate (an upgrade runs one): the curated table shipped with this release
    reaches directory search now, not at the next ROR import."""
    from baylink.resolution.services import curated_aliases_sync

    if using == "default":
        curated_aliases_sync()


class ResolutionConfig(AppConfig):
    name = "baylink.resolution"
    label = "resolution"
    verbose_name = _("Name resolution")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Sent once per app, after every app's migrations have run: the directory's tables
        # are there.
        post_migrate.connect(_curated_names_sync, sender=self, dispatch_uid="curated-names")
