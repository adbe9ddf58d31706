"""Writes to the action and target frameworks: one function per use case, audit-logged.

Every write is checked against the framework's municipality (an editor writes only for their own,
the secretariat for all) and runs in one transaction with its audit entry. An update states the
``version`` it started from; if the stored version has moved on, the update is refused with
:class:`StaleEditError` and nothing is saved, so that one editor never silently overwrites
another's change.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verdensmaal.audit.services import diff, log_action
from verdensmaal.core.permissions import ensure_can_edit_organisation
from verdensmaal.data.models import Observation

from . import audit_actions
from .models import (
    Action,
    Factor,
    Framework,
    LocalTarget,
    Milestone,
    Partner,
    Priority,
    ProgressUpdate,
    Strategy,
)

STALE_EDIT_MESSAGE = gettext_lazy(
    "Someone else changed this since you opened it; reload to see their change."
)


class StaleEditError(ValidationError):
    """The edit started from a version that is no longer the stored one."""

    def __init__(self):
        super().__init__(STALE_EDIT_MESSAGE, code="stale")


# --- shared steps --------------------------------------------------------------------------------


def _state(obj: models.Model, fields, many=()) -> dict:
    """The values the audit entry compares: numbers as written, linked items as one text."""
    state = {}
    for field in fields:
        value = getattr(obj, field)
        state[field] = format(value.normalize(), "f") if isinstance(value, Decimal) else value
    for field in many:
        items = sorted(str(item) for item in getattr(obj, field).all()) if obj.pk else []
        state[field] = ", ".join(items)
    return state


def _locked(model, pk: int):
    """The stored object, locked for this transaction (StaleEditError when it was deleted)."""
    # Only this row, and no ordering: a default ordering over a nullable relation would make an
    # outer join, which PostgreSQL cannot lock.
    current = model.objects.select_for_update(of=("self",)).filter(pk=pk).order_by().first()
    if current is None:
        raise StaleEditError
    return current


def _editable(actor, model, pk: int, version: int):
    """The stored object once the actor may edit it (checked on the stored object, not on what the
    caller passed in, and before the version) and the edit started from its current version."""
    current = _locked(model, pk)
    ensure_can_edit_organisation(actor, current.framework.organisation)
    if current.version != version:
        raise StaleEditError
    return current


def _save_version(obj: models.Model, version: int) -> None:
    """Save ``obj`` only if the stored row still has ``version``; the row's version goes up by one.

    One conditional UPDATE, so that two transactions that both read the old version cannot both
    write (the database decides which UPDATE comes first; the second matches no row).
    """
    model = type(obj)
    values = {
        field.attname: getattr(obj, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in {"version", "created_at"}
    }
    values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=obj.pk, version=version).update(**values, version=version + 1)
    if updated != 1:
        raise StaleEditError
    obj.version, obj.updated_at = version + 1, values["updated_at"]


def _create(*, actor, obj, action: str, fields, many=None, framework: Framework):
    """Validate, save and log a new part of ``framework`` (the caller holds the transaction)."""
    many = many or {}
    obj.full_clean()
    obj.save()
    for field, items in many.items():
        getattr(obj, field).set(items)
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        organisation=framework.organisation,
        changes=diff({}, _state(obj, fields, many)),
    )
    return obj


def _update(*, actor, model, obj, version: int, action: str, values: dict, many=None, prepare=None):
    """Change the stored ``obj`` from ``version``: permission, stale check, validation, log.

    ``prepare(current, values)`` may complete the values once the permission is checked.
    """
    many = many or {}
    with transaction.atomic():
        current = _editable(actor, model, obj.pk, version)
        if prepare is not None:
            prepare(current, values)
        before = _state(current, values, many)
        for field, value in values.items():
            setattr(current, field, value)
        _check_many(current, many)
        current.full_clean()
        _save_version(current, version)
        for field, items in many.items():
            getattr(current, field).set(items)
        changes = diff(before, _state(current, values, many))
        if changes:
            log_action(
                actor=actor,
                action=action,
                obj=current,
                organisation=current.framework.organisation,
                changes=changes,
            )
    return current


def _delete(*, actor, model, obj, version: int, action: str) -> None:
    with transaction.atomic():
        current = _editable(actor, model, obj.pk, version)
        framework = current.framework
        log_action(
            actor=actor,
            action=action,
            obj=current,
            organisation=framework.organisation,
            changes={"deleted": [str(current), None]},
        )
        current.delete()


def _check_many(obj, many: dict) -> None:
    """Linked local targets and actions must belong to the object's own framework."""
    for field, items in many.items():
        related = obj._meta.get_field(field).related_model
        if related in (LocalTarget, Action) and any(
            item.framework_id != obj.framework.pk for item in items
        ):
            raise ValidationError({field: _("Choose only items of this framework.")})


