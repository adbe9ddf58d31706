"""Action and target frameworks: what the caller may read of them (exactly what the pages show
the same user: the public reads what is published, the network's members what is shared with
them, a municipality all of its own, and draft local targets only its editors), and writes of
local targets, actions and progress updates through the frameworks' services, with the pages'
permission checks and version checks."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Query, Router, Status

from verdensmaal.audit.selectors import last_change
from verdensmaal.catalogue.selectors import indicators_by_code, targets_by_code
from verdensmaal.core.permissions import ensure_can_edit_organisation
from verdensmaal.data.selectors import selection, selection_version
from verdensmaal.frameworks import audit_actions, services
from verdensmaal.frameworks import selectors as frameworks
from verdensmaal.measurement.selectors import progress_settings
from verdensmaal.measurement.vocabulary import METHOD_LABELS, reason_label, status_display

from ..auth import bearer, caller
from ..caching import modified
from ..common import ONE, READ, WRITE, found, link, texts
from ..schemas import (
    CODE_PATTERN,
    ActionChange,
    ActionIn,
    ActionOut,
    FrameworkDetailOut,
    FrameworkOut,
    IdPath,
    LocalTargetChange,
    LocalTargetIn,
    LocalTargetOut,
    ProgressUpdateIn,
)

router = Router(tags=["Frameworks"])

# Every write to a framework or its parts, deletions included: when one was last made.
FRAMEWORK_WRITES = [
    code for name, code in vars(audit_actions).items() if name.isupper() and isinstance(code, str)
]
# Writes that change which frameworks a list holds or how they read in it.
FRAMEWORK_LIST_WRITES = [
    audit_actions.FRAMEWORK_CREATED,
    audit_actions.FRAMEWORK_UPDATED,
    audit_actions.FRAMEWORK_PUBLISHED,
    audit_actions.FRAMEWORK_WITHDRAWN,
]


# --- what is shown -------------------------------------------------------------------------------


def _framework(framework) -> dict:
    return {
        "id": framework.pk,
        "municipality": framework.organisation.area.code,
        "organisation": framework.organisation.name,
        "title": texts(framework, "title"),
        "start_year": framework.start_year,
        "end_year": framework.end_year,
        "summary": texts(framework, "summary"),
        "sharing": framework.sharing,
        "published_at": framework.published_at,
        "version": framework.version,
        "updated_at": framework.updated_at,
        "page": framework.get_absolute_url(),
    }


def _assessment(assessment) -> dict:
    display = status_display(assessment.status)
    return {
        "method": assessment.method,
        "method_label": str(METHOD_LABELS[assessment.method]),
        "status": assessment.status,
        "status_label": str(display["label"]),
        "rank": display["rank"],
        "reason": assessment.reason,
        "reason_label": reason_label(assessment.reason),
        **{
            field: getattr(assessment, field)
            for field in (
                "base_year", "base_value", "current_year", "current_value", "target",
                "target_year", "progress_value", "target_achieved",
            )
        },
    }  # fmt: skip


def _local_target(request, local_target) -> dict:
    area = local_target.framework.organisation.area
    assessments = frameworks.local_target_assessments(local_target, area)
    settings = progress_settings()
    _count, data_changed = selection_version(
        selection(indicators=[local_target.indicator], areas=[area]).filter(breakdown="")
    )
    modified(request, local_target.updated_at, data_changed, settings.updated_at)
    return {
        **{
            field: getattr(local_target, field)
            for field in (
                "baseline_year", "baseline_value", "target_value", "target_year",
                "direction", "owner", "status", "sharing", "version", "updated_at",
            )
        },
        "id": local_target.pk,
        "framework": local_target.framework_id,
        "title": texts(local_target, "title"),
        "rationale": texts(local_target, "rationale"),
        "indicator": local_target.indicator.code,
        "sdg_targets": sorted(target.code for target in local_target.sdg_targets.all()),
        "other_indicators": sorted(i.code for i in local_target.other_indicators.all()),
        "progress": {
            "default_method": settings.default_method,
            "status": _assessment(assessments[settings.default_method]),
            "methods": [_assessment(assessment) for assessment in assessments.values()],
        },
    }  # fmt: skip


def _action(request, action, readable_targets: set[int]) -> dict:
    modified(request, action.updated_at)
    return {
        **{
            field: getattr(action, field)
            for field in (
                "owner", "start_date", "end_date", "budget", "status", "sharing",
                "version", "updated_at",
            )
        },
        "id": action.pk,
        "framework": action.framework_id,
        "title": texts(action, "title"),
        "description": texts(action, "description"),
        "local_targets": sorted(
            target.pk for target in action.local_targets.all() if target.pk in readable_targets
        ),
        "milestones": [
            {
                "id": m.pk,
                "title": texts(m, "title"),
                "due_date": m.due_date,
                "completed_on": m.completed_on,
            }
            for m in action.milestones.all()
        ],
        "partners": [
            {
                "id": p.pk,
                "name": str(p),
                "registered": p.organisation_id is not None,
                "kind": p.kind,
                "role": texts(p, "role"),
            }
            for p in action.partners.all()
        ],
        "progress_updates": [
            {
                "id": u.pk,
                "date": u.date,
                "percent_complete": u.percent_complete,
                "note": texts(u, "note"),
            }
            for u in action.updates.all()
        ],
    }  # fmt: skip


def _readable_target_ids(user, framework) -> set[int]:
    return set(frameworks.readable_local_targets(user, framework).values_list("pk", flat=True))


def _local_targets(user, framework):
    return (
        frameworks.readable_local_targets(user, framework)
        .select_related("framework__organisation__area", "indicator")
        .prefetch_related("sdg_targets", "other_indicators")
        .order_by("pk")
    )


def _actions(user, framework):
    return (
        frameworks.readable_actions(user, framework)
        .prefetch_related("milestones", "partners__organisation", "updates", "local_targets")
        .order_by("pk")
    )


def _readable_framework(request, pk: int):
    framework = frameworks.framework_by_id(pk)
    if framework is None or not frameworks.can_view(caller(request), framework):
        found(None, "framework")
    modified(
        request,
        framework.updated_at,
        last_change(FRAMEWORK_WRITES, organisation=framework.organisation),
    )
    return framework


# --- reading -------------------------------------------------------------------------------------


@router.get("/frameworks", response={200: list[FrameworkOut], **READ}, summary="Frameworks")
def framework_list(
    request, municipality: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None
):
    """The frameworks you may read: published ones, those shared with the network's members when
    your token's user is one, and all of your own municipality's; or those of one
    ``municipality`` (its area code)."""
    visible = frameworks.visible_frameworks(caller(request)).order_by(
        "organisation__name", "-start_year"
    )
    if municipality:
        visible = visible.filter(organisation__area__code=municipality)
    visible = list(visible)
    modified(
        request,
        last_change(FRAMEWORK_LIST_WRITES),
        *(framework.updated_at for framework in visible),
    )
    return [_framework(framework) for framework in visible]


@router.get(
    "/frameworks/{framework_id}",
    response={200: FrameworkDetailOut, **ONE},
    summary="One framework with its parts",
)
def framework_detail(request, framework_id: IdPath):
    """A framework with the priorities, local targets (with progress), actions and strategies
    you may read of it."""
    user = caller(request)
    framework = _readable_framework(request, framework_id)
    readable_targets = _readable_target_ids(user, framework)
    action_list = list(_actions(user, framework))
    readable_actions = {action.pk for action in action_list}
    strategies = frameworks.readable_strategies(user, framework).prefetch_related(
        "local_targets", "actions"
    )
    return {
        **_framework(framework),
        "priorities": [
            {
                "id": p.pk,
                "goal": p.goal.number,
                "target": p.target.code if p.target_id else None,
                "rationale": texts(p, "rationale"),
                "sharing": p.sharing,
            }
            for p in frameworks.readable_priorities(user, framework).select_related(
                "goal", "target"
            )
        ],
        "local_targets": [_local_target(request, lt) for lt in _local_targets(user, framework)],
        "actions": [_action(request, action, readable_targets) for action in action_list],
        "strategies": [
            {
                "id": s.pk,
                "title": texts(s, "title"),
                "url": s.url,
                "adopted_on": s.adopted_on,
                "document": f"/frameworks/strategies/{s.pk}/file/" if s.document else None,
                "local_targets": sorted(
                    lt.pk for lt in s.local_targets.all() if lt.pk in readable_targets
                ),
                "actions": sorted(a.pk for a in s.actions.all() if a.pk in readable_actions),
                "sharing": s.sharing,
            }
            for s in strategies
        ],
    }


@router.get(
    "/frameworks/{framework_id}/local-targets",
    response={200: list[LocalTargetOut], **ONE},
    summary="A framework's local targets",
)
def framework_local_targets(request, framework_id: IdPath):
    framework = _readable_framework(request, framework_id)
    return [_local_target(request, lt) for lt in _local_targets(caller(request), framework)]


@router.get(
    "/frameworks/{framework_id}/actions",
    response={200: list[ActionOut], **ONE},
    summary="A framework's actions",
)
def framework_actions(request, framework_id: IdPath):
    user = caller(request)
    framework = _readable_framework(request, framework_id)
    readable_targets = _readable_target_ids(user, framework)
    return [_action(request, action, readable_targets) for action in _actions(user, framework)]


def _readable_local_target(request, pk: int):
    local_target = frameworks.local_target_by_id(pk)
    if local_target is None or not frameworks.can_view_local_target(caller(request), local_target):
        found(None, "local target")
    return local_target


def _readable_action(request, pk: int):
    action = frameworks.action_by_id(pk)
    if action is None or not frameworks.can_view_part(caller(request), action):
        found(None, "action")
    return action


@router.get(
    "/local-targets/{local_target_id}",
    response={200: LocalTargetOut, **ONE},
    summary="One local target with its progress",
)
def local_target_detail(request, local_target_id: IdPath):
    """A local target and its status under the network's default method and under each of the
    three methods, with the reason where there is not enough data."""
    return _local_target(request, _readable_local_target(request, local_target_id))


@router.get(
    "/actions/{action_id}",
    response={200: ActionOut, **ONE},
    summary="One action with its milestones, partners and progress updates",
)
def action_detail(request, action_id: IdPath):
    action = _readable_action(request, action_id)
    return _action(request, action, _readable_target_ids(caller(request), action.framework))


# --- writing -------------------------------------------------------------------------------------


def _codes(values: dict, field: str, lookup, what: str, many: bool) -> None:
    """Replace the codes in ``values[field]`` with the catalogue's objects; 422 for unknown."""
    if field not in values:
        return
    codes = values[field] if many else [values[field]]
    known = lookup(codes)
    if unknown := [code for code in codes if code not in known]:
        raise ValidationError({field: f"Unknown {what}: {', '.join(unknown)}"})
    values[field] = [known[code] for code in codes] if many else known[codes[0]]


