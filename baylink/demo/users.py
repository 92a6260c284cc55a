"""One demo account per role, with known passwords, so that visitors can try each role."""

from dataclasses import dataclass

from django.contrib.auth.models import User

from baylink.accounts.models import Role
from baylink.accounts.services import staff_role_assign, staff_user_create
from baylink.directory.models import Unit


def demo_password(username: str) -> str:
    """Every demo account's password: its name and the year of the page Baylink replaces."""
    return f"{username}-2019"


def demo_user(username: str, *, first_name: str = "") -> User:
    """A demo account without a staff role (a student, a host, a researcher), made once."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@demo.baylink.invalid",
            password=demo_password(username),
            first_name=first_name,
        )
    return user


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    unit: str = ""


def _coordinator_unit() -> Unit | None:
    # The unit that owns most agreements makes the coordinator's view worth looking at.
    from django.db.models import Count

    return (
        Unit.objects.filter(organisation__is_home=True)
        .annotate(owned=Count("agreements"))
        .order_by("-owned", "pk")
        .first()
    )


def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the demo accounts if missing (a second run changes nothing) and list them."""
    unit = _coordinator_unit()
    accounts = []
    for role in Role.values:
        username = f"demo-{role.replace('_', '-')}"
        password = demo_password(username)
        role_unit = unit if role == Role.UNIT_COORDINATOR else None
        user = User.objects.filter(username=username).first()
        if user is None:
            staff_user_create(
                username=username,
                email=f"{username}@demo.baylink.invalid",
                password=password,
                role=role,
                unit=role_unit,
            )
        elif not hasattr(user, "staff_profile"):
            staff_role_assign(user=user, role=role, unit=role_unit)
        accounts.append(
            DemoAccount(username, password, str(Role(role).label), str(role_unit or ""))
        )
    return accounts
