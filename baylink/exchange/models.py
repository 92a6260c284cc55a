"""Student exchange: outbound nominations and inbound applications under exchange agreements.

The yearly quota per direction comes from the agreement's mobility specifications (EWP IIA);
a mobility counts in the academic year it is nominated for, whatever its dates.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.agreements.models import Agreement
from baylink.core.academic_year import AcademicYear
from baylink.core.models import TimeStampedModel
from baylink.directory.models import Organisation
from baylink.talent.models import Student


class Term(models.TextChoices):
    AUTUMN = "autumn", _("Semester 1 (autumn)")
    SPRING = "spring", _("Semester 2 (spring)")
    FULL_YEAR = "full_year", _("Full academic year")
    SUMMER = "summer", _("Summer term")


class Mobility(TimeStampedModel):
    """What an outbound and an inbound mobility share: agreement, partner, year, term, months."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("exchange agreement"), on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    # The calendar year the academic year starts in: 2024 means 2024/25.
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, default=Term.AUTUMN)
    months = models.DecimalField(
        _("months"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("12"))],
        help_text=_("Length of the stay in months (0.5 to 12), as counted in the balance."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Bumped on every save; an edit based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        abstract = True

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)


class Nomination(Mobility):
    """A home student nominated to a partner (outbound)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOMINATED = "nominated", _("Nominated")
        ACCEPTED = "accepted", _("Accepted by partner")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")
        REJECTED = "rejected", _("Rejected by partner")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("exchange agreement"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("host partner"),
        on_delete=models.PROTECT,
        related_name="exchange_nominations",
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="exchange_nominations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Nominating sends the student's details to the partner: outside Hong Kong that is a
    # cross-boundary transfer, which needs the student's recorded consent (PDPO; PIPL and the
    # GBA standard contract for mainland partners).
    transfer_agreed_on = models.DateField(
        _("consent to send details outside Hong Kong"),
        null=True,
        blank=True,
        help_text=_(
            "The date the student agreed in writing that their details go to the partner. "
            "Needed before nominating a student to a partner outside Hong Kong; a change of "
            "partner clears it."
        ),
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-academic_year", "pk"]
        indexes = [
            models.Index(fields=["agreement", "partner", "academic_year"], name="nomination_quota"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(months__gt=0), name="nomination_months_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.year} #{self.pk}"

    @property
    def partner_outside_hong_kong(self) -> bool:
        """Exchange partners are almost all abroad: a partner of unknown place counts as outside,
        so that no one is nominated there without consent."""
        return self.partner.outside_hong_kong is not False

    def clean(self) -> None:
        super().clean()
        if self.transfer_agreed_on and self.transfer_agreed_on > timezone.localdate():
            raise ValidationError(
                {"transfer_agreed_on": _("The date of consent cannot be in the future.")}
            )


class InboundApplication(Mobility):
    """A student of a partner coming to the home university (inbound)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        ARRIVED = "arrived", _("Arrived")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")
        REJECTED = "rejected", _("Rejected")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("exchange agreement"),
        on_delete=models.PROTECT,
        related_name="inbound_applications",
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=pgettext_lazy("exchange student", "home institution"),
        on_delete=models.PROTECT,
        related_name="exchange_inbound_applications",
    )
    # Personal data: shown and exported only to roles with accounts.view_personal_data.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )

    PERSONAL_FIELDS = ("name", "email")

    class Meta:
        verbose_name = _("inbound application")
        verbose_name_plural = _("inbound applications")
        ordering = ["-academic_year", "pk"]
        indexes = [
            models.Index(fields=["agreement", "partner", "academic_year"], name="inbound_quota"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(months__gt=0), name="inbound_months_positive"),
        ]

    def __str__(self) -> str:
        # No name: the string lands in audit entries and messages seen by every role.
        return f"{self.partner} {self.year} #{self.pk}"
