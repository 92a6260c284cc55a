"""Place names (countries, regions, cities) that affiliation strings add after the organisation."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from baylink.resolution.engine.normalise import name_key

DATA = Path(__file__).resolve().parent.parent / "data"
GBA_CITIES = Path(__file__).resolve().parents[2] / "directory" / "data" / "gba-cities.csv"

# Regions whose names are ordinary words in affiliations ("Central Laboratory", "East Campus").
_GENERIC_REGIONS = frozenset(
    {"central", "center", "east", "west", "north", "south", "delta", "capital", "coast", "centre"}
)
# Mainland China's name in an address is compatible with Hong Kong, Macao and Taiwan records:
# "The Hong Kong Polytechnic University, Hong Kong, China" is an ordinary affiliation.
COMPATIBLE_COUNTRIES = {"CN": frozenset({"CN", "HK", "MO", "TW"})}
# Chinese city names (in one folded script) and the English name GeoNames uses.
_CHINESE_CITIES = {
    "北京": "Beijing",
    "上海": "Shanghai",
    "天津": "Tianjin",
    "重庆": "Chongqing",
    "南京": "Nanjing",
    "杭州": "Hangzhou",
    "武汉": "Wuhan",
    "成都": "Chengdu",
    "西安": "Xi'an",
    "长沙": "Changsha",
    "厦门": "Xiamen",
    "福州": "Fuzhou",
    "合肥": "Hefei",
    "济南": "Jinan",
    "青岛": "Qingdao",
    "大连": "Dalian",
    "沈阳": "Shenyang",
    "哈尔滨": "Harbin",
    "长春": "Changchun",
    "昆明": "Kunming",
    "台北": "Taipei",
    "新竹": "Hsinchu",
    "汕头": "Shantou",
    "湛江": "Zhanjiang",
    "韶关": "Shaoguan",
}


@dataclass(frozen=True)
class Place:
    countries: frozenset[str]
    city: str = ""  # a city's key (as name_key gives it), empty for countries and regions
    kind: str = "city"  # country | region | city


@dataclass
class PlaceLexicon:
    """Place keys (folded token strings) -> what they say about the location."""

    places: dict[str, list[Place]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    state_codes: frozenset[str] = frozenset()
    country_codes: frozenset[str] = frozenset()

    def add(self, key: str, place: Place) -> None:
        if not key:
            return
        entries = self.places.setdefault(key, [])
        if place not in entries:
            entries.append(place)
        parts = key.split(" ")
        for end in range(1, len(parts) + 1):
            self.prefixes.add(" ".join(parts[:end]))

    def lookup(self, key: str) -> list[Place]:
        return self.places.get(key, [])


@cache
def _static_rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    rows = []
    with (DATA / "places.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            kind, code, names = line.rstrip("\n").split("\t")
            rows.append((kind, code, tuple(names.split("|"))))
    return tuple(rows)


def _gba_city_rows() -> list[tuple[str, str, list[str]]]:
    if not GBA_CITIES.is_file():
        return []
    with GBA_CITIES.open(encoding="utf-8") as handle:
        return [
            (row["country"], row["name_en"], [row["name_zh_hant"], row["name_zh_hans"]])
            for row in csv.DictReader(handle)
        ]


def build_places(cities: Iterable[tuple[str, str]]) -> PlaceLexicon:
    """The lexicon: static countries and regions, plus (country, city) pairs from the registry."""
    lexicon = PlaceLexicon()
    state_codes: set[str] = set()
    country_codes: set[str] = set()
    for kind, code, names in _static_rows():
        if kind == "state_code":
            state_codes.add(names[0])
            continue
        if kind == "country":
            country_codes.add(code)
        for name in names:
            key = name_key(name)
            if kind == "region" and key in _GENERIC_REGIONS:
                continue
            lexicon.add(key, Place(frozenset({code}), kind=kind))
    for country, city in cities:
        key = name_key(city)
        if key and country:
            lexicon.add(key, Place(frozenset({country}), city=key))
    for country, city_en, chinese_names in _gba_city_rows():
        for local in chinese_names:
            place = Place(frozenset({country}), city=name_key(city_en))
            lexicon.add(name_key(local), place)
            if country == "CN":
                lexicon.add(name_key(local + "市"), place)
    for chinese, english in _CHINESE_CITIES.items():
        code = "TW" if english in {"Taipei", "Hsinchu"} else "CN"
        for written in (chinese, chinese + "市"):
            lexicon.add(name_key(written), Place(frozenset({code}), city=name_key(english)))
    lexicon.state_codes = frozenset(state_codes)
    lexicon.country_codes = frozenset(country_codes)
    return lexicon


def countries_agree(stated: str, record_country: str) -> bool:
    return record_country in COMPATIBLE_COUNTRIES.get(stated, frozenset({stated}))
