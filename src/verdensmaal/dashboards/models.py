from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# What the secretariat starts from: size, density, age, income and settlement, weighed alike.
DEFAULT_SIMILARITY = {
    "DK-FOLK1A-POPULATION": 1,
    "DK-ARE207-DENSITY": 1,
    "DK-FOLK1A-AGE65SHARE": 1,
    "DK-INDKP-DISPINCOME": 1,
    "DK-BY3-URBANSHARE": 1,
}


class SimilarityIndicator(models.Model):
    """An indicator that decides which municipalities are similar, and its weight."""

    indicator = models.OneToOneField(
        "catalogue.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01)],
        help_text=_("How much the indicator counts, relative to the others (1 = as much)."),
    )

    class Meta:
        verbose_name = _("indicator for similar municipalities")
        verbose_name_plural = _("indicators for similar municipalities")
        ordering = ["indicator__code"]

    def __str__(self) -> str:
        return f"{self.indicator} × {self.weight}"
