"""Learning across municipal borders: cases, what participants observed on field visits, data
the members lack, and notices when revised data change a municipality's progress.

A case (*erfaring*) is an action told for others to learn from: what was done and why, with
whom, what it cost, what came of it (with the evidence of the indicator data, computed when it is
shown), what helped and hindered, the lessons and whom to ask. Cases and field observations have
a sharing level like a framework's parts: their own organisation, the network's members, or
everyone.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import BaseModel, Shared, TranslatedTextMixin

LANGUAGES = [("da", _("Danish")), ("en", _("English"))]


class Case(TranslatedTextMixin, Shared, BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    action = models.ForeignKey(
        "frameworks.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text=_("The action of the framework the case tells about."),
    )
    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("meeting or field visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        help_text=_("Where the case was presented or seen, if it was."),
    )
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_da = models.TextField(_("what was done (Danish)"))
    summary_en = models.TextField(_("what was done (English)"), blank=True)
    rationale_da = models.TextField(_("why (Danish)"), blank=True)
    rationale_en = models.TextField(_("why (English)"), blank=True)
    results_da = models.TextField(_("results (Danish)"), blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)
    lessons_da = models.TextField(_("lessons (Danish)"), blank=True)
    lessons_en = models.TextField(_("lessons (English)"), blank=True)
    cost = models.DecimalField(
        _("cost (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    started_on = models.DateField(
        _("started"),
        null=True,
        blank=True,
        help_text=_("The indicators' values before and after this date show the results."),
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    goals = models.ManyToManyField(
        "catalogue.Goal", verbose_name=_("goals"), related_name="+", blank=True
    )
    targets = models.ManyToManyField(
        "catalogue.Target", verbose_name=_("SDG targets"), related_name="+", blank=True
    )
    indicators = models.ManyToManyField(
        "catalogue.Indicator",
        verbose_name=_("indicators"),
        related_name="+",
        blank=True,
        help_text=_("The indicators on which the results should show."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["action"], name="learning_case_one_per_action"),
            models.CheckConstraint(
                condition=models.Q(cost__gte=0) | models.Q(cost=None),
                name="learning_case_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.localised("title").text

    def get_absolute_url(self) -> str:
        return reverse("learning:case", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A case cannot end before it starts.")
        action = self.action if self.action_id else None
        if action is not None and action.framework.organisation_id != self.organisation_id:
            errors["action"] = _("A case tells about an action of its own organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def area(self):
        """The municipality the case comes from (None for another kind of member)."""
        return self.organisation.area


class CasePartner(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("partner"), max_length=200)
    role = models.CharField(_("role"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseFactor(models.Model):
    """A driver or a barrier the case met."""

    class Effect(models.TextChoices):
        DRIVER = "driver", _("Driver")
        BARRIER = "barrier", _("Barrier")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="factors"
    )
    effect = models.CharField(_("driver or barrier"), max_length=10, choices=Effect.choices)
    text = models.CharField(_("description"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("driver or barrier")
        verbose_name_plural = _("drivers and barriers")
        ordering = ["effect", "order", "pk"]

    def __str__(self) -> str:
        return self.text


def _material_path(material, filename: str) -> str:
    return f"learning/cases/{material.case_id}/{filename}"


class CaseMaterial(BaseModel):
    """A file or a link that tells more: a report, slides, a video."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_material_path, max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError(_("Give either a file or a link."))


class FieldObservation(Shared, BaseModel):
    """What a participant saw or heard on a field visit, at one of its sites or on the whole."""

    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("field visit"),
        on_delete=models.CASCADE,
        related_name="field_observations",
    )
    site = models.ForeignKey(
        "network.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The author's organisation: «own organisation» shares with it."),
    )
    text = models.TextField(_("observation"), max_length=5000)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="da")
    goals = models.ManyToManyField(
        "catalogue.Goal", verbose_name=_("goals"), related_name="+", blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("field observation")
        verbose_name_plural = _("field observations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.site_id and self.site.meeting_id != self.meeting_id:
            raise ValidationError({"site": _("Choose a site of this field visit.")})


class DataNeed(BaseModel):
    """An indicator a member lacks, for one of its targets, at the level it needs it."""

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Per municipality")
        LOCAL = "local", _("Below the municipality (district, parish or grid)")
        GROUP = "group", _("Per population group in the municipality")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RAISED = "raised", _("Raised with Statistics Denmark")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="data_needs",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(
        _("indicator needed"),
        max_length=200,
        help_text=_("What should be measured, for example: the share of trips by bicycle."),
    )
    description = models.TextField(
        _("why and what exactly"),
        max_length=5000,
        blank=True,
        help_text=_("What it is for, the definition you need, and any source you know of."),
    )
    level = models.CharField(_("level needed"), max_length=12, choices=Level.choices)
    sdg_target = models.ForeignKey(
        "catalogue.Target",
        verbose_name=_("SDG target"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    local_target = models.ForeignKey(
        "frameworks.LocalTarget",
        verbose_name=_("local target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("data need")
        verbose_name_plural = _("data needs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.local_target_id and (
            self.local_target.framework.organisation_id != self.organisation_id
        ):
            raise ValidationError({"local_target": _("Choose one of your own local targets.")})


class DataNeedSupport(BaseModel):
    """Another member needs the same: one support per organisation."""

    need = models.ForeignKey(
        DataNeed, verbose_name=_("data need"), on_delete=models.CASCADE, related_name="supports"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what you would use it for"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("support of a data need")
        verbose_name_plural = _("supports of data needs")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"], name="learning_data_need_support_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.need}"


class ProgressSnapshot(models.Model):
    """A municipality's statuses, scores and ranks as last seen, to compare the next data with."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")

    def __str__(self) -> str:
        return str(self.organisation)


class RevisionNotice(models.Model):
    """What an import changed in a municipality's progress: statuses of its local targets, goal
    scores, colours and ranks (``changes`` is data; its words are written when shown)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="revision_notices",
    )
    data_import = models.ForeignKey(
        "data.DataImport",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("revision notice")
        verbose_name_plural = _("revision notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.created_at:%Y-%m-%d %H:%M}"