# --- frameworks ----------------------------------------------------------------------------------

FRAMEWORK_FIELDS = ("title_da", "title_en", "start_year", "end_year", "summary", "published")


def framework_create(
    *,
    actor,
    organisation,
    title_da: str,
    start_year: int,
    end_year: int,
    title_en: str = "",
    summary: str = "",
    published: bool = False,
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
            published=published,
            is_demo=is_demo,
        )
        if Framework.objects.filter(organisation=organisation, start_year=start_year).exists():
            raise ValidationError(
                {"start_year": _("This municipality already has a framework from that year.")}
            )
        return _create(
            actor=actor,
            obj=framework,
            action=audit_actions.FRAMEWORK_CREATED,
            fields=FRAMEWORK_FIELDS,
            framework=framework,
        )


def framework_update(*, actor, framework: Framework, version: int, **values) -> Framework:
    with transaction.atomic():
        current = _locked(Framework, framework.pk)
        ensure_can_edit_organisation(actor, current.organisation)
        if current.version != version:
            raise StaleEditError
        if (
            values.get("start_year", current.start_year) != current.start_year
            and Framework.objects.filter(
                organisation=current.organisation, start_year=values["start_year"]
            )
            .exclude(pk=current.pk)
            .exists()
        ):
            raise ValidationError(
                {"start_year": _("This municipality already has a framework from that year.")}
            )
        before = _state(current, values)
        for field, value in values.items():
            setattr(current, field, value)
        current.full_clean()
        _save_version(current, version)
        changes = diff(before, _state(current, values))
        if changes:
            log_action(
                actor=actor,
                action=audit_actions.FRAMEWORK_UPDATED,
                obj=current,
                organisation=current.organisation,
                changes=changes,
            )
    return current


# --- priorities ----------------------------------------------------------------------------------

PRIORITY_FIELDS = ("goal", "target", "rationale")


def _priority_is_new(framework, goal, target, exclude=None) -> None:
    existing = Priority.objects.filter(framework=framework, goal=goal, target=target)
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    if existing.exists():
        raise ValidationError(_("This goal or target is already a priority of the framework."))


