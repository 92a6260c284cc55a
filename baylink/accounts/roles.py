"""What each role may do, as Django groups holding model permissions (kept in sync on migrate).

Unit scoping (a coordinator's own unit) is not a model permission: see `permissions.py`.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from baylink.accounts.models import Role

EDITED_APPS = ["directory", "agreements", "initiatives", "research", "talent", "expertise"]
READ_APPS = [*EDITED_APPS, "reporting", "core", "resolution"]

GROUP_NAMES: dict[str, str] = {
    Role.ADMINISTRATOR: "Administrators",
    Role.PARTNERSHIP_OFFICER: "Partnership officers",
    Role.UNIT_COORDINATOR: "Unit coordinators",
    Role.VIEWER: "Viewers",
}


def role_permissions(role: str) -> "Q":
    baylink_apps = Q(content_type__app_label__in=READ_APPS)
    if role == Role.ADMINISTRATOR:
        return baylink_apps | Q(content_type__app_label="auth", content_type__model="user")
    viewing = Q(content_type__app_label__in=READ_APPS, codename__startswith="view_")
    if role == Role.PARTNERSHIP_OFFICER:
        return viewing | Q(content_type__app_label__in=EDITED_APPS)
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
