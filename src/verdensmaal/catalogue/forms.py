from django import forms

from .models import Target


class TargetTranslationForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["title_da"]
        widgets = {"title_da": forms.Textarea(attrs={"rows": 3})}