def _local_target_values(values: dict) -> dict:
    _codes(values, "indicator", indicators_by_code, "indicator", many=False)
    _codes(values, "other_indicators", indicators_by_code, "indicator(s)", many=True)
    _codes(values, "sdg_targets", targets_by_code, "SDG target(s)", many=True)
    return values


def _editable_framework(user, pk: int):
    framework = found(frameworks.framework_by_id(pk), "framework")
    ensure_can_edit_organisation(user, framework.organisation)  # as the pages: 403
    return framework


def _created(response, location: str, body):
    response["Location"] = location
    return Status(201, body)


@router.post(
    "/frameworks/{framework_id}/local-targets",
    auth=bearer,
    response={201: LocalTargetOut, **WRITE},
    summary="Add a local target",
)
def local_target_create(
    request, response: HttpResponse, payload: LocalTargetIn, framework_id: IdPath
):
    """Add a local target to a framework of your municipality (the secretariat: any). Without a
    ``baseline_value`` the municipality's observation in ``baseline_year`` is taken."""
    user = request.auth
    framework = _editable_framework(user, framework_id)
    values = _local_target_values(payload.model_dump())
    values["direction"] = values["direction"] or ""
    created = services.local_target_create(actor=user, framework=framework, **values)
    local_target = frameworks.local_target_by_id(created.pk)
    return _created(
        response, link(f"/local-targets/{created.pk}"), _local_target(request, local_target)
    )


