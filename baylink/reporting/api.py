"""GET /api/figures: the headline figures for an academic year."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from baylink.core.academic_year import AcademicYear
from baylink.reporting.schemas import AsAtCount, FigureOut, FiguresOut
from baylink.reporting.selectors import current_year, figure_values

API_PREFIX = "/figures"
router = Router(tags=["figures"])


@router.get("", response=FiguresOut, summary="Headline figures for an academic year")
def figures(request: HttpRequest, academic_year: str | None = None) -> FiguresOut:
    """Counts per academic year (1 July - 30 June); `academic_agreements` is 'as at' 30 June.

    Without `academic_year`, the most recent complete academic year.
    """
    try:
        year = AcademicYear.parse(academic_year) if academic_year else current_year()
    except ValidationError as error:
        raise ValidationError({"academic_year": error.messages}) from error
    values = figure_values(year)
    by_code = {item.figure.code: item for item in values}
    agreements = by_code["academic_agreements"]
    if agreements.as_at is None:  # pragma: no cover - the definition is 'as at'
        raise ValidationError("academic_agreements must be counted as at a day")
    return FiguresOut(
        academic_year=year.label,
        research_projects=by_code["research_projects"].value,
        partners=by_code["partners"].value,
        exchange_partners=by_code["exchange_partners"].value,
        academic_agreements=AsAtCount(as_at=agreements.as_at, count=agreements.value),
        gba_partners=by_code["gba_partners"].value,
        wie_placements=by_code["wie_placements"].value,
        gba_placements=by_code["gba_placements"].value,
        initiatives=by_code["initiatives"].value,
        figures=[
            FigureOut(
                code=item.figure.code,
                label=str(item.figure.label),
                definition=str(item.figure.definition),
                basis=item.figure.basis,
                value=item.value,
                display=item.display,
                as_at=item.as_at,
            )
            for item in values
        ],
    )
