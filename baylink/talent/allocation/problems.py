"""Problems found in an allocation instance, kept as untranslated templates until shown.

The engine is plain Python and runs without Django settings, so messages are marked with a local
`gettext_noop` (which `makemessages` extracts like Django's) and translated only when rendered,
by whatever `translate` the caller passes (Django's `gettext` in the command and services).
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Union

Translate = Callable[[str], str]
Param = Union[str, int, "Text"]


def gettext_noop(message: str) -> str:
    """Mark a message for extraction; it is translated when rendered."""
    return message


def _identity(message: str) -> str:
    return message


@dataclass(frozen=True)
class Text:
    """A message template with its parameters; parameters may be messages themselves."""

    template: str
    params: dict[str, Param] = field(default_factory=dict)

    def render(self, translate: Translate = _identity) -> str:
        values = {
            name: value.render(translate) if isinstance(value, Text) else value
            for name, value in self.params.items()
        }
        return translate(self.template) % values


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an instance: who it concerns and what is wrong."""

    subject: Text
    detail: Text

    def render(self, translate: Translate = _identity) -> str:
        return Text(
            gettext_noop("%(subject)s: %(detail)s"),
            {"subject": self.subject, "detail": self.detail},
        ).render(translate)


class InstanceError(ValueError):
    """The instance cannot be allocated; `problems` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problem.render() for problem in self.problems))

    def messages(self, translate: Translate = _identity) -> list[str]:
        return [problem.render(translate) for problem in self.problems]


def shown(value: object) -> str:
    """An id or value as it is written in JSON, so that "7" and 7 look different."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def json_type(value: object) -> Text:
    """What kind of JSON value this is, in words."""
    if value is None:
        return Text(gettext_noop("null"))
    if isinstance(value, bool):
        return Text(gettext_noop("true/false"))
    if isinstance(value, int):
        return Text(gettext_noop("the number %(value)s"), {"value": shown(value)})
    if isinstance(value, float):
        return Text(gettext_noop("the number %(value)s"), {"value": shown(value)})
    if isinstance(value, str):
        return Text(gettext_noop("the text %(value)s"), {"value": shown(value)})
    if isinstance(value, list):
        return Text(gettext_noop("a list"))
    if isinstance(value, dict):
        return Text(gettext_noop("an object"))
    return Text(gettext_noop("a value of another kind"))


# Who a problem concerns.
def the_instance() -> Text:
    return Text(gettext_noop("The instance"))


def student(identifier: object) -> Text:
    return Text(gettext_noop("Student %(id)s"), {"id": shown(identifier)})


def student_at(position: int) -> Text:
    return Text(gettext_noop("Student number %(position)d"), {"position": position})


def placement(identifier: object) -> Text:
    return Text(gettext_noop("Placement %(id)s"), {"id": shown(identifier)})


def placement_at(position: int) -> Text:
    return Text(gettext_noop("Placement number %(position)d"), {"position": position})


def pin_at(position: int) -> Text:
    return Text(gettext_noop("Pin number %(position)d"), {"position": position})


def forbid_at(position: int) -> Text:
    return Text(gettext_noop("Forbidden pair number %(position)d"), {"position": position})
