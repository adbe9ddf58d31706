from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "verdensmaal.learning"
    label = "learning"
    verbose_name = _("Learning across municipal borders")

    def ready(self):
        # The apps below tell this one what happened without importing it: an applied import
        # (data) and the reminders run (network).
        from verdensmaal.core.extensions import page_part_register
        from verdensmaal.data.services import import_applied
        from verdensmaal.network.services.followup import reminders_register

        from . import page_parts
        from .services.notices import revision_digests_send, revision_notices_on_import

        import_applied.connect(revision_notices_on_import, dispatch_uid="learning-notices")
        reminders_register("revision_digests", revision_digests_send)
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
