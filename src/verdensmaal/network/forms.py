import secrets
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verdensmaal.accounts.models import Organisation, User
from verdensmaal.core.forms import CapitalisedLabels, DanishDecimalField, PercentField
from verdensmaal.core.ratelimit import use_once

from .models import Meeting, Membership, Participant, Season, Task

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class SeasonForm(CapitalisedLabels, forms.ModelForm):
    base_price = DanishDecimalField(
        label=_("price of the first participant"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text=_("DKK excluding VAT, e.g. 10.000."),
    )
    further_discount = PercentField(
        label=_("discount for further participants"), help_text=_("In per cent, e.g. 25 %.")
    )
    vat_rate = PercentField(label=_("VAT rate"), help_text=_("In per cent, e.g. 25 %."))

    class Meta:
        model = Season
        fields = [
            "name",
            "title_da",
            "title_en",
            "starts_on",
            "ends_on",
            "base_price",
            "further_discount",
            "vat_rate",
            "payment_days",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "invoice_reference", "contact_name", "contact_email"]

    def __init__(self, *args, season: Season, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.season = season
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            memberships__season=season
        )


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "title", "role", "email", "language", "directory_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class SeasonRegistrationForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one participant.")},
    )
    expected_total = forms.DecimalField(
        max_digits=12, decimal_places=2, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = participants


def _local(day, moment: time) -> datetime:
    naive = datetime.combine(day, moment)
    aware = naive.replace(tzinfo=COPENHAGEN)
    if aware.astimezone(UTC).astimezone(COPENHAGEN).replace(tzinfo=None) != naive:
        raise forms.ValidationError(
            _("%(time)s does not exist on that day in Danish time (summer-time change)."),
            params={"time": moment.strftime("%H:%M")},
        )
    return aware


class MeetingForm(CapitalisedLabels, forms.ModelForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts (Danish time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Ends (Danish time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One speaker a line: name; title; organisation."),
    )
    host = forms.ModelChoiceField(
        label=_("host"),
        required=False,
        queryset=Organisation.objects.all(),
        help_text=_("The member that hosts a field visit."),
    )
    sites = forms.CharField(
        label=_("Sites"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a field visit, one site a line: name; address; what to see."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title_da",
            "title_en",
            "kind",
            "host",
            "programme",
            "format",
            "venue",
            "address",
            "city",
            "online_url",
            "capacity",
            "agenda",
            "minutes",
        ]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
            "programme": forms.Textarea(attrs={"rows": 4}),
        }

    field_order = [
        "title_da",
        "title_en",
        "day",
        "start_time",
        "end_time",
        "kind",
        "host",
        "programme",
        "sites",
        "format",
        "venue",
        "address",
        "city",
        "online_url",
        "capacity",
        "speakers",
        "agenda",
        "minutes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # left out, a network meeting
        meeting = self.instance
        if meeting.pk:
            start = timezone.localtime(meeting.starts_at, COPENHAGEN)
            end = timezone.localtime(meeting.ends_at, COPENHAGEN)
            self.initial.update(
                day=start.date(),
                start_time=start.time(),
                end_time=end.time(),
                speakers="\n".join(
                    "; ".join((s.name, s.title, s.organisation)) for s in meeting.speakers.all()
                ),
                sites="\n".join(
                    "; ".join((s.name, s.address, s.description)) for s in meeting.sites.all()
                ),
            )

    def clean_speakers(self) -> list[dict]:
        speakers = []
        for line in self.cleaned_data["speakers"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) > 3 or not parts[0]:
                raise forms.ValidationError(_("Write each speaker as: name; title; organisation."))
            parts += [""] * (3 - len(parts))
            speakers.append({"name": parts[0], "title": parts[1], "organisation": parts[2]})
        return speakers

    def clean_sites(self) -> list[dict]:
        sites = []
        for line in self.cleaned_data["sites"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";", 2)]
            if not parts[0]:
                raise forms.ValidationError(_("Write each site as: name; address; what to see."))
            parts += [""] * (3 - len(parts))
            sites.append({"name": parts[0], "address": parts[1], "description": parts[2]})
        return sites

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or Meeting.Kind.MEETING
        if all(data.get(key) for key in ("day", "start_time", "end_time")):
            try:
                data["starts_at"] = _local(data["day"], data["start_time"])
                data["ends_at"] = _local(data["day"], data["end_time"])
            except forms.ValidationError as error:
                self.add_error("start_time", error)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields}
        fields.update(starts_at=data["starts_at"], ends_at=data["ends_at"])
        return fields

    def _post_clean(self):
        # The service validates the model; the form only shapes the input.
        pass


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))


class MeetingRegisterForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none()
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class CreditNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the credit note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "owner", "due_on", "status", "meeting", "membership", "notes"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            role=User.Role.SECRETARIAT, is_active=True
        )
        self.fields["meeting"].queryset = Meeting.objects.select_related("season")
        self.fields["membership"].queryset = Membership.objects.select_related(
            "season", "organisation"
        )

    def _post_clean(self):
        pass


ENQUIRY_SALT = "verdensmaal.network.enquiry"
ENQUIRY_TICKET_MAX_AGE = 24 * 3600


def enquiry_ticket() -> str:
    """A signed, time-stamped random ticket put in the enquiry form: a post without a fresh one
    is refused, and each ticket is good for one enquiry (:func:`enquiry_ticket_use`)."""
    return signing.TimestampSigner(salt=ENQUIRY_SALT).sign(secrets.token_urlsafe(16))


def enquiry_ticket_is_valid(ticket: str) -> bool:
    try:
        signing.TimestampSigner(salt=ENQUIRY_SALT).unsign(ticket, max_age=ENQUIRY_TICKET_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def enquiry_ticket_use(ticket: str) -> bool:
    """Spend a valid ticket; False when it was spent before."""
    return use_once("enquiry", ticket, lifetime=ENQUIRY_TICKET_MAX_AGE)


class EnquiryForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)
