"""Reads for the workspace overview, notifications, preferences and a user's API tokens."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from baylink.accounts.models import ApiToken, Notification, PersonalDataExport, Preferences
from baylink.accounts.permissions import agreement_scope
from baylink.agreements.models import Agreement

ENDING_STATUSES = [Agreement.Status.ACTIVE, Agreement.Status.EXPIRING, Agreement.Status.SIGNED]


def agreements_ending(
    *, user: User | AnonymousUser, today: date, within_days: int = 180
) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(
            agreement_scope(user),
            status__in=ENDING_STATUSES,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=within_days),
        )
        .select_related("owner_unit")
        .order_by("ends_on", "pk")
    )


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")


def personal_data_export_list() -> QuerySet[PersonalDataExport]:
    """Every logged export of personal data, newest first."""
    return PersonalDataExport.objects.select_related("user")


# For users who never signed in and chose nothing (and for people without an account).
DEFAULT_EMAIL_LANGUAGE = "en"


def _known(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else DEFAULT_EMAIL_LANGUAGE


def preferences_of(user: User) -> Preferences:
    """The user's preferences (unsaved defaults if they have none yet)."""
    found = Preferences.objects.filter(user=user).first()
    return found or Preferences(user=user)


def email_language(user: User | None) -> str:
    """The language to e-mail the user in: their choice, else the site's at their last sign-in,
    else English. Reads `user.preferences` if it was selected with the user."""
    if user is None:
        return DEFAULT_EMAIL_LANGUAGE
    try:
        preferences = user.preferences
    except Preferences.DoesNotExist:
        return DEFAULT_EMAIL_LANGUAGE
    return _known(preferences.language)
