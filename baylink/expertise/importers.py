"""Importing researcher profiles from JSON Lines (one profile per line).

The format is that of the expertise benchmark: `id` (kept as the profile's external id), `name`
(`en` and/or `zh`), `organisation`, `department`, `lang` (en, zh-Hant, zh-Hans), `keywords`,
`projects`, `summary`. Other keys are ignored. `organisation` may also give its names in both
languages, as `name` does ({"en": ..., "zh": ...}): a new organisation then gets both, and
profiles naming it either way meet in one record. Every line is checked before anything is
written; a re-import updates the profiles it already holds.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.chinese import chinese_script, fold
from baylink.core.models import AuditEntry
from baylink.core.tabular import encoding as encodings
from baylink.core.trilingual import set_trilingual
from baylink.directory.models import Organisation, Person, Unit
from baylink.directory.services import (
    organisation_create,
    person_create,
    person_search_text,
    unit_create,
)
from baylink.expertise.models import Language, ResearcherProfile
from baylink.expertise.services import profile_create, profile_update
from baylink.resolution.engine import Resolver
from baylink.resolution.registry import current_resolver

LANGUAGES = {"en": Language.EN, "zh-hant": Language.ZH_HANT, "zh-hans": Language.ZH_HANS}
MAX_ERRORS_SHOWN = 5


class ProfileImportError(Exception):
    """The file cannot be imported; the message names the lines to fix."""


@dataclass(frozen=True)
class ProfileRecord:
    line: int
    external_id: str
    name_en: str
    name_zh: str
    organisation: tuple[str, ...]  # its names as given, English first
    department: str
    language: str
    keywords: list[str]
    projects: list[str]
    summary: str


@dataclass
class ImportReport:
    encoding: str
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)

    @property
    def changed(self) -> list[int]:
        return [*self.created, *self.updated]


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (with or without BOM), Big5-HKSCS, GB18030,
    told apart as the imports tell them (GB18030 text also decodes as Big5-HKSCS, garbled)."""
    try:
        decoded = encodings.decode(data)
    except encodings.EncodingError as error:
        raise ProfileImportError(_("The file is not UTF-8, Big5-HKSCS or GB18030 text.")) from error
    return decoded.text, decoded.encoding.removesuffix("-sig")


