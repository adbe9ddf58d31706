from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import actions


def _action_choices():
    codes = actions.known_codes()
    apps_seen = sorted({code.split(".")[0] for code in codes})
    return [
        ("", _("All changes")),
        *((f"{app}.", apps.get_app_config(app).verbose_name) for app in apps_seen),
        *((code, actions.label(code)) for code in codes),
    ]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("What"), required=False, choices=_action_choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=apps.get_model("accounts", "Organisation").objects.order_by("name"),
    )
    actor = forms.ModelChoiceField(
        label=_("By"), required=False, queryset=get_user_model().objects.order_by("username")
    )
    query = forms.CharField(label=_("Name contains"), required=False, max_length=100)
