"""Charts as Vega-Lite specifications (Altair), rendered to SVG on the server with vl-convert,
so that the same chart serves the page and the PDF, and no script is loaded from anywhere.

Every chart:

* writes its numbers in the language's format (Vega's ``formatLocale``: decimal comma and
  thousands point in Danish), in axes, legends and the titles that points and bars show on hover;
  the texts made here use the same rules (:mod:`verdensmaal.core.numbers`);
* has an accessible name and a description: ``role="img"`` on the SVG with ``<title>`` and
  ``<desc>``, which the caller may write or leave to a summary of the data in words;
* keeps its legend outside the plot, above or below it.

Ranked bars: all municipalities best to worst, the chosen one and its peers in their own colours
and named in the legend and the description, so colour is never the only carrier of meaning.
"""

import hashlib
import json
import math
import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from html import escape

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .numbers import decimals_for, format_locale, format_number

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
# Colours for up to six series: dark blue, SDG orange, green, grey, red, purple (readable on white).
CACHED_CHARTS = 512  # about 20 kB each (60 kB for 98 ranked bars), per worker process
PALETTE = ["#19486A", "#DD6B20", "#3F7E44", "#6B7280", "#C5192D", "#7B3FA0"]
INK = "#1d2327"
GRID = "#e5e7eb"
LEGEND_OFFSET = 16  # pixels between the plot (with its axis) and the legend
LEGEND_LABELS = 400  # pixels a legend label may take before it is cut

# Ranked bars: the chosen municipality, its peers, the others (each at least 3:1 on white).
CHOSEN = "#19486A"
PEER = "#DD6B20"
OTHER = "#8C959D"
AVERAGE_RULE = "#111111"
BAR_STEP = 16  # pixels per municipality: 98 bars are about 1,600 pixels tall
RANKED_WIDTH = 220  # pixels of the bars; with names and values the chart fits a phone

HIGHER = "higher"
LOWER = "lower"
# Checking a specification against the Vega-Lite schema takes longer than drawing it (0.2 s for
# the ranked chart): the tests check every kind of chart, pages do not.
VALIDATE = False

# Vega marks that carry a description get it as an aria-label; it becomes their hover title.
_LABELLED_MARK = re.compile(
    r'<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="[^"]*"([^>]*?)/>'
)


def line_chart(
    series: dict[str, list[tuple[str, float | None]]],
    *,
    unit: str,
    width: int = 640,
    height: int = 280,
    target: tuple[str, float] | None = None,
    title: str = "",
    description: str = "",
    language: str | None = None,
) -> SafeString:
    """Lines for each named series of (period, value); gaps where values are missing.

    ``title`` names the chart for screen readers (default: the series and the unit);
    ``description`` replaces the summary in words of each series' first and last value.
    ``language`` (default: the active one) sets the number format.
    """
    frozen = tuple(
        (str(name), tuple((str(period), _float(value)) for period, value in points))
        for name, points in series.items()
    )
    target = (str(target[0]), float(target[1])) if target is not None else None
    chart = _line_chart(
        frozen, str(unit), width, height, target, str(title), str(description), _language(language)
    )
    return mark_safe(chart)


