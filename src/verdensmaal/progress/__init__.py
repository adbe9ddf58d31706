"""Progress towards the SDGs, computed from time series: the progress engine.

Three published methods, each in its own module with its source cited there and explained for
municipal users in ``docs/methods.md``:

* ``unsd``: the UN DESA SDG Progress Chart method (ratio of observed to required growth);
* ``opensdg``: the Statistics Canada method as shipped in Open SDG 2.4;
* ``sdsn``: the SDSN SDG Index and Dashboards (normalised scores, indicator and goal dashboard
  colours, trend arrows).

:func:`assess` takes one series; :func:`assess_many` takes arrays of many series (for instance all
municipalities x all indicators x years) and computes them together in NumPy. Both give the same
results; the single-series path is plain Python, written to be read next to the sources.

Pure Python and NumPy: no Django import anywhere in this package.
"""

from __future__ import annotations

from types import ModuleType

from . import opensdg, sdsn, unsd
from .common import (
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    HIGHER,
    LOWER,
    NOT_AVAILABLE,
    REASONS,
    Assessment,
    Assessments,
)

METHODS: dict[str, ModuleType] = {"unsd": unsd, "opensdg": opensdg, "sdsn": sdsn}


def _method(name: str) -> ModuleType:
    try:
        return METHODS[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; choose one of {sorted(METHODS)}") from None


def assess(
    years,
    values,
    *,
    method: str,
    direction: str,
    target: float | None = None,
    target_year: int = DEFAULT_TARGET_YEAR,
    base_year: int = DEFAULT_BASE_YEAR,
    limit: float | None = None,
) -> Assessment:
    """Assess one series: ``years`` and ``values`` of equal length (None or NaN for missing).

    ``direction`` is ``"higher"`` or ``"lower"`` (which way is better). ``target`` is the value to
    reach in ``target_year`` (for ``sdsn``: the green threshold); None for no numeric target.
    ``limit`` is the indicator's natural limit (a ceiling where higher is better, a floor where
    lower is better), None for none. Only ``opensdg`` has a use for it: without a target it
    lowers the growth thresholds near the limit. The UN method and the SDSN trend arrows have no
    natural limit and ignore it.
    """
    return _method(method).assess(
        years,
        values,
        direction=direction,
        target=target,
        target_year=target_year,
        base_year=base_year,
        limit=limit,
    )


def assess_many(
    years,
    values,
    *,
    method: str,
    direction,
    target=None,
    target_year=DEFAULT_TARGET_YEAR,
    base_year=DEFAULT_BASE_YEAR,
    limit=None,
) -> Assessments:
    """Assess many series at once.

    ``values`` has years on its last axis, e.g. municipalities x indicators x years, NaN where
    missing; ``years`` is the strictly increasing 1-D axis. ``direction`` (``"higher"``/``"lower"``
    or +1/-1), ``target``, ``limit`` (NaN for none), ``base_year`` and ``target_year`` broadcast
    against the leading shape, e.g. one per indicator. ``limit`` is used as in :func:`assess`.
    """
    return _method(method).assess_many(
        years,
        values,
        direction=direction,
        target=target,
        target_year=target_year,
        base_year=base_year,
        limit=limit,
    )


__all__ = [
    "DEFAULT_BASE_YEAR",
    "DEFAULT_TARGET_YEAR",
    "HIGHER",
    "LOWER",
    "METHODS",
    "NOT_AVAILABLE",
    "REASONS",
    "Assessment",
    "Assessments",
    "assess",
    "assess_many",
    "opensdg",
    "sdsn",
    "unsd",
]
