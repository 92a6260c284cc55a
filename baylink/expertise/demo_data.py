"""Demo researcher profiles, so that the expertise finder has someone to find.

160 fictional researchers at real Hong Kong, Macao and Greater Bay Area universities, each
profile written in English, Traditional or Simplified Chinese: hand-written for Baylink (the
people and their projects are invented; no text comes from real profiles). The same importer
as `baylink import-profiles` reads them; `baylink demo` builds the search index afterwards.
"""

import gzip
from datetime import date
from pathlib import Path

from baylink.demo.users import demo_user
from baylink.expertise.importers import profiles_import
from baylink.expertise.models import ResearcherProfile

PROFILES = Path(__file__).resolve().parent / "data" / "demo-profiles.jsonl.gz"
# A researcher at the home university who signs in to keep their own profile current.
RESEARCHER_USERNAME = "demo-researcher"


def load(*, seed: int, today: date) -> dict[str, int]:
    report = profiles_import(data=gzip.decompress(PROFILES.read_bytes()), actor=None)
    own = (
        ResearcherProfile.objects.filter(
            pk__in=report.created, person__organisation__is_home=True, language="en"
        )
        .order_by("external_id")
        .first()
    )
    if own is not None:
        user = demo_user(RESEARCHER_USERNAME, first_name=own.person.name_en)
        ResearcherProfile.objects.filter(pk=own.pk).update(user=user)
    return {"researcher profiles": len(report.created)}
