"""Choropleth maps of Denmark's 98 municipalities, drawn as SVG on the server.

The outlines are the SVG paths of the npm package react-denmark-map 1.0.0 (MIT, Martin Polley;
``reference/map.json``, attribution drawn on every map). Its municipalities (3-digit codes) and
its regions (4-digit DAGI codes) come in two drawing spaces: the regions are drawn 4/3 larger, so
they are scaled by ``REGION_SCALE`` to lie on the municipalities. Bornholm is already placed in
the top right corner, away from its true position, so it is framed as an inset. The paths are
read once per process, rewritten with absolute positions rounded to whole units of the drawing
space (about a twentieth of a pixel on a 640-pixel map) and kept; a map then only joins strings.

Colours:

* numbers: the sequential ColorBrewer schemes YlGn (an indicator with a better direction: the
  darker, greener end is better) and Blues (no better direction), both marked colour-blind safe;
  C. A. Brewer, M. Harrower and The Pennsylvania State University, colorbrewer2.org, Apache
  License 2.0. The near-white first colour of each scheme is left out so that the lightest class
  stays apart from the hatching of "no data".
* SDSN dashboard colours and progress statuses: green, yellow, orange and red, best to worst, as
  in the SDSN SDG Index and Dashboards (Lafortune et al. 2018); statuses by their rank 4..0. The
  hex values are this project's choice of those four hues (readable on white, apart in
  lightness), not copied from the SDSN reports.

Class breaks and number formats: :mod:`verdensmaal.core.numbers`. No colour carries meaning alone:
every municipality's title, the legend and :func:`choropleth_rows` (the table alternative) say
the value and the class in words.

The SVG has no script, no event handler, no ``style`` attribute and no outside resource, so a
strict Content-Security-Policy allows it inline, and WeasyPrint draws the same file in a PDF.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from html import escape

from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import reference
from .charts import FONT
from .numbers import QUANTILES, class_breaks, decimals_for, format_number

# --- colours ---------------------------------------------------------------------------------

# ColorBrewer YlGn and Blues with n + 1 classes, the lightest left out: n classes, light to dark.
GREENS = {
    2: ("#addd8e", "#31a354"),
    3: ("#c2e699", "#78c679", "#238443"),
    4: ("#c2e699", "#78c679", "#31a354", "#006837"),
    5: ("#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837"),
    6: ("#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#005a32"),
    7: ("#f7fcb9", "#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#005a32"),
}
BLUES = {
    2: ("#9ecae1", "#3182bd"),
    3: ("#bdd7e7", "#6baed6", "#2171b5"),
    4: ("#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    5: ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    6: ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
    7: ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
}
ONE_CLASS = "#78c679"
DEFAULT_CLASSES = 5
MOST_CLASSES = max(GREENS)

SDSN_GREEN = "#1a9641"
SDSN_YELLOW = "#f4d03f"
SDSN_ORANGE = "#f39c34"
SDSN_RED = "#d7191c"
STATUS_COLOURS = {4: SDSN_GREEN, 3: "#a6d96a", 2: SDSN_YELLOW, 1: SDSN_ORANGE, 0: SDSN_RED}

HIGHER = "higher"
LOWER = "lower"

# --- drawing ---------------------------------------------------------------------------------

REGION_SCALE = 0.75  # react-denmark-map draws its regions 4/3 the size of its municipalities
BORNHOLM = "400"
MUNICIPALITY_CODE_LENGTH = 3

# Lengths in units of the drawing space: the municipalities span about 10,100 x 12,300 units.
PADDING = 200
BORDER = "#ffffff"
BORDER_WIDTH = 12
REGION_BORDER = "#374151"
REGION_BORDER_WIDTH = 22  # also the coastline: keeps small islands visible at any size
HIGHLIGHT_HALO = "#ffffff"
HIGHLIGHT_HALO_WIDTH = 90
HIGHLIGHT = "#111111"
HIGHLIGHT_WIDTH = 45
NO_DATA_FILL = "#ffffff"
NO_DATA_HATCH = "#8a949b"
NO_DATA_SPACING = 110
NO_DATA_HATCH_WIDTH = 34
INSET_MARGIN = 150
# The capital's municipalities are a few pixels wide: an inset shows them twice as large in the
# empty sea north-east of Djursland (drawing-space box: left, top, right, bottom; the inset's
# top left corner).
CAPITAL_AREA = (9090, 7150, 10130, 8470)
CAPITAL_SCALE = 2.25
CAPITAL_INSET_AT = (7800, 2400)
INSET_STROKE = "#6b7280"
INSET_STROKE_WIDTH = 14

WIDTH_PX = 640  # the width the map is drawn for; CSS scales it down on a phone
INK = "#1d2327"
MUTED = "#5b646b"  # 6:1 on white
FONT_SIZE = 290
SMALL_FONT_SIZE = 240
SWATCH = 300
SWATCH_STROKE = "#6b7280"
LEGEND_ROW = 430
LEGEND_GAP = 350
AVERAGE_CHAR_WIDTH = 0.56  # of the font size, for a sans-serif: enough to decide on columns

NO_DATA = gettext_lazy("No data")
ATTRIBUTION = gettext_lazy("Map: react-denmark-map (MIT)")

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_COMMAND = re.compile(r"[MmLlCcHhVvZz]")
_ARGUMENTS = {"M": 2, "L": 2, "C": 6, "H": 1, "V": 1, "Z": 0}


# --- classes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classes:
    """How values become colours: numeric classes between breaks, or named categories.

    Numeric: ``breaks`` between ``len(colours)`` classes; a value ``v`` is in class ``i`` when
    ``breaks[i - 1] <= v < breaks[i]``. Categorical: ``categories[i]`` are the values in class
    ``i`` and ``labels[i]`` its name. Anything else (None, NaN, an unknown category) is no data.
    """

    colours: tuple[str, ...]
    breaks: tuple[float, ...] = ()
    decimals: int = 0
    lowest: float | None = None
    highest: float | None = None
    categories: tuple[frozenset, ...] = ()
    labels: tuple[str | Promise, ...] = ()
    note: str | Promise = ""
    no_data_label: str | Promise = NO_DATA

    @property
    def is_numeric(self) -> bool:
        return not self.categories

    @classmethod
    def numeric(
        cls,
        values: Mapping[str, float | None] | Collection[float | None],
        *,
        count: int = DEFAULT_CLASSES,
        method: str = QUANTILES,
        direction: str | None = None,
    ) -> Classes:
        """``count`` classes of the values (fewer when there are fewer distinct values).

        ``direction`` ``"higher"`` or ``"lower"`` says which values are better: they get the dark
        green end. Anything else (a target range, no direction) gets neutral blues.
        """
        if not 2 <= count <= MOST_CLASSES:
            raise ValueError(f"count must be 2..{MOST_CLASSES}, not {count}")
        finite = [v for v in _numbers(values) if v is not None]
        if not finite:
            return cls(colours=())
        breaks, decimals = class_breaks(finite, count, method)
        palette = GREENS if direction in (HIGHER, LOWER) else BLUES
        colours = palette[len(breaks) + 1] if breaks else (ONE_CLASS,)
        if direction == LOWER:
            colours = colours[::-1]
        note = gettext_lazy("Darker is better") if direction in (HIGHER, LOWER) else ""
        return cls(
            colours=tuple(colours),
            breaks=tuple(breaks),
            decimals=decimals,
            lowest=min(finite),
            highest=max(finite),
            note=note,
        )

    @classmethod
    def categorical(
        cls,
        entries: Sequence[tuple[str | Collection[str], str | Promise, str]],
        *,
        note: str | Promise = "",
        no_data_label: str | Promise = NO_DATA,
    ) -> Classes:
        """Named classes in legend order: (value or values, label, colour) each."""
        return cls(
            colours=tuple(colour for _v, _l, colour in entries),
            categories=tuple(
                frozenset([keys] if isinstance(keys, str) else keys) for keys, _l, _c in entries
            ),
            labels=tuple(label for _v, label, _c in entries),
            note=note,
            no_data_label=no_data_label,
        )

    @classmethod
    def sdsn(cls) -> Classes:
        """The SDSN dashboard colours: values ``green``, ``yellow``, ``orange`` and ``red``."""
        return cls.categorical(
            [
                ("green", gettext_lazy("Green: goal achieved"), SDSN_GREEN),
                ("yellow", gettext_lazy("Yellow: challenges remain"), SDSN_YELLOW),
                ("orange", gettext_lazy("Orange: significant challenges"), SDSN_ORANGE),
                ("red", gettext_lazy("Red: major challenges"), SDSN_RED),
            ]
        )

    @classmethod
    def statuses(
        cls, ranks: Mapping[str, int | None], labels: Mapping[str, str | Promise]
    ) -> Classes:
        """Progress statuses by rank, best (4) to worst (0); statuses of rank None are not assessed.

        ``labels`` names the statuses to show (one method's); statuses of the same rank share a
        class, its label naming them all.
        """
        entries = []
        for rank in sorted(STATUS_COLOURS, reverse=True):
            members = [status for status in labels if ranks.get(status) == rank]
            if members:
                label = _JoinedLabels(tuple(labels[status] for status in members))
                entries.append((members, label, STATUS_COLOURS[rank]))
        not_assessed = [labels[status] for status in labels if ranks.get(status) is None]
        return cls.categorical(
            entries, no_data_label=not_assessed[0] if not_assessed else gettext_lazy("Not assessed")
        )

    def index(self, value) -> int | None:
        """The class of ``value``, or None for no data."""
        if self.categories:
            return next((i for i, keys in enumerate(self.categories) if value in keys), None)
        number = _number(value)
        if not self.colours or number is None:
            return None
        return bisect_right(self.breaks, number)

    def label(self, index: int, language: str | None = None) -> str:
        """The legend text of class ``index`` in the language: a category's name, or its range."""
        if self.categories:
            return str(self.labels[index])
        number = lambda value: format_number(value, self.decimals, language)  # noqa: E731
        if not self.breaks:
            lowest = format_number(self.lowest, decimals_for([self.lowest]), language)
            highest = format_number(self.highest, decimals_for([self.highest]), language)
            return lowest if lowest == highest else f"{lowest}–{highest}"
        if index == 0:
            return _("under %(value)s") % {"value": number(self.breaks[0])}
        if index == len(self.breaks):
            return _("%(value)s or more") % {"value": number(self.breaks[-1])}
        return f"{number(self.breaks[index - 1])}–{number(self.breaks[index])}"


@dataclass(frozen=True)
class _JoinedLabels:
    """Several translatable labels read as one, translated when shown."""

    parts: tuple[str | Promise, ...]

    def __str__(self) -> str:
        return " / ".join(str(part) for part in self.parts)


def _number(value) -> float | None:
    """A finite number as a float (from int, float, Decimal or NumPy), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _numbers(values) -> list[float | None]:
    items = values.values() if isinstance(values, Mapping) else values
    return [_number(v) for v in items]


# --- rows: the table alternative -------------------------------------------------------------


@dataclass(frozen=True)
class MapRow:
    """One municipality as the map shows it, for the table beside the map."""

    code: str
    name: str
    value: float | str | None
    value_text: str  # the value as the map's title says it, or "no data"
    class_label: str
    colour: str | None  # None for no data
    highlighted: bool


def choropleth_rows(
    values: Mapping[str, float | str | None],
    *,
    classes: Classes,
    labels: Mapping[str, str],
    highlight: Collection[str] = (),
    language: str | None = None,
    unit: str = "",
    value_format: Callable[[float], str] | None = None,
) -> list[MapRow]:
    """Every municipality in ``labels`` (in its order) with its value and class in words."""
    language = _language(language)
    with translation.override(language):
        return _rows(values, classes, labels, highlight, language, unit, value_format)


def _rows(values, classes, labels, highlight, language, unit, value_format) -> list[MapRow]:
    no_data = str(classes.no_data_label)
    if value_format is None:
        decimals = decimals_for(v for v in _numbers(values) if v is not None)
        value_format = lambda v: format_number(v, decimals, language)  # noqa: E731
    class_labels = [classes.label(i, language) for i in range(len(classes.colours))]
    rows = []
    for code, name in labels.items():
        value = values.get(code)
        index = classes.index(value)
        if index is None:
            value_text, class_label, colour = no_data, no_data, None
        else:
            class_label, colour = class_labels[index], classes.colours[index]
            if classes.categories:
                value_text = class_label
            else:
                value_text = value_format(_number(value)) + (f" {unit}" if unit else "")
        rows.append(
            MapRow(
                code=code,
                name=str(name),
                value=value if index is not None else None,
                value_text=value_text,
                class_label=class_label,
                colour=colour,
                highlighted=code in highlight,
            )
        )
    return rows


# --- the map ---------------------------------------------------------------------------------


def choropleth_svg(
    values: Mapping[str, float | str | None],
    *,
    title: str,
    legend_title: str,
    classes: Classes,
    labels: Mapping[str, str],
    href: Callable[[str], str] | None = None,
    highlight: Collection[str] = (),
    highlight_label: str | None = None,
    language: str | None = None,
    unit: str = "",
    value_format: Callable[[float], str] | None = None,
    description: str = "",
) -> SafeString:
    """The map of the municipalities in ``labels`` (code -> name), coloured by ``values``.

    ``title`` is the map's accessible name; ``description`` is added to the summary that the map
    writes of itself. ``href(code)`` links each municipality (then the map is a group of links,
    since an image may not hold links); ``highlight`` outlines some municipalities, named in the
    legend as ``highlight_label``. ``language`` (default: the active one) sets the words and the
    number format; ``value_format`` replaces the automatic number format of values.
    """
    language = _language(language)
    with translation.override(language):
        rows = _rows(values, classes, labels, highlight, language, unit, value_format)
        # Safe: every text that goes into the drawing is escaped there.
        svg = _draw(
            rows, title, legend_title, classes, href, highlight_label, language, description
        )
        return mark_safe(svg)


def _draw(rows, title, legend_title, classes, href, highlight_label, language, description):
    outlines = _outlines()
    left, top, right, bottom = outlines.bounds
    width = right - left + 2 * PADDING
    rows = [row for row in rows if row.code in outlines.paths]
    highlighted = [row for row in rows if row.highlighted]
    summary = _summary(rows, classes, legend_title, language, highlighted, description)
    uid = _uid(title, summary, rows, bool(href))
    no_data_fill = f"url(#{uid}-nodata)"

    legend, legend_height = _legend(
        rows, classes, legend_title, highlight_label, language, width, no_data_fill
    )
    map_height = bottom - top + 2 * PADDING
    height = map_height + legend_height
    x0, y0, x1, y1 = CAPITAL_AREA
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="{"group" if href else "img"}"'
        f' viewBox="0 0 {width} {height}" width="{WIDTH_PX}"'
        f' height="{round(WIDTH_PX * height / width)}"'
        f' aria-labelledby="{uid}-title" aria-describedby="{uid}-desc"'
        f' font-family="{escape(FONT)}" lang="{escape(language)}">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(summary)}</desc>',
        f"<defs>{_hatching(f'{uid}-nodata', 1)}{_hatching(f'{uid}-nodata-inset', CAPITAL_SCALE)}"
        f'<clipPath id="{uid}-capital"><rect x="{x0}" y="{y0}" width="{x1 - x0}"'
        f' height="{y1 - y0}"/></clipPath></defs>',
        f'<g transform="translate({PADDING - left} {PADDING - top})">',
        _layers(rows, outlines.paths, outlines.regions, href, no_data_fill, scale=1),
    ]
    if BORNHOLM in outlines.boxes:
        bx0, by0, bx1, by1 = outlines.boxes[BORNHOLM]
        out.append(
            _frame(
                bx0 - INSET_MARGIN,
                by0 - INSET_MARGIN,
                bx1 + INSET_MARGIN,
                by1 + INSET_MARGIN + SMALL_FONT_SIZE,
                "Bornholm",
            )
        )
    # The capital's small municipalities again, enlarged in the empty sea to the north-east:
    # for the eye and the mouse only; keyboards and screen readers have the shapes above.
    capital = [row for row in rows if row.code in outlines.capital]
    tx, ty = CAPITAL_INSET_AT
    out.append(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="none"'
        f' stroke="{INSET_STROKE}" stroke-width="{INSET_STROKE_WIDTH}" stroke-dasharray="60 40"'
        f' pointer-events="none" aria-hidden="true"/>'
        f'<g aria-hidden="true"><g transform="translate({tx - x0 * CAPITAL_SCALE}'
        f' {ty - y0 * CAPITAL_SCALE}) scale({CAPITAL_SCALE})">'
        f'<g clip-path="url(#{uid}-capital)">'
        + _layers(
            capital,
            outlines.paths,
            outlines.capital_regions,
            href,
            f"url(#{uid}-nodata-inset)",
            scale=CAPITAL_SCALE,
        )
        + "</g></g>"
        + _frame(
            tx - INSET_MARGIN / 2,
            ty - INSET_MARGIN / 2,
            tx + (x1 - x0) * CAPITAL_SCALE + INSET_MARGIN / 2,
            ty + (y1 - y0) * CAPITAL_SCALE + INSET_MARGIN / 2,
            _("Copenhagen area"),
            inside=False,
        )
        + "</g>"
    )
    out.append("</g>")
    out.append(f'<g transform="translate(0 {map_height})">{legend}</g>')
    out.append("</svg>")
    return "".join(out)


def _hatching(pattern_id: str, scale: float) -> str:
    """The diagonal hatching of "no data", the same on the page at any ``scale`` of its shapes."""
    spacing, width = NO_DATA_SPACING / scale, NO_DATA_HATCH_WIDTH / scale
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{spacing:g}"'
        f' height="{spacing:g}" patternTransform="rotate(45)">'
        f'<rect width="{spacing:g}" height="{spacing:g}" fill="{NO_DATA_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{spacing:g}" stroke="{NO_DATA_HATCH}"'
        f' stroke-width="{width:g}"/></pattern>'
    )


def _layers(rows, paths, regions, href, no_data_fill, *, scale) -> str:
    """The municipalities, the region borders over them, and the highlights over both.

    At ``scale`` 1 each shape carries ``data-area`` and is a link in the tab order; in an
    enlarged inset the shapes repeat the titles and links for the mouse, out of the tab order.
    """
    main = scale == 1
    area = "data-area" if main else "data-inset-area"
    out = [f'<g stroke="{BORDER}" stroke-width="{BORDER_WIDTH / scale:g}" stroke-linejoin="round">']
    for row in rows:
        fill = row.colour or no_data_fill
        tip = escape(f"{row.name}: {row.value_text}")
        shape = f'<path {area}="{escape(row.code)}" fill="{fill}" d="{paths[row.code]}"'
        if href:
            focus = "" if main else ' tabindex="-1"'
            out.append(
                f'<a href="{escape(href(row.code))}"{focus}><title>{tip}</title>{shape}/></a>'
            )
        else:
            out.append(f"{shape}><title>{tip}</title></path>")
    out.append("</g>")
    out.append(
        f'<g fill="none" stroke="{REGION_BORDER}" stroke-width="{REGION_BORDER_WIDTH / scale:g}"'
        f' stroke-linejoin="round" pointer-events="none" aria-hidden="true">'
        + "".join(f'<path d="{d}"/>' for d in regions)
        + "</g>"
    )
    highlighted = "".join(f'<path d="{paths[row.code]}"/>' for row in rows if row.highlighted)
    if highlighted:
        out.append(
            f'<g fill="none" stroke-linejoin="round" pointer-events="none" aria-hidden="true">'
            f'<g stroke="{HIGHLIGHT_HALO}" stroke-width="{HIGHLIGHT_HALO_WIDTH / scale:g}">'
            f"{highlighted}</g>"
            f'<g stroke="{HIGHLIGHT}" stroke-width="{HIGHLIGHT_WIDTH / scale:g}">{highlighted}</g>'
            "</g>"
        )
    return "".join(out)


def _frame(x0, y0, x1, y1, label, *, inside: bool = True) -> str:
    """The frame of an inset, named in its lower right corner (or under it, when it is full)."""
    y = y1 - 70 if inside else y1 + SMALL_FONT_SIZE * 1.1
    return (
        f'<g aria-hidden="true"><rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}"'
        f' height="{y1 - y0:g}" rx="40" fill="none" stroke="{INSET_STROKE}"'
        f' stroke-width="{INSET_STROKE_WIDTH}"/>'
        f'<text x="{x1 - 60:g}" y="{y:g}" text-anchor="end" font-size="{SMALL_FONT_SIZE}"'
        f' fill="{MUTED}">{escape(str(label))}</text></g>'
    )


def _legend(rows, classes, legend_title, highlight_label, language, width, no_data_fill):
    """The legend below the map (never over it), and its height."""
    outline = f'stroke="{SWATCH_STROKE}" stroke-width="10"'
    entries = [
        (classes.label(i, language), f'fill="{colour}" {outline}')
        for i, colour in enumerate(classes.colours)
    ]
    if any(row.colour is None for row in rows) or not classes.colours:
        entries.append((str(classes.no_data_label), f'fill="{no_data_fill}" {outline}'))
    if any(row.highlighted for row in rows):
        entries.append(
            (
                highlight_label or _("Highlighted"),
                f'fill="#ffffff" stroke="{HIGHLIGHT}" stroke-width="{HIGHLIGHT_WIDTH}"',
            )
        )
    inner = width - 2 * PADDING
    longest = max((len(label) for label, _f in entries), default=0)
    columns = 2 if SWATCH * 1.5 + longest * FONT_SIZE * AVERAGE_CHAR_WIDTH < inner / 2 else 1
    out = [
        f'<text x="{PADDING}" y="{FONT_SIZE}" font-size="{FONT_SIZE}" font-weight="bold"'
        f' fill="{INK}">{escape(legend_title)}</text>'
    ]
    y = FONT_SIZE + LEGEND_GAP * 0.6
    per_column = math.ceil(len(entries) / columns)
    for i, (label, fill) in enumerate(entries):
        column, line = divmod(i, per_column)
        x = PADDING + column * inner / columns
        top = y + line * LEGEND_ROW
        out.append(f'<rect x="{x:.0f}" y="{top:.0f}" width="{SWATCH}" height="{SWATCH}" {fill}/>')
        out.append(
            f'<text x="{x + SWATCH * 1.5:.0f}" y="{top + SWATCH * 0.82:.0f}"'
            f' font-size="{FONT_SIZE}" fill="{INK}">{escape(label)}</text>'
        )
    y += per_column * LEGEND_ROW
    if classes.note:
        y += SMALL_FONT_SIZE * 0.8
        out.append(
            f'<text x="{PADDING}" y="{y:.0f}" font-size="{SMALL_FONT_SIZE}"'
            f' fill="{MUTED}">{escape(str(classes.note))}</text>'
        )
        y += SMALL_FONT_SIZE * 0.6
    y += SMALL_FONT_SIZE * 1.4
    out.append(
        f'<text x="{width - PADDING}" y="{y:.0f}" text-anchor="end" font-size="{SMALL_FONT_SIZE}"'
        f' fill="{MUTED}">{escape(str(ATTRIBUTION))}</text>'
    )
    return "".join(out), math.ceil(y + PADDING)


def _summary(rows, classes, legend_title, language, highlighted, description) -> str:
    """The map in words, for the SVG's description."""
    missing = sum(row.colour is None for row in rows)
    parts = [
        _("Map of %(count)s municipalities: %(legend)s.")
        % {"count": len(rows), "legend": legend_title}
    ]
    if classes.colours:
        labels = "; ".join(classes.label(i, language) for i in range(len(classes.colours)))
        parts.append(_("Classes: %(classes)s.") % {"classes": labels})
    if missing:
        parts.append(
            _("%(count)s without data (%(label)s).")
            % {"count": missing, "label": classes.no_data_label}
        )
    if highlighted:
        parts.append(
            _("Highlighted: %(names)s.")
            % {"names": ", ".join(f"{row.name} ({row.value_text})" for row in highlighted)}
        )
    if description:
        parts.append(str(description))
    return " ".join(parts)


def _uid(title, summary, rows, linked) -> str:
    """Ids for the map's title, description and pattern: the same map gets the same ids, and
    two different maps on one page get different ones."""
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (title, summary, linked, *(f"{r.code}{r.value_text}{r.colour}" for r in rows)):
        digest.update(str(part).encode())
        digest.update(b"\0")
    return f"map-{digest.hexdigest()[:10]}"


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "da").split("-")[0]
    return language if language in ("da", "en") else "da"


