from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site on top: the front page, the methods page and the set-up commands."""

    name = "verdensmaal.portal"
    verbose_name = _("Site")
