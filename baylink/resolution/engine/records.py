"""What the engine knows about an organisation, and reading ROR schema-v2 dumps into it."""

import gzip
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import ijson


@dataclass(frozen=True)
class Name:
    value: str
    # ror_display, label, alias, acronym (ROR), or curated / staff (added in Baylink).
    kind: str
    language: str = ""


@dataclass
class OrgRecord:
    """One organisation: ROR-shaped, whether it came from a dump or from the database."""

    key: str  # the ROR id, or "org:<pk>" for a local organisation
    names: list[Name]
    ror_id: str = ""
    organisation_id: int | None = None
    status: str = "active"
    types: tuple[str, ...] = ()
    country: str = ""
    cities: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    display_name: str = field(default="")

    def __post_init__(self) -> None:
        if not self.display_name:
            display = [n.value for n in self.names if n.kind == "ror_display"]
            self.display_name = (
                display[0] if display else (self.names[0].value if self.names else "")
            )


def short_ror_id(value: str) -> str:
    text = (value or "").strip().lower()
    for prefix in ("https://ror.org/", "http://ror.org/", "ror.org/"):
        text = text.removeprefix(prefix)
    return text


def record_from_ror(record: Mapping[str, Any]) -> OrgRecord:
    """An OrgRecord from one ROR v2 JSON record."""
    ror_id = short_ror_id(str(record["id"]))
    names = [
        Name(
            value=str(name.get("value") or ""),
            kind=next(
                (k for k in ("ror_display", "label", "acronym", "alias") if k in name.get("types")),
                "alias",
            )
            if name.get("types")
            else "alias",
            language=str(name.get("lang") or ""),
        )
        for name in record.get("names") or []
        if name.get("value")
    ]
    relations: dict[str, list[str]] = {}
    for relation in record.get("relationships") or []:
        relations.setdefault(str(relation.get("type")), []).append(
            short_ror_id(str(relation.get("id")))
        )
    countries: list[str] = []
    cities: list[str] = []
    for location in record.get("locations") or []:
        details = location.get("geonames_details") or {}
        if details.get("country_code"):
            countries.append(str(details["country_code"]).upper())
        if details.get("name"):
            cities.append(str(details["name"]))
    return OrgRecord(
        key=ror_id,
        ror_id=ror_id,
        names=names,
        status=str(record.get("status") or "active"),
        types=tuple(record.get("types") or ()),
        country=countries[0] if countries else "",
        cities=tuple(dict.fromkeys(cities)),
        parents=tuple(relations.get("parent", ())),
        children=tuple(relations.get("child", ())),
        related=tuple(relations.get("related", ())),
        successors=tuple(relations.get("successor", ())),
    )


class RorDumpError(ValueError):
    """The file is not a ROR schema-v2 dump (or is damaged).

    `code` and `params` let a caller word the problem in the reader's language.
    """

    MESSAGES = {
        "missing": "{name} does not exist",
        "format": "{name}: expected a .zip, .json or .json.gz file",
        "zip": "{name} is not a readable zip file",
        "no_json": "{name} holds no .json file",
        "json": "{name} is not valid JSON ({detail})",
        "read": "{name} could not be read ({detail})",
        "not_record": "record {position} is not a ROR record (it has no id or no names)",
        "shape": "record {position} ({ror_id}) is not valid: {field} {detail}",
        "duplicate": "record {position} ({ror_id}) appears twice in the file",
        "record": "record {position} ({ror_id}) is not valid: {detail}",
    }

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.MESSAGES[code].format(**params))


def _open_dump(path: Path) -> tuple[IO[bytes], list[IO[bytes] | zipfile.ZipFile]]:
    name = path.name.lower()
    if name.endswith(".zip"):
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as error:
            raise RorDumpError("zip", name=path.name) from error
        members = [m for m in archive.namelist() if m.lower().endswith(".json")]
        # Full ROR releases hold a schema-v1 and a schema-v2 file; v2 is named so.
        members.sort(key=lambda m: ("v2" not in m.lower(), m))
        if not members:
            archive.close()
            raise RorDumpError("no_json", name=path.name)
        try:
            return archive.open(members[0]), [archive]
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile) as error:
            # Encrypted, or packed by a method Python cannot unpack.
            archive.close()
            raise RorDumpError("read", name=path.name, detail=str(error)[:200]) from error
    if name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb")), []
    if name.endswith(".json"):
        return path.open("rb"), []
    raise RorDumpError("format", name=path.name)


