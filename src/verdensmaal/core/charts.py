"""Charts as Vega-Lite specifications (Altair), rendered to SVG on the server with vl-convert,
so that the same chart serves the page and the PDF, and no script is loaded from anywhere."""

import json
from functools import lru_cache

import altair as alt
import vl_convert
from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
# Colours for up to six series: dark blue, SDG orange, green, grey, red, purple (readable on white).
CACHED_CHARTS = 512  # about 20 kB each, per worker process
PALETTE = ["#19486A", "#DD6B20", "#3F7E44", "#6B7280", "#C5192D", "#7B3FA0"]


def line_chart(
    series: dict[str, list[tuple[str, float | None]]],
    *,
    unit: str,
    width: int = 640,
    height: int = 280,
    target: tuple[str, float] | None = None,
) -> SafeString:
    """Lines for each named series of (period, value); gaps where values are missing."""
    values = [
        {"series": name, "period": period, "value": value}
        for name, points in series.items()
        for period, value in points
    ]
    periods = sorted({v["period"] for v in values})
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("period:O", title=None, sort=periods, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color(
            "series:N",
            title=None,
            sort=list(series),
            scale=alt.Scale(domain=list(series), range=PALETTE[: len(series)]),
            legend=alt.Legend(orient="bottom"),
        ),
    )
    chart = base.mark_line(point=True, strokeWidth=2.5)
    if target is not None:
        rule = alt.Chart(alt.Data(values=[{"value": target[1], "label": target[0]}]))
        chart = chart + rule.mark_rule(strokeDash=[6, 4], color="#111").encode(y="value:Q")
    spec = (
        chart.properties(width=width, height=height)
        .configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, gridColor="#e5e7eb")
        .configure_legend(labelFontSize=13)
        .to_dict()
    )
    return mark_safe(_svg(json.dumps(spec, sort_keys=True)))


@lru_cache(maxsize=CACHED_CHARTS)
def _svg(spec: str) -> str:
    """Rendering takes tens of milliseconds; the same data gives the same chart, so keep it."""
    svg = vl_convert.vegalite_to_svg(json.loads(spec))
    return svg.replace("<svg ", '<svg role="img" class="chart" ', 1)
