"""The local review report of a municipality: an HTML page and an accessible PDF, in Danish or
English, for one year.

Structure: the elements that UN DESA's guidance for Voluntary Local Reviews and the European
Commission JRC's handbook have a review hold, in their order: a cover, an opening statement,
highlights, an introduction, methodology and process, the policy and enabling environment,
progress on goals and targets, means of implementation, next steps and annexes. Sources:
United Nations Department of Economic and Social Affairs (2020), *Global Guiding Elements for
Voluntary Local Reviews (VLRs) of SDG Implementation*; A. Siragusa, P. Vizcaino, P. Proietti and
C. Lavalle (2020), *European Handbook for SDG Voluntary Local Reviews*, EUR 30067 EN, Publications
Office of the European Union (JRC118682), and its 2022 edition.

What the report holds depends on its reader (``report_reader``): the public report holds only what
a logged-out visitor reads (a published framework and its published parts, never a draft local
target); the municipality's editors and the secretariat get everything of the municipality, drafts
and unpublished parts marked as such. The year is the report's year: data up to and including it.

The PDF is WeasyPrint's PDF/UA-1 variant: tagged (headings, lists, tables; each chart a figure
whose alternative text is its figure title, the chart's title and the chart's summary in words),
with the document's language, and its title and author (the municipality) in the metadata; a
table of contents and page numbers come from the print stylesheet
``reports/static/reports/report.css``. The charts are the SVGs of the framework's page
(``core.charts``); every number is written in the report's language (``core.numbers``: decimal
comma and thousands point in Danish). Nothing is fetched while the PDF is drawn: WeasyPrint may
read ``data:`` addresses only.
"""

from __future__ import annotations

import base64
import gc
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from verdensmaal.accounts.models import User
from verdensmaal.areas.models import Area
from verdensmaal.catalogue.selectors import indicators as catalogue_indicators
from verdensmaal.core.models import Sharing
from verdensmaal.core.numbers import decimals_for, format_number
from verdensmaal.core.permissions import can_edit_organisation
from verdensmaal.data.selectors import area_headline_observations
from verdensmaal.frameworks.models import Action, LocalTarget
from verdensmaal.frameworks.selectors import (
    TargetProgress,
    framework_overview,
    frameworks_of_area,
    local_target_progress,
)
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.measurement.vocabulary import (
    COLOUR_LABELS,
    METHOD_LABELS,
    STATUS_RANK,
    colour_label,
    status_display,
)

from .selectors import Profile, municipality_profile

LANGUAGES = ("da", "en")
FORMATS = ("pdf", "html")
# The 2030 Agenda runs from 2016: an earlier year has no SDG period to review.
FIRST_YEAR = 2016
PDF_VARIANT = "pdf/ua-1"
STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "report.css"
SDSN_METHOD = "sdsn"
ON_TRACK_RANK = 3  # statuses from this rank up are on track or met; below, acceleration needed

# The editions the report cites. Bibliographic references stay in their original language.
STRUCTURE_SOURCES = (
    "United Nations Department of Economic and Social Affairs (2020): Global Guiding Elements "
    "for Voluntary Local Reviews (VLRs) of SDG Implementation.",
    "Siragusa, A., Vizcaino, P., Proietti, P. and Lavalle, C. (2020): European Handbook for SDG "
    "Voluntary Local Reviews. EUR 30067 EN, Publications Office of the European Union, "
    "Luxembourg (JRC118682); 2022 edition.",
)
METHOD_CITATIONS = {
    "opensdg": "Statistics Canada / Open SDG progress measure: Open SDG, Progress Measurement "
    "Methodology for the Sustainable Development Goals, as shipped with Open SDG 2.4 "
    "(reference implementation: open-sdg/sdg-build, SeriesProgress, commit 139fede).",
    "unsd": "United Nations, Department of Economic and Social Affairs, Statistics Division: "
    "Sustainable Development Goals Progress Chart, Technical Note (editions 2020-2023), "
    "section II.",
    "sdsn": "SDSN SDG Index and Dashboards: Lafortune, G., Fuller, G., Moreno, J., "
    "Schmidt-Traub, G. and Kroll, C. (2018): SDG Index and Dashboards, Detailed Methodological "
    "paper, SDSN and Bertelsmann Stiftung; SDSN and IEEP (2019): The 2019 Europe Sustainable "
    "Development Report, Annex 1 (Methodology).",
}


