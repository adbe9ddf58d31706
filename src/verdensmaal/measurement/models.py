from django.db import models
from django.utils.translation import gettext_lazy as _

from .vocabulary import METHOD_LABELS


class ProgressSettings(models.Model):
    """The network's choices for progress measurement; one row."""

    default_method = models.CharField(
        _("default progress method"),
        max_length=10,
        choices=list(METHOD_LABELS.items()),
        default="opensdg",
    )
    base_year = models.PositiveSmallIntegerField(
        _("base year"), default=2015, help_text=_("Progress is measured from this year.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress settings")
        verbose_name_plural = _("progress settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "ProgressSettings":
        return cls.objects.get_or_create(pk=1)[0]
