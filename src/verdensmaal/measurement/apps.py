from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementConfig(AppConfig):
    """Progress measurement for people: the words, ranks and badges of the engine's statuses and
    reasons, and the network's progress settings. The engine itself is ``verdensmaal.progress``
    (pure NumPy); the pages that show progress are in ``dashboards`` and ``frameworks``."""

    name = "verdensmaal.measurement"
    verbose_name = _("Progress measurement")
