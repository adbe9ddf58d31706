from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "verdensmaal.documents"
    label = "documents"
    verbose_name = _("Strategy screening")

    def ready(self):
        # The kinds of background job this app runs (``jobs.register``).
        from . import tasks  # noqa: F401
