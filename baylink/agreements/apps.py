from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "baylink.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from baylink.core.events import organisations_renamed

        organisations_renamed.connect(_follow_renamed, dispatch_uid="agreements-follow-renamed")


def _follow_renamed(sender: object, organisation_ids: list[int], **kwargs: object) -> None:
    from baylink.agreements.services import agreements_follow_renamed_parties

    agreements_follow_renamed_parties(organisation_ids)
