"""Finding the organisation a person typed: '#id', a ROR id, or a name in any script."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from baylink.core.chinese import fold
from baylink.directory.models import ROR_ID_PATTERN, Organisation, normalise_ror_id

MAX_SUGGESTIONS = 5


def organisation_label(organisation: Organisation) -> str:
    """How a chosen organisation is written back into a form, so it resolves to itself."""
    return f"{organisation.name} #{organisation.pk}"


def organisation_lookup(text: str) -> Organisation:
    """The one organisation the text names, or a ValidationError saying what to type."""
    value = text.strip()
    if not value:
        raise ValidationError(_("Enter an organisation."))
    tail = value.rsplit("#", 1)[-1].strip() if "#" in value else ""
    if tail.isdigit():
        found = Organisation.objects.filter(pk=int(tail)).first()
        if found:
            return found
    ror_id = normalise_ror_id(value)
    if ROR_ID_PATTERN.match(ror_id):
        found = Organisation.objects.filter(ror_id=ror_id).first()
        if found:
            return found
        raise ValidationError(_("No organisation has the ROR id %(ror_id)s.") % {"ror_id": ror_id})
    folded = fold(value)
    exact = Organisation.objects.filter(
        Q(name_en__iexact=value)
        | Q(name_zh_hant=value)
        | Q(name_zh_hans=value)
        | Q(names__value__iexact=value)
    ).distinct()
    candidates = list(exact[:2]) or list(
        Organisation.objects.filter(search_text__contains=folded)[: MAX_SUGGESTIONS + 1]
    )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(
            _("No organisation is called “%(name)s”. Check the spelling or add it first.")
            % {"name": value}
        )
    names = "; ".join(organisation_label(o) for o in candidates[:MAX_SUGGESTIONS])
    raise ValidationError(
        _(
            "“%(name)s” could be several organisations: %(names)s. "
            "Add the #number of the one you mean."
        )
        % {"name": value, "names": names}
    )
