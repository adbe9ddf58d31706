"""The learning pages' two charts, drawn as every chart of the product is (``core.charts``:
Vega-Lite rendered to SVG on the server, numbers in the reader's language, an accessible name and
a description in words):

* the evidence of a case: the municipality's series and the mean of similar municipalities, with
  a rule where the case started, so that before and after read at a glance;
* shared ambition: for each member's local target on one indicator, the change per year it needs
  and the change achieved so far, against what the municipalities managed (median and the best
  tenth).
"""

import json
from functools import lru_cache

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verdensmaal.core.charts import (
    INK,
    LEGEND_OFFSET,
    PALETTE,
    _configure,
    _language,
    _legend_columns,
    _number,
    _svg,
)
from verdensmaal.core.numbers import decimals_for

CACHED = 256
NEEDED = "#19486A"  # the pace a target needs: the product's navy
ACHIEVED = "#DD6B20"  # the pace achieved: SDG orange
LINK = "#9CA3AF"
REFERENCE = "#111111"
ROW_STEP = 28  # pixels per local target
AMBITION_WIDTH = 360


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
    import altair as alt  # on first use: not when every command starts

    series = {name: list(points) for name, points in frozen}
    decimals = decimals_for(v for points in series.values() for _y, v in points if v is not None)
    periods = sorted(
        {str(y) for points in series.values() for y, _v in points}
        | ({str(started)} if started else set())
    )
    values = [
        {
            "series": name,
            "period": str(year),
            "value": value,
            "tip": f"{name}, {year}: {_number(value, decimals, language, unit)}",
        }
        for name, points in series.items()
        for year, value in points
    ]
    with translation.override(language):
        base = alt.Chart(alt.Data(name="values")).encode(
            x=alt.X("period:O", title=None, sort=periods, scale=alt.Scale(domain=periods),
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N", title=None, sort=list(series),
                scale=alt.Scale(domain=list(series), range=PALETTE[: len(series)]),
                legend=alt.Legend(orient="bottom", direction="horizontal", offset=LEGEND_OFFSET,
                                  columns=_legend_columns(list(series), 600), labelLimit=600),
            ),
        )  # fmt: skip
        chart = base.mark_line(strokeWidth=2.5, aria=False) + base.mark_point(
            filled=True, size=40, opacity=1
        ).encode(description="tip:N")
        label = _("The case started in %(year)s") % {"year": started} if started else ""
        if started:
            rule = alt.Chart(alt.Data(values=[{"period": str(started), "label": label}]))
            chart = chart + rule.mark_rule(strokeDash=[6, 4], color=INK, aria=False).encode(
                x=alt.X("period:O", sort=periods)
            )
            chart = chart + rule.mark_text(
                align="left", baseline="top", dx=4, y=0, color=INK, aria=False
            ).encode(x=alt.X("period:O", sort=periods), text="label:N")
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
    spec = _configure(chart.properties(width=600, height=220), description, values=values)
    return _svg(json.dumps(spec, sort_keys=True), language, title, description)


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
    import altair as alt  # on first use: not when every command starts

    numbers = [v for _l, needed, done in rows for v in (needed, done) if v is not None]
    decimals = decimals_for([*numbers, *(v for v in (median, high) if v is not None)])
    with translation.override(language):
        needed_label, achieved_label = _("Needed per year"), _("Achieved per year so far")
        per_year = _("%(unit)s per year, better direction") % {"unit": unit}
        values = []
        for label, needed, done in rows:
            for measure, value in ((needed_label, needed), (achieved_label, done)):
                text = _number(value, decimals, language, unit) if value is not None else "–"
                values.append(
                    {"label": label, "measure": measure, "value": value,
                     "tip": f"{label}: {measure.lower()} {text}"}
                )  # fmt: skip
        order = [label for label, _n, _d in rows]
        y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=0, ticks=False))
        base = alt.Chart(alt.Data(name="values"))
        links = (
            base.mark_line(color=LINK, strokeWidth=2, aria=False)
            .encode(y=y, x=alt.X("value:Q"), detail="label:N")
            .transform_filter("isValid(datum.value)")
        )
        points = base.mark_point(filled=True, size=110, opacity=1).encode(
            y=y,
            x=alt.X("value:Q", title=per_year, axis=alt.Axis(orient="top", grid=True)),
            color=alt.Color(
                "measure:N", title=None,
                scale=alt.Scale(domain=[needed_label, achieved_label], range=[NEEDED, ACHIEVED]),
                legend=alt.Legend(orient="top", direction="vertical", labelLimit=400),
            ),
            shape=alt.Shape(
                "measure:N", title=None,
                scale=alt.Scale(domain=[needed_label, achieved_label],
                                range=["diamond", "circle"]),
                legend=alt.Legend(orient="top", direction="vertical", labelLimit=400),
            ),
            description="tip:N",
        ).transform_filter("isValid(datum.value)")  # fmt: skip
        layers = [links, points]
        references = [
            (_("Median of the municipalities"), median, [2, 2]),
            (_("Reached by the best tenth"), high, [6, 3]),
        ]
        shown = [(label, value, dash) for label, value, dash in references if value is not None]
        if shown:
            reference = alt.Chart(
                alt.Data(
                    values=[
                        {"value": value,
                         "label": f"{label}: {_number(value, decimals, language, unit)}"}
                        for label, value, _d in shown
                    ]
                )
            )  # fmt: skip
            layers.insert(
                0,
                reference.mark_rule(color=REFERENCE, strokeWidth=1.2, aria=False).encode(
                    x="value:Q",
                    strokeDash=alt.StrokeDash(
                        "label:N",
                        title=None,
                        scale=alt.Scale(range=[dash for _l, _v, dash in shown]),
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=400),
                    ),
                ),
            )
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
        parts += [
            f"{label}: {_number(value, decimals, language, unit)}." for label, value, _d in shown
        ]
        description = " ".join(parts)
    chart = alt.layer(*layers).properties(width=AMBITION_WIDTH, height=alt.Step(ROW_STEP))
    spec = _configure(chart, description, values=values)
    spec["config"]["legend"]["layout"] = {"top": {"direction": "vertical", "anchor": "start"}}
    return _svg(json.dumps(spec, sort_keys=True), language, title, description)
