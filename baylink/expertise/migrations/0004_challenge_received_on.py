"""The day a challenge was received, for the challenges already there the day it was saved
(in Hong Kong time)."""

from typing import Any

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone

import baylink.expertise.models


def fill(apps: Any, schema_editor: Any) -> None:
    challenge_model = apps.get_model("expertise", "Challenge")
    for challenge in challenge_model.objects.iterator(chunk_size=500):
        challenge.received_on = timezone.localdate(challenge.created_at)
        challenge.save(update_fields=["received_on"])


class Migration(migrations.Migration):
    dependencies = [("expertise", "0003_challenge_search_text")]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="received_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="challenge",
            name="received_on",
            field=models.DateField(
                db_index=True,
                default=django.utils.timezone.localdate,
                validators=[baylink.expertise.models.not_after_today],
                verbose_name="received",
            ),
        ),
    ]
