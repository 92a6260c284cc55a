"""What every list of partner organisations (a project's, an initiative's) must satisfy."""

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baylink.directory.models import Organisation


class PartnerLink(Protocol):
    @property
    def organisation(self) -> Organisation: ...

    @property
    def role(self) -> str: ...


def check_partners(links: Sequence[PartnerLink], roles: Iterable[str]) -> None:
    """Each organisation once, each in one of the record's partner roles."""
    organisation_ids = [link.organisation.pk for link in links]
    if len(set(organisation_ids)) != len(organisation_ids):
        raise ValidationError({"partners": _("The same organisation appears twice.")})
    known = set(roles)
    for link in links:
        if link.role not in known:
            raise ValidationError(
                {"partners": _("“%(role)s” is not a partner role.") % {"role": link.role}}
            )
