"""Reference data every installation needs: the ROR organisation types and the 11 GBA cities."""

import csv
from pathlib import Path

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ROR_TYPES = [
    "archive",
    "company",
    "education",
    "facility",
    "funder",
    "government",
    "healthcare",
    "nonprofit",
    "other",
]
# GeoNames ids of the city records ROR uses for these cities (as seen in ROR's data; the others
# are matched by name when organisations are imported).
GEONAMES_IDS = {
    "HK": 1819729,
    "MO": 1821274,
    "GZ": 1809858,
    "SZ": 1795565,
    "ZH": 1790437,
    "FS": 1811103,
    "HZ": 1806776,
    "DG": 1812545,
}
CITIES_CSV = Path(__file__).resolve().parent.parent / "data" / "gba-cities.csv"


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    organisation_type = apps.get_model("directory", "OrganisationType")
    city = apps.get_model("directory", "City")
    for code in ROR_TYPES:
        organisation_type.objects.get_or_create(code=code)
    with CITIES_CSV.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            city.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_en": row["name_en"],
                    "name_zh_hant": row["name_zh_hant"],
                    "name_zh_hans": row["name_zh_hans"],
                    "country_code": row["country"],
                    "admin_code": row["admin_code"],
                    "geonames_id": GEONAMES_IDS.get(row["code"]),
                    "is_gba": True,
                    "longitude": float(row["lon"]),
                    "latitude": float(row["lat"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
