"""`baylink api-token USERNAME [--name N] [--days D]`: print a new personal API token."""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from baylink.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it (shown only this once). "
        "Send it as “Authorization: Bearer <token>”; it has the user's permissions."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="The account the token acts as.")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument(
            "--days", type=int, default=None, help="Expire after this many days (default: never)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                _("There is no user “%(username)s”.") % {"username": options["username"]}
            )
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError(_("--days must be a whole number from 1 up."))
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            token, secret = api_token_create(
                user=user, name=options["name"] or _("Command line"), expires_at=expires_at
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(secret)
        self.stderr.write(
            _("Token “%(name)s” for %(username)s. Store it now: it cannot be shown again.")
            % {"name": token.name, "username": user.username}
        )
