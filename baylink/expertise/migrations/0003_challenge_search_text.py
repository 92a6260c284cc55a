"""Challenges are found by folded words like every list: the search text, filled in for the
challenges already there."""

from typing import Any

from django.db import migrations, models

from baylink.core.search import search_text


def fill(apps: Any, schema_editor: Any) -> None:
    challenge_model = apps.get_model("expertise", "Challenge")
    for challenge in challenge_model.objects.iterator(chunk_size=500):
        challenge.search_text = search_text(
            [challenge.title, challenge.text, challenge.contact_organisation]
        )
        challenge.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("expertise", "0002_challenge_sent_by_a_company")]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
