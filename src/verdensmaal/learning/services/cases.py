"""Cases: an editor tells an action (or any piece of work) for the network to learn from."""

from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verdensmaal.audit.services import audited_create, audited_update, diff, locked, log_action
from verdensmaal.core.permissions import can_edit_organisation, ensure_can_edit_organisation

from .. import audit_actions
from ..models import Case, CaseFactor, CaseMaterial, CasePartner

STALE_EDIT_MESSAGE = gettext_lazy(
    "Someone else changed this since you opened it; reload to see their change."
)


class CaseFields(TypedDict, total=False):
    title_da: str
    title_en: str
    summary_da: str
    summary_en: str
    rationale_da: str
    rationale_en: str
    results_da: str
    results_en: str
    lessons_da: str
    lessons_en: str
    cost: Decimal | None
    started_on: date | None
    ended_on: date | None
    contact_name: str
    contact_email: str
    sharing: str
    meeting: object


class Partner(TypedDict, total=False):
    name: str
    role: str


class Factor(TypedDict):
    effect: str
    text: str


def _checked(fields: dict) -> dict:
    if unknown := set(fields) - set(CaseFields.__annotations__):
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return fields


def _with_goals(goals, targets) -> list:
    """The goals chosen and the goals of the targets chosen: a target speaks for its goal."""
    chosen = {goal.pk: goal for goal in goals}
    for target in targets:
        chosen.setdefault(target.goal_id, target.goal)
    return list(chosen.values())


def _links_set(case: Case, *, goals, targets, indicators, partners, factors) -> None:
    """Set what ``case`` links to; ``None`` keeps a link as it is."""
    if targets is not None:
        case.targets.set(targets)
    if goals is not None or targets is not None:
        goals = list(case.goals.all()) if goals is None else goals
        case.goals.set(_with_goals(goals, case.targets.select_related("goal")))
    if indicators is not None:
        case.indicators.set(indicators)
    if partners is not None:
        case.partners.all().delete()
        for order, partner in enumerate(partners):
            item = CasePartner(
                case=case, order=order, name=partner["name"], role=partner.get("role", "")
            )
            item.full_clean()
            item.save()
    if factors is not None:
        case.factors.all().delete()
        for order, factor in enumerate(factors):
            item = CaseFactor(case=case, order=order, effect=factor["effect"], text=factor["text"])
            item.full_clean()
            item.save()


def _state(case: Case, fields) -> dict:
    values = {field: getattr(case, field) for field in fields}
    if isinstance(values.get("cost"), Decimal):
        values["cost"] = format(values["cost"].normalize(), "f")
    for name in ("goals", "targets", "indicators", "partners", "factors"):
        values[name] = ", ".join(sorted(str(item) for item in getattr(case, name).all()))
    return values


def case_create(
    *,
    actor,
    organisation,
    action=None,
    goals=(),
    targets=(),
    indicators=(),
    partners: list[Partner] = (),
    factors: list[Factor] = (),
    is_demo: bool = False,
    **fields: Unpack[CaseFields],
) -> Case:
    """A new case of ``organisation``, written by one of its editors (or the secretariat); from
    an ``action`` of its framework, when it tells about one (one case per action)."""
    ensure_can_edit_organisation(actor, organisation)
    if action is not None and Case.objects.filter(action=action).exists():
        raise ValidationError({"action": _("This action is already told as a case.")})
    case = Case(
        organisation=organisation,
        action=action,
        author=actor if actor.is_authenticated else None,
        is_demo=is_demo,
        **_checked(fields),
    )
    return audited_create(
        actor=actor,
        obj=case,
        action=audit_actions.CASE_CREATED,
        after_save=lambda case: _links_set(
            case,
            goals=goals,
            targets=targets,
            indicators=indicators,
            partners=partners,
            factors=factors,
        ),
        changes=lambda case: diff({}, {"action": action, **_state(case, fields)}),
        organisation=organisation,
    )


def _check(actor, current: Case, version: int) -> None:
    ensure_can_edit_organisation(actor, current.organisation)
    if current.version != version:
        raise ValidationError(STALE_EDIT_MESSAGE, code="stale")


def case_update(
    *,
    actor,
    case: Case,
    version: int,
    goals=None,
    targets=None,
    indicators=None,
    partners: list[Partner] | None = None,
    factors: list[Factor] | None = None,
    **fields: Unpack[CaseFields],
) -> Case:
    """Change a case from the ``version`` the editor started at (``None`` keeps a link list)."""
    fields = _checked(fields)

    def save(current: Case) -> None:
        current.version += 1
        current.save()
        _links_set(
            current, goals=goals, targets=targets, indicators=indicators, partners=partners,
            factors=factors,
        )  # fmt: skip

    try:
        return audited_update(
            actor=actor,
            obj=case,
            values=fields,
            action=audit_actions.CASE_UPDATED,
            check=lambda current: _check(actor, current, version),
            state=lambda current: _state(current, fields),
            save=save,
            organisation=lambda current: current.organisation,
        )
    except Case.DoesNotExist:
        raise ValidationError(STALE_EDIT_MESSAGE, code="stale") from None


def case_delete(*, actor, case: Case, version: int) -> None:
    with transaction.atomic():
        current = locked(Case, case.pk)
        if current is None:
            raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        _check(actor, current, version)
        log_action(
            actor=actor,
            action=audit_actions.CASE_DELETED,
            obj=current,
            organisation=current.organisation,
            changes={"deleted": [str(current), None]},
        )
        current.delete()


def case_material_add(*, actor, case: Case, title: str, file=None, url: str = "") -> CaseMaterial:
    ensure_can_edit_organisation(actor, case.organisation)
    return audited_create(
        actor=actor,
        obj=CaseMaterial(case=case, title=title, file=file or "", url=url),
        action=audit_actions.CASE_MATERIAL_ADDED,
        changes={"case": [None, case.pk], "title": [None, title]},
        organisation=case.organisation,
    )


def case_material_delete(*, actor, material: CaseMaterial) -> None:
    if not can_edit_organisation(actor, material.case.organisation):
        raise PermissionDenied
    with transaction.atomic():
        log_action(
            actor=actor,
            action=audit_actions.CASE_MATERIAL_DELETED,
            obj=material,
            organisation=material.case.organisation,
            changes={"deleted": [material.title, None]},
        )
        if material.file:  # the file goes once the removal is committed
            transaction.on_commit(lambda: material.file.storage.delete(material.file.name))
        material.delete()
