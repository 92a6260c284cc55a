"""`baylink allocate`: the file contract, standard input/output, and bad input."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

INSTANCE: dict[str, Any] = {
    "students": [
        {"id": "a", "preferences": ["X", "Y"]},
        {"id": 2, "preferences": ["X"]},
        {"id": "c", "preferences": []},
    ],
    "placements": [
        {"id": "X", "capacity": 1, "preferences": ["a", 2], "region": "gba"},
        {"id": "Y", "capacity": 1, "region": "overseas"},
    ],
}
BAD: dict[str, Any] = {
    "students": [
        {"id": "a", "preferences": ["X", "X"]},
        {"id": "a", "preferences": ["nowhere"]},
    ],
    "placements": [{"id": "X", "capacity": -1}],
}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_writes_the_result_and_reports_a_summary(tmp_path: Path) -> None:
    output = tmp_path / "result.json"
    stdout = io.StringIO()
    call_command(
        "allocate", input=str(write(tmp_path / "in.json", INSTANCE)), output=str(output),
        stdout=stdout,
    )  # fmt: skip
    result = json.loads(output.read_text(encoding="utf-8"))
    assert list(result) == ["assignments", "blocking_pairs", "stats"]
    assert list(result["assignments"].items()) == [("a", "X"), ("2", None), ("c", None)]
    assert result["blocking_pairs"] == 0
    assert result["stats"]["mode"] == "stable"
    assert result["stats"]["matched"] == 1
    assert result["stats"]["by_region"]["gba"]["matched"] == 1
    assert "Placed 1 of 3 students" in stdout.getvalue()


def test_welfare_mode(tmp_path: Path) -> None:
    output = tmp_path / "result.json"
    call_command(
        "allocate", input=str(write(tmp_path / "in.json", INSTANCE)), output=str(output),
        mode="welfare", stdout=io.StringIO(),
    )  # fmt: skip
    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["assignments"] == {"a": "Y", "2": "X", "c": None}
    assert result["blocking_pairs"] == 1
    assert result["stats"]["mode"] == "welfare"


def test_dash_reads_stdin_and_writes_stdout() -> None:
    stdout = io.StringIO()
    stdin = io.StringIO("\ufeff" + json.dumps(INSTANCE))  # a byte-order mark is fine
    call_command("allocate", input="-", output="-", stdin=stdin, stdout=stdout)
    assert json.loads(stdout.getvalue())["assignments"]["a"] == "X"


def test_a_bad_instance_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "result.json"
    with pytest.raises(CommandError) as caught:
        call_command(
            "allocate", input=str(write(tmp_path / "in.json", BAD)), output=str(output),
            stdout=io.StringIO(),
        )  # fmt: skip
    message = str(caught.value)
    assert message.startswith("The instance has 4 problems; nothing was allocated:")
    for problem in (
        'Student number 2: the id "a" is already used by student number 1.',
        'Placement "X": the capacity must not be negative (it is -1).',
        'Student "a": "X" is listed more than once (preferences number 1 and 2).',
        'Student number 2: preference number 1, "nowhere", is not a placement in the instance.',
    ):
        assert f"\n  - {problem}" in message
    assert caught.value.returncode == 1
    assert not output.exists()


def test_a_bad_instance_leaves_an_earlier_result_alone(tmp_path: Path) -> None:
    output = tmp_path / "result.json"
    output.write_text("earlier", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("allocate", input=str(write(tmp_path / "in.json", BAD)), output=str(output))
    assert output.read_text(encoding="utf-8") == "earlier"


def test_errors_are_translated(tmp_path: Path) -> None:
    with translation.override("zh-hant"), pytest.raises(CommandError) as caught:
        call_command("allocate", input=str(write(tmp_path / "in.json", BAD)), output="-")
    assert "實例有 4 個問題" in str(caught.value)
    assert "名額不可為負數" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"students": [', r"is not valid JSON \(line 1, column 15"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
    ],
)
def test_unreadable_input(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("allocate", input=str(source), output=str(tmp_path / "out.json"))


def test_missing_input_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.json"):
        call_command("allocate", input=str(tmp_path / "missing.json"), output="-")


def test_unwritable_output(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "allocate", input=str(write(tmp_path / "in.json", INSTANCE)),
            output=str(tmp_path / "no" / "such" / "dir.json"),
        )  # fmt: skip


def test_the_console_command_exits_non_zero_and_lists_problems_on_stderr(tmp_path: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "baylink", "allocate", "--input", "-", "--output", "-"],
        input=json.dumps(BAD),
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 1
    assert process.stdout == ""
    assert process.stderr.count("\n  - ") == 4
    assert 'Placement "X": the capacity must not be negative' in process.stderr
