"""What the engine knows about an organisation, and reading ROR schema-v2 dumps into it."""

import gzip
import zipfile
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
        return archive.open(members[0]), [archive]
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
            yield item
    except ijson.JSONError as error:
        raise RorDumpError("json", name=path.name, detail=str(error)[:200]) from error
    except (OSError, EOFError, zipfile.BadZipFile) as error:
        raise RorDumpError("read", name=path.name, detail=str(error)[:200]) from error
    finally:
        stream.close()
        for closer in closers:
            closer.close()