@lru_cache(maxsize=CACHED_CHARTS)
def _line_chart(frozen, unit, width, height, target, title, description, language) -> str:
    """The line chart for hashable arguments: the same arguments give the same chart without
    building its specification again."""
    import altair as alt  # on first use: not when every command starts

    series = {name: list(points) for name, points in frozen}
    decimals = decimals_for(v for points in series.values() for _p, v in points)
    values = [
        {
            "series": name,
            "period": period,
            "value": value,
            "tip": f"{name}, {period}: {_number(value, decimals, language, unit)}",
        }
        for name, points in series.items()
        for period, value in points
    ]
    periods = sorted({v["period"] for v in values})
    encoding = {
        "x": alt.X("period:O", title=None, sort=periods, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        "color": alt.Color(
            "series:N",
            title=None,
            sort=list(series),
            scale=alt.Scale(domain=list(series), range=PALETTE[: len(series)]),
            legend=alt.Legend(
                orient="bottom",
                direction="horizontal",
                columns=_legend_columns(list(series), width),
                offset=LEGEND_OFFSET,
                labelLimit=width,
            ),
        ),
    }
    base = alt.Chart(alt.Data(name="values")).encode(**encoding)
    chart = base.mark_line(strokeWidth=2.5, aria=False) + base.mark_point(
        filled=True, size=40, opacity=1
    ).encode(description="tip:N")
    with translation.override(language):
        if target is not None:
            label = f"{target[0]}: {_number(target[1], decimals, language, unit)}"
            rule = alt.Chart(alt.Data(values=[{"value": target[1], "label": label}]))
            chart = chart + rule.mark_rule(strokeDash=[6, 4], color="#111", aria=False).encode(
                y="value:Q"
            )
            chart = chart + rule.mark_text(
                align="left", baseline="bottom", dx=4, dy=-3, x=0, color=INK, aria=False
            ).encode(y="value:Q", text="label:N")
        if not title:
            title = _("Line chart: %(series)s") % {"series": ", ".join(series)} + (
                f" ({unit})" if unit else ""
            )
        if not description:
            description = " ".join(
                _line_summary(name, points, decimals, language, unit)
                for name, points in series.items()
                if any(value is not None for _p, value in points)
            )
            if target is not None:
                description += " " + _sentence(label)
    spec = _configure(chart.properties(width=width, height=height), description, values=values)
    return _svg(json.dumps(spec, sort_keys=True), language, title, description)


def ranked_chart(
    values: Sequence[tuple[str, str, float | None]],
    *,
    highlight: str | Collection[str] = (),
    peers: Collection[str] = (),
    unit: str = "",
    direction: str | None = HIGHER,
    average: tuple[str, float] | None = None,
    title: str = "",
    description: str = "",
    language: str | None = None,
    highlight_label: str = "",
    peers_label: str = "",
    width: int = RANKED_WIDTH,
) -> SafeString:
    """Horizontal bars of ``values`` (code, name, value), best first, missing values last.

    ``direction`` ``"higher"`` or ``"lower"`` says which end is best (otherwise the highest
    comes first). The municipalities in ``highlight`` (a code or several) and in ``peers`` get
    their own colours, named by ``highlight_label`` and ``peers_label``; ``average`` (label,
    value) is drawn as a dashed rule, by default the mean of the municipalities.
    """
    chosen = frozenset([highlight] if isinstance(highlight, str) else highlight)
    chart = _ranked_chart(
        tuple((str(code), str(name), _float(value)) for code, name, value in values),
        chosen,
        frozenset(peers) - chosen,
        str(unit),
        direction,
        (str(average[0]), float(average[1])) if average is not None else None,
        str(title),
        str(description),
        _language(language),
        str(highlight_label),
        str(peers_label),
        width,
    )
    return mark_safe(chart)


@lru_cache(maxsize=CACHED_CHARTS)
def _ranked_chart(
    values,
    chosen,
    peers,
    unit,
    direction,
    average,
    title,
    description,
    language,
    highlight_label,
    peers_label,
    width,
) -> str:
    """The ranked chart for hashable arguments (see :func:`_line_chart`)."""
    import altair as alt  # on first use: not when every command starts

    ordered = rank(values, direction)
    decimals = decimals_for(value for _c, _n, value in values if value is not None)
    numbers = [value for _c, _n, value in values if value is not None]
    with translation.override(language):
        highlight_label = highlight_label or (
            _("Chosen municipality") if len(chosen) == 1 else _("Chosen municipalities")
        )
        peers_label = peers_label or _("Peer group")
        others_label = _("Other municipalities")
        no_data = _("no data")
        if average is None and numbers:
            average = (_("Average of the municipalities"), sum(numbers) / len(numbers))
        rows = []
        for position, code, name, value in ordered:
            group = highlight_label if code in chosen else peers_label if code in peers else ""
            label = f"{position}. {name}" if position else f"– {name}"
            text = _number(value, decimals, language, unit) if value is not None else no_data
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "value": value,
                    "text": text,
                    "group": group or others_label,
                    "tip": f"{label}: {text}" + (f" ({group})" if group else ""),
                    "strong": code in chosen,
                }
            )
        groups = [
            (label, colour)
            for label, colour, members in (
                (highlight_label, CHOSEN, chosen),
                (peers_label, PEER, peers),
                (others_label, OTHER, True),
            )
            if members
        ]
        strong = [row["label"] for row in rows if row["strong"]]
        y = alt.Y(
            "label:N",
            title=None,
            sort=[row["label"] for row in rows],  # every layer the same order, best first
            axis=alt.Axis(
                labelLimit=0,  # no limit: Vega would measure each name again to cut it
                labelFontWeight={
                    "condition": {
                        "test": f"indexof({json.dumps(strong)}, datum.value) >= 0",
                        "value": 700,
                    },
                    "value": 400,
                },
                ticks=False,
                domain=False,
            ),
        )
        base = alt.Chart(alt.Data(name="values")).encode(y=y)
        bars = base.mark_bar(height={"band": 0.75}).encode(
            x=alt.X("value:Q", title=unit or None, axis=alt.Axis(orient="top", grid=True)),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(domain=[g for g, _c in groups], range=[c for _g, c in groups]),
                legend=alt.Legend(orient="top", direction="vertical", labelLimit=LEGEND_LABELS),
            ),
            description="tip:N",
        )
        texts = base.mark_text(align="left", dx=4, fontSize=11, color=INK, aria=False).encode(
            x=alt.datum(0) if not numbers else alt.X("zero_or_value:Q"),
            text="text:N",
        )
        texts = texts.transform_calculate(
            zero_or_value="isValid(datum.value) ? max(datum.value, 0) : 0"
        )
        layers = [bars, texts]
        if average is not None:  # over the bars, under their values
            average_text = f"{average[0]}: {_number(average[1], decimals, language, unit)}"
            rule = alt.Chart(alt.Data(values=[{"value": average[1], "label": average_text}]))
            layers.insert(
                1,
                rule.mark_rule(color=AVERAGE_RULE, strokeWidth=1.5, aria=False).encode(
                    x="value:Q",
                    strokeDash=alt.StrokeDash(
                        "label:N",
                        title=None,
                        scale=alt.Scale(range=[[5, 3]]),
                        legend=alt.Legend(orient="top", labelLimit=LEGEND_LABELS),
                    ),
                ),
            )
        if not title:
            title = _("Ranked chart of %(count)s municipalities") % {"count": len(rows)} + (
                f" ({unit})" if unit else ""
            )
        if not description:
            description = _ranked_summary(
                ordered, rows, chosen, peers, direction, average, decimals, language, unit
            )
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(BAR_STEP))
    spec = _configure(chart, description, values=rows)
    # The legends above the bars one under the other, so that they never widen the chart much.
    spec["config"]["legend"]["layout"] = {"top": {"direction": "vertical", "anchor": "start"}}
    return _svg(json.dumps(spec, sort_keys=True), language, title, description)


