"""The network: seasons, members, participants, meetings, registrations, invoices and follow-up.

Invoices are legal documents and therefore snapshots (see pretix's ``Invoice``): the buyer's name,
address, CVR, EAN and reference and every line's amounts are copied onto them when they are
issued; they are never edited or deleted, and a credit note corrects one. Prices are frozen on the
season registration when it is made, so a later change of the season's price rule changes neither
existing registrations nor invoices.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import BaseModel, TranslatedTextMixin
from verdensmaal.core.validators import validate_cvr, validate_ean

ZERO = Decimal("0.00")


def _money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def _fraction(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        **kwargs,
    )


class Season(TranslatedTextMixin, BaseModel):
    """A season of the network (for example 2020-21) with its own price rule."""

    name = models.CharField(
        _("name"), max_length=20, unique=True, help_text=_("For example 2020-21.")
    )
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    base_price = _money(
        _("price of the first participant"),
        validators=[MinValueValidator(ZERO)],
        help_text=_("DKK excluding VAT."),
    )
    further_discount = _fraction(
        _("discount for further participants"),
        help_text=_("A fraction: 0.25 is 25 %."),
    )
    vat_rate = _fraction(_("VAT rate"), default=Decimal("0.25"))
    payment_days = models.PositiveSmallIntegerField(_("days to pay"), default=30)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:season", args=[self.pk])

    @property
    def title(self) -> str:
        return str(self.localised("title"))

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A season cannot end before it starts.")})


class Membership(BaseModel):
    """An organisation's membership of one season, with the reference its invoices must carry."""

    season = models.ForeignKey(
        Season, verbose_name=_("season"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    invoice_reference = models.CharField(
        _("invoice reference"),
        max_length=100,
        help_text=_("The buyer's reference (order number or person) that the invoice must carry."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["season", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "organisation"], name="network_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.season})"

    def get_absolute_url(self) -> str:
        return reverse("network:membership", args=[self.pk])


class Participant(BaseModel):
    """A person a member sends to the network."""

    class Role(models.TextChoices):
        POLITICIAN = "politician", _("Politician")
        STRATEGIST = "strategist", _("Strategist")
        PRACTITIONER = "practitioner", _("Practitioner")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    role = models.CharField(_("role in the network"), max_length=20, choices=Role.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("da", _("Danish")), ("en", _("English"))],
        default="da",
    )
    directory_consent = models.BooleanField(_("may appear in the member directory"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
    )
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:participant", args=[self.pk])

    def clean(self) -> None:
        if self.erased_at is None and not self.email:
            raise ValidationError({"email": _("A participant needs an e-mail address.")})


class SeasonRegistration(BaseModel):
    """A participant registered by a member for a season, with the price frozen at registration."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="season_registrations",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("1 for the member's first participant, 2 for the second, ...")
    )
    price = _money(_("price excl. VAT"), validators=[MinValueValidator(ZERO)])
    vat_rate = _fraction(_("VAT rate"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invoice = models.ForeignKey(
        "Invoice",
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )

    class Meta:
        verbose_name = _("season registration")
        verbose_name_plural = _("season registrations")
        ordering = ["membership", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "participant"], name="network_season_registration_unique"
            ),
            models.UniqueConstraint(
                fields=["membership", "position"], name="network_season_registration_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.membership}"


class Meeting(TranslatedTextMixin, BaseModel):
    """A meeting of the programme; a field visit is one held at a host member's sites, with a
    programme of its own."""

    class Format(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Network meeting")
        FIELD_VISIT = "field_visit", _("Field visit")

    season = models.ForeignKey(
        Season, verbose_name=_("season"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title_da = models.CharField(_("theme (Danish)"), max_length=300)
    title_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEETING)
    host = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        help_text=_("The member that hosts a field visit."),
    )
    programme = models.TextField(
        _("programme of the visit"),
        blank=True,
        help_text=_("One item a line, for example: 10:00 Welcome at the town hall."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats at the venue; empty means no limit. Further registrations wait."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Raised when a changed meeting is sent again.")
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.localised("title"))

    def get_absolute_url(self) -> str:
        return reverse("network:meeting", args=[self.pk])

    @property
    def uid(self) -> str:
        return f"network-meeting-{self.pk}@verdensmaal"

    @property
    def is_physical(self) -> bool:
        return self.format in (self.Format.PHYSICAL, self.Format.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.venue, self.address, self.city) if part)

    @property
    def is_field_visit(self) -> bool:
        return self.kind == self.Kind.FIELD_VISIT

    @property
    def programme_items(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if self.is_field_visit:
            if self.host_id is None:
                errors["host"] = _("A field visit needs a host.")
            if not self.is_physical:
                errors["format"] = _("A field visit takes place on site: physical or hybrid.")
        elif self.host_id is not None:
            errors["host"] = _("Only a field visit has a host.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A meeting must end after it starts.")
        if self.is_physical and not self.city:
            errors["city"] = _("A physical or hybrid meeting needs a city.")
        if self.is_online and not self.online_url:
            errors["online_url"] = _("An online or hybrid meeting needs a link.")
        if self.format == self.Format.ONLINE and self.capacity is not None:
            errors["capacity"] = _("Only meetings with a venue have a capacity.")
        if errors:
            raise ValidationError(errors)


class Speaker(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.title, self.organisation) if part)


class Site(models.Model):
    """A place a field visit sees: a project, a building, a neighbourhood."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("site"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.CharField(_("what to see"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="network_site_name_once")
        ]

    def __str__(self) -> str:
        return self.name


def _material_path(instance, filename: str) -> str:
    return f"network/materials/{instance.meeting_id}/{uuid.uuid4().hex}/{filename}"


class Material(BaseModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_material_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingRegistration(BaseModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Method(models.TextChoices):
        SECRETARIAT = "secretariat", _("Recorded by the secretariat")
        SELF = "self", _("Self check-in")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="registrations"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="meeting_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    attendance_method = models.CharField(
        _("attendance recorded by"), max_length=12, choices=Method.choices, blank=True
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="network_meeting_registration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.meeting}"


class InvoiceCounter(models.Model):
    """The last number used in one year's series; locked while a number is allocated."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice number series")
        verbose_name_plural = _("invoice number series")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Invoice(models.Model):
    """An issued invoice or credit note: an append-only snapshot."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="invoices"
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_note",
    )
    issued_at = models.DateTimeField(_("issued"))
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, default="da")
    season_name = models.CharField(_("season"), max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_street = models.CharField(_("street address"), max_length=200)
    buyer_postcode = models.CharField(_("postcode"), max_length=4)
    buyer_city = models.CharField(_("city"), max_length=100)
    buyer_cvr = models.CharField(_("CVR number"), max_length=8, validators=[validate_cvr])
    buyer_ean = models.CharField(_("EAN number"), max_length=13, validators=[validate_ean])
    buyer_reference = models.CharField(_("invoice reference"), max_length=100)
    seller = models.JSONField(_("seller"))
    net_total = _money(_("net"))
    vat_total = _money(_("VAT"))
    gross_total = _money(_("total incl. VAT"))
    note = models.TextField(_("note"), blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="invoice", corrects__isnull=True)
                | Q(kind="credit_note", corrects__isnull=False),
                name="network_invoice_credit_note_corrects",
            ),
            models.CheckConstraint(
                condition=Q(gross_total__gte=0), name="network_invoice_total_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        # An issued invoice is a legal document: only its payment may be recorded afterwards.
        if not self._state.adding:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= {"paid_at", "paid_recorded_by"}:
                raise ValueError("An issued invoice is never changed; issue a credit note.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("network:invoice", args=[self.pk])

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def status(self) -> str:
        if self.is_credit_note:
            return "credit_note"
        if hasattr(self, "credit_note"):
            return "credited"
        return "paid" if self.paid_at else "issued"

    @property
    def status_label(self) -> str:
        return str(INVOICE_STATUS_LABELS[self.status])


INVOICE_STATUS_LABELS = {
    "issued": _("Issued"),
    "paid": _("Paid"),
    "credited": _("Credited"),
    "credit_note": _("Credit note"),
}


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("line"))
    description = models.CharField(_("description"), max_length=300)
    participant_name = models.CharField(_("participant"), max_length=200)
    registration = models.ForeignKey(
        SeasonRegistration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoice_lines",
    )
    net = _money(_("net"))
    vat_rate = _fraction(_("VAT rate"))
    vat = _money(_("VAT"))
    gross = _money(_("gross"))

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"], name="network_invoice_line_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}/{self.position}"


class Task(BaseModel):
    """A follow-up task for the secretariat between meetings."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="network_tasks",
        limit_choices_to={"role": "secretariat"},
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class SentReminder(models.Model):
    """A reminder that was sent; its unique key keeps ``send_reminders`` from sending it twice."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key


class Enquiry(BaseModel):
    """A prospective member's enquiry, landing in the secretariat's inbox."""

    organisation_name = models.CharField(_("organisation"), max_length=200)
    name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["handled_at", "-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.name})"
