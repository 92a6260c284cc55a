"""Documentation is tested: every setting and every command is described in the README."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented() -> None:
    settings_source = (ROOT / "baylink" / "settings.py").read_text(encoding="utf-8")
    variables = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    variables |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', settings_source))
    assert variables, "found no settings read from the environment"
    undocumented = sorted(v for v in variables if f"`{v}`" not in README)
    assert not undocumented, f"add these to README.md's configuration table: {undocumented}"


def test_every_baylink_command_is_documented() -> None:
    ours = sorted(name for name, app in get_commands().items() if app.startswith("baylink."))
    assert ours, "found no baylink management commands"
    undocumented = [name for name in ours if f"baylink {name.replace('_', '-')}" not in README]
    assert not undocumented, f"document these commands in README.md: {undocumented}"


def test_the_quick_start_is_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make \w+", quick_start, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]
