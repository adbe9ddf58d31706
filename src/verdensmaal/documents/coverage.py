"""What a screened strategy addresses, joined to what the municipality measures (issue 11, item 3).
A plain module (no Django), tested directly.

A municipality's framework *measures* an SDG target when one of its local targets names the target,
or when an indicator the framework follows (a local target's indicator, or one of its other
indicators followed) is linked to the target in the indicator catalogue. A screened document
*addresses* a target when one of its passages does (``results.TARGET_ADDRESSED_SCORE``).

The join gives both directions of the gap:

* the targets the document addresses that the framework does not measure: a strategy's intention
  without a number to follow it, each with the catalogue's indicators on it when there are any (a
  local target can then be set on one) or none (a data need);
* the local targets and indicators the framework measures that no screened document of the
  municipality addresses: measurement without a strategy behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from verdensmaal.frameworks.evidence import target_sort_key


@dataclass(frozen=True)
class MeasuredTarget:
    """A local target of the framework: the SDG targets it names and the indicators it follows."""

    key: int
    sdg_targets: frozenset[str]
    indicators: frozenset[str]


@dataclass(frozen=True)
class Gap:
    """A target the document addresses and the framework does not measure."""

    target: str
    passages: tuple[int, ...]  # the passages behind it
    catalogue_indicators: tuple[str, ...]  # indicators of the catalogue on the target, if any


@dataclass(frozen=True)
class Coverage:
    gaps: tuple[Gap, ...]  # addressed, not measured
    measured: tuple[str, ...]  # addressed and measured
    unaddressed_local_targets: tuple[int, ...]  # measured, addressed by no screened document
    unaddressed_indicators: tuple[
        str, ...
    ]  # followed, on no target any screened document addresses


def measured_targets(
    local_targets: Iterable[MeasuredTarget], indicator_targets: Mapping[str, Iterable[str]]
) -> frozenset[str]:
    """The SDG targets the framework measures: named by a local target or under an indicator it
    follows."""
    measured: set[str] = set()
    for local_target in local_targets:
        measured |= local_target.sdg_targets
        for indicator in local_target.indicators:
            measured.update(indicator_targets.get(indicator, ()))
    return frozenset(measured)


def coverage(
    *,
    addressed: Mapping[str, Iterable[int]],
    addressed_by_any: Iterable[str],
    local_targets: Iterable[MeasuredTarget],
    indicator_targets: Mapping[str, Iterable[str]],
    catalogue: Mapping[str, Iterable[str]],
) -> Coverage:
    """Join one document to the framework.

    ``addressed``: the targets this document addresses, with the passages behind each;
    ``addressed_by_any``: the targets any screened document of the municipality addresses (this
    one included); ``local_targets``: the framework's local targets; ``indicator_targets``: the
    catalogue's targets of each indicator the framework follows; ``catalogue``: the catalogue's
    indicators on each target (only the addressed targets are looked up).
    """
    local_targets = list(local_targets)
    measured = measured_targets(local_targets, indicator_targets)
    by_any = set(addressed_by_any) | set(addressed)
    gaps = tuple(
        Gap(
            target=code,
            passages=tuple(sorted(set(addressed[code]))),
            catalogue_indicators=tuple(sorted(catalogue.get(code, ()))),
        )
        for code in sorted(addressed, key=target_sort_key)
        if code not in measured
    )
    followed = sorted({code for item in local_targets for code in item.indicators})
    return Coverage(
        gaps=gaps,
        measured=tuple(sorted((set(addressed) & measured), key=target_sort_key)),
        unaddressed_local_targets=tuple(
            item.key for item in local_targets if not item.sdg_targets & by_any
        ),
        unaddressed_indicators=tuple(
            code for code in followed if not set(indicator_targets.get(code, ())) & by_any
        ),
    )
