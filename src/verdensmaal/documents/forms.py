"""Forms for screening documents: shape and clear messages only; the services read and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verdensmaal.accounts.models import Organisation
from verdensmaal.core.forms import CapitalisedLabels
from verdensmaal.core.models import Sharing
from verdensmaal.screening.documents import MAX_UPLOAD_BYTES

from .models import Document
from .services import MAX_TEXT_CHARACTERS


class StrategyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, strategy):
        framework = strategy.framework
        return f"{strategy} ({framework.organisation}, {framework.period})"


class DocumentForm(CapitalisedLabels, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.order_by("name")
    )
    title = forms.CharField(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to take the file's name or the text's first words."),
    )
    file = forms.FileField(
        label=_("file"),
        required=False,
        allow_empty_file=True,  # the screener says why an empty file cannot be read
    )
    text = forms.CharField(
        label=_("or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Headings on lines of their own; a blank line between paragraphs. Up to 300 words "
            "are screened at once, longer texts in the background."
        ),
    )
    language = forms.ChoiceField(
        label=_("language"), choices=Document.Language.choices, required=False
    )
    strategy = StrategyChoiceField(
        label=_("strategy of the framework"),
        queryset=None,
        required=False,
        help_text=_("The strategy or policy of your framework that this document is, if any."),
    )
    sharing = forms.ChoiceField(
        label=_("shared with"), choices=Sharing.choices, initial=Sharing.NETWORK
    )

    def __init__(self, *args, organisation=None, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (.docx), HTML or plain text, at most %(size)s MB."
        ) % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        if organisation is not None:
            del self.fields["organisation"]  # an editor screens for their own organisation
        self.fields["strategy"].queryset = strategies
        if not strategies.exists():
            del self.fields["strategy"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > MAX_TEXT_CHARACTERS:
            raise forms.ValidationError(
                _("The text is longer than %(count)s characters: upload it as a file instead."),
                params={"count": f"{MAX_TEXT_CHARACTERS:,}".replace(",", ".")},
            )
        return text

    def clean(self):
        cleaned = super().clean()
        has_file, has_text = bool(cleaned.get("file")), bool((cleaned.get("text") or "").strip())
        if "file" not in self.errors and "text" not in self.errors:
            if has_file and has_text:
                raise forms.ValidationError(_("Paste a text or choose a file, not both."))
            if not has_file and not has_text:
                raise forms.ValidationError(_("Choose a file or paste a text to screen."))
        return cleaned

    def values(self) -> dict:
        """The keyword arguments of ``services.document_create`` (without the organisation)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "text": data["text"] if not data.get("file") else "",
            "upload": data.get("file") or None,
            "language": data["language"],
            "strategy": data.get("strategy"),
            "sharing": data["sharing"],
        }


class DocumentEditForm(CapitalisedLabels, forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "language", "sharing"]
        help_texts = {
            "language": _("A change of language takes effect when the document is screened again.")
        }


class LinkStrategyForm(CapitalisedLabels, forms.Form):
    """Link a screened document to a strategy of the framework: one that exists, or a new one."""

    strategy = StrategyChoiceField(label=_("an existing strategy"), queryset=None, required=False)
    framework = forms.ModelChoiceField(
        label=_("or a new strategy in the framework"), queryset=None, required=False
    )
    title_da = forms.CharField(label=_("title of the new strategy"), max_length=200, required=False)
    adopted_on = forms.DateField(
        label=_("adopted on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, strategies, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies
        self.fields["framework"].queryset = frameworks

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("strategy")) == bool(cleaned.get("framework")):
            raise forms.ValidationError(
                _("Choose an existing strategy, or a framework to add a new strategy to.")
            )
        return cleaned
