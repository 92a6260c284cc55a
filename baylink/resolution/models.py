"""What the resolution context stores besides the directory: the state of the last ROR import."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RorRecordImport(models.Model):
    """A digest of each ROR record as last imported, so a re-import skips unchanged records.

    ROR's last-modified date is missing from some records, so the record's content decides.
    """

    ror_id = models.CharField(_("ROR id"), max_length=9, unique=True)
    digest = models.CharField(_("content digest"), max_length=64)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported ROR record")
        verbose_name_plural = _("imported ROR records")

    def __str__(self) -> str:
        return self.ror_id
