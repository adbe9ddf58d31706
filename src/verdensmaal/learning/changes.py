"""What changed in a municipality's progress between two states: the pure comparison behind the
revision notices. No Django import.

A state is plain data, as stored between imports::

    {"index": {"score": 61, "rank": 12},
     "goals": {"13": {"score": 40, "colour": "red", "rank": 50}, ...},
     "targets": {"7": {"status": "on_track", "definition": "...", "title": "..."}, ...}}

Scores are whole points, as the pages show them, so that a change no reader could see is not
reported. A local target is compared only when its definition (indicator, baseline, target value
and year, direction) is the same in both states: a status that moved because an editor changed
the target is not the data's doing.
"""

from __future__ import annotations

GOAL_FIELDS = ("score", "colour", "rank")  # in the order a notice lists them


def _changed(before, after) -> bool:
    return before is not None and after is not None and before != after


def progress_changes(before: dict, after: dict) -> list[dict]:
    """The changes from ``before`` to ``after``, each ``{"kind": ..., "before": ...,
    "after": ...}`` with the goal number or local target it concerns. Something that is new or
    gone (no value on one side) is not a change of the data's making and is left out."""
    changes = []
    old_index, new_index = before.get("index", {}), after.get("index", {})
    for field in ("score", "rank"):
        if _changed(old_index.get(field), new_index.get(field)):
            changes.append(
                {"kind": f"index_{field}", "before": old_index[field], "after": new_index[field]}
            )
    old_goals, new_goals = before.get("goals", {}), after.get("goals", {})
    for number in sorted(set(old_goals) & set(new_goals), key=int):
        for field in GOAL_FIELDS:
            old, new = old_goals[number].get(field), new_goals[number].get(field)
            if _changed(old, new):
                changes.append(
                    {"kind": f"goal_{field}", "goal": int(number), "before": old, "after": new}
                )
    old_targets, new_targets = before.get("targets", {}), after.get("targets", {})
    for key in sorted(set(old_targets) & set(new_targets), key=int):
        old, new = old_targets[key], new_targets[key]
        if old.get("definition") == new.get("definition") and _changed(
            old.get("status"), new.get("status")
        ):
            changes.append(
                {
                    "kind": "target_status",
                    "target": int(key),
                    "title": new.get("title", ""),
                    "before": old["status"],
                    "after": new["status"],
                }
            )
    return changes
