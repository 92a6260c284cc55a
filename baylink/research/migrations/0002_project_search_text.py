"""Projects are found by reference and title in any script: the folded search text, filled in
for the projects already there."""

from typing import Any

from django.db import migrations, models

from baylink.core.search import search_text

BATCH = 500


def fill(apps: Any, schema_editor: Any) -> None:
    project_model = apps.get_model("research", "Project")
    changed = []
    for project in project_model.objects.only(
        "pk", "reference", "title_en", "title_zh_hant", "title_zh_hans"
    ).iterator(chunk_size=BATCH):
        project.search_text = search_text(
            [project.reference, project.title_en, project.title_zh_hant, project.title_zh_hans]
        )
        changed.append(project)
        if len(changed) >= BATCH:
            project_model.objects.bulk_update(changed, ["search_text"])
            changed = []
    project_model.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
