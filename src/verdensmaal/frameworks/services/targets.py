"""Frameworks, their priorities, their local targets, and the strategies and policies they
belong to."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.audit.services import log_action
from verdensmaal.core.models import Sharing
from verdensmaal.core.permissions import ensure_can_edit_organisation
from verdensmaal.data.selectors import headline_value

from .. import audit_actions
from ..models import Action, Framework, LocalTarget, Priority, Strategy
from ._base import check_many, create, delete, update

# --- frameworks ----------------------------------------------------------------------------------

FRAMEWORK_FIELDS = (
    "title_da", "title_en", "start_year", "end_year", "summary", "summary_en", "foreword_da",
    "foreword_en", "next_steps_da", "next_steps_en", "sharing",
)  # fmt: skip


def framework_create(
    *,
    actor,
    organisation,
    title_da: str,
    start_year: int,
    end_year: int,
    title_en: str = "",
    summary: str = "",
    summary_en: str = "",
    foreword_da: str = "",
    foreword_en: str = "",
    next_steps_da: str = "",
    next_steps_en: str = "",
    sharing: str = Sharing.NETWORK,
    is_demo: bool = False,
) -> Framework:
    ensure_can_edit_organisation(actor, organisation)
    with transaction.atomic():
        framework = Framework(
            organisation=organisation,
            title_da=title_da,
            title_en=title_en,
            start_year=start_year,
            end_year=end_year,
            summary=summary,
            summary_en=summary_en,
            foreword_da=foreword_da,
            foreword_en=foreword_en,
            next_steps_da=next_steps_da,
            next_steps_en=next_steps_en,
            sharing=sharing,
            published_at=timezone.now() if sharing == Sharing.PUBLIC else None,
            is_demo=is_demo,
        )
        if Framework.objects.filter(organisation=organisation, start_year=start_year).exists():
            raise ValidationError(
                {"start_year": _("This municipality already has a framework from that year.")}
            )
        return create(
            actor=actor,
            obj=framework,
            action=audit_actions.FRAMEWORK_CREATED,
            fields=FRAMEWORK_FIELDS,
            framework=framework,
        )


def framework_update(*, actor, framework: Framework, version: int, **values) -> Framework:
    """Change a framework; sharing it with everyone publishes it (and dates the publication)."""

    def prepare(current, values):
        if "published" in values:  # the older yes/no of publishing
            values["sharing"] = Sharing.PUBLIC if values.pop("published") else Sharing.PRIVATE
        if values.get("sharing") == Sharing.PUBLIC and current.sharing != Sharing.PUBLIC:
            values["published_at"] = timezone.now()
        start_year = values.get("start_year", current.start_year)
        if (
            start_year != current.start_year
            and Framework.objects.filter(organisation=current.organisation, start_year=start_year)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise ValidationError(
                {"start_year": _("This municipality already has a framework from that year.")}
            )

    return update(
        actor=actor,
        obj=framework,
        version=version,
        action=audit_actions.FRAMEWORK_UPDATED,
        values=values,
        prepare=prepare,
    )


def framework_publish(*, actor, framework: Framework, version: int, parts: bool = True):
    """Publish the framework: everyone may read it from now on, dated; with ``parts``, so may
    they read each of its priorities, local targets, actions and strategies (a local target that
    is still a draft stays with its editors all the same)."""
    with transaction.atomic():
        current = update(
            actor=actor,
            obj=framework,
            version=version,
            action=audit_actions.FRAMEWORK_PUBLISHED,
            values={"sharing": Sharing.PUBLIC, "published_at": timezone.now()},
        )
        if parts and (count := _parts_shared(current, Sharing.PUBLIC)):
            log_action(
                actor=actor,
                action=audit_actions.FRAMEWORK_PARTS_PUBLISHED,
                obj=current,
                organisation=current.organisation,
                changes={"parts": [None, count]},
            )
    return current


def framework_withdraw(*, actor, framework: Framework, version: int) -> Framework:
    """Withdraw the framework from the public: the network's members still read it."""
    return update(
        actor=actor,
        obj=framework,
        version=version,
        action=audit_actions.FRAMEWORK_WITHDRAWN,
        values={"sharing": Sharing.NETWORK},
    )


