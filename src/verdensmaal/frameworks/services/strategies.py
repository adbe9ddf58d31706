"""Strategies and policies, linked to local targets and actions."""

from datetime import date

from django.db import transaction

from verdensmaal.core.permissions import ensure_can_edit_organisation

from .. import audit_actions
from ..models import (
    Framework,
    Strategy,
)
from ._base import check_many, create, delete, update

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
