from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataConfig(AppConfig):
    name = "verdensmaal.data"
    verbose_name = _("Indicator data")
