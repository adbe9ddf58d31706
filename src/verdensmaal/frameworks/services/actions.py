"""Actions and their milestones, partners, progress updates, drivers and barriers."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.core.models import Sharing
from verdensmaal.core.permissions import ensure_can_edit_organisation

from .. import audit_actions
from ..evidence import suggestion
from ..models import (
    Action,
    Factor,
    Framework,
    Milestone,
    Partner,
    ProgressUpdate,
)
from ._base import check_many, create, delete, update

# --- actions -------------------------------------------------------------------------------------

ACTION_FIELDS = (
    "title_da", "title_en", "description", "description_en", "owner", "start_date", "end_date",
    "budget", "status", "sharing", "suggested_goals",
)  # fmt: skip


def _screened(description: str, description_en: str) -> str:
    """The description the goals are suggested from: the Danish one, else the English one."""
    return description if description.strip() else description_en


def _suggest(action: Action, description: str) -> None:
    """Screen the description on its words and keep the goals it suggests, with the evidence."""
    found = suggestion(description)
    action.suggested_goals = found["goals"]
    action.goal_evidence = found


def action_create(
    *,
    actor,
    framework: Framework,
    title_da: str,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    owner: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    budget: Decimal | None = None,
    status: str = Action.Status.PLANNED,
    local_targets=(),
    sharing: str = Sharing.NETWORK,
) -> Action:
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        action = Action(
            framework=framework,
            title_da=title_da,
            title_en=title_en,
            description=description,
            description_en=description_en,
            owner=owner,
            start_date=start_date,
            end_date=end_date,
            budget=budget,
            status=status,
            sharing=sharing,
        )
        _suggest(action, _screened(description, description_en))
        check_many(action, {"local_targets": local_targets})
        return create(
            actor=actor,
            obj=action,
            action=audit_actions.ACTION_CREATED,
            fields=ACTION_FIELDS,
            many={"local_targets": local_targets},
            framework=framework,
        )


def action_update(*, actor, action: Action, version: int, **values) -> Action:
    """Change an action; a changed description is screened again for the goals it suggests."""
    many = {"local_targets": values.pop("local_targets")} if "local_targets" in values else {}

    def prepare(current, values):
        before = _screened(current.description, current.description_en)
        after = _screened(
            values.get("description", current.description),
            values.get("description_en", current.description_en),
        )
        if after != before:
            found = suggestion(after)
            values["suggested_goals"] = found["goals"]  # logged; the evidence is only kept
            current.goal_evidence = found

    return update(
        actor=actor,
        obj=action,
        version=version,
        action=audit_actions.ACTION_UPDATED,
        values=values,
        many=many,
        prepare=prepare,
    )


def action_goals_confirm(*, actor, action: Action, version: int, goals) -> Action:
    """The editor's word on the action's goals: the suggested ones, or others (may be none)."""
    return update(
        actor=actor,
        obj=action,
        version=version,
        action=audit_actions.ACTION_GOALS_CONFIRMED,
        values={"goals_confirmed_at": timezone.now()},
        many={"goals": list(goals)},
    )


# --- milestones, partners and progress updates of an action --------------------------------------

MILESTONE_FIELDS = ("title", "title_en", "due_date", "completed_on")
PARTNER_FIELDS = ("organisation", "name", "kind", "role", "role_en")
PROGRESS_UPDATE_FIELDS = ("date", "percent_complete", "note", "note_en")


def _action_part_create(*, actor, obj, action_code: str, fields):
    framework = obj.action.framework
    ensure_can_edit_organisation(actor, framework.organisation)
    with transaction.atomic():
        return create(actor=actor, obj=obj, action=action_code, fields=fields, framework=framework)


def milestone_create(
    *,
    actor,
    action: Action,
    title: str,
    due_date: date,
    completed_on: date | None = None,
    title_en: str = "",
) -> Milestone:
    return _action_part_create(
        actor=actor,
        obj=Milestone(
            action=action,
            title=title,
            title_en=title_en,
            due_date=due_date,
            completed_on=completed_on,
        ),
        action_code=audit_actions.MILESTONE_CREATED,
        fields=MILESTONE_FIELDS,
    )


def milestone_update(*, actor, milestone: Milestone, version: int, **values) -> Milestone:
    return update(
        actor=actor,
        obj=milestone,
        version=version,
        action=audit_actions.MILESTONE_UPDATED,
        values=values,
    )


def milestone_delete(*, actor, milestone: Milestone, version: int) -> None:
    delete(
        actor=actor,
        obj=milestone,
        version=version,
        action=audit_actions.MILESTONE_DELETED,
    )


def partner_create(
    *,
    actor,
    action: Action,
    kind: str,
    name: str = "",
    organisation=None,
    role: str = "",
    role_en: str = "",
) -> Partner:
    return _action_part_create(
        actor=actor,
        obj=Partner(
            action=action,
            organisation=organisation,
            name=name,
            kind=kind,
            role=role,
            role_en=role_en,
        ),
        action_code=audit_actions.PARTNER_CREATED,
        fields=PARTNER_FIELDS,
    )


def partner_update(*, actor, partner: Partner, version: int, **values) -> Partner:
    return update(
        actor=actor,
        obj=partner,
        version=version,
        action=audit_actions.PARTNER_UPDATED,
        values=values,
    )


def partner_delete(*, actor, partner: Partner, version: int) -> None:
    delete(
        actor=actor,
        obj=partner,
        version=version,
        action=audit_actions.PARTNER_DELETED,
    )


def progress_update_create(
    *, actor, action: Action, date: date, percent_complete: int, note: str, note_en: str = ""
) -> ProgressUpdate:
    return _action_part_create(
        actor=actor,
        obj=ProgressUpdate(
            action=action,
            date=date,
            percent_complete=percent_complete,
            note=note,
            note_en=note_en,
            author=actor if actor.is_authenticated else None,
        ),
        action_code=audit_actions.PROGRESS_UPDATE_CREATED,
        fields=PROGRESS_UPDATE_FIELDS,
    )


def progress_update_update(
    *, actor, progress_update: ProgressUpdate, version: int, **values
) -> ProgressUpdate:
    return update(
        actor=actor,
        obj=progress_update,
        version=version,
        action=audit_actions.PROGRESS_UPDATE_UPDATED,
        values=values,
    )


def progress_update_delete(*, actor, progress_update: ProgressUpdate, version: int) -> None:
    delete(
        actor=actor,
        obj=progress_update,
        version=version,
        action=audit_actions.PROGRESS_UPDATE_DELETED,
    )


# --- drivers and barriers ------------------------------------------------------------------------

FACTOR_FIELDS = ("effect", "kind", "text", "text_en")


def factor_create(
    *,
    actor,
    effect: str,
    kind: str,
    text: str,
    text_en: str = "",
    local_target=None,
    action=None,
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
            text_en=text_en,
        )
        return create(
            actor=actor,
            obj=factor,
            action=audit_actions.FACTOR_CREATED,
            fields=FACTOR_FIELDS,
            framework=framework,
        )


def factor_update(*, actor, factor: Factor, version: int, **values) -> Factor:
    return update(
        actor=actor,
        obj=factor,
        version=version,
        action=audit_actions.FACTOR_UPDATED,
        values=values,
    )


def factor_delete(*, actor, factor: Factor, version: int) -> None:
    delete(actor=actor, obj=factor, version=version, action=audit_actions.FACTOR_DELETED)
