"""Record-level rules on top of model permissions: a unit coordinator's own unit."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from baylink.accounts.models import Role, StaffProfile
from baylink.agreements.models import Agreement
from baylink.directory.models import Unit

Viewer = User | AnonymousUser


def unit_with_descendants(unit: Unit) -> list[int]:
    """The unit and every unit below it (faculty → departments → centres)."""
    found = [unit.pk]
    frontier = [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        found.extend(frontier)
    return found


def staff_role(user: Viewer) -> StaffProfile | None:
    if isinstance(user, AnonymousUser):
        return None
    # One query per request: the profile is remembered on the user object.
    if not hasattr(user, "_baylink_staff_profile"):
        profile = StaffProfile.objects.select_related("unit").filter(user=user).first()
        user._baylink_staff_profile = profile  # type: ignore[attr-defined]  # per-request memo
    return user._baylink_staff_profile  # type: ignore[attr-defined, no-any-return]  # set above


def agreement_scope(user: Viewer) -> Q:
    """A filter for the agreements this user may see (nothing for strangers)."""
    if not user.is_authenticated or not user.has_perm("agreements.view_agreement"):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return Q()
    profile = staff_role(user)
    if profile is not None and profile.role == Role.UNIT_COORDINATOR and profile.unit:
        return Q(owner_unit_id__in=unit_with_descendants(profile.unit))
    return Q()


def agreement_visible_to(user: Viewer, agreement: Agreement) -> bool:
    return Agreement.objects.filter(agreement_scope(user), pk=agreement.pk).exists()


def agreement_editable_by(user: Viewer, agreement: Agreement) -> bool:
    return user.has_perm("agreements.change_agreement") and agreement_visible_to(user, agreement)


def coordinator_units(user: Viewer) -> list[int] | None:
    """Units a coordinator may assign as owner; None means any unit."""
    profile = staff_role(user)
    if profile is not None and profile.role == Role.UNIT_COORDINATOR and profile.unit:
        return unit_with_descendants(profile.unit)
    return None
