"""Shapes of the expertise finder API: the search parameters and a page of ranked results."""

from ninja import Field, Schema

from baylink.api.lists import MAX_OFFSET, PageOut
from baylink.api.schemas import RecordId
from baylink.expertise.selectors import MAX_RESULTS


class ExpertiseQuery(Schema):
    q: str = Field(
        "",
        description="The problem or topic, in English, Traditional or Simplified Chinese "
        "(at most 2,000 characters).",
    )
    page: int = Field(1, ge=1, le=MAX_OFFSET, description="Page number from 1 (10 per page).")
    organisation: RecordId | None = Field(None, description="Only this organisation (its id).")
    city: str | None = Field(None, max_length=20, description="Only this city (its code).")
    theme: str | None = Field(None, max_length=100, description="Only this theme (its slug).")
    kind: str | None = Field(
        None, max_length=20, description="researchers or labs: only those (default: both)."
    )


class ExpertiseResultOut(Schema):
    key: str = Field(description="The result's id in the index: r<profile id> or l<lab id>.")
    kind: str = Field(description="researcher or lab")
    rank: int = Field(description="Position in the whole ranking, from 1.")
    score: float
    name: str
    organisation: str = ""
    unit: str = ""
    city: str = ""
    url: str = Field(description="The public page of the researcher or lab.")
    keywords: list[str] = []
    matched_projects: list[str] = []
    matched_facilities: list[str] = Field([], description="A lab's facilities that matched.")
    matched_terms: list[str] = Field(
        [], description="Why it matched: shared words, in the reader's Chinese script."
    )
    summary: str = ""


class ExpertisePage(PageOut):
    page: int
    max_results: int = Field(MAX_RESULTS, description="The ranking stops after this many.")
    items: list[ExpertiseResultOut]
