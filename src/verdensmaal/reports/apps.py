from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Communication: the municipality profile, the network overview and the local review
    report, built from the dashboards and the published frameworks."""

    name = "verdensmaal.reports"
    verbose_name = _("Profiles and reports")
