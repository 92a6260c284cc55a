from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "baylink.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from baylink.accounts.roles import role_groups_sync
        from baylink.accounts.services import signed_in_language_record

        # After every app: permissions of apps migrated later must join the groups too.
        post_migrate.connect(role_groups_sync, dispatch_uid="baylink-role-groups")
        user_logged_in.connect(signed_in_language_record, dispatch_uid="baylink-sign-in-language")
