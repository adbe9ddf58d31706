from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_import_applied(sender, **kwargs) -> None:
    """The receiver of ``data.services.import_applied``: the notices' services (and the
    dashboards they compare) are imported when an import is applied, not before every command."""
    from .services.notices import revision_notices_on_import

    revision_notices_on_import(sender, **kwargs)


class LearningConfig(AppConfig):
    name = "verdensmaal.learning"
    label = "learning"
    verbose_name = _("Learning across municipal borders")

    def ready(self):
        # The apps below tell this one what happened without importing it: an applied import
        # (data) and the reminders run (network).
        from verdensmaal.core.extensions import page_part_register
        from verdensmaal.data.services import import_applied
        from verdensmaal.network.reminders import reminders_register

        from . import page_parts

        import_applied.connect(_on_import_applied, dispatch_uid="learning-notices")
        reminders_register(
            "revision_digests", "verdensmaal.learning.services.notices.revision_digests_send"
        )
        # Its parts of the pages of apps below it: a meeting's minutes, an action's page.
        page_part_register(
            "network.meeting",
            "learning",
            template_name="learning/_meeting_learning.html",
            context=page_parts.meeting_learning,
        )
        page_part_register(
            "frameworks.action",
            "learning",
            template_name="learning/_action_case.html",
            context=page_parts.action_case,
        )
