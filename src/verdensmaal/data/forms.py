from django import forms
from django.utils.translation import gettext_lazy as _

from verdensmaal.catalogue.models import Indicator

from .services import FORMATS

# About 1.7 million long-form rows, which the preview and the import each handle in well under
# a minute; larger files go through `verdensmaal import` on the server.
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
ENCODINGS = [
    ("", _("UTF-8")),
    ("cp1252", _("Windows-1252 (Danish Excel's “CSV (semicolon separated)”)")),
]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("", _("From the file name")),
            ("csv", _("CSV (long or wide)")),
            ("xlsx", _("Excel workbook (.xlsx)")),
            ("jsonstat", _("JSON-stat (version 1 or 2)")),
            ("opensdg", _("Open SDG data file (CSV)")),
        ],
        required=False,
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding"),
        choices=ENCODINGS,
        required=False,
        help_text=_("For CSV files. Excel's “CSV UTF-8” is UTF-8."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("code"),
        to_field_name="code",
        required=False,
        help_text=_("Only for files without an indicator column, and for Open SDG files."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s MB. Split it into smaller files, or have it "
                    "imported on the server with “verdensmaal import”."
                )
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_format(self):
        value = self.cleaned_data["format"]
        if value and value not in FORMATS:
            raise forms.ValidationError(_("Unknown format."))
        return value