def iter_ror_dump(path: Path | str) -> Iterator[dict[str, Any]]:
    """Each record of a ROR dump (one JSON array), streamed; RorDumpError if it is not one."""
    path = Path(path)
    if not path.is_file():
        raise RorDumpError("missing", name=str(path))
    stream, closers = _open_dump(path)
    try:
        items = ijson.items(stream, "item", use_float=True)
        for position, item in enumerate(items, start=1):
            if (
                not isinstance(item, dict)
                or not item.get("id")
                or not isinstance(item.get("names"), list)
            ):
                raise RorDumpError("not_record", position=position)
            problem = shape_problem(item)
            if problem is not None:
                field_name, detail = problem
                raise RorDumpError(
                    "shape",
                    position=position,
                    ror_id=short_ror_id(str(item["id"]))[:60],
                    field=field_name,
                    problem=detail,
                    detail=SHAPE_PROBLEMS[detail],
                )
            yield item
    except ijson.JSONError as error:
        raise RorDumpError("json", name=path.name, detail=str(error)[:200]) from error
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError) as error:
        raise RorDumpError("read", name=path.name, detail=str(error)[:200]) from error
    finally:
        stream.close()
        for closer in closers:
            closer.close()


# What the import reads of a record, and the JSON type each must have: a record of another shape
# is refused by name (field and what is wrong), never met later as a Python error.
SHAPE_PROBLEMS = {
    "text": "is not text",
    "year": "is not a year",
    "object": "is not an object",
    "list_text": "is not a list of text",
    "list_objects": "is not a list of objects",
    "missing": "is missing or empty",
    "number": "is not a number",
    "nul": "holds a NUL character",
}
_LISTS_OF_OBJECTS = ("names", "locations", "links", "relationships", "external_ids")
_TEXT_IN_OBJECTS = {
    "names": ("value", "lang"),
    "links": ("type", "value"),
    "relationships": ("type", "id", "label"),
}


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def shape_problem(record: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, a SHAPE_PROBLEMS code) for the first field of the wrong JSON type, else None."""
    if not isinstance(record["id"], str):
        return "id", "text"
    for key in ("status",):
        if record.get(key) is not None and not isinstance(record[key], str):
            return key, "text"
    if record.get("established") is not None and (
        isinstance(record["established"], bool) or not isinstance(record["established"], int)
    ):
        return "established", "year"
    if record.get("admin") is not None and not isinstance(record["admin"], dict):
        return "admin", "object"
    admin = record.get("admin") or {}
    if admin.get("last_modified") is not None and not isinstance(admin["last_modified"], dict):
        return "admin.last_modified", "object"
    modified = admin.get("last_modified") or {}
    if modified.get("date") is not None and not isinstance(modified["date"], str):
        return "admin.last_modified.date", "text"
    types = record.get("types")
    if types is not None and (
        not isinstance(types, list) or not all(isinstance(t, str) for t in types)
    ):
        return "types", "list_text"
    for key in _LISTS_OF_OBJECTS:
        items = record.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return key, "list_objects"
        for item in items:
            for text_key in _TEXT_IN_OBJECTS.get(key, ()):
                if item.get(text_key) is not None and not isinstance(item[text_key], str):
                    return f"{key}.{text_key}", "text"
            if "types" in item and not (
                isinstance(item["types"], list) and all(isinstance(t, str) for t in item["types"])
            ):
                return f"{key}.types", "list_text"
            if key == "locations":
                problem = _location_problem(item)
                if problem is not None:
                    return problem
    if any(
        not isinstance(name.get("value"), str) or not name["value"].strip()
        for name in record["names"]
    ):
        return "names.value", "missing"
    if _has_nul(record):
        return "text", "nul"
    return None


_PLACE_TEXT = ("name", "country_code", "country_name", "country_subdivision_name")


def _location_problem(location: Mapping[str, Any]) -> tuple[str, str] | None:
    details = location.get("geonames_details")
    if details is None:
        details = {}
    if not isinstance(details, dict):
        return "locations.geonames_details", "object"
    for key in _PLACE_TEXT:
        if details.get(key) is not None and not isinstance(details[key], str):
            return f"locations.geonames_details.{key}", "text"
    for key in ("lat", "lng"):
        value = details.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return f"locations.geonames_details.{key}", "number"
    geonames_id = location.get("geonames_id")
    if geonames_id is not None and (
        isinstance(geonames_id, bool) or not isinstance(geonames_id, int)
    ):
        return "locations.geonames_id", "number"
    return None
