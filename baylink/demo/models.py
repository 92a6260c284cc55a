"""A record of each demo data load, so that a second `baylink demo` reuses the database."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoLoad(models.Model):
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    seed = models.PositiveIntegerField(_("seed"))
    dataset_version = models.CharField(_("dataset version"), max_length=20)
    counts = models.JSONField(_("records created"), default=dict)

    class Meta:
        verbose_name = _("demo data load")
        verbose_name_plural = _("demo data loads")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.dataset_version} ({self.loaded_at:%Y-%m-%d})"
