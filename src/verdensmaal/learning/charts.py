"""The learning pages' two charts, drawn as every chart of the product is (``core.charts``:
SVG drawn on the server, numbers in the reader's language, an accessible name and a description
in words):

* the evidence of a case: the municipality's series and the mean of similar municipalities, with
  a rule where the case started, so that before and after read at a glance;
* shared ambition: for each member's local target on one indicator, the change per year it needs
  and the change achieved so far, against what the municipalities managed (median and the best
  tenth).
"""

from functools import lru_cache

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verdensmaal.core.charts import (
    FONT_SIZE,
    GRID,
    LEGEND_ROW,
    PADDING,
    _language,
    _number,
    circle_path,
    diamond_path,
    document,
    legend,
    legend_symbol,
    legend_width,
    line,
    line_plot,
    linear,
    mark,
    px,
    text,
    text_width,
)
from verdensmaal.core.charts import _top_axis as top_axis
from verdensmaal.core.numbers import decimals_for

CACHED = 256
NEEDED = "#19486A"  # the pace a target needs: the product's navy
ACHIEVED = "#DD6B20"  # the pace achieved: SDG orange
LINK = "#9CA3AF"
REFERENCE = "#111111"
REFERENCE_DASHES = ("2,2", "6,3")  # the median, the best tenth
ROW_STEP = 28  # pixels per local target
AMBITION_WIDTH = 360
AMBITION_POINT = 110  # square pixels of a point
EVIDENCE_WIDTH = 600
EVIDENCE_HEIGHT = 220


def _float(value) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if number != number else number  # NaN is no value


def evidence_chart(
    series: dict[str, list[tuple[int, float | None]]],
    *,
    started: int | None,
    unit: str,
    title: str = "",
    language: str | None = None,
) -> SafeString:
    """Lines of each named series of (year, value), a rule at the year the case started."""
    frozen = tuple(
        (str(name), tuple((int(year), _float(value)) for year, value in points))
        for name, points in series.items()
    )
    return mark_safe(_evidence_chart(frozen, started, str(unit), str(title), _language(language)))


@lru_cache(maxsize=CACHED)
def _evidence_chart(frozen, started, unit, title, language) -> str:
    series = {name: [(str(y), v) for y, v in points] for name, points in frozen}
    decimals = decimals_for(v for points in series.values() for _y, v in points if v is not None)
    periods = sorted(
        {y for points in series.values() for y, _v in points}
        | ({str(started)} if started else set())
    )
    with translation.override(language):
        label = _("The case started in %(year)s") % {"year": started} if started else ""
        if not title:
            title = _("Line chart: %(series)s") % {"series": ", ".join(series)}
        parts = []
        for name, points in series.items():
            known = [(y, v) for y, v in points if v is not None]
            if known:
                parts.append(
                    _("%(name)s: %(first)s (%(first_period)s) to %(last)s (%(last_period)s).")
                    % {
                        "name": name,
                        "first": _number(known[0][1], decimals, language, unit),
                        "first_period": known[0][0],
                        "last": _number(known[-1][1], decimals, language, unit),
                        "last_period": known[-1][0],
                    }
                )
        description = " ".join([*parts, f"{label}." if label else ""]).strip()
    body, width, height = line_plot(
        series,
        periods,
        unit=unit,
        width=EVIDENCE_WIDTH,
        height=EVIDENCE_HEIGHT,
        decimals=decimals,
        language=language,
        marker=(str(started), label) if started else None,
    )
    return document(width, height, language, title, description, body)


def ambition_chart(
    rows: list[tuple[str, float | None, float | None]],
    *,
    unit: str,
    median: float | None,
    high: float | None,
    title: str = "",
    language: str | None = None,
) -> SafeString:
    """One row per local target (label, change needed per year, change achieved per year, both
    in the better direction), with rules at the municipalities' median improvement and at the
    improvement only the best tenth reached."""
    frozen = tuple((str(label), _float(needed), _float(done)) for label, needed, done in rows)
    return mark_safe(
        _ambition_chart(
            frozen, str(unit), _float(median), _float(high), str(title), _language(language)
        )
    )


