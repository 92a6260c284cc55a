"""A challenge records the KT outputs (contracts, consultancies...) it led to."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("expertise", "0004_challenge_received_on"),
        ("research", "0005_kt_income_in_hkd"),
    ]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="outcomes",
            field=models.ManyToManyField(
                blank=True,
                related_name="challenges",
                to="research.knowledgetransferoutput",
                verbose_name="KT outputs it led to",
            ),
        ),
    ]
