"""Writes to the action and target frameworks: one function per use case, audit-logged.

Every write is checked against the framework's municipality (an editor writes only for their own,
the secretariat for all) and runs in one transaction with its audit entry. An update states the
``version`` it started from; if the stored version has moved on, the update is refused with
:class:`StaleEditError` and nothing is saved, so that one editor never silently overwrites
another's change. By use case: ``targets`` (frameworks, priorities, local targets,
strategies) and ``actions`` (actions and their parts, drivers and barriers).
"""

from ._base import STALE_EDIT_MESSAGE, StaleEditError
from .actions import (
    action_create,
    action_goals_confirm,
    action_update,
    factor_create,
    factor_delete,
    factor_update,
    milestone_create,
    milestone_delete,
    milestone_update,
    partner_create,
    partner_delete,
    partner_update,
    progress_update_create,
    progress_update_delete,
    progress_update_update,
)
from .targets import (
    framework_create,
    framework_publish,
    framework_update,
    framework_withdraw,
    local_target_create,
    local_target_update,
    priority_create,
    priority_delete,
    priority_update,
    strategy_create,
    strategy_delete,
    strategy_update,
)

__all__ = [
    "STALE_EDIT_MESSAGE",
    "StaleEditError",
    "action_create",
    "action_goals_confirm",
    "action_update",
    "factor_create",
    "factor_delete",
    "factor_update",
    "framework_create",
    "framework_publish",
    "framework_update",
    "framework_withdraw",
    "local_target_create",
    "local_target_update",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "partner_create",
    "partner_delete",
    "partner_update",
    "priority_create",
    "priority_delete",
    "priority_update",
    "progress_update_create",
    "progress_update_delete",
    "progress_update_update",
    "strategy_create",
    "strategy_delete",
    "strategy_update",
]