class ReportError(ValueError):
    """A report that cannot be made as asked (an unknown municipality, a year out of range)."""


# --- readers -------------------------------------------------------------------------------------


def reads_drafts(user, municipality: Area) -> bool:
    """The municipality's editors and the secretariat read its drafts and unpublished parts."""
    organisation = getattr(municipality, "organisation", None)
    return organisation is not None and can_edit_organisation(user, organisation)


def report_reader(user, municipality: Area):
    """Whom the report is written for: ``user`` when they read the municipality's drafts;
    everyone else gets the public report, exactly what a logged-out visitor reads."""
    return user if reads_drafts(user, municipality) else AnonymousUser()


def secretariat_reader() -> User:
    """The secretariat's view, for the command line's editors' version. Never saved."""
    return User(username="verdensmaal-report", is_superuser=True, is_active=True)


def check_year(year: int) -> int:
    """The report's year: from the first year of the 2030 Agenda to this year."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ReportError(
            _("The year must be from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )
    return year


def municipality_by_code(code: str) -> Area:
    area = Area.objects.select_related("parent").filter(code=code, kind=Area.Kind.MUNICIPALITY)
    if not (found := area.first()):
        raise ReportError(_("There is no municipality with the code %(code)s.") % {"code": code})
    return found


# --- numbers in the report's language -------------------------------------------------------------


def _finite(value) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def number_text(value, language: str, decimals: int | None = None) -> str:
    """A number as the report writes it ("–" when there is none)."""
    number = _finite(value)
    if number is None:
        return "–"
    if decimals is None:
        decimals = decimals_for([number])
    return format_number(number, decimals, language)


def money_text(amount, language: str) -> str:
    return _("DKK %(amount)s") % {"amount": number_text(amount, language, 0)}


def date_text(day: date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""


# --- pictures in the PDF --------------------------------------------------------------------------

_SVG_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)
_SVG_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
# What only a browser uses in the page's chart, never seen on paper: the hover title of each
# point (the chart's own title has an id and stays).
_SVG_HOVER_TITLE = re.compile(r"<title>[^<]*</title>")


def print_svg(svg: str) -> str:
    """The page's chart as it is drawn on paper: without the hover titles of its points, which
    WeasyPrint's SVG renderer would otherwise walk node by node. The drawing is the same, pixel
    for pixel; the chart's own title (with its id) and description stay."""
    return _SVG_HOVER_TITLE.sub("", svg)


def svg_image(svg: str | None, label: str = "") -> SafeString | None:
    """The page's SVG as an image for the PDF, with ``label``, the SVG's title and its
    description (already escaped in the SVG) as the alternative text. WeasyPrint draws the same
    file, text included, without styling each of its hundreds of elements as part of the page:
    the PDF is drawn about a seventh faster."""
    if not svg:
        return None
    title = _SVG_TITLE.search(svg)
    desc = _SVG_DESC.search(svg)
    parts = [escape(label)] if label else []
    parts += [m.group(1).strip() for m in (title, desc) if m is not None and m.group(1)]
    alt = " ".join(part if part.endswith(".") else f"{part}." for part in parts)
    data = base64.b64encode(print_svg(svg).encode("utf-8")).decode("ascii")
    # Safe: the SVG's own title and description are escaped where the chart is drawn.
    return mark_safe(f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}">')


# --- the content ---------------------------------------------------------------------------------


@dataclass
class TargetSection:
    """A local target with its status, values, chart, actions and drivers and barriers."""

    progress: TargetProgress
    number: int  # of its chart, in the order of the report
    chart_title: str
    baseline: str
    target: str
    latest: str
    goal_numbers: list[int]
    actions: list = field(default_factory=list)
    factors: list = field(default_factory=list)

    @property
    def local_target(self) -> LocalTarget:
        return self.progress.local_target

    @property
    def chart_image(self) -> SafeString | None:
        return svg_image(self.progress.chart, self.chart_title)

    @property
    def draft(self) -> bool:
        return self.local_target.status == LocalTarget.Status.DRAFT


@dataclass
class IndicatorLine:
    indicator: object
    base: str
    base_year: int | None
    latest: str
    latest_year: int | None
    score: str
    colour: str
    colour_label: str
    trend: dict | None
    demo: bool = False

    @property
    def source(self) -> str:
        table = self.indicator.source_table
        return f"{self.indicator.publisher}, {table}" if table else self.indicator.publisher


