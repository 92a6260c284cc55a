"""Indexes for the staff list's default order (newest signed first, open dates last).

PostgreSQL puts NULLs first in a DESC index unless told otherwise, and SQLite rejects NULLS
LAST in an index (its DESC order already puts NULLs last), so the statement differs by engine.
"""

from typing import Any

from django.db import migrations

INDEXES = {
    "agreement_signed_desc": "",
    "agreement_unit_signed_desc": "owner_unit_id, ",
    "agreement_status_signed_desc": "status, ",
}


def create(apps: Any, schema_editor: Any) -> None:
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    for name, leading in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON agreements_agreement ({leading}signed_on DESC{nulls}, id DESC)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_lifecycle_documents_reminders")]

    operations = [migrations.RunPython(create, drop)]
