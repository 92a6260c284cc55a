"""Request-shape errors (from the schemas) in words a reader knows, in the reader's language."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

# The parameter names our handlers give their request body and query schema; not field names.
_PARAMETER_NAMES = {"payload", "query", "body"}

_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: _("This field is required."),
    "extra_forbidden": lambda ctx: _("This field is unknown or cannot be changed here."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "greater_than_equal": lambda ctx: _("Enter a value from %(limit)s up.") % {"limit": ctx["ge"]},
    "less_than_equal": lambda ctx: _("Enter a value up to %(limit)s.") % {"limit": ctx["le"]},
    "string_type": lambda ctx: _("Enter text."),
    "string_unicode": lambda ctx: _("Enter text."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "bool_type": lambda ctx: _("Enter true or false."),
    "date_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_type": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "list_type": lambda ctx: _("Enter a list."),
    "too_long": lambda ctx: _("Enter at most %(limit)s items.") % {"limit": ctx["max_length"]},
    "string_too_long": lambda ctx: (
        _("Enter at most %(limit)s characters.") % {"limit": ctx["max_length"]}
    ),
    "string_too_short": lambda ctx: (
        _("Enter at least %(limit)s characters.") % {"limit": ctx["min_length"]}
    ),
    "decimal_parsing": lambda ctx: _("Enter a number."),
    "decimal_type": lambda ctx: _("Enter a number."),
    "decimal_max_digits": lambda ctx: (
        _("Enter a number with at most %(digits)s digits.") % {"digits": ctx["max_digits"]}
    ),
    "decimal_max_places": lambda ctx: (
        _("Enter a number with at most %(places)s decimal places.")
        % {"places": ctx["decimal_places"]}
    ),
    "finite_number": lambda ctx: _("Enter a number."),
    "json_invalid": lambda ctx: _("The request body is not valid JSON."),
    "model_attributes_type": lambda ctx: _("Send a JSON object."),
    "dict_type": lambda ctx: _("Send a JSON object."),
    "model_type": lambda ctx: _("Send a JSON object."),
}


def _is_name(part: str) -> bool:
    # Unions add the member's tag ("constrained-int", "function-after[...]") to the location.
    return part.isidentifier() or part.isdigit()


def schema_error_field(error: dict[str, Any]) -> str:
    parts = [str(part) for part in error.get("loc", ())][1:]
    parts = [part for part in parts if _is_name(part)]
    if len(parts) > 1 and parts[0] in _PARAMETER_NAMES:
        parts = parts[1:]
    if parts and parts[0] in _PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(parts)


def schema_error_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # our validators' own (translated) message
    if kind in _MESSAGES:
        try:
            return _MESSAGES[kind](context)
        except KeyError:
            pass
    return str(error.get("msg", ""))


def schema_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One message per field; of a union's messages, our own validators' first."""
    chosen: dict[str, dict[str, Any]] = {}
    for error in errors:
        field = schema_error_field(error)
        if field not in chosen or (
            error.get("type") == "value_error" and chosen[field].get("type") != "value_error"
        ):
            chosen[field] = error
    return [
        {"field": field, "message": schema_error_message(error)} for field, error in chosen.items()
    ]


# Ninja's own texts, said in the reader's language.
def http_error_message(message: str) -> str:
    if message.startswith("Cannot parse request body"):
        return _("The request body is not valid JSON.")
    return message