@dataclass
class GoalSection:
    goal: object
    dashboard: object  # the profile's GoalRow
    priorities: list
    targets: list[TargetSection]
    indicators: list[IndicatorLine]
    actions: list
    factors: list


@dataclass
class ActionLine:
    action: Action
    budget: str
    latest_update: object
    targets: list
    partners: list


@dataclass
class Report:
    municipality: Area
    year: int
    language: str
    drafts: bool  # the editors' version
    made_on: date
    profile: Profile
    method: str
    framework: object = None
    goals: list[GoalSection] = field(default_factory=list)
    other_targets: list[TargetSection] = field(default_factory=list)
    targets: list[TargetSection] = field(default_factory=list)
    priorities: list = field(default_factory=list)
    strategies: list = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    partners: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    sources: list = field(default_factory=list)
    highlights: dict = field(default_factory=dict)
    demo_data: bool = False

    @property
    def name(self) -> str:
        """The municipality's name as the report's author, in the report's language."""
        with translation.override(self.language):
            return _("%(name)s Municipality") % {"name": self.municipality}

    @property
    def title(self) -> str:
        with translation.override(self.language):
            return _(
                "%(municipality)s: local review of the Sustainable Development Goals %(year)s"
            ) % {"municipality": self.name, "year": self.year}

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))

    @property
    def method_citation(self) -> str:
        return METHOD_CITATIONS.get(self.method, "")

    @property
    def sdsn_citation(self) -> str:
        return METHOD_CITATIONS[SDSN_METHOD]

    @property
    def structure_sources(self) -> tuple[str, ...]:
        return STRUCTURE_SOURCES

    @property
    def framework_published(self) -> bool:
        return self.framework is not None and self.framework.sharing == Sharing.PUBLIC

    @property
    def foreword(self):
        """The framework's opening statement in the report's language (or the other one)."""
        return self.framework.localised("foreword", self.language) if self.framework else None

    @property
    def next_steps(self):
        return self.framework.localised("next_steps", self.language) if self.framework else None


def _framework_for_year(reader, municipality: Area, year: int):
    """The framework the report reviews: the one running in the year, else the newest begun by
    then (None when there is none the reader may see)."""
    frameworks = list(frameworks_of_area(reader, municipality))  # the newest first
    running = [f for f in frameworks if f.start_year <= year <= f.end_year]
    begun = [f for f in frameworks if f.start_year <= year]
    return (running or begun or [None])[0]


def _indicator_lines(municipality: Area, board, year: int, language: str) -> list[IndicatorLine]:
    """Every catalogue indicator: the value in the base year (or the first after it) and the
    latest up to ``year``, its source, and its SDSN colour and trend where it is scored."""
    catalogue, _goal = catalogue_indicators()
    points: dict[int, list[tuple[int, float]]] = {}
    demo: set[int] = set()
    for indicator_id, period, value, is_demo in area_headline_observations(municipality, catalogue):
        if len(period) == 4 and period.isdigit() and int(period) <= year and value is not None:
            points.setdefault(indicator_id, []).append((int(period), float(value)))
            if is_demo:
                demo.add(indicator_id)
    row = board.row(municipality)
    column = {indicator.pk: k for k, indicator in enumerate(board.indicators)}
    lines = []
    for indicator in catalogue:
        known = points.get(indicator.pk, [])
        base = next(((y, v) for y, v in known if y >= board.base_year), None)
        latest = known[-1] if known else None
        decimals = decimals_for([v for _y, v in known])
        k = column.get(indicator.pk)
        colour = str(board.colours[row, k]) if k is not None else ""
        score = _finite(board.scores[row, k]) if k is not None else None
        lines.append(
            IndicatorLine(
                indicator=indicator,
                base=number_text(base[1], language, decimals) if base else "–",
                base_year=base[0] if base else None,
                latest=number_text(latest[1], language, decimals) if latest else "–",
                latest_year=latest[0] if latest else None,
                score=number_text(score, language, 0),
                colour=colour or "not_available",
                colour_label=colour_label(colour) if k is not None else _("Not scored"),
                trend=status_display(str(board.arrows[row, k])) if k is not None else None,
                demo=indicator.pk in demo,
            )
        )
    return lines


def _sources(lines: list[IndicatorLine]) -> list[tuple[str, list[str]]]:
    """The publishers of the data the report shows, each with its tables."""
    tables: dict[str, set[str]] = {}
    for line in lines:
        if line.latest_year is None:
            continue
        found = tables.setdefault(line.indicator.publisher, set())
        if line.indicator.source_table:
            found.add(line.indicator.source_table)
    return [(publisher, sorted(found)) for publisher, found in sorted(tables.items())]


