"""GET /api/expertise/search: the public expertise finder's ranking, as JSON.

Anonymous reads are allowed, as on the finder page; the parameters, the checks and the ranking
are the page's own (FinderForm, check_query, finder_results), so both give the same results.
"""

import html
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router

from baylink.api.schemas import READ_ERRORS, form_values
from baylink.expertise import selectors
from baylink.expertise.forms import FinderForm
from baylink.expertise.schemas import ExpertisePage, ExpertiseQuery, ExpertiseResultOut
from baylink.expertise.views import RESULTS_PER_PAGE

API_PREFIX = "/expertise"
router = Router(tags=["expertise"])


def _plain(text: str) -> str:
    """Highlighted HTML back to plain text (the caller marks matches with matched_terms)."""
    return html.unescape(strip_tags(text))


def _result(result: selectors.FinderResult, rank: int) -> ExpertiseResultOut:
    common: dict[str, Any] = {
        "key": result.key,
        "kind": result.kind,
        "rank": rank,
        "score": result.score,
        "summary": _plain(result.summary),
        "matched_terms": result.matched_terms,
    }
    if result.profile is not None:
        person = result.profile.person
        organisation = person.organisation
        return ExpertiseResultOut(
            **common,
            name=person.name,
            organisation=organisation.name if organisation else "",
            unit=person.unit.name if person.unit else "",
            city=organisation.city.name if organisation and organisation.city else "",
            url=reverse("expertise:profile-detail", args=[result.profile.pk]),
            keywords=[_plain(keyword) for keyword in result.keywords],
            matched_projects=[_plain(title) for title in result.matched_projects],
        )
    assert result.lab is not None
    lab = result.lab
    return ExpertiseResultOut(
        **common,
        name=lab.name,
        city=lab.city.name if lab.city else "",
        url=reverse("portal:initiative-detail", args=[lab.slug]),
        matched_facilities=[_plain(name) for name in result.matched_facilities],
    )


@router.get(
    "/search",
    response={200: ExpertisePage, **READ_ERRORS},
    summary="Find researchers and labs for a problem",
    auth=None,
)
def search(request: HttpRequest, query: Query[ExpertiseQuery]) -> dict[str, Any]:
    """Researchers and labs ranked for a problem written in any of the three scripts.

    The same ranking as the public finder page, 10 results per page, at most 100 in all.
    An empty or over-long `q` is a 400 that says what to change.
    """
    data = {
        name: str(value)
        for name, value in query.model_dump(exclude_none=True).items()
        if name != "page"
    }
    form = FinderForm(data)
    values = form_values(form)
    try:
        text = selectors.check_query(values["q"])
    except selectors.QueryProblem as problem:
        raise ValidationError({"q": [str(problem)]}) from problem
    results = selectors.finder_results(text, filters=form.filters(), language=get_language())
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(query.page)
    except EmptyPage as error:
        raise Http404(_("There is no page %(number)s.") % {"number": query.page}) from error
    first = page.start_index()
    return {
        "count": paginator.count,
        "limit": RESULTS_PER_PAGE,
        "offset": (query.page - 1) * RESULTS_PER_PAGE,
        "page": query.page,
        "items": [_result(result, first + i) for i, result in enumerate(page.object_list)],
    }
