"""Language codes people type (BCP 47: en, yue, zh-Hant), checked alike in forms, imports, API."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def language_codes_problem(codes: Iterable[str]) -> str:
    """What is wrong with these language codes ("" when nothing is)."""
    wrong = [code for code in codes if not _LANGUAGE_CODE.match(str(code))]
    if wrong:
        return _("Not a language code: %(codes)s.") % {"codes": ", ".join(map(str, wrong))}
    return ""
