"""Demo researcher profiles, so that the expertise finder has someone to find.

160 fictional researchers at real Hong Kong, Macao and Greater Bay Area universities, each
profile written in English, Traditional or Simplified Chinese: hand-written for Baylink (the
people and their projects are invented; no text comes from real profiles). The same importer
as `baylink import-profiles` reads them; `baylink demo` builds the search index afterwards.
"""

import gzip
from datetime import date
from pathlib import Path

from baylink.expertise.importers import profiles_import

PROFILES = Path(__file__).resolve().parent / "data" / "demo-profiles.jsonl.gz"


def load(*, seed: int, today: date) -> dict[str, int]:
    report = profiles_import(data=gzip.decompress(PROFILES.read_bytes()), actor=None)
    return {"researcher profiles": len(report.created)}
