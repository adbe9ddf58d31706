"""Shared model pieces: timestamps and text kept per language."""

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class LocalisedText:
    """A text in the active language, or in the other one when it is missing there."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


class TranslatedTextMixin:
    """Models that keep user-facing text as ``<field>_da`` and ``<field>_en`` columns.

    A text that was written in Danish only at first keeps its original column as the Danish one
    (``rationale`` beside ``rationale_en``), so that nothing had to be moved when English came.
    """

    def text_in(self, field: str, language: str) -> str:
        """The stored text of ``field`` in ``language`` ("da" or "en"), empty when not written."""
        column = f"{field}_{language}"
        if language == "da" and not hasattr(self, column):
            column = field
        return getattr(self, column, "")

    def localised(self, field: str, language: str | None = None) -> LocalisedText:
        language = language or translation.get_language() or "da"
        language = language.split("-")[0]
        preferred = "en" if language == "en" else "da"
        other = "da" if preferred == "en" else "en"
        text = self.text_in(field, preferred)
        if text:
            return LocalisedText(text, preferred, is_fallback=False)
        return LocalisedText(self.text_in(field, other), other, is_fallback=True)


class Sharing(models.TextChoices):
    """Who may read something a member wrote: their own organisation, the network's logged-in
    members, or everyone (published)."""

    PRIVATE = "private", _("Own organisation")
    NETWORK = "network", _("The network's members")
    PUBLIC = "public", _("Everyone (published)")


class Shared(models.Model):
    """Content with a sharing level; members share with the network unless they choose."""

    sharing = models.CharField(
        _("shared with"), max_length=10, choices=Sharing.choices, default=Sharing.NETWORK
    )

    class Meta:
        abstract = True