def priority_create(*, actor, framework: Framework, goal, rationale: str, target=None) -> Priority:
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        _priority_is_new(framework, goal, target)
        priority = Priority(framework=framework, goal=goal, target=target, rationale=rationale)
        return _create(
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

    return _update(
        actor=actor,
        model=Priority,
        obj=priority,
        version=version,
        action=audit_actions.PRIORITY_UPDATED,
        values=values,
        prepare=prepare,
    )


def priority_delete(*, actor, priority: Priority, version: int) -> None:
    _delete(
        actor=actor,
        model=Priority,
        obj=priority,
        version=version,
        action=audit_actions.PRIORITY_DELETED,
    )


# --- local targets -------------------------------------------------------------------------------

LOCAL_TARGET_FIELDS = (
    "title_da", "title_en", "rationale", "indicator", "baseline_year", "baseline_value",
    "target_value", "target_year", "direction", "owner", "status",
)  # fmt: skip
LOCAL_TARGET_MANY = ("sdg_targets", "other_indicators")


def observed_value(indicator, area, year: int) -> Decimal | None:
    """The municipality's headline observation of ``indicator`` in ``year``, as a Decimal."""
    value = (
        Observation.objects.filter(indicator=indicator, area=area, period=str(year), breakdown="")
        .values_list("value", flat=True)
        .first()
    )
    return None if value is None else Decimal(repr(value))


def _baseline(framework, indicator, baseline_year, baseline_value) -> Decimal:
    """The value given, or the observation of the municipality for that indicator and year."""
    if baseline_value is not None:
        return baseline_value
    if indicator is None or baseline_year is None:
        raise ValidationError({"baseline_value": _("Enter the baseline value.")})
    value = observed_value(indicator, framework.organisation.area, baseline_year)
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
    owner: str = "",
    status: str = LocalTarget.Status.DRAFT,
    other_indicators=(),
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
            indicator=indicator,
            baseline_year=baseline_year,
            baseline_value=baseline_value,
            target_value=target_value,
            target_year=target_year,
            direction=_direction(indicator, direction, baseline_value, target_value),
            owner=owner,
            status=status,
        )
        return _create(
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

    return _update(
        actor=actor,
        model=LocalTarget,
        obj=local_target,
        version=version,
        action=audit_actions.LOCAL_TARGET_UPDATED,
        values=values,
        many=many,
        prepare=prepare,
    )


# --- actions -------------------------------------------------------------------------------------

ACTION_FIELDS = (
    "title_da", "title_en", "description", "owner", "start_date", "end_date", "budget", "status",
)  # fmt: skip


def action_create(
    *,
    actor,
    framework: Framework,
    title_da: str,
    title_en: str = "",
    description: str = "",
    owner: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    budget: Decimal | None = None,
    status: str = Action.Status.PLANNED,
    local_targets=(),
) -> Action:
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        action = Action(
            framework=framework,
            title_da=title_da,
            title_en=title_en,
            description=description,
            owner=owner,
            start_date=start_date,
            end_date=end_date,
            budget=budget,
            status=status,
        )
        _check_many(action, {"local_targets": local_targets})
        return _create(
            actor=actor,
            obj=action,
            action=audit_actions.ACTION_CREATED,
            fields=ACTION_FIELDS,
            many={"local_targets": local_targets},
            framework=framework,
        )


def action_update(*, actor, action: Action, version: int, **values) -> Action:
    many = {"local_targets": values.pop("local_targets")} if "local_targets" in values else {}
    return _update(
        actor=actor,
        model=Action,
        obj=action,
        version=version,
        action=audit_actions.ACTION_UPDATED,
        values=values,
        many=many,
    )


# --- milestones, partners and progress updates of an action --------------------------------------

MILESTONE_FIELDS = ("title", "due_date", "completed_on")
PARTNER_FIELDS = ("organisation", "name", "kind", "role")
PROGRESS_UPDATE_FIELDS = ("date", "percent_complete", "note")


def _action_part_create(*, actor, obj, action_code: str, fields):
    framework = obj.action.framework
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        return _create(actor=actor, obj=obj, action=action_code, fields=fields, framework=framework)


def milestone_create(
    *, actor, action: Action, title: str, due_date: date, completed_on: date | None = None
) -> Milestone:
    return _action_part_create(
        actor=actor,
        obj=Milestone(action=action, title=title, due_date=due_date, completed_on=completed_on),
        action_code=audit_actions.MILESTONE_CREATED,
        fields=MILESTONE_FIELDS,
    )


def milestone_update(*, actor, milestone: Milestone, version: int, **values) -> Milestone:
    return _update(
        actor=actor,
        model=Milestone,
        obj=milestone,
        version=version,
        action=audit_actions.MILESTONE_UPDATED,
        values=values,
    )


def milestone_delete(*, actor, milestone: Milestone, version: int) -> None:
    _delete(
        actor=actor,
        model=Milestone,
        obj=milestone,
        version=version,
        action=audit_actions.MILESTONE_DELETED,
    )


def partner_create(
    *, actor, action: Action, kind: str, name: str = "", organisation=None, role: str = ""
) -> Partner:
    return _action_part_create(
        actor=actor,
        obj=Partner(action=action, organisation=organisation, name=name, kind=kind, role=role),
        action_code=audit_actions.PARTNER_CREATED,
        fields=PARTNER_FIELDS,
    )


def partner_update(*, actor, partner: Partner, version: int, **values) -> Partner:
    return _update(
        actor=actor,
        model=Partner,
        obj=partner,
        version=version,
        action=audit_actions.PARTNER_UPDATED,
        values=values,
    )


def partner_delete(*, actor, partner: Partner, version: int) -> None:
    _delete(
        actor=actor,
        model=Partner,
        obj=partner,
        version=version,
        action=audit_actions.PARTNER_DELETED,
    )


def progress_update_create(
    *, actor, action: Action, date: date, percent_complete: int, note: str
) -> ProgressUpdate:
    return _action_part_create(
        actor=actor,
        obj=ProgressUpdate(
            action=action,
            date=date,
            percent_complete=percent_complete,
            note=note,
            author=actor if actor.is_authenticated else None,
        ),
        action_code=audit_actions.PROGRESS_UPDATE_CREATED,
        fields=PROGRESS_UPDATE_FIELDS,
    )


def progress_update_update(
    *, actor, progress_update: ProgressUpdate, version: int, **values
) -> ProgressUpdate:
    return _update(
        actor=actor,
        model=ProgressUpdate,
        obj=progress_update,
        version=version,
        action=audit_actions.PROGRESS_UPDATE_UPDATED,
        values=values,
    )


def progress_update_delete(*, actor, progress_update: ProgressUpdate, version: int) -> None:
    _delete(
        actor=actor,
        model=ProgressUpdate,
        obj=progress_update,
        version=version,
        action=audit_actions.PROGRESS_UPDATE_DELETED,
    )


# --- drivers and barriers ------------------------------------------------------------------------

FACTOR_FIELDS = ("effect", "kind", "text")


def factor_create(
    *, actor, effect: str, kind: str, text: str, local_target=None, action=None
) -> Factor:
    """Record a driver or barrier of one local target or one action."""
    owner = local_target or action
    if owner is None or (local_target is not None and action is not None):
        raise ValidationError(_("A driver or barrier belongs to one local target or action."))
    framework = owner.framework
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        factor = Factor(
            framework=framework,
            local_target=local_target,
            action=action,
            effect=effect,
            kind=kind,
            text=text,
        )
        return _create(
            actor=actor,
            obj=factor,
            action=audit_actions.FACTOR_CREATED,
            fields=FACTOR_FIELDS,
            framework=framework,
        )


def factor_update(*, actor, factor: Factor, version: int, **values) -> Factor:
    return _update(
        actor=actor,
        model=Factor,
        obj=factor,
        version=version,
        action=audit_actions.FACTOR_UPDATED,
        values=values,
    )


def factor_delete(*, actor, factor: Factor, version: int) -> None:
    _delete(
        actor=actor, model=Factor, obj=factor, version=version, action=audit_actions.FACTOR_DELETED
    )


# --- strategies and policies ---------------------------------------------------------------------

STRATEGY_FIELDS = ("title_da", "title_en", "url", "document", "adopted_on")
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
) -> Strategy:
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        strategy = Strategy(
            framework=framework,
            title_da=title_da,
            title_en=title_en,
            url=url,
            adopted_on=adopted_on,
        )
        if document:
            strategy.document = document
        many = {"local_targets": local_targets, "actions": actions}
        _check_many(strategy, many)
        return _create(
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
    return _update(
        actor=actor,
        model=Strategy,
        obj=strategy,
        version=version,
        action=audit_actions.STRATEGY_UPDATED,
        values=values,
        many=many,
    )


def strategy_delete(*, actor, strategy: Strategy, version: int) -> None:
    _delete(
        actor=actor,
        model=Strategy,
        obj=strategy,
        version=version,
        action=audit_actions.STRATEGY_DELETED,
    )
