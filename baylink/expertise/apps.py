from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reindex_labs(sender: Any, initiative_ids: list[int], **kwargs: Any) -> None:
    from django.db import transaction

    from baylink.expertise.tasks import index_labs

    # After commit: the worker must see the saved text, and a rolled-back edit queues nothing.
    transaction.on_commit(lambda: index_labs.enqueue(list(initiative_ids)))


def _forget_outcome(sender: Any, actor: Any, output: Any, **kwargs: Any) -> None:
    from baylink.expertise.services import challenges_lose_outcome

    challenges_lose_outcome(actor=actor, output=output)


class ExpertiseConfig(AppConfig):
    name = "baylink.expertise"
    label = "expertise"
    verbose_name = _("Expertise")

    def ready(self) -> None:
        from baylink.core.events import initiatives_changed, kt_output_deleting
        from baylink.core.tabular.registry import Kind, register_kind

        initiatives_changed.connect(_reindex_labs, dispatch_uid="expertise-reindex-labs")
        kt_output_deleting.connect(_forget_outcome, dispatch_uid="expertise-forget-outcome")
        register_kind(
            Kind(
                name="challenges",
                label=_("Challenges"),
                model="expertise.Challenge",
                importer="baylink.expertise.challenge_importers.ChallengeImporter",
                exporter="baylink.expertise.challenge_importers.export_challenges",
                exporter_options="baylink.expertise.challenge_importers.export_options",
                columns="baylink.expertise.challenge_importers.COLUMNS",
                filterset="baylink.expertise.filters.ChallengeFilterSet",
                list_url="expertise:challenge-list",
            )
        )