# --- outlines, prepared once -----------------------------------------------------------------


@dataclass(frozen=True)
class Outlines:
    paths: dict[str, str]  # municipality code -> path, in whole units
    boxes: dict[str, tuple[int, int, int, int]]  # municipality code -> left, top, right, bottom
    regions: tuple[str, ...]  # region outlines, scaled onto the municipalities
    bounds: tuple[int, int, int, int]  # of all the municipalities
    capital: frozenset[str]  # municipalities shown again in the capital inset
    capital_regions: tuple[str, ...]  # region outlines that cross the capital inset


@cache
def _outlines() -> Outlines:
    paths, boxes, regions, region_boxes = {}, {}, [], []
    for item in reference.load("map"):
        code = item["code"]
        commands = absolute_path(
            item["d"], 1.0 if len(code) == MUNICIPALITY_CODE_LENGTH else REGION_SCALE
        )
        if len(code) == MUNICIPALITY_CODE_LENGTH:
            paths[code] = compact_path(commands)
            boxes[code] = path_bounds(commands)
        else:
            regions.append(compact_path(commands))
            region_boxes.append(path_bounds(commands))
    bounds = (
        min(b[0] for b in boxes.values()),
        min(b[1] for b in boxes.values()),
        max(b[2] for b in boxes.values()),
        max(b[3] for b in boxes.values()),
    )
    return Outlines(
        paths=paths,
        boxes=boxes,
        regions=tuple(regions),
        bounds=bounds,
        capital=frozenset(code for code, box in boxes.items() if _overlaps(box, CAPITAL_AREA)),
        capital_regions=tuple(
            path
            for path, box in zip(regions, region_boxes, strict=True)
            if _overlaps(box, CAPITAL_AREA)
        ),
    )


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def absolute_path(d: str, scale: float = 1.0) -> list[tuple[str, tuple[float, ...]]]:
    """An SVG path's commands with absolute positions (M, L, C, Z), scaled by ``scale``."""
    tokens = re.findall(rf"{_COMMAND.pattern}|{_NUMBER.pattern}", d)
    commands: list[tuple[str, tuple[float, ...]]] = []
    x = y = start_x = start_y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        if _COMMAND.fullmatch(tokens[i]):
            command = tokens[i]
            i += 1
        kind, relative = command.upper(), command.islower()
        if kind == "Z":
            commands.append(("Z", ()))
            x, y = start_x, start_y
            continue
        count = _ARGUMENTS[kind]
        args = [float(t) for t in tokens[i : i + count]]
        i += count
        if kind == "H":
            kind, args = "L", [args[0] + (x if relative else 0.0), y]
        elif kind == "V":
            kind, args = "L", [x, args[0] + (y if relative else 0.0)]
        elif relative:
            args = [v + (x if k % 2 == 0 else y) for k, v in enumerate(args)]
        x, y = args[-2], args[-1]
        if kind == "M":
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs after a move are lines
        commands.append((kind, tuple(v * scale for v in args)))
    return commands


