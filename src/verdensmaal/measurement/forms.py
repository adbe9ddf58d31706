from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ProgressSettings


class ProgressSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgressSettings
        fields = ["default_method", "base_year"]

    def clean_base_year(self):
        year = self.cleaned_data["base_year"]
        if not 2000 <= year < timezone.now().year:
            raise forms.ValidationError(_("Choose a base year from 2000 to last year."))
        return year