def rank(
    values: Sequence[tuple[str, str, float | None]], direction: str | None
) -> list[tuple[int | None, str, str, float | None]]:
    """(position, code, name, value) best first; equal values share a position (1, 2, 2, 4);
    missing values last without a position."""
    known = [(code, name, value) for code, name, value in values if value is not None]
    known.sort(key=lambda item: (item[2] if direction == LOWER else -item[2], item[1]))
    ranked: list[tuple[int | None, str, str, float | None]] = []
    for index, (code, name, value) in enumerate(known):
        position = ranked[-1][0] if ranked and ranked[-1][3] == value else index + 1
        ranked.append((position, code, name, value))
    missing = sorted((item for item in values if item[2] is None), key=lambda item: item[1])
    return ranked + [(None, code, name, None) for code, name, _v in missing]


def _ranked_summary(ordered, rows, chosen, peers, direction, average, decimals, language, unit):
    with_data = sum(1 for position, *_rest in ordered if position is not None)
    if direction == HIGHER:
        order = _("sorted from best to worst (higher is better)")
    elif direction == LOWER:
        order = _("sorted from best to worst (lower is better)")
    else:
        order = _("sorted from highest to lowest")
    parts = [_("%(count)s municipalities, %(order)s.") % {"count": len(rows), "order": order}]
    for label, members in ((_("Chosen"), chosen), (_("Peer group"), peers)):
        named = [
            _("%(name)s no. %(position)s of %(count)s (%(value)s)")
            % {
                "name": name,
                "position": position,
                "count": with_data,
                "value": _number(value, decimals, language, unit),
            }
            if position is not None
            else f"{name} ({_('no data')})"
            for position, code, name, value in ordered
            if code in members
        ]
        if named:
            parts.append(f"{label}: {'; '.join(named)}.")
    if average is not None:
        parts.append(_sentence(f"{average[0]}: {_number(average[1], decimals, language, unit)}"))
    missing = len(rows) - with_data
    if missing:
        parts.append(_("%(count)s without data.") % {"count": missing})
    return " ".join(parts)