@lru_cache(maxsize=CACHED)
def _ambition_chart(rows, unit, median, high, title, language) -> str:
    numbers = [v for _l, needed, done in rows for v in (needed, done) if v is not None]
    decimals = decimals_for([*numbers, *(v for v in (median, high) if v is not None)])
    with translation.override(language):
        needed_label, achieved_label = _("Needed per year"), _("Achieved per year so far")
        per_year = _("%(unit)s per year, better direction") % {"unit": unit}
        references = [
            (_("Median of the municipalities"), median, REFERENCE_DASHES[0]),
            (_("Reached by the best tenth"), high, REFERENCE_DASHES[1]),
        ]
        shown = [
            (f"{label}: {_number(value, decimals, language, unit)}", value, dash)
            for label, value, dash in references
            if value is not None
        ]
        if not title:
            title = _("Needed and achieved change per year of %(count)s local targets") % {
                "count": len(rows)
            }
        parts = [
            _("%(label)s: needs %(needed)s per year, has achieved %(achieved)s per year.")
            % {
                "label": label,
                "needed": _number(needed, decimals, language, unit),
                "achieved": _number(done, decimals, language, unit),
            }
            for label, needed, done in rows
        ]
        parts += [f"{label}." for label, _v, _d in shown]
        description = " ".join(parts)
        entries = [
            (legend_symbol("diamond", NEEDED), needed_label),
            (legend_symbol("circle", ACHIEVED), achieved_label),
            *((legend_symbol("rule", REFERENCE, dash), label) for label, _v, dash in shown),
        ]
        tips = []
        for label, needed, done in rows:
            tips.append(
                [
                    f"{label}: {measure.lower()} "
                    + (_number(value, decimals, language, unit) if value is not None else "–")
                    for measure, value in ((needed_label, needed), (achieved_label, done))
                ]
            )
    x = linear([*numbers, *(v for _l, v, _d in shown)], 0, AMBITION_WIDTH, zero=True)
    left = PADDING + max((text_width(label) for label, _n, _d in rows), default=0) + 8
    legend_top = PADDING
    top = legend_top + len(entries) * LEGEND_ROW + 8 + 2 * FONT_SIZE + 17
    height = len(rows) * ROW_STEP
    out = [legend(entries, PADDING, legend_top), f'<g transform="translate({px(left)},{px(top)})">']
    out.append(top_axis(x, height, AMBITION_WIDTH, per_year, language))
    for _label, value, dash in shown:  # under the points
        out.append(line(x(value), 0, x(value), height, REFERENCE, 1.2, dash))
    out.append('<g aria-hidden="true">')
    for index, (label, needed, done) in enumerate(rows):
        middle = index * ROW_STEP + ROW_STEP / 2
        out.append(line(0, middle, AMBITION_WIDTH, middle, GRID))
        out.append(text(-6, middle + FONT_SIZE * 0.35, label, anchor="end"))
        if needed is not None and done is not None:
            out.append(line(x(needed), middle, x(done), middle, LINK, 2))
    out.append("</g>")
    for index, (_label, needed, done) in enumerate(rows):
        middle = index * ROW_STEP + ROW_STEP / 2
        if needed is not None:
            d = diamond_path(x(needed), middle, AMBITION_POINT)
            out.append(mark(d, NEEDED, tips[index][0]))
        if done is not None:
            out.append(mark(circle_path(x(done), middle, AMBITION_POINT), ACHIEVED, tips[index][1]))
    out.append("</g>")
    width = max(
        left + AMBITION_WIDTH + PADDING,
        2 * PADDING + max(legend_width(label) for _s, label in entries),
    )
    return document(width, top + height + PADDING, language, title, description, "".join(out))
