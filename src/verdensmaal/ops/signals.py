"""The log of login lockouts and their release (django-axes), by user id: no user names and no
addresses in the log (axes keeps those in its own table, for the cool-off, and deletes them)."""

import logging

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("verdensmaal.ops.logins")


def _user_id(username: str | None) -> int | None:
    if not username:
        return None
    return (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    until = timezone.now() + get_cool_off(request)
    logger.warning(
        "login locked out",
        extra={
            "fields": {
                "event": "login.locked_out",
                "user_id": _user_id(username),  # None: no such user
                "path": request.path,
                "until": until.isoformat(timespec="seconds"),
            }
        },
    )


@receiver(post_delete, sender=AccessAttempt)
def log_release(sender, instance: AccessAttempt, **kwargs):
    """Axes deletes a lockout's record when its cool-off has passed (at the next login anywhere),
    on a successful login, or when the secretariat removes it in the back office."""
    if instance.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return
    expired = instance.attempt_time + settings.AXES_COOLOFF_TIME <= timezone.now()
    logger.warning(
        "login lockout released",
        extra={
            "fields": {
                "event": "login.lockout_released",
                "user_id": _user_id(instance.username),
                "reason": "cool-off passed" if expired else "reset",
            }
        },
    )
