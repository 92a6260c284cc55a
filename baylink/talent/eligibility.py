"""Who may apply for a placement: its programmes, years of study and languages.

An empty list admits everyone. Programmes compare without regard to case or surrounding spaces;
a required language is met by the same code or a more specific one ("zh" by "zh-Hant").
"""

from django.utils.translation import gettext as _

from baylink.talent.models import Placement, Student


def _speaks(student: Student, required: str) -> bool:
    wanted = required.strip().casefold()
    return any(
        code.casefold() == wanted or code.casefold().startswith(f"{wanted}-")
        for code in (str(language).strip() for language in student.languages or [])
    )


def eligibility_problems(placement: Placement, student: Student) -> list[str]:
    """Why the student may not apply for the placement (nothing when they may)."""
    problems = []
    programmes = {str(p).strip().casefold() for p in placement.eligible_programmes or []}
    if programmes and student.programme.strip().casefold() not in programmes:
        problems.append(
            _("“%(placement)s” is open only to students of %(programmes)s.")
            % {"placement": placement, "programmes": ", ".join(placement.eligible_programmes)}
        )
    years = [int(year) for year in placement.eligible_years or []]
    if years and student.year_of_study not in years:
        problems.append(
            _("“%(placement)s” is open only to students in year %(years)s of their studies.")
            % {"placement": placement, "years": ", ".join(str(y) for y in sorted(years))}
        )
    missing = [code for code in placement.required_languages or [] if not _speaks(student, code)]
    if missing:
        problems.append(
            _("“%(placement)s” needs these languages: %(languages)s.")
            % {"placement": placement, "languages": ", ".join(missing)}
        )
    return problems


def is_eligible(placement: Placement, student: Student) -> bool:
    return not eligibility_problems(placement, student)