def _parts_shared(framework: Framework, sharing: str) -> int:
    """Share every part of ``framework`` at ``sharing``; their versions move on, so an edit
    opened before is refused rather than silently undoing it. Returns how many changed."""
    changed = 0
    for model in (Priority, LocalTarget, Action, Strategy):
        changed += (
            model.objects.filter(framework=framework)
            .exclude(sharing=sharing)
            .update(sharing=sharing, version=F("version") + 1, updated_at=timezone.now())
        )
    return changed


# --- priorities ----------------------------------------------------------------------------------

PRIORITY_FIELDS = ("goal", "target", "rationale", "rationale_en", "sharing")


def _priority_is_new(framework, goal, target, exclude=None) -> None:
    existing = Priority.objects.filter(framework=framework, goal=goal, target=target)
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    if existing.exists():
        raise ValidationError(_("This goal or target is already a priority of the framework."))


def priority_create(
    *,
    actor,
    framework: Framework,
    goal,
    rationale: str,
    rationale_en: str = "",
    target=None,
    sharing: str = Sharing.NETWORK,
) -> Priority:
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        _priority_is_new(framework, goal, target)
        priority = Priority(
            framework=framework,
            goal=goal,
            target=target,
            rationale=rationale,
            rationale_en=rationale_en,
            sharing=sharing,
        )
        return create(
            actor=actor,
            obj=priority,
            action=audit_actions.PRIORITY_CREATED,
            fields=PRIORITY_FIELDS,
            framework=framework,
        )


def priority_update(*, actor, priority: Priority, version: int, **values) -> Priority:
    def prepare(current, values):
        goal = values.get("goal", current.goal)
        _priority_is_new(current.framework, goal, values.get("target", current.target), current)

    return update(
        actor=actor,
        obj=priority,
        version=version,
        action=audit_actions.PRIORITY_UPDATED,
        values=values,
        prepare=prepare,
    )


def priority_delete(*, actor, priority: Priority, version: int) -> None:
    delete(
        actor=actor,
        obj=priority,
        version=version,
        action=audit_actions.PRIORITY_DELETED,
    )


# --- local targets -------------------------------------------------------------------------------

LOCAL_TARGET_FIELDS = (
    "title_da", "title_en", "rationale", "rationale_en", "indicator", "baseline_year",
    "baseline_value", "target_value", "target_year", "direction", "owner", "status", "sharing",
)  # fmt: skip
LOCAL_TARGET_MANY = ("sdg_targets", "other_indicators")


def _baseline(framework, indicator, baseline_year, baseline_value) -> Decimal:
    """The value given, or the observation of the municipality for that indicator and year."""
    if baseline_value is not None:
        return baseline_value
    if indicator is None or baseline_year is None:
        raise ValidationError({"baseline_value": _("Enter the baseline value.")})
    value = headline_value(indicator, framework.organisation.area, baseline_year)
    if value is None:
        raise ValidationError(
            {
                "baseline_value": _(
                    "There are no data for %(indicator)s in %(year)s for this municipality: "
                    "enter the baseline value."
                )
                % {"indicator": indicator.code, "year": baseline_year}
            }
        )
    return value


def _direction(indicator, direction: str, baseline, target) -> str:
    """The given direction, else the indicator's, else (for a range) from baseline to target."""
    if direction:
        return direction
    if indicator.direction in LocalTarget.Direction.values:
        return indicator.direction
    return LocalTarget.Direction.LOWER if target < baseline else LocalTarget.Direction.HIGHER


def _check_sdg_targets(sdg_targets) -> None:
    if not sdg_targets:
        raise ValidationError({"sdg_targets": _("Name at least one SDG target it serves.")})


