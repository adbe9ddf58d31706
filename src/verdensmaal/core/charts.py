"""Charts drawn as SVG on the server, the way the choropleth maps are (:mod:`.maps`): the same
chart serves the page and the PDF, no script is loaded from anywhere, and there is no ``style``
attribute, so a strict Content-Security-Policy allows the SVG inline.

Every chart:

* writes its numbers in the language's format (decimal comma and thousands point in Danish), in
  axes, legends and the titles that points and bars show on hover (:mod:`.numbers`);
* has an accessible name and a description: ``role="img"`` on the SVG with ``<title>`` and
  ``<desc>``, which the caller may write or leave to a summary of the data in words;
* keeps its legend outside the plot, above or below it.

Ranked bars: all municipalities best to worst, the chosen one and its peers in their own colours
and named in the legend and the description, so colour is never the only carrier of meaning.

Axes follow the rules of d3-scale's linear scale (Mike Bostock, ISC licence), which the charts
used through Vega-Lite before they were drawn here: about one tick per 40 pixels, ticks at 1, 2
or 5 times a power of ten, the domain widened to the ticks around it ("nice"), written with the
decimals the tick step needs. Text widths are estimated from the letters (no font is measured);
the estimate only sets margins.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .numbers import decimals_for, format_number, step_decimals

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
# Colours for up to six series: dark blue, SDG orange, green, grey, red, purple (readable on white).
CACHED_CHARTS = 512  # about 10 kB each (40 kB for 98 ranked bars), per worker process
PALETTE = ["#19486A", "#DD6B20", "#3F7E44", "#6B7280", "#C5192D", "#7B3FA0"]
INK = "#1d2327"
GRID = "#e5e7eb"
AXIS = "#888888"
TITLE_INK = "#000000"
LEGEND_OFFSET = 16  # pixels between the plot (with its axis) and the legend
LEGEND_LABELS = 400  # pixels a legend label may take before it is cut

FONT_SIZE = 12  # axis labels and titles
VALUE_SIZE = 11  # values written beside bars and on rules
LEGEND_SIZE = 13
LEGEND_ROW = 20  # pixels per legend entry
SYMBOL = 10  # pixels of a legend symbol
PADDING = 5  # pixels around the whole chart
TICK = 5  # pixels of an axis tick
TICK_SPACING = 40  # pixels per axis tick (Vega-Lite's default count)
NICE_COUNT = 10  # a scale's domain is widened to the steps of about this many ticks (d3)
LABEL_GAP = 4  # pixels at least between two axis labels; else every second label is left out
POINT_SIZE = 40  # square pixels of a point on a line
LINE_WIDTH = 2.5

# Ranked bars: the chosen municipality, its peers, the others (each at least 3:1 on white).
CHOSEN = "#19486A"
PEER = "#DD6B20"
OTHER = "#8C959D"
AVERAGE_RULE = "#111111"
AVERAGE_DASH = "5,3"
BAR_STEP = 16  # pixels per municipality: 98 bars are about 1,600 pixels tall
BAR_BAND = 0.75  # share of the step a bar fills
RANKED_WIDTH = 220  # pixels of the bars; with names and values the chart fits a phone
TARGET_DASH = "6,4"

HIGHER = "higher"
LOWER = "lower"

# d3's tick steps: 10, 5 or 2 times a power of ten from these shares of the power on.
_TICK_FACTORS = ((10, math.sqrt(50)), (5, math.sqrt(10)), (2, math.sqrt(2)))
# Average advance of letters as a share of the font size (system sans-serif fonts).
_NARROW = set("iIjlt.,:;'|!()[]/ -–")
_WIDE = set("mwMWÆæ%")


# --- drawing ---------------------------------------------------------------------------------


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """An estimate of the pixels ``text`` takes in a system sans-serif font."""
    units = sum(
        0.32
        if c in _NARROW
        else 0.88
        if c in _WIDE
        else 0.7
        if c.isupper()
        else 0.58
        if c.isdigit()
        else 0.56
        for c in text
    )
    return units * size * (1.06 if bold else 1.0)


def px(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = FONT_SIZE,
    anchor: str = "start",
    weight: str = "",
    fill: str = INK,
    rotate: bool = False,
) -> str:
    """A text whose baseline starts (or ends, or is centred: ``anchor``) at (x, y)."""
    attributes = [f'x="{px(x)}" y="{px(y)}"']
    if rotate:  # read from bottom to top, turned about its own position
        attributes = [f'transform="translate({px(x)},{px(y)}) rotate(-90)"']
    if anchor != "start":
        attributes.append(f'text-anchor="{anchor}"')
    if size != FONT_SIZE:
        attributes.append(f'font-size="{px(size)}"')
    if weight:
        attributes.append(f'font-weight="{weight}"')
    attributes.append(f'fill="{fill}"')
    return f"<text {' '.join(attributes)}>{escape(content)}</text>"


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, dash="") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{px(x1)}" y1="{px(y1)}" x2="{px(x2)}" y2="{px(y2)}" stroke="{stroke}"'
        f' stroke-width="{px(width)}"{dashes}/>'
    )


def circle_path(x: float, y: float, size: float) -> str:
    """A circle of ``size`` square pixels (Vega's symbol size) as path data."""
    r = math.sqrt(size) / 2
    return (
        f"M{px(x + r)},{px(y)}A{px(r)},{px(r)},0,1,1,{px(x - r)},{px(y)}"
        f"A{px(r)},{px(r)},0,1,1,{px(x + r)},{px(y)}Z"
    )


def diamond_path(x: float, y: float, size: float) -> str:
    r = math.sqrt(size) / 2
    return f"M{px(x - r)},{px(y)}L{px(x)},{px(y - r)}L{px(x + r)},{px(y)}L{px(x)},{px(y + r)}Z"


def mark(d: str, fill: str, tip: str = "") -> str:
    """A filled mark; ``tip`` is its title, which browsers show on hover."""
    if not tip:
        return f'<path d="{d}" fill="{fill}"/>'
    return f'<path d="{d}" fill="{fill}"><title>{escape(tip)}</title></path>'


def legend_symbol(kind: str, colour: str, dash: str = "") -> str:
    """A legend symbol centred at (0, 0): ``square``, ``circle``, ``diamond`` or ``rule``."""
    half = SYMBOL / 2
    if kind == "rule":
        return line(-half, 0, half, 0, colour, 1.5, dash)
    if kind == "circle":
        return mark(circle_path(0, 0, SYMBOL * SYMBOL), colour)
    if kind == "diamond":
        return mark(diamond_path(0, 0, SYMBOL * SYMBOL), colour)
    return mark(f"M{-half},{-half}h{SYMBOL}v{SYMBOL}h{-SYMBOL}Z", colour)


def legend_width(label: str) -> float:
    return SYMBOL + 7 + min(LEGEND_LABELS, text_width(label, LEGEND_SIZE))


def legend(entries: Sequence[tuple[str, str]], x: float, y: float, columns: int = 1) -> str:
    """Entries (symbol, label) in ``columns`` columns from (x, y), one row per ``LEGEND_ROW``."""
    column_width = max((legend_width(label) for _s, label in entries), default=0) + 24
    out = [f'<g class="legend" aria-hidden="true" transform="translate({px(x)},{px(y)})">']
    for index, (symbol, label) in enumerate(entries):
        row, column = divmod(index, columns)
        left, middle = column * column_width if columns > 1 else 0, row * LEGEND_ROW + SYMBOL
        out.append(
            f'<g transform="translate({px(left + SYMBOL / 2 + 1)},{px(middle)})">{symbol}</g>'
            + text(left + SYMBOL + 7, middle + LEGEND_SIZE * 0.35, label, size=LEGEND_SIZE)
        )
    out.append("</g>")
    return "".join(out)


def document(width: float, height: float, language: str, title: str, description: str, body: str):
    """The whole SVG: an image named by its title and described by its description."""
    uid = (
        "chart-"
        + hashlib.sha1(
            "\0".join((body, language, title, description)).encode(), usedforsecurity=False
        ).hexdigest()[:10]
    )
    w, h = px(math.ceil(width)), px(math.ceil(height))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart"'
        f' lang="{escape(language)}" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc"'
        f' width="{w}" height="{h}"'
        f' viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="{FONT_SIZE}">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>'
        f'<rect width="{w}" height="{h}" fill="white"/>{body}</svg>'
    )


