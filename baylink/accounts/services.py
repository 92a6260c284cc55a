"""Writes to accounts: staff users with a role, preferences, notifications read, API tokens."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baylink.accounts.models import (
    ApiToken,
    Notification,
    PersonalDataExport,
    Preferences,
    Role,
    StaffProfile,
)
from baylink.accounts.roles import GROUP_NAMES, role_groups_sync
from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.models import AuditEntry
from baylink.directory.models import Unit

# Every token starts so; a secret scanner (or a reader) can recognise a leaked one.
TOKEN_PREFIX = "bl_"
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def staff_user_create(
    *,
    username: str,
    email: str,
    password: str,
    role: str,
    unit: Unit | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    if role == Role.UNIT_COORDINATOR and unit is None:
        raise ValidationError({"unit": _("A unit coordinator needs a unit.")})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    staff_role_assign(user=user, role=role, unit=unit)
    return user


@transaction.atomic
def staff_role_assign(*, user: User, role: str, unit: Unit | None = None) -> StaffProfile:
    """Give the user exactly one role (its group) and, for coordinators, their unit."""
    if not Group.objects.filter(name=GROUP_NAMES[role]).exists():
        role_groups_sync()
    profile, _created = StaffProfile.objects.update_or_create(
        user=user, defaults={"role": role, "unit": unit if role == Role.UNIT_COORDINATOR else None}
    )
    profile.full_clean()
    user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()))
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return profile


def preferences_update(*, user: User, email_language: str) -> Preferences:
    """Save the user's choice of e-mail language ("": that of their last sign-in)."""
    if email_language and email_language not in dict(settings.LANGUAGES):
        raise ValidationError({"email_language": _("Choose one of the languages offered.")})
    preferences, _created = Preferences.objects.update_or_create(
        user=user, defaults={"email_language": email_language}
    )
    return preferences


def signed_in_language_record(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    """On sign-in (Django's user_logged_in): remember the language the user reads the site in,
    which Baylink writes to them in until they choose one."""
    language = translation.get_language() or ""
    if language not in dict(settings.LANGUAGES):
        return
    updated = Preferences.objects.filter(user=user).update(signed_in_language=language)
    if not updated:
        Preferences.objects.get_or_create(user=user, defaults={"signed_in_language": language})


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def api_token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for the user; the secret is returned once and only its hash is stored."""
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot have API tokens."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[:8],
        key_hash=api_token_hash(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=user,
        instance=token,
        action=AuditEntry.Action.CREATE,
        after=snapshot(token, exclude=["key_hash"]),
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Stop the token working at once; revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    before = snapshot(token, exclude=["key_hash"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        instance=token,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(token, exclude=["key_hash"]),
    )
    return token


def api_token_user(*, secret: str) -> User | None:
    """The active user a presented token belongs to, or None (unknown, revoked, expired)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    presented = api_token_hash(secret)
    # Looked up by hash, so the comparison never depends on how much of a secret matches.
    token = ApiToken.objects.select_related("user").filter(key_hash=presented).first()
    if token is None or not hmac.compare_digest(token.key_hash, presented):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        # At most one write a minute per token, so busy clients do not write on every call.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def personal_data_export_record(
    *, user: User | None, kind: str, rows: int, file_format: str, query: str = ""
) -> PersonalDataExport:
    """Log one export of personal data (user None: by `baylink export` on the server)."""
    return PersonalDataExport.objects.create(
        user=user, kind=kind, rows=rows, file_format=file_format, query=query[:500]
    )
