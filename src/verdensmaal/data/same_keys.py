"""The plan of an import whose keys are all stored already, as when a file is imported again
(the same values, or revised ones): diffed a column at a time, without reading a Python tuple
per stored row.

The stored rows are read one (indicator, area) at a time, their periods and breakdowns joined
into one text each, with the count of rows and the lowest and highest unit and flags
(:func:`.storage.stored_groups`; on PostgreSQL with the values). Where each group's texts are
the incoming rows' texts of that group joined the same way, and its unit and flags are the
incoming ones, the stored keys are exactly the incoming keys: both columns of a group are joined
in one order of its rows, the incoming keys are unique and in key order, and no incoming text
holds the separator. Then only the values can differ, and they are compared as two lists in key
order. Anything else (new keys, stored rows the file does not have, other units or flags) is
left to the row-by-row diff of the services module.
"""

from __future__ import annotations

from itertools import compress
from operator import ne

from . import storage


def same_keys_diff(
    columns: list[list], indicator_ids: list[int], area_ids: list[int], groups: list[tuple]
) -> tuple[list[int], list[int], list] | None:
    """``(positions of the rows whose value changed, their observations' ids, their stored
    values)`` when the stored rows of these indicators and areas (``groups``: as
    :func:`.storage.stored_groups` reads them) have exactly the keys, units and flags of the
    incoming rows (``columns``: indicator id, area id, period, breakdown, value, unit, flags,
    each a list in key order); None otherwise."""
    indicators, areas, periods, breakdowns, values, units, flags = columns
    total = len(values)
    separator = storage.SEPARATOR
    if any(separator in text for text in {*periods, *breakdowns}):
        return None
    if sum(group[2] for group in groups) != total:
        return None
    start = 0
    for indicator, area, count, stored_periods, stored_breakdowns, *limits, _values, _ids in groups:
        end = start + count
        last = end - 1
        if (indicators[start], areas[start], indicators[last], areas[last]) != (
            indicator, area, indicator, area
        ):  # fmt: skip
            return None  # incoming rows in sorted order: the group is incoming[start:end]
        unit, flag = units[start], flags[start]
        if (
            limits != [unit, unit, flag, flag]
            or flags[start:end].count(flag) != count
            or units[start:end].count(unit) != count
            or stored_periods != separator.join(periods[start:end])
            or stored_breakdowns != separator.join(breakdowns[start:end])
        ):
            return None
        start = end
    stored = storage.stored_values(indicator_ids, area_ids, groups)
    if len(stored) != total:
        return None  # changed since the groups were read
    changed = list(compress(range(total), map(ne, stored, values)))
    if not changed:
        return [], [], []
    ids = storage.stored_ids(indicator_ids, area_ids, groups)
    if len(ids) != total:
        return None
    return changed, [ids[index] for index in changed], [stored[index] for index in changed]
