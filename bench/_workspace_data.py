"""Deterministic test data for bench/workspace.py: import workbooks and API-scale rows.

Everything comes from `random.Random(seed)`, so the same arguments give the same files and rows.

Organisations (the import's columns `name_en,name_zh_hant,name_zh_hans,ror_id,type,city,
country,website`): row i is a university, institute, hospital or company with an English name
(unique: it carries i), a Chinese name for two rows in three (Traditional or Simplified, the
other column left blank for the importer to convert), a ROR-shaped id (unique, from i), one or
two ROR types, a Greater Bay Area city in one of its three spellings (Shenzhen, 深圳, SZ) for
four rows in five, else a foreign country with no city, and a website.

Agreements (`reference,kind,title_en,title_zh_hant,title_zh_hans,status,signed_on,starts_on,
ends_on,owner_unit,parties`): row i is BENCH-i, one of the agreement types and a status the
lifecycle can reach from a draft, dates from 2010 on, an owner unit by code, and one to three
partners from the organisations workbook named by ROR id (the importer adds the university).
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ORGANISATION_COLUMNS = (
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "ror_id",
    "type",
    "city",
    "country",
    "website",
)
AGREEMENT_COLUMNS = (
    "reference",
    "kind",
    "title_en",
    "title_zh_hant",
    "title_zh_hans",
    "status",
    "signed_on",
    "starts_on",
    "ends_on",
    "owner_unit",
    "parties",
)
# The Greater Bay Area cities (loaded by the directory's reference-data migration).
GBA = [
    ("HK", "Hong Kong", "香港", "HK"),
    ("MO", "Macao", "澳門", "MO"),
    ("GZ", "Guangzhou", "廣州", "CN"),
    ("SZ", "Shenzhen", "深圳", "CN"),
    ("ZH", "Zhuhai", "珠海", "CN"),
    ("FS", "Foshan", "佛山", "CN"),
    ("ZS", "Zhongshan", "中山", "CN"),
    ("DG", "Dongguan", "東莞", "CN"),
    ("HZ", "Huizhou", "惠州", "CN"),
    ("JM", "Jiangmen", "江門", "CN"),
    ("ZQ", "Zhaoqing", "肇慶", "CN"),
]
FOREIGN = ["GB", "US", "AU", "SG", "JP", "DE", "FR", "CA", "KR", "NL"]
KINDS = [
    ("University", "大學", "大学", "education"),
    ("Institute of Technology", "科技學院", "科技学院", "education;facility"),
    ("Research Institute", "研究院", "研究院", "facility"),
    ("Hospital", "醫院", "医院", "healthcare"),
    ("Technology Company", "科技公司", "科技公司", "company"),
    ("Foundation", "基金會", "基金会", "nonprofit"),
    ("Bureau of Science", "科學局", "科学局", "government"),
]
AGREEMENT_KINDS = ["mou", "academic", "student_exchange", "research", "joint_lab", "other"]
STATUSES = ["draft", "negotiation", "signed", "active", "active", "active", "expired"]
UNITS = [
    ("COMP", "Department of Computing"),
    ("ME", "Department of Mechanical Engineering"),
    ("SD", "School of Design"),
    ("AF", "School of Accounting and Finance"),
    ("RS", "Department of Rehabilitation Sciences"),
    ("GEO", "Global Engagement Office"),
]
# ROR ids: '0', six Crockford base32 characters (no i, l, o, u), two digits.
_BASE32 = "0123456789abcdefghjkmnpqrstvwxyz"


def ror_id(index: int) -> str:
    """A unique, well-formed ROR id for row `index` (not a registered one)."""
    digits = []
    value = index + 32**5  # six characters for every index below 31 × 32^5
    for _ in range(6):
        value, remainder = divmod(value, 32)
        digits.append(_BASE32[remainder])
    return "0" + "".join(reversed(digits)) + f"{index % 100:02d}"


def organisation_rows(count: int, seed: int = 2026) -> Iterator[list[Any]]:
    rng = random.Random(seed)
    for index in range(count):
        kind_en, kind_hant, kind_hans, types = KINDS[index % len(KINDS)]
        place = GBA[rng.randrange(len(GBA))] if rng.random() < 0.8 else None
        city_name = place[1] if place else rng.choice(FOREIGN)
        name_en = f"{city_name} {kind_en} No. {index + 1}"
        chinese = rng.random()
        hant = hans = ""
        if chinese < 1 / 3:
            hant = f"{place[2] if place else ''}第{index + 1}{kind_hant}"
        elif chinese < 2 / 3:
            hans = f"{place[2] if place else ''}第{index + 1}{kind_hans}"
        city = ""
        country = city_name if place is None else place[3]
        if place:
            city = rng.choice([place[0], place[1], place[2]])
        yield [
            name_en,
            hant,
            hans,
            ror_id(index) if rng.random() < 0.9 else "",
            types,
            city,
            country,
            f"https://www.example-{index + 1}.org",
        ]


def agreement_rows(count: int, organisations: int, seed: int = 2027) -> Iterator[list[Any]]:
    """Agreements whose partners are rows of the organisations workbook with a ROR id."""
    rng = random.Random(seed)
    with_ror = [
        row[3] for row in organisation_rows(organisations) if row[3]
    ]  # same rows as the workbook
    for index in range(count):
        status = STATUSES[index % len(STATUSES)]
        start = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
        end = start + timedelta(days=365 * rng.choice([3, 5, 10]))
        signed = start - timedelta(days=rng.randrange(1, 60))
        signed_text = "" if status in ("draft", "negotiation") else signed.isoformat()
        partners = rng.sample(with_ror, rng.choice([1, 1, 2, 3]))
        roles = [
            f"{ror}:{'lead' if n == 0 and len(partners) > 2 else 'partner'}"
            for n, ror in enumerate(partners)
        ]
        title = (
            f"{AGREEMENT_KINDS[index % len(AGREEMENT_KINDS)].replace('_', ' ').title()} {index + 1}"
        )
        yield [
            f"BENCH-{index + 1:06d}",
            AGREEMENT_KINDS[index % len(AGREEMENT_KINDS)],
            title,
            f"合作協議 {index + 1}" if index % 3 == 0 else "",
            "",
            status,
            signed_text,
            start.isoformat() if signed_text else "",
            end.isoformat() if signed_text else "",
            UNITS[index % len(UNITS)][0],
            "; ".join(roles),
        ]


def write_workbook(path: Path, columns: tuple[str, ...], rows: Iterator[list[Any]]) -> Path:
    """Write (once: the file is reused while it exists) a one-sheet workbook."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)
    partial = path.with_suffix(".partial.xlsx")
    workbook.save(partial)
    partial.rename(path)
    return path
