from itertools import count

from django.contrib.auth.models import User

from baylink.accounts.models import Role
from baylink.accounts.services import api_token_create, staff_user_create
from baylink.directory.models import Unit

_numbers = count(1)
PASSWORD = "a-long-test-password-1"


def staff_user(role: str = Role.PARTNERSHIP_OFFICER, unit: Unit | None = None) -> User:
    number = next(_numbers)
    return staff_user_create(
        username=f"{role}-{number}",
        email=f"{role}-{number}@example.edu.hk",
        password=PASSWORD,
        role=role,
        unit=unit,
    )


def api_token(user: User) -> str:
    """A new API token's secret for the user."""
    return api_token_create(user=user, name="test")[1]


def bearer(secret: str) -> dict[str, str]:
    """Headers (for the test client's `headers=`) carrying the token."""
    return {"Authorization": f"Bearer {secret}"}
