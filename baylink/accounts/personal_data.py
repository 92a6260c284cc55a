"""Who may see and export students' personal data, and the log of every such export.

Student records show their personal fields (student number, e-mail, Chinese name, ...) only to
roles that need them; every export of personal data is logged
(`services.personal_data_export_record`).
"""

from django.contrib.auth.models import AnonymousUser, User

Viewer = User | AnonymousUser

VIEW_PERMISSION = "accounts.view_personal_data"
EXPORT_PERMISSION = "accounts.export_personal_data"
MASK = "•••"


def can_view_personal_data(user: Viewer) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_PERMISSION)


def can_export_personal_data(user: Viewer) -> bool:
    return user.is_authenticated and user.has_perm(EXPORT_PERMISSION)


def personal_value(user: Viewer, value: object) -> object:
    """The value for those who may see personal data, a mask for everyone else."""
    return value if can_view_personal_data(user) else MASK
