"""Test data for expertise: profiles straight through the ORM, users with permissions."""

from itertools import count

from django.contrib.auth.models import Permission, User

from baylink.directory.tests.factories import home, person
from baylink.expertise.models import Language, ResearcherProfile

_numbers = count(1)


def profile(
    *,
    name: str = "",
    keywords: tuple[str, ...] = ("robotics",),
    statement: str = "",
    language: str = Language.EN,
    user: User | None = None,
) -> ResearcherProfile:
    number = next(_numbers)
    researcher = person(name or f"Researcher {number}")
    researcher.organisation = home()
    researcher.save()
    return ResearcherProfile.objects.create(
        person=researcher,
        user=user,
        language=language,
        keywords=list(keywords),
        statement=statement,
        external_id=f"f-{number}",
    )


def user(username: str = "", *, permissions: tuple[str, ...] = ()) -> User:
    account = User.objects.create_user(username or f"user{next(_numbers)}", password="x")
    for codename in permissions:
        account.user_permissions.add(Permission.objects.get(codename=codename))
    return User.objects.get(pk=account.pk)  # fresh, so the permission cache is empty


def staff() -> User:
    return user(
        permissions=(
            "view_challenge",
            "add_challenge",
            "change_challenge",
            "change_researcherprofile",
        )
    )
