"""The `baylink` console command: Django's manage.py under the project's name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a Django management command; `baylink load-demo` is `load_demo`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baylink.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    # Our documented command names use hyphens; Django's modules cannot.
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
