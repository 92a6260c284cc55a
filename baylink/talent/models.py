"""Internship placements (Work-Integrated Education)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from baylink.core.models import TimeStampedModel, TrilingualDescription, TrilingualTitle
from baylink.directory.models import City, Organisation


class Placement(TrilingualTitle, TrilingualDescription, TimeStampedModel):
    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Remote")

    host = models.ForeignKey(
        Organisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="placements"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ON_SITE)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.PositiveIntegerField(_("WIE hours"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    allowance = models.DecimalField(
        _("monthly allowance"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    allowance_currency = models.CharField(_("allowance currency"), max_length=3, default="HKD")
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "title_en"]
        indexes = [models.Index(fields=["starts_on"], name="placement_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="placement_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="placement_has_a_place"),
        ]
