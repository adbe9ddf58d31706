from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "verdensmaal.ops"
    verbose_name = _("Operations")

    def ready(self):
        from . import signals  # noqa: F401 - connects the login lockout log
