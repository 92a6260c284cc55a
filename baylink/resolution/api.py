"""POST /api/resolve (names -> registry records) and the staff alias and merge calls."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.api.auth import STAFF_AUTH, require
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId
from baylink.directory.models import Organisation, OrganisationName
from baylink.resolution.schemas import (
    AliasIn,
    AliasOut,
    DuplicateOut,
    MergeIn,
    ResolutionOut,
    ResolveIn,
    ResolveOut,
)
from baylink.resolution.selectors import (
    MAX_BATCH,
    organisation_aliases,
    possible_duplicates,
    resolve_affiliations,
)
from baylink.resolution.services import (
    organisation_alias_add,
    organisation_alias_remove,
    organisation_merge,
)

API_PREFIX = "/resolve"
router = Router(tags=["resolution"], auth=STAFF_AUTH)
EDIT_PERMISSION = "directory.change_organisation"
MAX_STRING = 1000


@router.post("", response={200: ResolveOut, **READ_ERRORS}, summary="Resolve organisation names")
def resolve(request: HttpRequest, body: ResolveIn) -> dict[str, Any]:
    """Each string -> a ROR id and organisation, or an abstention (empty ror_id), with reasons.

    At most 1,000 strings per request, each at most 1,000 characters.
    """
    if len(body.strings) > MAX_BATCH:
        raise ValidationError(
            {
                "strings": _(
                    "Send at most %(limit)s strings per request; this one has %(count)s. "
                    "Split the list into batches."
                )
                % {"limit": f"{MAX_BATCH:,}", "count": f"{len(body.strings):,}"}
            }
        )
    too_long = [i for i, text in enumerate(body.strings) if len(text) > MAX_STRING]
    if too_long:
        raise ValidationError(
            {
                f"strings.{too_long[0]}": _(
                    "A string has at most %(limit)s characters; string %(position)s has more."
                )
                % {"limit": f"{MAX_STRING:,}", "position": too_long[0] + 1}
            }
        )
    results = resolve_affiliations(body.strings, most_specific=body.most_specific)
    return {
        "results": [
            ResolutionOut(
                affiliation=text,
                ror_id=result.ror_id,
                organisation_id=result.organisation_id,
                score=result.score,
                matched_name=result.matched_name,
                explanation=result.explanation,
            )
            for text, result in zip(body.strings, results, strict=True)
        ]
    }


def _alias_out(alias: OrganisationName) -> AliasOut:
    return AliasOut(
        id=alias.pk,
        organisation_id=alias.organisation_id,
        value=alias.value,
        language=alias.language,
        kind=alias.kind,
        source=alias.source,
    )


@router.get(
    "/aliases", response={200: list[AliasOut], **READ_ERRORS}, summary="An organisation's aliases"
)
def list_aliases(request: HttpRequest, organisation_id: Query[RecordId]) -> list[AliasOut]:
    require(request, EDIT_PERMISSION)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    return [_alias_out(alias) for alias in organisation_aliases(organisation)]


@router.post("/aliases", response={201: AliasOut, **WRITE_ERRORS}, summary="Add an alias")
def add_alias(request: HttpRequest, body: AliasIn) -> Status[AliasOut]:
    """A name the organisation is known by, in any language; resolution uses it at once."""
    require(request, EDIT_PERMISSION)
    organisation = get_object_or_404(Organisation, pk=body.organisation_id)
    alias = organisation_alias_add(
        actor=request.user, organisation=organisation, value=body.value, language=body.language
    )
    return Status(201, _alias_out(alias))


@router.delete(
    "/aliases/{alias_id}", response={204: None, **WRITE_ERRORS}, summary="Remove an alias"
)
def remove_alias(request: HttpRequest, alias_id: RecordId) -> Status[None]:
    require(request, EDIT_PERMISSION)
    alias = get_object_or_404(OrganisationName, pk=alias_id)
    organisation_alias_remove(actor=request.user, alias=alias)
    return Status(204, None)


@router.get(
    "/duplicates", response={200: list[DuplicateOut], **READ_ERRORS}, summary="Possible duplicates"
)
def duplicates(request: HttpRequest) -> list[DuplicateOut]:
    """Local organisations whose name resolves confidently to another record."""
    require(request, EDIT_PERMISSION)
    return [
        DuplicateOut(
            keep_id=pair.keep.pk,
            keep_name=str(pair.keep),
            keep_ror_id=pair.keep.ror_id or "",
            merge_id=pair.merge.pk,
            merge_name=str(pair.merge),
            score=pair.score,
            matched_name=pair.matched_name,
        )
        for pair in possible_duplicates()
    ]


@router.post(
    "/merge", response={200: dict[str, int], **WRITE_ERRORS}, summary="Merge two organisations"
)
def merge(request: HttpRequest, body: MergeIn) -> dict[str, int]:
    """Move every link of merge_id to keep_id, keep its names as aliases, then delete it."""
    require(request, EDIT_PERMISSION)
    require(request, "directory.delete_organisation")
    keep = get_object_or_404(Organisation, pk=body.keep_id)
    merged = get_object_or_404(Organisation, pk=body.merge_id)
    kept = organisation_merge(keep=keep, merge=merged, actor=request.user)
    return {"id": kept.pk}