def compact_path(commands: list[tuple[str, tuple[float, ...]]]) -> str:
    """The path in whole units with relative steps: about 40 % of the original's length."""
    out: list[str] = []
    x = y = start_x = start_y = 0
    previous = ""
    for kind, args in commands:
        if kind == "Z":
            out.append("z")
            x, y, previous = start_x, start_y, "z"
            continue
        rounded = [round(v) for v in args]
        if kind == "M":
            out.append(f"M{rounded[0]} {rounded[1]}")
            x, y = start_x, start_y = rounded[0], rounded[1]
            previous = "M"
            continue
        if kind.lower() != previous:
            out.append(kind.lower())  # a repeated command needs no letter
        for k, value in enumerate(rounded):
            step = str(value - (x if k % 2 == 0 else y))
            # Numbers need a space between them unless the next one starts with its minus sign.
            out.append(step if step[0] == "-" or out[-1][-1].isalpha() else " " + step)
        x, y = rounded[-2], rounded[-1]
        previous = kind.lower()
    return "".join(out)


def path_bounds(commands) -> tuple[int, int, int, int]:
    """Bounding box of the path's end points and control points (a little generous for curves)."""
    xs = [v for _k, args in commands for v in args[0::2]]
    ys = [v for _k, args in commands for v in args[1::2]]
    return (math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys)))
