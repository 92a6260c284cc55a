from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "baylink.exchange"
    label = "exchange"
    verbose_name = _("Student exchange")

    def ready(self) -> None:
        from baylink.core.tabular.registry import Kind, register_kind

        register_kind(
            Kind(
                name="exchange-nominations",
                label=_("Exchange nominations (outbound)"),
                model="exchange.Nomination",
                importer="baylink.exchange.importers.NominationImporter",
                exporter="baylink.exchange.importers.export_nominations",
                columns="baylink.exchange.importers.NOMINATION_COLUMNS",
                filterset="baylink.exchange.filters.NominationFilterSet",
                list_url="exchange:nomination-list",
                visible_to="baylink.exchange.selectors.exchange_scope",
                personal_data=True,
            )
        )
        register_kind(
            Kind(
                name="exchange-inbound",
                label=_("Exchange applications (inbound)"),
                model="exchange.InboundApplication",
                importer="baylink.exchange.importers.InboundApplicationImporter",
                exporter="baylink.exchange.importers.export_inbound_applications",
                columns="baylink.exchange.importers.INBOUND_COLUMNS",
                filterset="baylink.exchange.filters.InboundApplicationFilterSet",
                list_url="exchange:inbound-list",
                visible_to="baylink.exchange.selectors.exchange_scope",
                personal_data=True,
            )
        )
