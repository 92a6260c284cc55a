"""What each role may do, as Django groups holding model permissions (kept in sync on migrate).

Unit scoping (a coordinator's own unit) is not a model permission: see `permissions.py`.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from baylink.accounts.models import Role

PARTNERSHIP_APPS = ["directory", "agreements", "initiatives", "research", "expertise", "ventures"]
EDITED_APPS = [*PARTNERSHIP_APPS, "talent", "evaluations", "exchange"]
READ_APPS = [*EDITED_APPS, "reporting", "core", "resolution"]
# Seeing and exporting students' personal data (see accounts.PersonalDataExport).
PERSONAL_DATA = Q(
    content_type__app_label="accounts",
    codename__in=["view_personal_data", "export_personal_data"],
)
# The log of those exports is for oversight: administrators only.
EXPORT_LOG = Q(content_type__app_label="accounts", codename="view_personaldataexport")

GROUP_NAMES: dict[str, str] = {
    Role.ADMINISTRATOR: "Administrators",
    Role.PARTNERSHIP_OFFICER: "Partnership officers",
    Role.UNIT_COORDINATOR: "Unit coordinators",
    Role.CAREERS_OFFICER: "Careers and WIE officers",
    Role.EXCHANGE_OFFICER: "Exchange officers",
    Role.VIEWER: "Viewers",
}


def role_permissions(role: str) -> "Q":
    baylink_apps = Q(content_type__app_label__in=READ_APPS)
    if role == Role.ADMINISTRATOR:
        users = Q(content_type__app_label="auth", content_type__model="user")
        return baylink_apps | users | PERSONAL_DATA | EXPORT_LOG
    viewing = Q(content_type__app_label__in=READ_APPS, codename__startswith="view_")
    if role == Role.PARTNERSHIP_OFFICER:
        return viewing | Q(content_type__app_label__in=PARTNERSHIP_APPS)
    if role == Role.CAREERS_OFFICER:
        return viewing | Q(content_type__app_label__in=["talent", "evaluations"]) | PERSONAL_DATA
    if role == Role.EXCHANGE_OFFICER:
        return viewing | Q(content_type__app_label="exchange") | PERSONAL_DATA
    if role == Role.UNIT_COORDINATOR:
        # Agreements of their own unit only (checked per record); everything else read-only.
        own_agreements = Q(content_type__app_label="agreements") & ~Q(codename="delete_agreement")
        return viewing | own_agreements
    return viewing


def role_groups_sync(**kwargs: Any) -> None:
    """Create or update one group per role (post_migrate, so new models' permissions join)."""
    app_config = kwargs.get("app_config")
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is not with_models[-1]:
        return  # post_migrate fires once per app with models: sync once, after the last one
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(role_permissions(role))
        group.permissions.set(wanted)
