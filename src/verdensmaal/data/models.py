"""Observations of the catalogue's indicators per area and period, and the imports they came from.

Observations are kept for PostgreSQL with ten million rows or more in mind: narrow rows, one
unique index that serves reads by indicator, one index for reads by area. A changed value is
never overwritten silently: the old value goes to ``ObservationRevision`` first.

The observation table has no database-level foreign-key constraints (``db_constraint=False``):
with them PostgreSQL runs three referential checks per inserted row, which took longer than the
whole rest of a million-row import. Observations are written only by the import services, which
check every indicator and area code first, and ``on_delete=PROTECT`` still stops an indicator,
area or import with observations from being deleted through the product. Every index costs
each inserted row, so there are only those the pages read by (and the primary key): the area has
no index of its own beside ``observation_by_area``, and the import an observation came from has
none (it is shown, never searched by).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Flag:
    """Observation flags, stored as bits of one small integer."""

    PROVISIONAL = 1
    ESTIMATED = 2
    SUPPRESSED = 4
    BREAK = 8
    BY_NAME = {"provisional": PROVISIONAL, "estimated": ESTIMATED, "suppressed": SUPPRESSED,
               "break": BREAK}  # fmt: skip
    LABELS = {
        "provisional": _("provisional"),
        "estimated": _("estimated"),
        "suppressed": _("suppressed"),
        "break": _("break in series"),
    }

    @classmethod
    def encode(cls, names) -> int:
        return sum(cls.BY_NAME[name] for name in set(names))

    @classmethod
    def decode(cls, bits: int) -> list[str]:
        return [name for name, bit in cls.BY_NAME.items() if bits & bit]


class DataImport(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("refused")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_name = models.CharField(_("source"), max_length=300)
    format = models.CharField(_("format"), max_length=20)
    content_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("new"), default=0)
    rows_updated = models.PositiveIntegerField(_("changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    indicator = models.ForeignKey(
        "catalogue.Indicator",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # observation_by_area starts with the area
        db_constraint=False,
    )
    # period and breakdown compare as bytes on PostgreSQL too (COLLATE "C", migration 0008)
    period = models.CharField(_("period"), max_length=7, help_text="2020, 2020Q1 or 2020M03")
    breakdown = models.CharField(
        _("breakdown"), max_length=200, blank=True, default="", help_text="sex=F;age=15-24"
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    flags = models.PositiveSmallIntegerField(_("flags"), default=0)
    data_import = models.ForeignKey(
        DataImport,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # provenance, never searched by; imports are not deleted
        db_constraint=False,
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown"], name="observation_key"
            )
        ]
        indexes = [
            models.Index(fields=["area", "indicator"], name="observation_by_area"),
            # the totals (no breakdown), which the progress pages and charts read: a small index
            # when most of the ten million rows are breakdowns by age and sex
            models.Index(
                fields=["indicator", "area", "period"],
                condition=models.Q(breakdown=""),
                name="observation_headline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}/{self.period}{self.breakdown}: {self.value}"

    @property
    def flag_names(self) -> list[str]:
        return Flag.decode(self.flags)


class ObservationRevision(models.Model):
    """A value an observation had before an import changed it.

    Written only by the import service, in SQL, from the observation table itself, so its
    references hold by construction; like the observations it has no database-level foreign-key
    constraints, which cost three referential checks per row (a revision of a million values
    spent more time in them than in the rest of its saving). ``on_delete=PROTECT`` still guards
    them in the product.
    """

    observation = models.ForeignKey(
        Observation, on_delete=models.PROTECT, related_name="revisions", db_constraint=False
    )
    value = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    flags = models.PositiveSmallIntegerField(default=0)
    data_import = models.ForeignKey(
        DataImport,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # where the old value came from: shown, never searched by
        db_constraint=False,
    )
    valid_from = models.DateTimeField()
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        DataImport, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )

    class Meta:
        verbose_name = _("earlier value")
        verbose_name_plural = _("earlier values")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.value} until {self.replaced_at:%Y-%m-%d}"
