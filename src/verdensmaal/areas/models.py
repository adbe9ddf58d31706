from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import TranslatedTextMixin


class Area(TranslatedTextMixin, models.Model):
    """Denmark, a region or a municipality, keyed by Statistics Denmark's OMRÅDE code."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")

    code = models.CharField(_("code"), max_length=3, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    dagi_code = models.CharField(_("DAGI code"), max_length=4, blank=True)
    iso_3166_2 = models.CharField(_("ISO 3166-2 code"), max_length=6, blank=True)
    nuts2 = models.CharField(_("NUTS 2 code"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.localised("name").text

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.MUNICIPALITY:
            return reverse("areas:municipality", args=[self.code])
        return reverse("areas:municipalities")


class PeerGroup(TranslatedTextMixin, models.Model):
    """Municipalities the secretariat groups for comparison, e.g. by size or urban/rural."""

    name_da = models.CharField(_("name (Danish)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description_da = models.TextField(_("description (Danish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    municipalities = models.ManyToManyField(
        Area,
        verbose_name=_("municipalities"),
        related_name="peer_groups",
        limit_choices_to={"kind": Area.Kind.MUNICIPALITY},
    )

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["name_da"]

    def __str__(self) -> str:
        return self.localised("name").text
