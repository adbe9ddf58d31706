"""The action and target framework (målramme) of a municipality for a period.

A framework holds the municipality's priority goals and SDG targets, its local targets (each on a
catalogue indicator, from a baseline to a target value), the actions that serve them with their
milestones, partners and progress updates, the drivers and barriers met along the way, and the
strategies and policies it all belongs to.

Every model a user edits carries an integer ``version``: an edit states the version it started
from, and the services refuse it when someone else has saved a newer one in the meantime.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import BaseModel, Shared, Sharing, TranslatedTextMixin

FIRST_YEAR = 1990
LAST_YEAR = 2100
year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Framework(TranslatedTextMixin, Shared, Versioned, BaseModel):
    """A municipality's framework for a period. Its sharing level decides who reads it at all; each
    priority, local target, action and strategy in it has a level of its own, and the public reads
    a part only when both are published."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="frameworks",
        limit_choices_to={"kind": "municipality"},
    )
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=year_validators)
    summary = models.TextField(_("summary (Danish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    # The local review report's opening statement and next steps, written per language.
    foreword_da = models.TextField(_("foreword (Danish)"), blank=True)
    foreword_en = models.TextField(_("foreword (English)"), blank=True)
    next_steps_da = models.TextField(_("next steps (Danish)"), blank=True)
    next_steps_en = models.TextField(_("next steps (English)"), blank=True)
    published_at = models.DateTimeField(_("last published"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("action and target framework")
        verbose_name_plural = _("action and target frameworks")
        ordering = ["organisation__name", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "start_year"], name="framework_one_per_start_year"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gt=models.F("start_year")),
                name="framework_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.localised('title')} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("frameworks:detail", args=[self.organisation.area.code, self.pk])

    def clean(self) -> None:
        organisation = getattr(self, "organisation", None)
        if organisation is not None and organisation.area_id is None:
            raise ValidationError({"organisation": _("A framework belongs to a municipality.")})
        if self.start_year and self.end_year and self.end_year <= self.start_year:
            raise ValidationError({"end_year": _("The period must end after it starts.")})

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def published(self) -> bool:
        """Readable by everyone."""
        return self.sharing == Sharing.PUBLIC


class FrameworkPart(Versioned, BaseModel):
    """Something that belongs to one framework and is edited with it."""

    class Meta:
        abstract = True

    @property
    def organisation(self):
        return self.framework.organisation


class Priority(TranslatedTextMixin, Shared, FrameworkPart):
    """A goal, or one SDG target, that the municipality gives priority, and why."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("framework")
    )
    goal = models.ForeignKey(
        "catalogue.Goal", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        "catalogue.Target",
        verbose_name=_("SDG target"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty to give priority to the whole goal."),
    )
    rationale = models.TextField(_("why this matters here (Danish)"))
    rationale_en = models.TextField(_("why this matters here (English)"), blank=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["goal__number", "target__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "goal"],
                condition=models.Q(target=None),
                name="priority_goal_once",
            ),
            models.UniqueConstraint(fields=["framework", "target"], name="priority_target_once"),
        ]

    def __str__(self) -> str:
        return str(self.target or self.goal)

    def clean(self) -> None:
        if self.target_id and self.goal_id and self.target.goal_id != self.goal_id:
            raise ValidationError(
                {
                    "target": _("Target %(code)s does not belong to goal %(goal)s.")
                    % {"code": self.target.code, "goal": self.goal.number}
                }
            )


class LocalTarget(TranslatedTextMixin, Shared, FrameworkPart):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        RETIRED = "retired", _("Retired")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="local_targets",
        verbose_name=_("framework"),
    )
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    rationale = models.TextField(_("why this matters here (Danish)"), blank=True)
    rationale_en = models.TextField(_("why this matters here (English)"), blank=True)
    sdg_targets = models.ManyToManyField(
        "catalogue.Target", verbose_name=_("SDG targets"), related_name="+"
    )
    indicator = models.ForeignKey(
        "catalogue.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The catalogue indicator the baseline and target values are measured on."),
    )
    other_indicators = models.ManyToManyField(
        "catalogue.Indicator",
        verbose_name=_("other indicators followed"),
        related_name="+",
        blank=True,
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=year_validators)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=16, decimal_places=4)
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=year_validators)
    direction = models.CharField(_("better when"), max_length=10, choices=Direction.choices)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("The department or person responsible.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("local target")
        verbose_name_plural = _("local targets")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="local_target_target_after_baseline",
            )
        ]

    def __str__(self) -> str:
        return self.localised("title").text

    def clean(self) -> None:
        errors = {}
        if self.baseline_year and self.target_year and self.target_year <= self.baseline_year:
            errors["target_year"] = _("The target year must come after the baseline year.")
        if self.baseline_value is not None and self.target_value is not None:
            if self.direction == self.Direction.HIGHER and self.target_value < self.baseline_value:
                errors["target_value"] = _(
                    "Higher is better here, so the target value cannot be below the baseline."
                )
            if self.direction == self.Direction.LOWER and self.target_value > self.baseline_value:
                errors["target_value"] = _(
                    "Lower is better here, so the target value cannot be above the baseline."
                )
        if errors:
            raise ValidationError(errors)

    def value_in_year(self, year: int) -> float:
        """The value on the straight path from the baseline to the target."""
        share = (year - self.baseline_year) / (self.target_year - self.baseline_year)
        baseline, target = float(self.baseline_value), float(self.target_value)
        return baseline + share * (target - baseline)


class Action(TranslatedTextMixin, Shared, FrameworkPart):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Discontinued")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="actions", verbose_name=_("framework")
    )
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Danish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("The department or person responsible.")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    local_targets = models.ManyToManyField(
        LocalTarget, verbose_name=_("local targets served"), related_name="actions", blank=True
    )
    # The goals the description's words suggest (``evidence.suggestion``), kept when it is saved,
    # and the goals an editor confirmed.
    suggested_goals = models.JSONField(
        _("suggested goals"), default=list, blank=True, editable=False
    )
    goal_evidence = models.JSONField(
        _("words behind the suggested goals"), default=dict, blank=True, editable=False
    )
    goals = models.ManyToManyField(
        "catalogue.Goal", verbose_name=_("goals"), related_name="+", blank=True
    )
    goals_confirmed_at = models.DateTimeField(
        _("goals confirmed"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0) | models.Q(budget=None),
                name="action_budget_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.localised("title").text

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The action cannot end before it starts.")})


class Milestone(TranslatedTextMixin, FrameworkPart):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("action")
    )
    title = models.CharField(_("milestone (Danish)"), max_length=200)
    title_en = models.CharField(_("milestone (English)"), max_length=200, blank=True)
    due_date = models.DateField(_("due"))
    completed_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.localised("title").text

    @property
    def framework(self):
        return self.action.framework


class Partner(TranslatedTextMixin, FrameworkPart):
    """An organisation an action works with: registered in the product or named freely."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        NGO = "ngo", _("NGO or association")
        SCHOOL = "school", _("School")
        EDUCATION = "education", _("Educational or research institution")
        PUBLIC = "public", _("Public authority")
        UTILITY = "utility", _("Utility")
        CITIZENS = "citizens", _("Citizens")
        OTHER = "other", _("Other")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="partners", verbose_name=_("action")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("registered organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("For a partner that is not a registered organisation."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    role = models.CharField(_("role (Danish)"), max_length=300, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.organisation.name if self.organisation_id else self.name

    def clean(self) -> None:
        if not self.organisation_id and not self.name.strip():
            raise ValidationError(
                {"name": _("Name the partner or choose a registered organisation.")}
            )

    @property
    def framework(self):
        return self.action.framework


class ProgressUpdate(TranslatedTextMixin, FrameworkPart):
    """A dated note on how far an action has come, as in a results tracker."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    date = models.DateField(_("date"))
    percent_complete = models.PositiveSmallIntegerField(
        _("per cent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note (Danish)"))
    note_en = models.TextField(_("note (English)"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="progress_update_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.percent_complete} %"

    @property
    def framework(self):
        return self.action.framework


class Factor(TranslatedTextMixin, FrameworkPart):
    """A driver or a barrier met by a local target or an action."""

    class Effect(models.TextChoices):
        DRIVER = "driver", _("Driver")
        BARRIER = "barrier", _("Barrier")

    class Kind(models.TextChoices):
        ECONOMIC = "economic", _("Economic")
        ORGANISATIONAL = "organisational", _("Organisational")
        LEGAL = "legal", _("Legal")
        BEHAVIOURAL = "behavioural", _("Behavioural")
        TECHNOLOGICAL = "technological", _("Technological")
        POLITICAL = "political", _("Political")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="factors", verbose_name=_("framework")
    )
    local_target = models.ForeignKey(
        LocalTarget,
        verbose_name=_("local target"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="factors",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="factors",
    )
    effect = models.CharField(_("driver or barrier"), max_length=10, choices=Effect.choices)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    text = models.CharField(_("description (Danish)"), max_length=300)
    text_en = models.CharField(_("description (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("driver or barrier")
        verbose_name_plural = _("drivers and barriers")
        ordering = ["effect", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(local_target=None) & ~models.Q(action=None))
                | (~models.Q(local_target=None) & models.Q(action=None)),
                name="factor_of_target_or_action",
            )
        ]

    def __str__(self) -> str:
        return self.localised("text").text

    def clean(self) -> None:
        if (self.local_target_id is None) == (self.action_id is None):
            raise ValidationError(_("A driver or barrier belongs to one local target or action."))
        owner = self.local_target if self.local_target_id else self.action
        if self.framework_id and owner is not None and owner.framework_id != self.framework_id:
            raise ValidationError(_("A driver or barrier belongs to the same framework."))


def _strategy_path(strategy, filename: str) -> str:
    return f"frameworks/{strategy.framework_id}/strategies/{filename}"


class Strategy(TranslatedTextMixin, Shared, FrameworkPart):
    """A strategy or policy the framework's targets and actions belong to."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("framework")
    )
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    document = models.FileField(_("file"), upload_to=_strategy_path, max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    local_targets = models.ManyToManyField(
        LocalTarget, verbose_name=_("local targets"), related_name="strategies", blank=True
    )
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions"), related_name="strategies", blank=True
    )

    class Meta:
        verbose_name = _("strategy or policy")
        verbose_name_plural = _("strategies and policies")
        ordering = ["-adopted_on", "pk"]

    def __str__(self) -> str:
        return self.localised("title").text

    def clean(self) -> None:
        if not self.url and not self.document:
            raise ValidationError(_("Give a link to the strategy or upload its file."))
