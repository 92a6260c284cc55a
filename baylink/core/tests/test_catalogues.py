"""Translation catalogues: complete for Traditional and Simplified Chinese, compiled, current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CHINESE = ("zh_Hant", "zh_Hans")


def catalogues() -> list[Path]:
    return sorted(
        path
        for language in CHINESE
        for path in PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if "static" not in path.parts
    )


def test_there_are_catalogues_for_both_scripts() -> None:
    found = {path.parts[-3] for path in catalogues()}
    assert found == set(CHINESE)


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_string_is_translated(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {path}: {missing[:10]}"
    assert not fuzzy, f"fuzzy (needs review) in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_compiled_catalogue_matches(path: Path) -> None:
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.pofile(str(path))
        if not e.obsolete
    }
    binary = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(compiled))
    }
    assert source == binary, f"{compiled} is out of date: run `make messages`"


@pytest.mark.slow
def test_catalogues_hold_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract afresh into a copy of the package and compare with the committed catalogues."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (GNU gettext) is needed: `make test` installs it")
    copy = tmp_path / "baylink"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "baylink",
            "makemessages",
            "-l",
            "zh_Hant",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "--ignore",
            "*/tests/*",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PYTHONPATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "BAYLINK_DATA_DIR": str(tmp_path / "var"),
        },
    )
    for path in catalogues():
        fresh = polib.pofile(str(copy / path.relative_to(PACKAGE)))
        committed = polib.pofile(str(path))
        wanted = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
        present = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
        assert wanted <= present, f"not in {path}: {sorted(wanted - present)[:10]}"
        assert present <= wanted, f"no longer used, in {path}: {sorted(present - wanted)[:10]}"


@pytest.mark.parametrize("language", CHINESE)
def test_a_message_reads_the_same_in_every_app(language: str) -> None:
    """Django merges the apps' catalogues and takes the first app's translation of a message,
    so a second translation elsewhere is never shown: a page meant 姓名 and showed 名稱.
    English that means two things gets a context each (pgettext): a round is 已截止 when
    "Closed", a start-up 已結業."""
    translations: dict[tuple[str | None, str], set[str]] = {}
    for path in catalogues():
        if path.parts[-3] != language:
            continue
        for entry in polib.pofile(str(path)):
            if not entry.msgid_plural:
                translations.setdefault((entry.msgctxt, entry.msgid), set()).add(entry.msgstr)
    differing = sorted(msgid for (_context, msgid), found in translations.items() if len(found) > 1)
    assert not differing, f"translated differently in different apps: {differing[:20]}"
