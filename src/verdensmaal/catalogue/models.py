from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import TranslatedTextMixin


class Goal(TranslatedTextMixin, models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    title_da = models.TextField(_("title (Danish)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, help_text=_("The UN's official colour."))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.localised('name')}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:goal", args=[self.number])

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on the goal's colour (WCAG relative luminance)."""
        channels = [int(self.colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


class Target(TranslatedTextMixin, models.Model):
    """One of the 169 SDG targets, numbered as the UN does (1.1, 1.a)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=8, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    title_da = models.TextField(_("title (Danish)"), blank=True)
    title_en = models.TextField(_("title (English)"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["goal__number", "position"]

    def __str__(self) -> str:
        return self.code


class GlobalIndicator(TranslatedTextMixin, models.Model):
    """An indicator of the UN global indicator framework (1.1.1)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=12, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    title_da = models.TextField(_("title (Danish)"), blank=True)
    title_en = models.TextField(_("title (English)"))

    class Meta:
        verbose_name = _("global indicator")
        verbose_name_plural = _("global indicators")
        ordering = ["target__goal__number", "target__position", "position"]

    def __str__(self) -> str:
        return self.code
