"""baylink demo: prepare the database (migrate, load demo data once) and serve with gunicorn."""

import os
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles.finders import find
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baylink.demo.services import demo_is_loaded
from baylink.demo.users import demo_accounts_ensure, demo_password
from baylink.expertise import demo_data as expertise_demo
from baylink.expertise.indexing import index_in_step
from baylink.talent import demo_data as talent_demo


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo data if it is not there yet, collect static files "
        "and serve Baylink with gunicorn (a production-grade server)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, (os.cpu_count() or 1) + 1),
            help="gunicorn worker processes (default: CPUs + 1, at most 4)",
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if not find("vendor/bootstrap/bootstrap.min.css"):
            raise CommandError(
                "The front-end assets are missing. Run `make assets` (needs npm) or `make demo`."
            )
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        if demo_is_loaded():
            self.stdout.write("Demo data already loaded; reusing the database.")
        else:
            call_command("load_demo", stdout=self.stdout)
        if not index_in_step():
            self.stdout.write("Building the expertise finder's search index...")
            call_command("reindex", "--no-progress", stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Demo accounts (sign in at /en/accounts/login/):")
        for account in demo_accounts_ensure():
            unit = f", {account.unit}" if account.unit else ""
            self.stdout.write(f"  {account.role}{unit}: {account.username} / {account.password}")
        # The WIE pages for students and hosts (/wie/), and a researcher's own profile, have
        # demo accounts of their own.
        for label, username in (
            ("WIE student", talent_demo.STUDENT_USERNAME),
            ("WIE host organisation", talent_demo.HOST_USERNAME),
            ("Researcher (edits their own profile)", expertise_demo.RESEARCHER_USERNAME),
        ):
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"  {label}: {username} / {demo_password(username)}")
        if options["no_serve"]:
            return
        from baylink.demo.server import serve

        address = f"{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Serving Baylink on http://{address}/"))
        serve(bind=address, workers=options["workers"])
