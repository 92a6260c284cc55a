"""Cities, organisations (shaped like ROR v2 records), their names, units and people."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.models import TimeStampedModel, TrilingualName

# ROR ids: a leading 0, six characters of Crockford base32 (no i, l, o, u), two check digits.
ROR_ID_PATTERN = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
ROR_URL_PREFIX = "https://ror.org/"
HONG_KONG_CITY = "HK"  # Hong Kong's City code among the GBA cities


def normalise_ror_id(value: str) -> str:
    """'https://ror.org/0030zas98', 'ror.org/0030zas98' or '0030zas98' -> '0030zas98'."""
    text = (value or "").strip().lower()
    for prefix in ("https://ror.org/", "http://ror.org/", "ror.org/"):
        text = text.removeprefix(prefix)
    return text


def validate_ror_id(value: str) -> None:
    if not ROR_ID_PATTERN.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a ROR id (e.g. 0030zas98 or https://ror.org/0030zas98)."),
            params={"value": value},
            code="invalid_ror_id",
        )


class City(TrilingualName):
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short code for GBA cities (e.g. SZ); 'gn' plus the GeoNames id for others."),
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    country_code = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    admin_code = models.CharField(_("administrative division code"), max_length=12, blank=True)
    is_gba = models.BooleanField(_("in the Greater Bay Area"), default=False, db_index=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["-is_gba", "name_en"]


class OrganisationType(models.Model):
    """The ROR organisation types; a table so that an organisation can have several."""

    class Code(models.TextChoices):
        EDUCATION = "education", _("Education")
        FACILITY = "facility", _("Facility")
        COMPANY = "company", _("Company")
        NONPROFIT = "nonprofit", _("Non-profit")
        FUNDER = "funder", _("Funder")
        GOVERNMENT = "government", _("Government")
        HEALTHCARE = "healthcare", _("Healthcare")
        ARCHIVE = "archive", _("Archive")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=Code.choices)

    class Meta:
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.Code(self.code).label)


class Organisation(TrilingualName, TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ror_id = models.CharField(
        _("ROR id"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ror_id],
        help_text=_("Research Organization Registry id; empty for local organisations."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    types = models.ManyToManyField(OrganisationType, verbose_name=_("types"), blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    country_code = models.CharField(_("country"), max_length=2, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    established = models.PositiveSmallIntegerField(_("established (year)"), null=True, blank=True)
    is_home = models.BooleanField(
        _("home institution"),
        default=False,
        help_text=_("The university that runs this Baylink; it is never counted as a partner."),
    )
    # Kept by reporting from the organisation's agreements, initiatives and projects.
    is_partner = models.BooleanField(
        _("partner"),
        default=False,
        editable=False,
        help_text=_("Has worked with the university: an agreement, initiative or project."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    ror_last_modified = models.DateField(_("ROR record last modified"), null=True, blank=True)
    # Every name and alias, folded to one script and case; kept by the services.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"], condition=Q(is_home=True), name="one_home_organisation"
            ),
        ]
        indexes = [
            # The partner directory lists partners by name in the reader's script.
            models.Index(fields=["is_partner", "name_en"], name="partner_name_en"),
            models.Index(fields=["is_partner", "name_zh_hant"], name="partner_name_zh_hant"),
            models.Index(fields=["is_partner", "name_zh_hans"], name="partner_name_zh_hans"),
        ]

    @property
    def ror_url(self) -> str:
        return f"{ROR_URL_PREFIX}{self.ror_id}" if self.ror_id else ""

    @property
    def outside_hong_kong(self) -> bool | None:
        """Whether personal data sent here leaves Hong Kong (PDPO; PIPL and the GBA standard
        contract for the mainland): by its city, else its country; None when neither is known.
        Macao counts as outside."""
        if self.city_id is not None:
            return self.city.code != HONG_KONG_CITY  # type: ignore[union-attr]  # city_id is set
        if self.country_code:
            return self.country_code != "HK"  # ISO 3166: Hong Kong's own code
        return None


class OrganisationName(models.Model):
    """Every name an organisation goes by: ROR labels, aliases, acronyms, curated and staff ones."""

    class Kind(models.TextChoices):
        ROR_DISPLAY = "ror_display", _("Display name")
        LABEL = "label", pgettext_lazy("organisation name kind", "Label")
        ALIAS = "alias", _("Alias")
        ACRONYM = "acronym", _("Acronym")

    class Source(models.TextChoices):
        ROR = "ror", _("ROR")
        CURATED = "curated", _("Baylink curated list")
        STAFF = "staff", _("Staff")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")
    value = models.CharField(_("name"), max_length=300)
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("e.g. en, zh-Hant, zh-Hans, fr")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ALIAS)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)

    class Meta:
        verbose_name = _("organisation name")
        verbose_name_plural = _("organisation names")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "value", "kind"], name="unique_organisation_name"
            ),
        ]

    def __str__(self) -> str:
        return self.value


class OrganisationRelationship(models.Model):
    """A ROR relationship; the target is kept by ROR id until that record is in the registry."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        RELATED = "related", _("Related")
        SUCCESSOR = "successor", _("Successor")
        PREDECESSOR = "predecessor", _("Predecessor")

    subject = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    target_ror_id = models.CharField(_("target ROR id"), max_length=9, blank=True)
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("related organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbound_relationships",
    )

    class Meta:
        verbose_name = _("organisation relationship")
        verbose_name_plural = _("organisation relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind", "target_ror_id"],
                condition=~Q(target_ror_id=""),
                name="unique_ror_relationship",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.kind} {self.target or self.target_ror_id}"


class Unit(TrilingualName):
    """A faculty, school, department, office or centre of an organisation."""

    class Kind(models.TextChoices):
        FACULTY = "faculty", _("Faculty")
        SCHOOL = "school", _("School")
        DEPARTMENT = "department", _("Department")
        OFFICE = "office", _("Office")
        CENTRE = "centre", _("Centre")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], condition=~Q(code=""), name="unique_unit_code"
            ),
        ]


class Person(TrilingualName, TimeStampedModel):
    honorific = models.CharField(_("title"), max_length=40, blank=True, help_text=_("e.g. Prof."))
    email = models.EmailField(_("e-mail"), blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_en"]
