import json

from django import forms
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.forms import CapitalisedLabels

from .models import Indicator, Target
from .services import INDICATOR_EDITABLE_FIELDS


class TargetTranslationForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["title_da"]
        widgets = {"title_da": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(CapitalisedLabels, forms.ModelForm):
    targets = forms.CharField(
        label=_("SDG targets"),
        required=False,
        help_text=_("The UN numbers of the targets, separated by commas, e.g. 13.2, 7.2"),
    )
    source_url = forms.URLField(label=_("documentation"), required=False, assume_scheme="https")
    source_filters = forms.CharField(
        label=_("variable filters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('JSON, e.g. {"KØN": ["TOT"]}'),
    )

    class Meta:
        model = Indicator
        fields = [f for f in INDICATOR_EDITABLE_FIELDS if f != "source_filters"]
        widgets = {
            "description_da": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "comparability_da": forms.Textarea(attrs={"rows": 2}),
            "comparability_en": forms.Textarea(attrs={"rows": 2}),
            "source_measure_da": forms.Textarea(attrs={"rows": 2}),
            "source_measure_en": forms.Textarea(attrs={"rows": 2}),
            "threshold_note_da": forms.Textarea(attrs={"rows": 2}),
            "threshold_note_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["targets"] = ", ".join(t.code for t in self.instance.targets.all())
            self.initial["source_filters"] = json.dumps(
                self.instance.source_filters, ensure_ascii=False
            )

    def clean_targets(self):
        codes = [code.strip() for code in self.cleaned_data["targets"].split(",") if code.strip()]
        targets = list(Target.objects.filter(code__in=codes))
        if unknown := sorted(set(codes) - {t.code for t in targets}):
            raise forms.ValidationError(
                _("Unknown SDG target(s): %(codes)s"), params={"codes": ", ".join(unknown)}
            )
        return targets

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Indicator.Kind.SDG and cleaned.get("targets") == []:
            self.add_error("targets", _("Link the indicator to at least one SDG target."))
        return cleaned

    def clean_source_filters(self):
        text = self.cleaned_data["source_filters"].strip()
        if not text:
            return {}
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The filters are not valid JSON: %(error)s"), params={"error": error.msg}
            ) from None