@router.patch(
    "/local-targets/{local_target_id}",
    auth=bearer,
    response={200: LocalTargetOut, **WRITE},
    summary="Change a local target",
)
def local_target_update(request, payload: LocalTargetChange, local_target_id: IdPath):
    """Change the fields given; ``version`` is the version you read. If someone has saved the
    local target since, nothing is saved and the answer is 409: read it again."""
    user = request.auth
    local_target = found(frameworks.local_target_by_id(local_target_id), "local target")
    ensure_can_edit_organisation(user, local_target.framework.organisation)
    values = payload.model_dump(exclude_unset=True)
    version = values.pop("version")
    services.local_target_update(
        actor=user, local_target=local_target, version=version, **_local_target_values(values)
    )
    return _local_target(request, frameworks.local_target_by_id(local_target_id))


def _action_values(framework, values: dict) -> dict:
    if "local_targets" in values:
        known = frameworks.local_targets_in(framework, values["local_targets"])
        if unknown := [str(pk) for pk in values["local_targets"] if pk not in known]:
            raise ValidationError(
                {"local_targets": f"No local target of this framework: {', '.join(unknown)}"}
            )
        values["local_targets"] = list(known.values())
    return values


@router.post(
    "/frameworks/{framework_id}/actions",
    auth=bearer,
    response={201: ActionOut, **WRITE},
    summary="Add an action",
)
def action_create(request, response: HttpResponse, payload: ActionIn, framework_id: IdPath):
    user = request.auth
    framework = _editable_framework(user, framework_id)
    values = _action_values(framework, payload.model_dump())
    created = services.action_create(actor=user, framework=framework, **values)
    action = frameworks.action_by_id(created.pk)
    body = _action(request, action, _readable_target_ids(user, framework))
    return _created(response, link(f"/actions/{created.pk}"), body)


