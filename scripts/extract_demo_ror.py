"""Copy the ROR records the demo needs from the shared ROR subset into the repository.

Run once by a developer (the demo and the tests never read ../shared):
    .venv/bin/python scripts/extract_demo_ror.py ../shared/data/ror/ror-subset-v2.zip

Picks, deterministically: the organisations named on the seed page, every active organisation
in a Greater Bay Area city, universities across the world as exchange partners, mainland
institutes, companies and funders. ROR data is CC0.
"""

import gzip
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "baylink" / "demo" / "data" / "ror-demo.json.gz"

SEED = {
    "0030zas98",
    "01vy4gh70",
    "0064kty71",
    "03jqs2n27",
    "0499dwk57",
    "01y64my43",
    "03qdqbt06",
    "02jkmyk67",
    "0356cst02",
    "034t30j35",
    "00q3xz126",
    "01h0zpd94",
    "04vf9tr09",
    "05t4nb462",
}
GBA_COUNTRIES = {"HK", "MO"}
GBA_MAINLAND = {
    "Guangzhou",
    "Shenzhen",
    "Zhuhai",
    "Foshan",
    "Huizhou",
    "Dongguan",
    "Zhongshan",
    "Jiangmen",
    "Zhaoqing",
    "Nanshan",
    "Hengqin",
    "Guangming District",
    "Haizhu Qu",
}
EXCHANGE_QUOTAS = {
    "CN": 40,
    "TW": 14,
    "JP": 26,
    "KR": 18,
    "SG": 4,
    "MY": 6,
    "TH": 6,
    "VN": 4,
    "ID": 4,
    "IN": 6,
    "AU": 14,
    "NZ": 5,
    "US": 42,
    "CA": 14,
    "GB": 30,
    "IE": 4,
    "DE": 20,
    "FR": 18,
    "NL": 8,
    "BE": 5,
    "CH": 5,
    "AT": 4,
    "SE": 6,
    "DK": 4,
    "NO": 4,
    "FI": 5,
    "IT": 10,
    "ES": 10,
    "PT": 5,
    "PL": 5,
    "CZ": 3,
    "IL": 3,
    "TR": 4,
    "MX": 4,
    "BR": 5,
    "CL": 2,
    "ZA": 3,
}
COMPANY_QUOTAS = {"US": 8, "JP": 6, "DE": 6, "GB": 4, "KR": 4, "FR": 4, "CH": 2, "SG": 2}
MAINLAND_INSTITUTES = 40


def display_name(record: dict[str, Any]) -> str:
    for name in record["names"]:
        if "ror_display" in name["types"]:
            return str(name["value"])
    return str(record["names"][0]["value"])


def location(record: dict[str, Any]) -> tuple[str, str]:
    if not record["locations"]:
        return "", ""
    details = record["locations"][0]["geonames_details"]
    return details.get("country_code") or "", details.get("name") or ""


def is_gba(record: dict[str, Any]) -> bool:
    country, city = location(record)
    return country in GBA_COUNTRIES or (country == "CN" and city in GBA_MAINLAND)


def main(path: str) -> None:
    with zipfile.ZipFile(path) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".json"))
        records = sorted(json.loads(archive.read(member)), key=lambda r: r["id"])
    chosen: dict[str, dict[str, Any]] = {}
    exchange: Counter[str] = Counter()
    companies: Counter[str] = Counter()
    institutes = 0
    for record in records:
        ror = record["id"].rsplit("/", 1)[-1]
        country, _ = location(record)
        name = display_name(record)
        active = record["status"] == "active"
        if ror in SEED or (active and is_gba(record)):
            chosen[ror] = record
        elif not active:
            continue
        elif "education" in record["types"] and "Universit" in name and country != "HK":
            if exchange[country] < EXCHANGE_QUOTAS.get(country, 0):
                exchange[country] += 1
                chosen[ror] = record
        elif "company" in record["types"] and companies[country] < COMPANY_QUOTAS.get(country, 0):
            companies[country] += 1
            chosen[ror] = record
        elif (
            country == "CN"
            and "Chinese Academy of Sciences" in " ".join(n["value"] for n in record["names"])
            and "facility" in record["types"]
            and institutes < MAINLAND_INSTITUTES
        ):
            institutes += 1
            chosen[ror] = record
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(list(chosen.values()), ensure_ascii=False, sort_keys=True).encode()
    OUT.write_bytes(gzip.compress(payload, mtime=0))
    print(f"{len(chosen)} records -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv[1])