def _target_section(local_target, number, report: Report, method, goal_numbers):
    """A local target assessed on the data up to the report's year, its chart named by its
    figure number and title."""
    language = report.language
    chart_title = _(
        "Figure %(number)s. %(title)s: %(name)s against the straight path to the target"
    ) % {
        "number": number,
        "title": local_target.localised("title", language).text,
        "name": report.municipality,
    }
    # The chart of the framework's page, on the data up to the report's year (the same chart,
    # drawn once, when the year holds all the data); the figure's title names it in the report.
    progress = local_target_progress(
        local_target, report.municipality, method=method, until=report.year
    )
    assessment = progress.assessment
    values = [local_target.baseline_value, local_target.target_value, assessment.current_value]
    decimals = decimals_for([v for v in (_finite(x) for x in values) if v is not None])
    latest = ""
    if assessment.current_year:
        value = number_text(assessment.current_value, language, decimals)
        latest = f"{assessment.current_year}: {value}"
    return TargetSection(
        progress=progress,
        number=number,
        chart_title=chart_title,
        baseline=number_text(local_target.baseline_value, language, decimals),
        target=number_text(local_target.target_value, language, decimals),
        latest=latest,
        goal_numbers=goal_numbers,
    )


def _goal_order(local_target, priority_goals: list[int]) -> list[int]:
    """The priority goals a local target serves, by number."""
    served = {sdg.goal.number for sdg in local_target.sdg_targets.all()}
    return [number for number in priority_goals if number in served]


def _fill_framework(report: Report, reader, framework, method: str) -> None:
    """The framework's parts as ``reader`` may read them, grouped by priority goal."""
    language = report.language
    parts = framework_overview(framework, reader, charts=False)
    report.priorities = list(parts["priorities"])
    priority_goals = sorted({p.goal.number for p in report.priorities})
    visible_targets = [item.local_target for item in parts["targets"]]
    target_ids = {t.pk for t in visible_targets}
    actions = parts["actions"]
    action_ids = {a.pk for a in actions}

    sections = []
    for number, local_target in enumerate(visible_targets, start=1):
        goal_numbers = _goal_order(local_target, priority_goals)
        section = _target_section(local_target, number, report, method, goal_numbers)
        section.actions = [
            a for a in actions if any(t.pk == local_target.pk for t in a.local_targets.all())
        ]
        section.factors = list(local_target.factors.all())
        sections.append(section)
    report.targets = sections

    by_goal: dict[int, list[TargetSection]] = {number: [] for number in priority_goals}
    for section in sections:
        if section.goal_numbers:
            by_goal[section.goal_numbers[0]].append(section)
        else:
            report.other_targets.append(section)

    board = report.profile.board
    lines = {line.indicator.pk: line for line in report.indicators}
    rows = {row.goal.number: row for row in report.profile.goals}
    for number in priority_goals:
        goal_targets = by_goal[number]
        goal_action_ids = {a.pk for s in goal_targets for a in s.actions}
        goal_actions = [a for a in actions if a.pk in goal_action_ids]
        indicator_ids = []
        for k, goal_number in board.columns:
            if goal_number == number and board.indicators[k].pk not in indicator_ids:
                indicator_ids.append(board.indicators[k].pk)
        sections_goal = GoalSection(
            goal=rows[number].goal,
            dashboard=rows[number],
            priorities=[p for p in report.priorities if p.goal.number == number],
            targets=goal_targets,
            indicators=[lines[pk] for pk in indicator_ids if pk in lines],
            actions=goal_actions,
            factors=[f for s in goal_targets for f in s.factors]
            + [f for a in goal_actions for f in a.factors.all()],
        )
        report.goals.append(sections_goal)

    report.actions = [
        ActionLine(
            action=action,
            budget=money_text(action.budget, language) if action.budget is not None else "",
            latest_update=next(iter(action.updates.all()), None),
            targets=[t for t in action.local_targets.all() if t.pk in target_ids],
            partners=list(action.partners.all()),
        )
        for action in actions
    ]
    report.partners = [
        (partner, line.action) for line in report.actions for partner in line.partners
    ]
    report.strategies = [
        {
            "strategy": strategy,
            "targets": [t for t in strategy.local_targets.all() if t.pk in target_ids],
            "actions": [a for a in strategy.actions.all() if a.pk in action_ids],
        }
        for strategy in parts["strategies"]
    ]
    report.milestones = sorted(
        (
            (milestone, line.action)
            for line in report.actions
            for milestone in line.action.milestones.all()
            if milestone.completed_on is None
        ),
        key=lambda pair: (pair[0].due_date, pair[0].pk),
    )