@router.patch(
    "/actions/{action_id}",
    auth=bearer,
    response={200: ActionOut, **WRITE},
    summary="Change an action",
)
def action_update(request, payload: ActionChange, action_id: IdPath):
    """Change the fields given; ``version`` is the version you read (409 when it is stale)."""
    user = request.auth
    action = found(frameworks.action_by_id(action_id), "action")
    ensure_can_edit_organisation(user, action.framework.organisation)
    values = payload.model_dump(exclude_unset=True)
    version = values.pop("version")
    services.action_update(
        actor=user, action=action, version=version, **_action_values(action.framework, values)
    )
    action = frameworks.action_by_id(action_id)
    return _action(request, action, _readable_target_ids(user, action.framework))


@router.post(
    "/actions/{action_id}/progress-updates",
    auth=bearer,
    response={201: ActionOut, **WRITE},
    summary="Add a progress update to an action",
)
def progress_update_create(
    request, response: HttpResponse, payload: ProgressUpdateIn, action_id: IdPath
):
    """A dated note on how far the action has come; the answer is the action with it."""
    user = request.auth
    action = found(frameworks.action_by_id(action_id), "action")
    ensure_can_edit_organisation(user, action.framework.organisation)
    services.progress_update_create(actor=user, action=action, **payload.model_dump())
    action = frameworks.action_by_id(action_id)
    body = _action(request, action, _readable_target_ids(user, action.framework))
    return _created(response, link(f"/actions/{action_id}"), body)
