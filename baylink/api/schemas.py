"""Types shared by every router: record ids, safe text, errors, pages."""

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

# Ids beyond a 64-bit integer would reach the database only to fail there.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _storable(value: str) -> str:
    # NUL and lone surrogates cannot be stored (PostgreSQL, UTF-8): refuse them with a reason.
    if "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError(_("The text contains characters that cannot be stored."))
    return value


Text = Annotated[str, AfterValidator(_storable)]


def cleared_texts(sent: Mapping[str, Any], text_fields: Collection[str]) -> dict[str, Any]:
    """The fields a request sent, a text sent as null cleared to "" (text columns hold no null)."""
    return {
        name: "" if value is None and name in text_fields else value for name, value in sent.items()
    }


def form_values(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned values; else a 400 naming each bad field (the pages' own checks)."""
    if not form.is_valid():
        raise ValidationError(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    return dict(form.cleaned_data)


class InputSchema(Schema):
    """A request body: a misspelt or read-only field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class FieldError(Schema):
    field: str = Field(description="The field the message is about; empty for the whole request.")
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class ChangeOut(Schema):
    field: str
    label: str
    before: Any
    after: Any
    by: str
    at: datetime


class ConflictOut(Schema):
    detail: str
    changes: list[ChangeOut] = Field(
        [], description="What was saved since the edit token was read, oldest first."
    )


# The error bodies each kind of call can answer with, for the OpenAPI description.
READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 409: ConflictOut}
