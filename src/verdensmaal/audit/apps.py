from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "verdensmaal.audit"
    verbose_name = _("Audit log")

    def ready(self):
        # Every app's action codes, so that every stored entry finds its label.
        autodiscover_modules("audit_actions")
