"""Agreements with any number of parties, and their student-exchange terms (EWP IIA model)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from baylink.core.academic_year import AcademicYear
from baylink.core.audit import note_text
from baylink.core.models import TimeStampedModel, TrilingualTitle
from baylink.core.periods import ENDS_BEFORE_START
from baylink.directory.models import Organisation, Person, Unit
from baylink.initiatives.models import Initiative


class Agreement(TrilingualTitle, TimeStampedModel):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        ACADEMIC = "academic", _("Academic cooperation agreement")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange agreement")
        RESEARCH = "research", _("Research collaboration agreement")
        JOINT_LAB = "joint_lab", _("Joint laboratory agreement")
        DUAL_DEGREE = "dual_degree", _("Joint or dual degree agreement")
        INTERNSHIP_HOST = "internship_host", _("Internship host agreement")
        OTHER = "other", _("Other agreement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NEGOTIATION = "negotiation", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        EXPIRING = "expiring", _("Expiring")
        EXPIRED = "expired", _("Expired")
        RENEWED = "renewed", _("Renewed")
        TERMINATED = "terminated", _("Terminated")

    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty for an open-ended agreement.")
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_agreements",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), blank=True, related_name="agreements"
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    is_public = models.BooleanField(
        _("shown on the public portal"),
        default=False,
        help_text=_("Only agreements marked public are listed by name on the portal."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Bumped on every save; an edit based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "reference"]
        indexes = [
            models.Index(fields=["kind", "starts_on", "ends_on"], name="agreement_in_force"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()


class Party(models.Model):
    class Role(models.TextChoices):
        HOME = "home", _("Home institution")
        PARTNER = "partner", _("Partner")
        LEAD = "lead", _("Lead partner")
        SPONSOR = "sponsor", _("Sponsor")
        WITNESS = "witness", _("Witness")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's position"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation", "unit"], name="unique_agreement_party_unit"
            ),
            # NULLs are distinct in unique constraints: the whole-organisation case needs its own.
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(unit__isnull=True),
                name="unique_agreement_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class MobilitySpec(models.Model):
    """One direction of student (or staff) mobility under an agreement, as in an EWP IIA."""

    class MobilityType(models.TextChoices):
        STUDENT_STUDIES = "student_studies", _("Student mobility for studies")
        STUDENT_TRAINEESHIP = "student_traineeship", _("Student traineeship")
        STAFF_TEACHING = "staff_teaching", _("Staff mobility for teaching")
        STAFF_TRAINING = "staff_training", _("Staff mobility for training")

    class StudyLevel(models.TextChoices):
        ANY = "any", _("Any level")
        BACHELOR = "bachelor", _("Bachelor (EQF 6)")
        MASTER = "master", _("Master (EQF 7)")
        DOCTORAL = "doctoral", _("Doctoral (EQF 8)")

    class CefrLevel(models.TextChoices):
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="mobility_specs"
    )
    mobility_type = models.CharField(
        _("mobility type"),
        max_length=20,
        choices=MobilityType.choices,
        default=MobilityType.STUDENT_STUDIES,
    )
    sending_party = models.ForeignKey(
        Party, verbose_name=_("sending party"), on_delete=models.CASCADE, related_name="+"
    )
    receiving_party = models.ForeignKey(
        Party, verbose_name=_("receiving party"), on_delete=models.CASCADE, related_name="+"
    )
    # Stored as the calendar year the academic year starts in: 2018 means 2018/19.
    first_academic_year = models.PositiveSmallIntegerField(_("first academic year"))
    last_academic_year = models.PositiveSmallIntegerField(_("last academic year"))
    mobilities_per_year = models.PositiveSmallIntegerField(_("mobilities per year"))
    months_per_mobility = models.DecimalField(
        _("months per mobility"), max_digits=4, decimal_places=1
    )
    study_level = models.CharField(
        _("study level"), max_length=10, choices=StudyLevel.choices, default=StudyLevel.ANY
    )
    isced_f = models.CharField(
        _("subject area (ISCED-F)"), max_length=4, blank=True, help_text=_("e.g. 0613")
    )
    language = models.CharField(
        _("language of instruction"), max_length=8, blank=True, help_text=_("e.g. en, zh")
    )
    cefr_level = models.CharField(
        _("language level (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("mobility specification")
        verbose_name_plural = _("mobility specifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_academic_year__gte=F("first_academic_year")),
                name="mobility_years_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(sending_party=F("receiving_party")),
                name="mobility_between_two_parties",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sending_party.organisation} → {self.receiving_party.organisation}"

    @property
    def academic_years(self) -> str:
        """'2025/26 – 2027/28', as officers write the period."""
        first, last = AcademicYear(self.first_academic_year), AcademicYear(self.last_academic_year)
        return str(first) if first == last else f"{first} – {last}"


class StatusChange(models.Model):
    """One step of an agreement's lifecycle, kept so the history shows who moved it and when."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Agreement.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Agreement.Status.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # As on AuditEntry: a note the code writes keeps its English message and these values, so
    # that each reader reads it in their own language (core.audit.Note).
    note_values = models.JSONField(_("note values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_status} → {self.to_status}"

    @property
    def shown_note(self) -> str:
        """The note in the active language (a person's note as typed)."""
        return note_text(self.note, self.note_values)


def document_path(document: "Document", filename: str) -> str:
    # The stored name is the content hash, so names cannot collide or carry paths.
    return f"agreements/{document.agreement_id}/{document.sha256}"


class Document(models.Model):
    """A signed copy, draft or annex; a new upload of the same document is a new version."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Signed copy")
        DRAFT = "draft", _("Draft")
        ANNEX = "annex", _("Annex")
        CORRESPONDENCE = "correspondence", _("Correspondence")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    # Versions of one document share a series id; version numbers count from 1.
    series = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="unique_document_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class RenewalReminder(models.Model):
    """A reminder sent before an end date; unique, so a restarted worker never sends it twice."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="renewal_reminders"
    )
    ends_on = models.DateField(_("end date"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "ends_on", "days_before"], name="unique_renewal_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.days_before} days before {self.ends_on}"
