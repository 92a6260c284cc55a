"""Update the translation catalogues and compile them.

    .venv/bin/python scripts/messages.py                    # extract, then compile
    .venv/bin/python scripts/messages.py --fill-simplified  # also draft missing Simplified
                                                            # entries from the Traditional ones

Catalogues live with each app (`baylink/<app>/locale/`), so parallel work touches different files.
Drafted Simplified entries are converted with Baylink's own converter (OpenCC plus the Hong Kong /
mainland phrase table) and marked with a translator comment so that a reviewer can find them.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "baylink"
DRAFTED = "drafted from zh_Hant by conversion; review"


def extract() -> None:
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
            "--ignore",
            "static/*",
        ],
        cwd=PACKAGE,
        check=True,
    )


def fill_simplified() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baylink.settings")
    from baylink.core.chinese import to_simplified

    drafted = 0
    for traditional_path in PACKAGE.glob("**/locale/zh_Hant/LC_MESSAGES/django.po"):
        simplified_path = Path(str(traditional_path).replace("zh_Hant", "zh_Hans"))
        traditional = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(traditional_path))}
        simplified = polib.pofile(str(simplified_path))
        for entry in simplified:
            source = traditional.get((entry.msgctxt, entry.msgid))
            if source is None or entry.translated() or not source.translated():
                continue
            entry.msgstr = to_simplified(source.msgstr)
            entry.msgstr_plural = {k: to_simplified(v) for k, v in source.msgstr_plural.items()}
            entry.tcomment = DRAFTED
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            drafted += 1
        simplified.save()
    return drafted


def compile_catalogues() -> int:
    compiled = 0
    for path in PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"):
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
        compiled += 1
    return compiled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill-simplified", action="store_true")
    parser.add_argument("--compile-only", action="store_true")
    options = parser.parse_args()
    if not options.compile_only:
        extract()
    if options.fill_simplified:
        print(f"Drafted {fill_simplified()} Simplified Chinese entries from Traditional.")
    print(f"Compiled {compile_catalogues()} catalogues.")


if __name__ == "__main__":
    main()
