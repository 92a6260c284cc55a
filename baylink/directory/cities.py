"""Placing organisations in cities: GeoNames locations (as in ROR records) to City rows."""

from dataclasses import dataclass

from baylink.core.chinese import fold
from baylink.directory.models import City

# Districts and towns that ROR records name instead of their GBA city.
# In the order the Outline Development Plan for the Greater Bay Area lists the cities (Hong
# Kong, Macao, then the nine of Guangdong): lists of cities read the same in every language.
_GBA_DISTRICTS = {
    "HK": {
        "hong kong",
        "kowloon",
        "shatin",
        "sha tin",
        "tuen mun",
        "tai po",
        "wan chai",
        "kwun tong district",
        "chai wan",
        "wong chuk hang",
        "mong kok",
        "sheung wan",
        "pok fu lam",
        "aberdeen",
        "tsuen wan",
        "new territories",
        "central",
    },
    "MO": {"macao", "macau", "taipa", "coloane", "cotai"},
    "GZ": {"guangzhou", "haizhu qu", "panyu", "tianhe", "nansha", "huangpu"},
    "SZ": {"shenzhen", "nanshan", "futian", "guangming district", "longgang", "bao'an", "luohu"},
    "ZH": {"zhuhai", "hengqin"},
    "FS": {"foshan", "shunde", "nanhai"},
    "HZ": {"huizhou"},
    "DG": {"dongguan", "songshan lake"},
    "ZS": {"zhongshan"},
    "JM": {"jiangmen"},
    "ZQ": {"zhaoqing"},
}
_CITY_CODE_BY_PLACE = {place: code for code, places in _GBA_DISTRICTS.items() for place in places}


@dataclass(frozen=True)
class Location:
    geonames_id: int | None
    name: str
    country_code: str
    subdivision: str = ""
    latitude: float | None = None
    longitude: float | None = None


def gba_city_code(location: Location) -> str | None:
    country = location.country_code.upper()
    if country == "HK":
        return "HK"
    if country == "MO":
        return "MO"
    if country != "CN":
        return None
    return _CITY_CODE_BY_PLACE.get(fold(location.name))


def city_for_location(location: Location, cache: dict[str, City] | None = None) -> City | None:
    """The City for a GeoNames location: a GBA city, or one created from the location."""
    code = gba_city_code(location)
    if code is None:
        if location.geonames_id is None:
            return None
        code = f"gn{location.geonames_id}"
    if cache is not None and code in cache:
        return cache[code]
    city = City.objects.filter(code=code).first()
    if city is None:
        city = City.objects.create(
            code=code,
            geonames_id=location.geonames_id,
            name_en=location.name,
            country_code=location.country_code.upper()[:2],
            latitude=location.latitude,
            longitude=location.longitude,
        )
    if cache is not None:
        cache[code] = city
    return city


GBA_CITY_CODES = tuple(_GBA_DISTRICTS)