# --- scales ----------------------------------------------------------------------------------


def tick_step(low: float, high: float, count: int) -> float:
    """d3's tick increment: 1, 2 or 5 times a power of ten, about ``count`` steps."""
    step = (high - low) / max(count, 1)
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = next((f for f, least in _TICK_FACTORS if error >= least), 1)
    return factor * 10.0**power


@dataclass(frozen=True)
class Linear:
    """A linear scale from the domain (low, high) to the pixels (start, end), with its ticks."""

    low: float
    high: float
    start: float
    end: float
    ticks: tuple[float, ...]
    decimals: int

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    def labels(self, language: str) -> list[tuple[float, str]]:
        return [(self(t), format_number(t, self.decimals, language)) for t in self.ticks]


def linear(values, start: float, end: float, *, zero: bool) -> Linear:
    """The scale of ``values`` over the pixels, widened to round ticks (and to 0 if ``zero``)."""
    known = [v for v in values if v is not None]
    low, high = min(known, default=0.0), max(known, default=1.0)
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        low, high = (low - abs(low) / 2, high + abs(high) / 2) if low else (0.0, 1.0)
    step = tick_step(low, high, NICE_COUNT)
    for _round in range(10):  # d3's nice(): widen to the step, until the step stays the same
        decimals = step_decimals(step)
        low = round(math.floor(low / step + 1e-9) * step, decimals)
        high = round(math.ceil(high / step - 1e-9) * step, decimals)
        again = tick_step(low, high, NICE_COUNT)
        if again == step:
            break
        step = again
    step = tick_step(low, high, max(2, math.ceil(abs(end - start) / TICK_SPACING)))
    decimals = step_decimals(step)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    ticks = tuple(round(k * step, decimals) + 0.0 for k in range(first, last + 1))
    return Linear(low, high, start, end, ticks, decimals)