def _text(value: Any, name: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(_("“%(field)s” must be a non-empty text.") % {"field": name})
    return value.strip()


def _texts(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(_("“%(field)s” must be a list of texts.") % {"field": name})
    return [item.strip() for item in value if item.strip()]


def _organisation(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        names = tuple(
            value[key].strip()
            for key in ("en", "zh")
            if isinstance(value.get(key), str) and value[key].strip()
        )
        if names:
            return names
        raise ValueError(_("“organisation” must be a text, or give “en” or “zh” (or both)."))
    return (_text(value, "organisation"),)


def parse_record(line: int, raw: Mapping[str, Any]) -> ProfileRecord:
    names = raw.get("name")
    if not isinstance(names, dict) or not any(
        isinstance(names.get(key), str) and names[key].strip() for key in ("en", "zh")
    ):
        raise ValueError(_("“name” must give “en” or “zh” (or both)."))
    language = str(raw.get("lang") or "").lower()
    if language not in LANGUAGES:
        raise ValueError(
            _("“lang” must be en, zh-Hant or zh-Hans, not “%(value)s”.")
            % {"value": raw.get("lang")}
        )
    external_id = _text(raw.get("id"), "id")
    if len(external_id) > 100:
        raise ValueError(_("“id” is longer than 100 characters."))
    return ProfileRecord(
        line=line,
        external_id=external_id,
        name_en=_text(names.get("en"), "name.en", required=False),
        name_zh=_text(names.get("zh"), "name.zh", required=False),
        organisation=_organisation(raw.get("organisation")),
        department=_text(raw.get("department"), "department", required=False),
        language=LANGUAGES[language],
        keywords=_texts(raw.get("keywords"), "keywords"),
        projects=_texts(raw.get("projects"), "projects"),
        summary=_text(raw.get("summary"), "summary", required=False),
    )


def parse_lines(text: str) -> list[ProfileRecord]:
    """Every profile in the text, or an error naming each bad line (the first few)."""
    records: list[ProfileRecord] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ValueError(_("each line must be one JSON object."))
            record = parse_record(number, raw)
        except json.JSONDecodeError as error:
            errors.append(
                _("line %(line)s: not valid JSON (%(reason)s).")
                % {"line": number, "reason": error.msg}
            )
            continue
        except ValueError as error:
            errors.append(_("line %(line)s: %(reason)s") % {"line": number, "reason": error})
            continue
        if record.external_id in seen:
            errors.append(
                _("line %(line)s: id “%(id)s” was already given on line %(first)s.")
                % {"line": number, "id": record.external_id, "first": seen[record.external_id]}
            )
            continue
        seen[record.external_id] = number
        records.append(record)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > len(shown):
            shown.append(_("… and %(count)s more.") % {"count": len(errors) - len(shown)})
        raise ProfileImportError(
            _("Nothing was imported. Fix these lines and try again:") + "\n" + "\n".join(shown)
        )
    if not records:
        raise ProfileImportError(_("The file holds no profiles."))
    return records


@dataclass(frozen=True)
class Names:
    en: str = ""
    zh_hant: str = ""
    zh_hans: str = ""


def names_of(name: str) -> Names:
    """A name in whichever column its script belongs to (neutral Chinese counts as Hong Kong)."""
    script = chinese_script(name)
    if not name or script is None:
        return Names(en=name)
    return Names(zh_hans=name) if script == "zh_hans" else Names(zh_hant=name)


class _Directory:
    """Organisations and units found by any of their names (folded) or, for an organisation,
    by the name resolver; created when neither finds them."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.organisations: dict[str, Organisation] = {}
        self.units: dict[tuple[int, str], Unit] = {}
        self.spellings: dict[str, tuple[str, ...]] = {}
        self._resolver: Resolver | None = None

    def _resolved(self, name: str) -> Organisation | None:
        """The stored organisation the resolver reads the name as ("HKU", "香港大學", "The
        University of Hong Kong"), unless it abstains."""
        if self._resolver is None:  # built once per import, before this import's writes
            self._resolver = current_resolver()
        found = self._resolver.resolve(name, most_specific=True)  # the unit, not its parent
        if found.abstained or found.organisation_id is None:
            return None
        return Organisation.objects.filter(pk=found.organisation_id).first()

    def learn_spellings(self, given: Iterable[Sequence[str]]) -> None:
        """Which names stand for one organisation, from the lines that give it in both
        languages: a line naming it one way, even before those lines, gets all of them."""
        groups: list[tuple[set[str], list[str]]] = []  # (folded names, names as first written)
        for names in given:
            keys, spelt = {fold(name) for name in names}, list(names)
            for other in [g for g in groups if g[0] & keys]:
                groups.remove(other)
                keys, spelt = other[0] | keys, [*other[1], *spelt]
            groups.append((keys, list(dict.fromkeys(spelt))))
        self.spellings = {key: tuple(spelt) for keys, spelt in groups for key in keys}

    def organisation(self, given: Sequence[str]) -> Organisation:
        """The organisation any of its names (one per language) finds, else a new one with all
        of them; every name finds it for the rest of the import."""
        names = list(
            dict.fromkeys(n for name in given for n in self.spellings.get(fold(name), (name,)))
        )
        keys = list(dict.fromkeys(fold(name) for name in names))
        found = next((self.organisations[k] for k in keys if k in self.organisations), None)
        for key in keys:
            if found is None:
                found = self._stored(key)
        for name in names:
            if found is None:
                found = self._resolved(name)
        if found is None:
            scripts = [names_of(name) for name in names]
            found = organisation_create(
                actor=self.actor,
                name_en=next((n.en for n in scripts if n.en), ""),
                name_zh_hant=next((n.zh_hant for n in scripts if n.zh_hant), ""),
                name_zh_hans=next((n.zh_hans for n in scripts if n.zh_hans), ""),
            )
        for key in keys:
            self.organisations.setdefault(key, found)
        return found

    @staticmethod
    def _stored(key: str) -> Organisation | None:
        """The organisation with this name (folded), in any script."""
        for candidate in Organisation.objects.filter(search_text__contains=key).order_by("pk"):
            if key in candidate.search_text.split(" | "):
                return candidate
        return None

    def unit(self, organisation: Organisation, name: str) -> Unit | None:
        if not name:
            return None
        key = (organisation.pk, fold(name))
        if key not in self.units:
            found = None
            for candidate in Unit.objects.filter(organisation=organisation).order_by("pk"):
                values = (candidate.name_en, candidate.name_zh_hant, candidate.name_zh_hans)
                if key[1] in {fold(value) for value in values if value}:
                    found = candidate
                    break
            if found is None:
                names = names_of(name)
                found = unit_create(
                    actor=self.actor,
                    organisation=organisation,
                    kind=Unit.Kind.DEPARTMENT,
                    name_en=names.en,
                    name_zh_hant=names.zh_hant,
                    name_zh_hans=names.zh_hans,
                )
            self.units[key] = found
        return self.units[key]


def _update_person(
    actor: Actor,
    person: Person,
    record: ProfileRecord,
    unit: Unit | None,
    organisation: Organisation,
) -> bool:
    before = snapshot(person, exclude=["search_text"])
    chinese = names_of(record.name_zh)
    set_trilingual(
        person,
        "name",
        en=record.name_en,
        zh_hant=chinese.zh_hant or None,
        zh_hans=chinese.zh_hans or None,
    )
    person.organisation, person.unit = organisation, unit
    person.search_text = person_search_text(person)
    person.full_clean()
    person.save()
    entry = audit_record(
        actor=actor,
        instance=person,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(person, exclude=["search_text"]),
        note=gettext_noop("Profile import"),
    )
    return entry is not None


@transaction.atomic
def profiles_import(*, data: bytes, actor: Actor) -> ImportReport:
    """Create or update one profile per line; the caller re-indexes `report.changed`."""
    text, encoding = decode(data)
    records = parse_lines(text)
    report = ImportReport(encoding=encoding)
    directory = _Directory(actor)
    directory.learn_spellings(record.organisation for record in records)
    existing = {
        profile.external_id: profile
        for profile in ResearcherProfile.objects.select_related("person").filter(
            external_id__in=[record.external_id for record in records]
        )
    }
    try:
        for record in records:
            organisation = directory.organisation(record.organisation)
            unit = directory.unit(organisation, record.department)
            profile = existing.get(record.external_id)
            if profile is None:
                chinese = names_of(record.name_zh)
                person = person_create(
                    actor=actor,
                    name_en=record.name_en,
                    name_zh_hant=chinese.zh_hant,
                    name_zh_hans=chinese.zh_hans,
                    organisation=organisation,
                    unit=unit,
                )
                profile = profile_create(
                    actor=actor,
                    person=person,
                    external_id=record.external_id,
                    language=record.language,
                    keywords=record.keywords,
                    statement=record.summary,
                    project_titles=record.projects,
                    reindex=False,
                )
                report.created.append(profile.pk)
                continue
            person_changed = _update_person(actor, profile.person, record, unit, organisation)
            before = snapshot(profile)
            profile_update(
                actor=actor,
                profile=profile,
                language=record.language,
                keywords=record.keywords,
                statement=record.summary,
                project_titles=record.projects,
                outputs=profile.outputs,
                reindex=False,
                check_permission=False,
            )
            changed = person_changed or before != snapshot(profile)
            (report.updated if changed else report.unchanged).append(profile.pk)
    except ValidationError as error:
        line = record.line
        raise ProfileImportError(
            _("Nothing was imported. line %(line)s: %(reason)s")
            % {"line": line, "reason": "; ".join(error.messages)}
        ) from error
    return report