def _line_summary(name, points, decimals, language, unit) -> str:
    known = [(period, value) for period, value in points if value is not None]
    first, last = known[0], known[-1]
    if first == last:
        return f"{name}: {_number(first[1], decimals, language, unit)} ({first[0]})."
    return _("%(name)s: %(first)s (%(first_period)s) to %(last)s (%(last_period)s).") % {
        "name": name,
        "first": _number(first[1], decimals, language, unit),
        "first_period": first[0],
        "last": _number(last[1], decimals, language, unit),
        "last_period": last[0],
    }


def _float(value) -> float | None:
    """Values may come as Decimal from the database; a chart takes floats, and None for gaps."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _sentence(text: str) -> str:
    """The text with one full stop at its end (a unit such as "kr." may already end in one)."""
    return text if text.endswith(".") else text + "."


def _number(value, decimals, language, unit) -> str:
    if value is None:
        return "–"
    return format_number(value, decimals, language) + (f" {unit}" if unit else "")


def _legend_columns(labels: list[str], width: int) -> int:
    """As many legend entries side by side as fit in the chart's width (about 7 px a letter)."""
    widest = max((len(label) for label in labels), default=1) * 7 + 40
    return max(1, min(len(labels), width // widest))


def _configure(chart, description: str, *, values: list[dict]) -> dict:
    """The whole specification. The configuration, the description and the data rows (given once,
    by name) are set on the finished dictionary: Altair copies the whole chart for each of them,
    and copies inline rows into every layer, which took most of the time of a chart of 98 bars."""
    import altair as alt  # on first use: not when every command starts

    spec = chart.to_dict(validate=VALIDATE)
    spec["description"] = description
    spec["datasets"] = {"values": values}
    spec["config"] = {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "gridColor": GRID,
            "labelColor": INK,
            "aria": False,
        },
        "legend": {"labelFontSize": 13, "labelColor": INK, "aria": False},
    }
    if VALIDATE:
        alt.vegalite.v6.schema.core.TopLevelSpec.validate(spec)  # raises on a mistake
    return spec


@lru_cache(maxsize=CACHED_CHARTS)
def _svg(spec: str, language: str, title: str, description: str) -> str:
    """Rendering takes tens of milliseconds; the same spec, language (number format) and texts
    give the same chart, so keep it."""
    import vl_convert  # on first use: not when every command starts

    svg = vl_convert.vegalite_to_svg(json.loads(spec), format_locale=format_locale(language))
    uid = (
        "chart-"
        + hashlib.sha1(
            "\0".join((spec, language, title, description)).encode(), usedforsecurity=False
        ).hexdigest()[:10]
    )
    svg = _LABELLED_MARK.sub(r"<path\2><title>\1</title></path>", svg)
    head, rest = svg.split(">", 1)
    head = head.replace(' class="marks"', "", 1).replace(
        "<svg ",
        f'<svg role="img" class="chart" lang="{escape(language)}"'
        f' aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" ',
        1,
    )
    return (
        f'{head}><title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>{rest}'
    )


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "da").split("-")[0]
    return language if language in ("da", "en") else "da"