def _highlights(report: Report) -> dict:
    profile = report.profile
    colours = Counter(row.colour for row in profile.goals)
    scored = [row for row in profile.goals if row.score is not None]
    statuses = Counter(section.progress.status for section in report.targets)
    by_rank = sorted(
        statuses.items(),
        key=lambda item: 1 if STATUS_RANK.get(item[0]) is None else -STATUS_RANK[item[0]],
    )
    budgets = [line.action.budget for line in report.actions if line.action.budget is not None]
    action_statuses = Counter(line.action.get_status_display() for line in report.actions)
    behind = [
        s
        for s in report.targets
        if STATUS_RANK.get(s.progress.status) is not None
        and STATUS_RANK[s.progress.status] < ON_TRACK_RANK
    ]
    return {
        "index": number_text(profile.index, report.language, 0)
        if profile.index is not None
        else "",
        "colours": [
            (str(COLOUR_LABELS[colour]), colours[colour], colour)
            for colour in ("green", "yellow", "orange", "red")
            if colours[colour]
        ],
        "strongest": max(scored, key=lambda row: row.score) if scored else None,
        "weakest": min(scored, key=lambda row: row.score) if scored else None,
        "statuses": [(status_display(code), count) for code, count in by_rank],
        "behind": behind,
        "budget": money_text(sum(budgets), report.language) if budgets else "",
        "action_statuses": sorted(action_statuses.items()),
        "partners": len({str(partner) for partner, _action in report.partners}),
    }


def report_content(municipality: Area, *, year: int, language: str, reader) -> Report:
    """Everything the report shows, for ``reader`` (see ``report_reader``), in ``language``,
    with the data up to and including ``year``."""
    if language not in LANGUAGES:
        raise ReportError(_("The language must be Danish (da) or English (en)."))
    check_year(year)
    with translation.override(language):
        profile = municipality_profile(municipality, reader, until=year)
        method = ProgressSettings.current().default_method
        report = Report(
            municipality=municipality,
            year=year,
            language=language,
            drafts=reads_drafts(reader, municipality),
            made_on=timezone.localdate(),
            profile=profile,
            method=method,
        )
        report.indicators = _indicator_lines(municipality, profile.board, year, language)
        report.sources = _sources(report.indicators)
        report.demo_data = any(line.demo for line in report.indicators)
        framework = _framework_for_year(reader, municipality, year)
        if framework is not None:
            report.framework = framework
            _fill_framework(report, reader, framework, method)
        report.highlights = _highlights(report)
    return report


# --- rendering -----------------------------------------------------------------------------------


def render_html(report: Report, *, standalone: bool = True, images: bool = False) -> str:
    """The report as one HTML document. ``standalone``: its stylesheet inside it (a file, the
    PDF); otherwise linked to the site's static file (a page under a strict CSP). ``images``:
    the charts as images with their titles as alternative text (for the PDF), rather
    than inline SVG."""
    with translation.override(report.language):
        return render_to_string(
            "reports/report/document.html",
            {
                "report": report,
                "LANGUAGE_CODE": report.language,
                "stylesheet": "" if standalone else static("reports/report.css"),
                "css": STYLESHEET.read_text(encoding="utf-8") if standalone else "",
                "images": images,
            },
        )


def render_pdf(report: Report) -> bytes:
    """The report as a tagged PDF/UA-1 document."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(report, standalone=True, images=True)
    # WeasyPrint makes hundreds of thousands of boxes, styles and text runs, nearly all freed by
    # reference counting; the cyclic garbage collector would walk them again and again, and with
    # them every object the process already holds (Django, the data's caches, the charts'
    # engine): about a seventh of the PDF's processor time in a web worker. It pauses while the
    # PDF is drawn, as for the import's parsers (the peak memory measured the same).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
        return document.write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        if was_enabled:
            gc.enable()


def report_filename(municipality: Area, *, year: int, language: str, file_format: str) -> str:
    """Files are named by the municipality's code, the year and the language."""
    return f"local-review-{municipality.code}-{year}-{language}.{file_format}"
