"""The public site's editable sections: headings and text by staff, the rest from records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baylink.agreements.models import Agreement
from baylink.core.models import TrilingualDescription, TrilingualTitle
from baylink.initiatives.models import Initiative


class Section(TrilingualTitle, TrilingualDescription):
    """A block of the home page; its live content comes from the records it links to."""

    class Block(models.TextChoices):
        TEXT = "text", _("Text only")
        GBA_MAP = "gba_map", _("Map of the Greater Bay Area cities")
        INITIATIVES = "initiatives", _("Linked initiatives")
        AGREEMENTS = "agreements", _("Linked agreements and their parties")
        PLACEMENTS = "placements", _("Internship placements")
        FIGURES = "figures", _("Headline figures")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    block = models.CharField(_("content"), max_length=12, choices=Block.choices, default="text")
    is_published = models.BooleanField(_("published"), default=True)
    initiatives: models.ManyToManyField[Initiative, SectionInitiative] = models.ManyToManyField(
        Initiative,
        through="SectionInitiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="+",
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("home page section")
        verbose_name_plural = _("home page sections")
        ordering = ["position", "id"]


class SectionInitiative(models.Model):
    """An initiative shown in a section, in the order staff chose."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="initiative_links")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("initiative in a section")
        verbose_name_plural = _("initiatives in a section")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "initiative"], name="unique_section_initiative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section} – {self.initiative}"
