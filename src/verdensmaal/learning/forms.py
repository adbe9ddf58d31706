"""Forms of the learning pages: shape and clear messages only; the services decide and save."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Goal, Indicator, Target
from verdensmaal.core.forms import CapitalisedLabels
from verdensmaal.frameworks.forms import indicators_by_goal
from verdensmaal.network.models import Meeting, Site

from .models import Case, CaseFactor, DataNeed, FieldObservation
from .selectors import SIZE_CLASSES

MATERIAL_EXTENSIONS = ["pdf", "docx", "odt", "doc", "xlsx", "pptx", "txt", "jpg", "png"]
MATERIAL_MAX_BYTES = 25 * 1024 * 1024


def _date_widget():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _codes_to_targets(text: str) -> list[Target]:
    codes = [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]
    targets = list(Target.objects.select_related("goal").filter(code__in=codes))
    unknown = sorted(set(codes) - {t.code for t in targets})
    if unknown:
        raise forms.ValidationError(
            _("Unknown SDG target(s): %(codes)s"), params={"codes": ", ".join(unknown)}
        )
    return targets


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CaseForm(CapitalisedLabels, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    cost = forms.DecimalField(
        label=_("cost (DKK)"), required=False, max_digits=14, decimal_places=2, localize=True
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("goals"),
        queryset=Goal.objects.order_by("number"),
        to_field_name="number",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The goals of the SDG targets below are added by themselves."),
    )
    targets = forms.CharField(
        label=_("SDG targets"),
        required=False,
        help_text=_("The UN numbers of the targets, separated by commas, e.g. 11.2, 13.2"),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("indicators"),
        queryset=Indicator.objects.order_by("code"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-filter": "indicators"}),
        help_text=_("The indicators on which the results should show."),
    )
    partners = forms.CharField(
        label=_("partners and their roles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One partner a line: name; role."),
    )
    drivers = forms.CharField(
        label=_("drivers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What helped, one a line."),
    )
    barriers = forms.CharField(
        label=_("barriers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What stood in the way, one a line."),
    )
    meeting = forms.ModelChoiceField(
        label=_("meeting or field visit"),
        queryset=Meeting.objects.select_related("season").order_by("-starts_at"),
        required=False,
        help_text=_("Where the case was presented or seen, if it was."),
    )

    class Meta:
        model = Case
        fields = [
            "title_da", "title_en", "summary_da", "summary_en", "rationale_da", "rationale_en",
            "results_da", "results_en", "lessons_da", "lessons_en", "cost", "started_on",
            "ended_on", "contact_name", "contact_email", "meeting", "sharing",
        ]  # fmt: skip
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "summary_da",
                    "summary_en",
                    "rationale_da",
                    "rationale_en",
                    "results_da",
                    "results_en",
                    "lessons_da",
                    "lessons_en",
                )
            },
            "started_on": _date_widget(),
            "ended_on": _date_widget(),
        }

    field_order = [
        "title_da", "title_en", "summary_da", "summary_en", "rationale_da", "rationale_en",
        "partners", "cost", "started_on", "ended_on", "results_da", "results_en", "indicators",
        "targets", "goals", "drivers", "barriers", "lessons_da", "lessons_en", "contact_name",
        "contact_email", "meeting", "sharing",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].widget.choices = indicators_by_goal()
        case = self.instance
        if case.pk:
            self.fields["version"].required = True
            self.initial.setdefault("version", case.version)
            self.initial.update(
                goals=[g.number for g in case.goals.all()],
                targets=", ".join(t.code for t in case.targets.all()),
                indicators=[i.code for i in case.indicators.all()],
                partners="\n".join(
                    f"{p.name}; {p.role}" if p.role else p.name for p in case.partners.all()
                ),
                drivers="\n".join(
                    f.text for f in case.factors.all() if f.effect == CaseFactor.Effect.DRIVER
                ),
                barriers="\n".join(
                    f.text for f in case.factors.all() if f.effect == CaseFactor.Effect.BARRIER
                ),
            )
        else:
            del self.fields["version"]

    def clean_targets(self):
        return _codes_to_targets(self.cleaned_data["targets"])

    def clean_partners(self) -> list[dict]:
        partners = []
        for line in _lines(self.cleaned_data["partners"]):
            name, _sep, role = (part.strip() for part in line.partition(";"))
            if not name:
                raise forms.ValidationError(_("Write each partner as: name; role."))
            partners.append({"name": name, "role": role})
        return partners

    def clean_cost(self):
        cost = self.cleaned_data["cost"]
        if cost is not None and cost < 0:
            raise forms.ValidationError(_("The cost cannot be negative."))
        return cost

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("A case cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        # The service validates the model; the form only shapes the input.
        pass

    def service_values(self) -> dict:
        """What the case services take: the fields and the links."""
        data = self.cleaned_data
        values = {name: data[name] for name in self._meta.fields}
        values.update(
            goals=list(data["goals"]),
            targets=data["targets"],
            indicators=list(data["indicators"]),
            partners=data["partners"],
            factors=[
                *({"effect": CaseFactor.Effect.DRIVER, "text": t} for t in _lines(data["drivers"])),
                *(
                    {"effect": CaseFactor.Effect.BARRIER, "text": t}
                    for t in _lines(data["barriers"])
                ),
            ],
        )
        return values


class CaseMaterialForm(CapitalisedLabels, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(
        label=_("file"),
        required=False,
        validators=[FileExtensionValidator(MATERIAL_EXTENSIONS)],
        help_text=_("A report, slides or photos: PDF, Word, Excel, PowerPoint, text or images."),
    )
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file and file.size > MATERIAL_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        return file

    def clean(self):
        cleaned = super().clean()
        if not self.errors and bool(cleaned.get("file")) == bool(cleaned.get("url")):
            raise forms.ValidationError(_("Give either a file or a link."))
        return cleaned


class CaseFilterForm(CapitalisedLabels, forms.Form):
    """The case search: words and filters, all optional (GET)."""

    q = forms.CharField(label=_("words"), required=False, max_length=200)
    goal = forms.TypedChoiceField(label=_("goal"), required=False, coerce=int, empty_value=None)
    target = forms.CharField(label=_("SDG target"), required=False, max_length=8)
    indicator = forms.ChoiceField(label=_("indicator"), required=False)
    region = forms.ChoiceField(label=_("region"), required=False)
    size = forms.ChoiceField(label=_("municipality size"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("All goals"))] + [
            (g.number, f"{g.number}. {g.localised('name')}")
            for g in Goal.objects.order_by("number")
        ]
        self.fields["indicator"].choices = [("", _("All indicators")), *indicators_by_goal()]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.code, str(r)) for r in Area.objects.filter(kind=Area.Kind.REGION).order_by("code")
        ]
        self.fields["size"].choices = [("", _("All sizes"))] + [
            (key, label) for key, (label, _low, _high) in SIZE_CLASSES.items()
        ]


class ObservationForm(CapitalisedLabels, forms.ModelForm):
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.none(), required=False)
    goals = forms.ModelMultipleChoiceField(
        label=_("goals"),
        queryset=Goal.objects.order_by("number"),
        to_field_name="number",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FieldObservation
        fields = ["site", "text", "language", "sharing"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = meeting.sites.all()
        if self.instance.pk:
            self.initial["goals"] = [g.number for g in self.instance.goals.all()]

    def _post_clean(self):
        pass

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "site": data["site"],
            "text": data["text"],
            "language": data["language"],
            "sharing": data["sharing"],
            "goals": list(data["goals"]),
        }


class DataNeedForm(CapitalisedLabels, forms.ModelForm):
    sdg_target = forms.CharField(
        label=_("SDG target"),
        required=False,
        max_length=8,
        help_text=_("The UN number of the target it is for, e.g. 11.2."),
    )

    class Meta:
        model = DataNeed
        fields = ["title", "description", "level", "sdg_target", "local_target"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, local_targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_target"].queryset = local_targets
        if self.instance.pk and self.instance.sdg_target_id:
            self.initial["sdg_target"] = self.instance.sdg_target.code

    def clean_sdg_target(self):
        code = self.cleaned_data["sdg_target"].strip()
        if not code:
            return None
        targets = _codes_to_targets(code)
        return targets[0] if targets else None

    def _post_clean(self):
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class DataNeedSupportForm(CapitalisedLabels, forms.Form):
    note = forms.CharField(label=_("what you would use it for"), required=False, max_length=500)


class DataNeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=DataNeed.Status.choices)


class PlainSelect(forms.Select):
    """A select whose options are written in one loop of its own template: the same HTML as
    Django's, without rendering a template for each option (98 municipalities and the
    indicators took half the peer finder's time on a repeated view)."""

    template_name = "learning/widgets/select.html"


class PeerForm(CapitalisedLabels, forms.Form):
    """The peer finder's choices (GET): a municipality, an indicator and a period."""

    area = forms.ChoiceField(label=_("municipality"), widget=PlainSelect)
    indicator = forms.ChoiceField(label=_("indicator"), required=False, widget=PlainSelect)
    start = forms.IntegerField(label=_("from year"), required=False, min_value=1990, max_value=2100)
    end = forms.IntegerField(label=_("to year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            (a.code, str(a))
            for a in Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("name_da")
        ]
        self.fields["indicator"].choices = [("", _("Choose an indicator"))] + [
            (i.code, f"{i.localised('name')} ({i.code})") for i in indicators
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The period must end after it starts."))
        return cleaned
