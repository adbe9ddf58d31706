from django import forms
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.forms import CapitalisedLabels

from .models import Organisation
from .services import ORGANISATION_PROFILE_FIELDS


class OrganisationProfileForm(CapitalisedLabels, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ORGANISATION_PROFILE_FIELDS