# --- line charts -----------------------------------------------------------------------------


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
    drawing it again."""
    series = {name: list(points) for name, points in frozen}
    decimals = decimals_for(v for points in series.values() for _p, v in points)
    periods = sorted({period for points in series.values() for period, _v in points})
    with translation.override(language):
        label = ""
        if target is not None:
            label = f"{target[0]}: {_number(target[1], decimals, language, unit)}"
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
    body, full_width, full_height = line_plot(
        series,
        periods,
        unit=unit,
        width=width,
        height=height,
        decimals=decimals,
        language=language,
        target=(target[1], label) if target is not None else None,
    )
    return document(full_width, full_height, language, title, description, body)


def line_plot(
    series: dict[str, list[tuple[str, float | None]]],
    periods: list[str],
    *,
    unit: str,
    width: int,
    height: int,
    decimals: int,
    language: str,
    target: tuple[float, str] | None = None,
    marker: tuple[str, str] | None = None,
) -> tuple[str, float, float]:
    """The SVG body of lines over ``periods`` (evenly spaced), a point with its value on hover at
    each value, the y axis widened to round ticks (not to 0), the legend below. ``target``
    (value, label) is a dashed horizontal rule, ``marker`` (period, label) a dashed vertical one.
    Returns the body, its width and its height."""
    values = [v for points in series.values() for _p, v in points]
    y = linear([*values, target[0] if target else None], height, 0, zero=False)
    tick_labels = y.labels(language)
    left = PADDING + max((text_width(t) for _y, t in tick_labels), default=0) + TICK + 4
    if unit:
        left += FONT_SIZE + 6
    top = PADDING + FONT_SIZE / 2
    step = width / max(len(periods), 1)
    x = {period: step * (index + 0.5) for index, period in enumerate(periods)}
    out = [f'<g transform="translate({px(left)},{px(top)})">', '<g aria-hidden="true">']
    for position, label in tick_labels:
        out.append(line(0, position, width, position, GRID))
        out.append(text(-TICK - 2, position + FONT_SIZE * 0.35, label, anchor="end"))
    if unit:
        out.append(
            text(-left + PADDING + FONT_SIZE, height / 2, unit, anchor="middle", weight="bold",
                 fill=TITLE_INK, rotate=True)
        )  # fmt: skip
    out.append(line(0, height, width, height, AXIS))
    # Every period's label when they fit, otherwise every second, third...
    widest = max((text_width(period) for period in periods), default=0)
    every = max(1, math.ceil((widest + 6) / step))
    for index, period in enumerate(periods):
        out.append(line(x[period], height, x[period], height + TICK, AXIS))
        if index % every == 0:
            out.append(text(x[period], height + TICK + FONT_SIZE + 1, period, anchor="middle"))
    if target is not None:
        position = y(target[0])
        out.append(line(0, position, width, position, "#111111", 1, TARGET_DASH))
        out.append(text(4, position - 3, target[1], size=VALUE_SIZE))
    if marker is not None and marker[0] in x:
        position = x[marker[0]]
        out.append(line(position, 0, position, height, INK, 1, TARGET_DASH))
        out.append(text(position + 4, VALUE_SIZE, marker[1], size=VALUE_SIZE))
    out.append("</g>")
    colours = dict(zip(series, PALETTE * (len(series) // len(PALETTE) + 1), strict=False))
    for name, points in series.items():  # lines broken where a value is missing
        d, drawing = [], False
        for period, value in sorted(points, key=lambda point: x[point[0]]):
            if value is None:
                drawing = False
                continue
            d.append(f"{'L' if drawing else 'M'}{px(x[period])},{px(y(value))}")
            drawing = True
        if d:
            out.append(
                f'<path d="{"".join(d)}" fill="none" stroke="{colours[name]}"'
                f' stroke-width="{LINE_WIDTH}" aria-hidden="true"/>'
            )
    for name, points in series.items():
        for period, value in points:
            if value is not None:
                tip = f"{name}, {period}: {_number(value, decimals, language, unit)}"
                out.append(mark(circle_path(x[period], y(value), POINT_SIZE), colours[name], tip))
    out.append("</g>")
    names = list(series)
    columns = legend_columns(names, width)
    legend_top = top + height + TICK + FONT_SIZE + 4 + LEGEND_OFFSET
    out.append(
        legend([(legend_symbol("circle", colours[n]), n) for n in names], left, legend_top, columns)
    )
    rows = math.ceil(len(names) / columns) if names else 0
    return "".join(out), left + width + PADDING, legend_top + rows * LEGEND_ROW + PADDING


# --- ranked bars -----------------------------------------------------------------------------


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
        if not title:
            title = _("Ranked chart of %(count)s municipalities") % {"count": len(ordered)} + (
                f" ({unit})" if unit else ""
            )
        if not description:
            description = _ranked_summary(
                ordered, chosen, peers, direction, average, decimals, language, unit
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
    entries = [(legend_symbol("square", colour), label) for label, colour in groups]
    average_text = ""
    if average is not None:
        average_text = f"{average[0]}: {_number(average[1], decimals, language, unit)}"
        entries.append((legend_symbol("rule", AVERAGE_RULE, AVERAGE_DASH), average_text))

    rows = []
    for position, code, name, value in ordered:
        group = highlight_label if code in chosen else peers_label if code in peers else ""
        label = f"{position}. {name}" if position else f"– {name}"
        shown = _number(value, decimals, language, unit) if value is not None else no_data
        colour = CHOSEN if code in chosen else PEER if code in peers else OTHER
        tip = f"{label}: {shown}" + (f" ({group})" if group else "")
        rows.append((label, value, shown, colour, tip, code in chosen))
    labels = max((text_width(r[0], bold=r[5]) for r in rows), default=0)
    left = PADDING + labels + 4
    x = linear([*numbers, average[1] if average else None], 0, width, zero=True)
    right = max(  # the values written after the bars, with room for a wider font than estimated
        (
            x(max(v or 0.0, 0.0)) + 4 + 1.1 * text_width(shown, VALUE_SIZE)
            for _l, v, shown, *_r in rows
        ),
        default=width,
    )
    legend_top = PADDING
    top = legend_top + len(entries) * LEGEND_ROW + 8 + FONT_SIZE + TICK + 4
    if unit:
        top += FONT_SIZE + 4
    height = len(rows) * BAR_STEP

    out = [legend(entries, PADDING, legend_top)]
    out.append(f'<g transform="translate({px(left)},{px(top)})">')
    out.append(_top_axis(x, height, width, unit, language))
    band = BAR_STEP * BAR_BAND
    for index, (_label, value, _shown, colour, tip, _strong) in enumerate(rows):
        if value is not None:
            start, end = sorted((x(0.0), x(value)))
            middle = index * BAR_STEP + BAR_STEP / 2
            d = f"M{px(start)},{px(middle - band / 2)}h{px(end - start)}v{px(band)}h{px(start - end)}Z"  # noqa: E501
            out.append(mark(d, colour, tip))
    if average is not None:
        out.append(line(x(average[1]), 0, x(average[1]), height, AVERAGE_RULE, 1.5, AVERAGE_DASH))
    out.append('<g aria-hidden="true">')
    for index, (label, value, shown, _colour, _tip, strong) in enumerate(rows):
        baseline = index * BAR_STEP + BAR_STEP / 2 + FONT_SIZE * 0.35
        out.append(text(-4, baseline, label, anchor="end", weight="700" if strong else ""))
        out.append(text(x(max(value or 0.0, 0.0)) + 4, baseline, shown, size=VALUE_SIZE))
    out.append("</g></g>")
    full_width = max(
        left + max(right, width) + PADDING,
        PADDING * 2 + max((legend_width(label) for _s, label in entries), default=0),
    )
    return document(full_width, top + height + PADDING, language, title, description, "".join(out))


def _top_axis(x: Linear, height: float, width: float, unit: str, language: str) -> str:
    """Grid lines down the plot, ticks and their labels above it (the first and last flush with
    the plot's ends), the unit above them."""
    out = ['<g aria-hidden="true">']
    labels = x.labels(language)
    for position, _label in labels:
        out.append(line(position, 0, position, height, GRID))
        out.append(line(position, 0, position, -TICK, AXIS))
    for index, position, label in _without_overlap(labels):
        anchor = "start" if index == 0 else "end" if index == len(labels) - 1 else "middle"
        out.append(text(position, -TICK - 4, label, anchor=anchor))
    out.append(line(0, 0, width, 0, AXIS))
    if unit:
        out.append(
            text(width / 2, -TICK - 8 - FONT_SIZE, unit, anchor="middle", weight="bold",
                 fill=TITLE_INK)
        )  # fmt: skip
    out.append("</g>")
    return "".join(out)


def _without_overlap(labels: list[tuple[float, str]]):
    """(index, position, label) of the labels to write along a horizontal axis: every second
    one, then every fourth..., until none overlaps (Vega's "parity" strategy). The first and last
    are flush with the axis's ends."""

    def extent(index, position, label):
        size = text_width(label)
        if index == 0:
            return position, position + size
        if index == len(labels) - 1:
            return position - size, position
        return position - size / 2, position + size / 2

    every = 1
    while True:
        kept = [(i, p, t) for i, (p, t) in enumerate(labels) if i % every == 0]
        spans = [extent(*item) for item in kept]
        if every >= len(labels) or all(
            a[1] + LABEL_GAP <= b[0] for a, b in itertools.pairwise(spans)
        ):
            return kept
        every *= 2


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


def _ranked_summary(ordered, chosen, peers, direction, average, decimals, language, unit):
    with_data = sum(1 for position, *_rest in ordered if position is not None)
    if direction == HIGHER:
        order = _("sorted from best to worst (higher is better)")
    elif direction == LOWER:
        order = _("sorted from best to worst (lower is better)")
    else:
        order = _("sorted from highest to lowest")
    parts = [_("%(count)s municipalities, %(order)s.") % {"count": len(ordered), "order": order}]
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
    missing = len(ordered) - with_data
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


def legend_columns(labels: list[str], width: int) -> int:
    """As many legend entries side by side as fit in the chart's width (about 7 px a letter)."""
    widest = max((len(label) for label in labels), default=1) * 7 + 40
    return max(1, min(len(labels), width // widest))


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "da").split("-")[0]
    return language if language in ("da", "en") else "da"
