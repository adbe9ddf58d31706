"""Forms for the frameworks: shape and clear messages only; the services decide and save.

Every edit form carries the ``version`` it was opened at, so that the service can refuse the edit
when someone else has saved in the meantime.
"""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from verdensmaal.accounts.models import Organisation
from verdensmaal.catalogue.models import Goal, Indicator, Target
from verdensmaal.core.forms import CapitalisedLabels, DanishDecimalField

from .models import (
    Action,
    Factor,
    Framework,
    LocalTarget,
    Milestone,
    Partner,
    Priority,
    ProgressUpdate,
    Strategy,
)

DOCUMENT_EXTENSIONS = ["pdf", "docx", "odt", "doc", "xlsx", "pptx", "txt", "html"]
DOCUMENT_MAX_BYTES = 25 * 1024 * 1024


def _date_widget():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class VersionedForm(CapitalisedLabels, forms.ModelForm):
    """A model form that, for an existing object, carries the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]
        if "sharing" in self.fields:
            self.fields["sharing"].required = False  # left out, it stays as it is

    def clean_sharing(self):
        return self.cleaned_data.get("sharing") or self.instance.sharing

    def values(self) -> dict:
        """The cleaned values the service takes (without the version)."""
        return {
            name: value for name, value in self.cleaned_data.items() if name in self._meta.fields
        }


def indicators_by_goal() -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue's indicators grouped under their first goal, for choosing among dozens;
    context indicators come last."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for indicator in Indicator.objects.prefetch_related("targets__goal").order_by("code"):
        goals = indicator.goals
        heading = str(goals[0]) if goals else str(_("Context indicators"))
        name = f"{indicator.localised('name')} ({indicator.code})"
        groups.setdefault((goals[0].number if goals else 99, heading), []).append(
            (indicator.code, name)
        )
    return [(heading, items) for (_number, heading), items in sorted(groups.items())]


def _codes_to_targets(text: str):
    codes = [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]
    targets = list(Target.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {t.code for t in targets})
    if unknown:
        raise forms.ValidationError(
            _("Unknown SDG target(s): %(codes)s"), params={"codes": ", ".join(unknown)}
        )
    return targets


class FrameworkForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        label=_("municipality"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY),
    )

    class Meta:
        model = Framework
        fields = [
            "organisation", "title_da", "title_en", "start_year", "end_year", "summary",
            "summary_en", "foreword_da", "foreword_en", "next_steps_da", "next_steps_en", "sharing",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "foreword_da": forms.Textarea(attrs={"rows": 6}),
            "foreword_en": forms.Textarea(attrs={"rows": 6}),
            "next_steps_da": forms.Textarea(attrs={"rows": 6}),
            "next_steps_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "foreword_da": _("The opening statement of the local review report."),
            "next_steps_da": _("What the municipality will do next, for the local review report."),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None or self.instance.pk:
            # An editor's framework is always their own municipality's; it never moves.
            del self.fields["organisation"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end <= start:
            self.add_error("end_year", _("The period must end after it starts."))
        return cleaned


class PriorityForm(VersionedForm):
    goal = forms.ModelChoiceField(
        label=_("goal"), queryset=Goal.objects.all(), required=False, to_field_name="number"
    )
    target = forms.CharField(
        label=_("SDG target"),
        required=False,
        max_length=8,
        help_text=_("Optional: the UN number of one target, e.g. 13.2. Empty: the whole goal."),
    )

    class Meta:
        model = Priority
        fields = ["goal", "target", "rationale", "rationale_en", "sharing"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "rationale_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.target_id:
            self.initial["target"] = self.instance.target.code

    def clean_target(self):
        code = self.cleaned_data["target"].strip()
        if not code:
            return None
        target = Target.objects.select_related("goal").filter(code=code).first()
        if target is None:
            raise forms.ValidationError(_("Unknown SDG target: %(code)s"), params={"code": code})
        return target

    def clean(self):
        cleaned = super().clean()
        goal, target = cleaned.get("goal"), cleaned.get("target")
        if "goal" in self.errors or "target" in self.errors:
            return cleaned
        if target is not None and goal is None:
            cleaned["goal"] = self.instance.goal = target.goal
        elif goal is None:
            self.add_error("goal", _("Choose a goal, or name one of its targets."))
        elif target is not None and target.goal_id != goal.pk:
            self.add_error(
                "target",
                _("Target %(code)s does not belong to goal %(goal)s.")
                % {"code": target.code, "goal": goal.number},
            )
        return cleaned


class LocalTargetForm(VersionedForm):
    indicator = forms.ModelChoiceField(
        label=_("indicator"),
        queryset=Indicator.objects.order_by("code"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Unknown indicator: choose one from the catalogue.")},
        help_text=_("The catalogue indicator the baseline and target values are measured on."),
    )
    other_indicators = forms.ModelMultipleChoiceField(
        label=_("other indicators followed"),
        queryset=Indicator.objects.order_by("code"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-filter": "indicators"}),
        error_messages={
            "invalid_choice": _("Unknown indicator %(value)s: choose one from the catalogue.")
        },
    )
    sdg_targets = forms.CharField(
        label=_("SDG targets"),
        help_text=_("The UN numbers of the targets it serves, separated by commas, e.g. 13.2, 7.2"),
    )
    baseline_value = DanishDecimalField(
        label=_("baseline value"),
        required=False,
        max_digits=16,
        decimal_places=4,
        localize=True,
        help_text=_("Leave empty to take the municipality's value for that year from the data."),
    )
    target_value = DanishDecimalField(
        label=_("target value"), max_digits=16, decimal_places=4, localize=True
    )
    direction = forms.ChoiceField(
        label=_("better when"),
        required=False,
        choices=[("", _("As the indicator says")), *LocalTarget.Direction.choices],
    )

    class Meta:
        model = LocalTarget
        fields = [
            "title_da", "title_en", "rationale", "rationale_en", "sdg_targets", "indicator",
            "other_indicators", "baseline_year", "baseline_value", "target_value", "target_year",
            "direction", "owner", "status", "sharing",
        ]  # fmt: skip
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "rationale_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grouped = indicators_by_goal()
        self.fields["indicator"].widget.choices = [("", "---------"), *grouped]
        self.fields["other_indicators"].widget.choices = grouped
        # The codes as text: a new local target's list of targets is empty, never "[]", unless
        # the page that links here proposes some (a screened strategy's target, say).
        codes = [t.code for t in self.instance.sdg_targets.all()] if self.instance.pk else []
        if self.instance.pk or not isinstance(self.initial.get("sdg_targets"), str):
            self.initial["sdg_targets"] = ", ".join(codes)

    def clean_sdg_targets(self):
        targets = _codes_to_targets(self.cleaned_data["sdg_targets"])
        if not targets:
            raise forms.ValidationError(_("Name at least one SDG target it serves."))
        return targets

    def clean(self):
        cleaned = super().clean()
        baseline_year, target_year = cleaned.get("baseline_year"), cleaned.get("target_year")
        if baseline_year and target_year and target_year <= baseline_year:
            self.add_error("target_year", _("The target year must come after the baseline year."))
        return cleaned


class ActionForm(VersionedForm):
    budget = DanishDecimalField(
        label=_("budget (DKK)"), required=False, max_digits=14, decimal_places=2, localize=True
    )

    class Meta:
        model = Action
        fields = [
            "title_da", "title_en", "description", "description_en", "owner", "start_date",
            "end_date", "budget", "status", "local_targets", "sharing",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "start_date": _date_widget(),
            "end_date": _date_widget(),
            "local_targets": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_targets"].queryset = framework.local_targets.order_by("pk")

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("The budget cannot be negative."))
        return budget


class MilestoneForm(VersionedForm):
    class Meta:
        model = Milestone
        fields = ["title", "title_en", "due_date", "completed_on"]
        widgets = {"due_date": _date_widget(), "completed_on": _date_widget()}


class PartnerForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        label=_("registered organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Choose one, or write the partner's name below."),
    )

    class Meta:
        model = Partner
        fields = ["organisation", "name", "kind", "role", "role_en"]


class ProgressUpdateForm(VersionedForm):
    percent_complete = forms.IntegerField(label=_("per cent complete"))

    class Meta:
        model = ProgressUpdate
        fields = ["date", "percent_complete", "note", "note_en"]
        widgets = {
            "date": _date_widget(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "note_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_percent_complete(self):
        percent = self.cleaned_data["percent_complete"]
        if not 0 <= percent <= 100:
            raise forms.ValidationError(_("The percentage must be between 0 and 100."))
        return percent


class FactorForm(VersionedForm):
    class Meta:
        model = Factor
        fields = ["effect", "kind", "text", "text_en"]


class StrategyForm(VersionedForm):
    url = forms.URLField(label=_("link"), required=False, max_length=500, assume_scheme="https")
    document = forms.FileField(
        label=_("file"),
        required=False,
        widget=forms.FileInput,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
        help_text=_("PDF or office document, at most 25 MB. A new file replaces the old one."),
    )

    class Meta:
        model = Strategy
        fields = ["title_da", "title_en", "url", "document", "adopted_on", "local_targets",
                  "actions", "sharing"]  # fmt: skip
        widgets = {
            "adopted_on": _date_widget(),
            "local_targets": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_targets"].queryset = framework.local_targets.order_by("pk")
        self.fields["actions"].queryset = framework.actions.order_by("pk")

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document and document.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        return document


class ActionGoalsForm(CapitalisedLabels, forms.Form):
    """The goals an editor confirms for an action, from the suggestion or their own choice."""

    goals = forms.ModelMultipleChoiceField(
        label=_("goals"),
        queryset=Goal.objects.order_by("number"),
        to_field_name="number",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        confirmed = [goal.number for goal in action.goals.all()]
        self.initial.setdefault(
            "goals", confirmed if action.goals_confirmed_at else action.suggested_goals
        )
        self.initial.setdefault("version", action.version)


class VersionForm(forms.Form):
    """A button's form (remove, publish): the version of the object the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