def local_target_create(
    *,
    actor,
    framework: Framework,
    title_da: str,
    indicator,
    sdg_targets,
    baseline_year: int,
    target_value: Decimal,
    target_year: int,
    baseline_value: Decimal | None = None,
    direction: str = "",
    title_en: str = "",
    rationale: str = "",
    rationale_en: str = "",
    owner: str = "",
    status: str = LocalTarget.Status.DRAFT,
    other_indicators=(),
    sharing: str = Sharing.NETWORK,
) -> LocalTarget:
    """Add a local target; without a baseline value, the municipality's observation is used."""
    ensure_can_edit_organisation(actor, framework.organisation)
    _check_sdg_targets(sdg_targets)
    with transaction.atomic():
        baseline_value = _baseline(framework, indicator, baseline_year, baseline_value)
        local_target = LocalTarget(
            framework=framework,
            title_da=title_da,
            title_en=title_en,
            rationale=rationale,
            rationale_en=rationale_en,
            indicator=indicator,
            baseline_year=baseline_year,
            baseline_value=baseline_value,
            target_value=target_value,
            target_year=target_year,
            direction=_direction(indicator, direction, baseline_value, target_value),
            owner=owner,
            status=status,
            sharing=sharing,
        )
        return create(
            actor=actor,
            obj=local_target,
            action=audit_actions.LOCAL_TARGET_CREATED,
            fields=LOCAL_TARGET_FIELDS,
            many={"sdg_targets": sdg_targets, "other_indicators": other_indicators},
            framework=framework,
        )


def local_target_update(*, actor, local_target: LocalTarget, version: int, **values) -> LocalTarget:
    """Change a local target; a baseline value of None takes the observation again."""
    many = {field: values.pop(field) for field in LOCAL_TARGET_MANY if field in values}

    def prepare(current, values):
        if "sdg_targets" in many:
            _check_sdg_targets(many["sdg_targets"])
        indicator = values.get("indicator", current.indicator)
        if "baseline_value" in values:
            values["baseline_value"] = _baseline(
                current.framework,
                indicator,
                values.get("baseline_year", current.baseline_year),
                values["baseline_value"],
            )
        if not values.get("direction", current.direction):
            values["direction"] = _direction(
                indicator,
                "",
                values.get("baseline_value", current.baseline_value),
                values.get("target_value", current.target_value),
            )

    return update(
        actor=actor,
        obj=local_target,
        version=version,
        action=audit_actions.LOCAL_TARGET_UPDATED,
        values=values,
        many=many,
        prepare=prepare,
    )


# --- strategies and policies ---------------------------------------------------------------------

STRATEGY_FIELDS = ("title_da", "title_en", "url", "document", "adopted_on", "sharing")
STRATEGY_MANY = ("local_targets", "actions")


def strategy_create(
    *,
    actor,
    framework: Framework,
    title_da: str,
    title_en: str = "",
    url: str = "",
    document=None,
    adopted_on: date | None = None,
    local_targets=(),
    actions=(),
    sharing: str = Sharing.NETWORK,
) -> Strategy:
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        strategy = Strategy(
            framework=framework,
            title_da=title_da,
            title_en=title_en,
            url=url,
            adopted_on=adopted_on,
            sharing=sharing,
        )
        if document:
            strategy.document = document
        many = {"local_targets": local_targets, "actions": actions}
        check_many(strategy, many)
        return create(
            actor=actor,
            obj=strategy,
            action=audit_actions.STRATEGY_CREATED,
            fields=STRATEGY_FIELDS,
            many=many,
            framework=framework,
        )


def strategy_update(*, actor, strategy: Strategy, version: int, **values) -> Strategy:
    """Change a strategy; ``document=None`` keeps the stored file."""
    ensure_can_edit_organisation(actor, strategy.framework.organisation)
    if values.get("document", True) is None:
        values.pop("document")
    many = {field: values.pop(field) for field in STRATEGY_MANY if field in values}
    if "document" in values:
        # A new upload is stored before the row is updated; the conditional update then decides.
        stored = Strategy(framework=strategy.framework)
        stored.document.save(values["document"].name, values["document"], save=False)
        values["document"] = stored.document.name
    return update(
        actor=actor,
        obj=strategy,
        version=version,
        action=audit_actions.STRATEGY_UPDATED,
        values=values,
        many=many,
    )


def strategy_delete(*, actor, strategy: Strategy, version: int) -> None:
    delete(
        actor=actor,
        obj=strategy,
        version=version,
        action=audit_actions.STRATEGY_DELETED,
    )
