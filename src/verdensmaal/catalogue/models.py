from django.core.exceptions import ValidationError
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
    # The Danish title as the reference file last shipped it; a title_da that differs was
    # written in the product and is kept by load_reference (catalogue.services).
    title_da_shipped = models.TextField(blank=True, default="", editable=False)
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
    title_da_shipped = models.TextField(blank=True, default="", editable=False)  # see Goal

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
    title_da_shipped = models.TextField(blank=True, default="", editable=False)  # see Goal

    class Meta:
        verbose_name = _("global indicator")
        verbose_name_plural = _("global indicators")
        ordering = ["target__goal__number", "target__position", "position"]

    def __str__(self) -> str:
        return self.code


class Indicator(TranslatedTextMixin, models.Model):
    """A municipal indicator of our own catalogue, linked to the SDG targets it informs."""

    class Kind(models.TextChoices):
        SDG = "sdg", _("SDG indicator")
        CONTEXT = "context", _("Context: describes the municipality")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        RANGE = "range", _("Within a target range")
        NONE = "none", _("Neither: it describes, it is not a goal")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("Annual")
        QUARTERLY = "quarterly", _("Quarterly")
        MONTHLY = "monthly", _("Monthly")
        ELECTION = "election", _("At each election")
        IRREGULAR = "irregular", _("Irregular")

    class ThresholdBasis(models.TextChoices):
        NATIONAL = "national", _("A national target")
        EU = "eu", _("An EU target")
        INTERNATIONAL = "international", _("An international target or recommendation")
        NETWORK = "network", _("The network's choice")

    class SourceKind(models.TextChoices):
        STATBANK = "statbank", _("Statistics Denmark StatBank")
        FILE = "file", _("File import")
        MANUAL = "manual", _("Entered by hand")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SDG,
        help_text=_(
            "Context indicators (population, density, age) describe a municipality; they find "
            "similar municipalities and are never scored as progress."
        ),
    )
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_da = models.TextField(_("description (Danish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unit_code = models.CharField(
        _("unit code"), max_length=40, help_text=_("A short key such as percent or per_1000.")
    )
    unit_da = models.CharField(_("unit (Danish)"), max_length=100)
    unit_en = models.CharField(_("unit (English)"), max_length=100)
    direction = models.CharField(_("better when"), max_length=10, choices=Direction.choices)
    range_min = models.FloatField(_("range from"), null=True, blank=True)
    range_max = models.FloatField(_("range to"), null=True, blank=True)
    natural_limit = models.FloatField(
        _("natural limit"),
        null=True,
        blank=True,
        help_text=_(
            "A value the indicator cannot pass, such as 100 for a share in percent: a ceiling "
            "where higher is better, a floor where lower is better."
        ),
    )
    green_threshold = models.FloatField(
        _("green threshold"),
        null=True,
        blank=True,
        help_text=_("The value at which the SDSN dashboard shows the indicator as achieved."),
    )
    red_threshold = models.FloatField(
        _("red threshold"),
        null=True,
        blank=True,
        help_text=_("The value beyond which the SDSN dashboard shows a major challenge."),
    )
    threshold_basis = models.CharField(
        _("thresholds set by"), max_length=20, choices=ThresholdBasis.choices, blank=True
    )
    threshold_note_da = models.TextField(_("thresholds' source (Danish)"), blank=True)
    threshold_note_en = models.TextField(_("thresholds' source (English)"), blank=True)
    targets = models.ManyToManyField(
        Target, verbose_name=_("SDG targets"), related_name="municipal_indicators"
    )
    global_indicators = models.ManyToManyField(
        GlobalIndicator,
        verbose_name=_("closest global indicators"),
        related_name="municipal_indicators",
        blank=True,
    )
    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    publisher = models.CharField(_("publisher"), max_length=200)
    source_table = models.CharField(
        _("StatBank table"), max_length=20, blank=True, help_text=_("For example FOLK1A.")
    )
    source_area_variable = models.CharField(
        _("area variable"), max_length=40, blank=True, help_text=_("Usually OMRÅDE.")
    )
    source_filters = models.JSONField(
        _("variable filters"),
        default=dict,
        blank=True,
        help_text=_('The StatBank values to fix, e.g. {"KØN": ["TOT"]}.'),
    )
    source_measure_da = models.TextField(_("measure (Danish)"), blank=True)
    source_measure_en = models.TextField(_("measure (English)"), blank=True)
    source_details = models.JSONField(_("further source details"), default=dict, blank=True)
    source_url = models.URLField(_("documentation"), blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, blank=True
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    comparability_da = models.TextField(_("comparability (Danish)"), blank=True)
    comparability_en = models.TextField(_("comparability (English)"), blank=True)
    demo_min = models.FloatField(null=True, blank=True, editable=False)
    demo_max = models.FloatField(null=True, blank=True, editable=False)
    verified = models.BooleanField(
        _("source verified"),
        default=False,
        help_text=_("The table and variable codes have been checked against StatBank."),
    )
    edited_in_product = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.localised('name')}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", args=[self.code])

    def clean(self) -> None:
        if (self.kind == self.Kind.CONTEXT) != (self.direction == self.Direction.NONE):
            raise ValidationError(
                {"direction": _("A context indicator, and only one, has no better direction.")}
            )
        if self.direction == self.Direction.RANGE:
            if self.range_min is None or self.range_max is None:
                raise ValidationError(_("A target range needs both a lower and an upper value."))
            if self.range_min >= self.range_max:
                raise ValidationError(_("The lower end of the range must be below the upper end."))
        green, red = self.green_threshold, self.red_threshold
        if (green is None) != (red is None):
            raise ValidationError(_("Give both the green and the red threshold, or neither."))
        sign = {self.Direction.HIGHER: 1, self.Direction.LOWER: -1}.get(self.direction)
        if green is not None and sign is not None and (green - red) * sign <= 0:
            raise ValidationError(
                {
                    "green_threshold": _(
                        "The green threshold must be better than the red one in the "
                        "indicator's direction."
                    )
                }
            )
        if self.source_kind == self.SourceKind.STATBANK and not self.source_table:
            raise ValidationError({"source_table": _("Name the StatBank table.")})
        if not isinstance(self.source_filters, dict) or not all(
            isinstance(values, list) and all(isinstance(v, str) for v in values)
            for values in self.source_filters.values()
        ):
            raise ValidationError(
                {"source_filters": _("Give the filters as variable: list of values.")}
            )

    @property
    def goals(self):
        return sorted({target.goal for target in self.targets.all()}, key=lambda g: g.number)
