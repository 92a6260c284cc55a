"""Request and response bodies of /api/resolve."""

from typing import Any

from ninja import Field, Schema

from baylink.api.schemas import InputSchema, RecordId, Text


class ResolveIn(InputSchema):
    strings: list[Text] = Field(
        description="Organisation names as written (any script), at most 1,000 per request."
    )
    most_specific: bool = Field(
        False,
        description=(
            "Where a string names a unit and its parent (an institute and its academy, a "
            "hospital and its university), answer the unit. By default the answer follows "
            "ROR's own matching, which often gives the parent."
        ),
    )


class ResolutionOut(Schema):
    affiliation: str
    ror_id: str = Field(description="Empty when the resolver abstained.")
    organisation_id: int | None
    score: float = Field(description="Confidence (0-1) that the answer is right.")
    matched_name: str
    explanation: dict[str, Any] = Field(
        description=(
            "Why: the matched name and kind, method, evidence, the runner-up; status and "
            "successors when the record is no longer active; also_named, other organisations "
            "the string names; instead_of_parent, the parent a most_specific answer replaced. "
            "An abstention gives its reason: "
            "no_candidate, below_threshold, or ruled_out (names found, listed, but the string "
            "places them elsewhere or names another organisation)."
        )
    )


class ResolveOut(Schema):
    results: list[ResolutionOut]


class AliasIn(InputSchema):
    organisation_id: RecordId
    value: Text = Field(max_length=300)
    language: str = Field("", max_length=16, description="e.g. en, zh-Hant, zh-Hans; optional")


class AliasOut(Schema):
    id: int
    organisation_id: int
    value: str
    language: str
    kind: str
    source: str = Field(description="ror, curated or staff; only staff aliases can be removed.")


class DuplicateOut(Schema):
    keep_id: int
    keep_name: str
    keep_ror_id: str
    merge_id: int
    merge_name: str
    score: float
    matched_name: str


class MergeIn(InputSchema):
    keep_id: RecordId
    merge_id: RecordId
