"""Reads of the screened documents: who may read which, the result page (per-goal summary,
passages with their evidence), the downloads, and the join to what the municipality measures."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verdensmaal.catalogue import selectors as catalogue
from verdensmaal.core.permissions import can_edit_organisation, sharing_filter, sharing_levels
from verdensmaal.frameworks import selectors as frameworks

from . import coverage, jobs, results
from .errors import document_error_message
from .models import Document

# A document waiting this long (seconds) without the worker starting it gets a note on its page:
# the worker may not be running.
WORKER_QUIET_AFTER = 120


def visible_documents(user):
    """The documents ``user`` may read, the newest first."""
    return Document.objects.select_related("organisation").filter(sharing_filter(user))


def can_view(user, document: Document) -> bool:
    return document.sharing in sharing_levels(user, document.organisation)


def readable_document(user, pk: int) -> Document:
    """The document, if ``user`` may read it (404 otherwise, as if it did not exist)."""
    document = get_object_or_404(
        Document.objects.select_related("organisation", "strategy__framework", "job"), pk=pk
    )
    if not can_view(user, document):
        raise Http404
    return document


def strategies_for(user, organisation=None):
    """The strategies ``user`` may link a document to."""
    return frameworks.editable_strategies(user, organisation)


def frameworks_for(user, organisation):
    """The frameworks ``user`` may add a strategy to."""
    return frameworks.editable_frameworks(user, organisation)


def goals_by_number() -> dict:
    return {goal.number: goal for goal in catalogue.goals()}


# --- the result page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    goal: object  # catalogue Goal
    summary: results.GoalSummary

    @property
    def percent(self) -> int:
        return round(100 * self.summary.share)


@dataclass(frozen=True)
class PassageView:
    index: int
    number: int
    text: str
    heading: str
    page: int | None
    language: str
    goals: list  # catalogue Goals found
    scores: dict[int, float]
    targets: list[dict]  # code, score, text
    evidence: list[dict]  # the words to mark
    nearest: list[dict]
    embedded: bool


def _passage_view(passage: dict, goals: dict, *, only_goal: int | None) -> PassageView:
    evidence = passage.get("evidence", [])
    if only_goal is not None:
        evidence = [hit for hit in evidence if hit["goal"] == only_goal]
    return PassageView(
        index=passage["index"],
        number=passage["index"] + 1,
        text=passage["text"],
        heading=" › ".join(passage.get("headings", [])),
        page=passage.get("page"),
        language=passage.get("language", ""),
        goals=[goals[number] for number in passage["goals"] if number in goals],
        scores={int(goal): score for goal, score in passage.get("scores", {}).items()},
        targets=[
            {**target, "addressed": target["score"] >= results.TARGET_ADDRESSED_SCORE}
            for target in passage.get("targets", [])
        ],
        evidence=evidence,
        nearest=passage.get("nearest", []),
        embedded=passage.get("embedded", False),
    )


def document_page(document: Document, user, *, goal: int | None = None) -> dict:
    """What the document page shows: its progress, or its result (the per-goal summary and the
    passages, all of them or those behind one goal) and the join to the framework."""
    context = {
        "document": document,
        "can_edit": can_edit_organisation(user, document.organisation),
        "goal": None,
    }
    if document.in_progress and document.job is not None:
        context["waiting_before"] = jobs.waiting_before(document.job)
        context["worker_quiet"] = (
            document.status == Document.Status.QUEUED
            and document.job.started_at is None
            and (document.job.created_at is not None)
            and _seconds_since(document.job.created_at) > WORKER_QUIET_AFTER
        )
    if document.status == Document.Status.FAILED:
        context["error_message"] = document_error_message(document.error_code)
    if not document.result:
        return context
    goals = goals_by_number()
    summaries = results.goal_summaries(document.result)
    rows = [GoalRow(goals[item.goal], item) for item in summaries if item.goal in goals]
    if goal is not None and goal in goals:
        chosen = results.passages_for(document.result, goal)
        context["goal"] = next(row for row in rows if row.goal.number == goal)
    else:
        chosen = document.result.get("passages", [])
        goal = None
    context.update(
        {
            "found": sorted(
                (row for row in rows if row.summary.found),
                key=lambda row: (-row.summary.share, row.goal.number),
            ),
            "absent": [row.goal for row in rows if not row.summary.found],
            "passages": [_passage_view(passage, goals, only_goal=goal) for passage in chosen],
            "passage_count": len(document.result.get("passages", [])),
            "languages": results.languages(document.result),
        }
    )
    return context


def passage(document: Document, number: int) -> dict | None:
    """The document's passage ``number`` (counted from 1), or None."""
    found = (document.result or {}).get("passages", [])
    return found[number - 1] if 1 <= number <= len(found) else None


def _seconds_since(moment) -> float:
    return (timezone.now() - moment).total_seconds()


# --- the join to what the municipality measures --------------------------------------------------


@dataclass(frozen=True)
class GapView:
    target: object  # catalogue Target
    passages: tuple[int, ...]
    indicators: list  # catalogue Indicators on the target
    new_local_target_url: str = ""  # the framework's form, filled in with the target

    @property
    def passage_numbers(self) -> list[int]:
        return [index + 1 for index in self.passages]


@dataclass(frozen=True)
class CoverageView:
    framework: object | None
    gaps: list[GapView] = field(default_factory=list)
    measured: list = field(default_factory=list)  # catalogue Targets
    unaddressed_local_targets: list = field(default_factory=list)
    unaddressed_indicators: list = field(default_factory=list)
    documents_considered: int = 0
    can_edit_framework: bool = False


def document_coverage(document: Document, user) -> CoverageView:
    """The targets the document addresses that the framework does not measure, and what the
    framework measures that no screened document of the municipality addresses. The framework is
    the one of the strategy the document is linked to, else the municipality's newest."""
    framework = None
    if document.strategy_id and frameworks.can_view(user, document.strategy.framework):
        framework = document.strategy.framework
    if framework is None:
        framework = frameworks.newest_framework_of(user, document.organisation)
    if framework is None or not document.result:
        return CoverageView(framework=framework)
    measurement = frameworks.framework_measurement(framework, user)
    addressed = results.document_targets(document.result)
    screened = visible_documents(user).filter(
        organisation=document.organisation, status=Document.Status.DONE
    )
    addressed_by_any = {
        code for targets in screened.values_list("targets", flat=True) for code in targets
    }
    found = coverage.coverage(
        addressed=addressed,
        addressed_by_any=addressed_by_any,
        local_targets=[
            coverage.MeasuredTarget(
                key=local_target.pk,
                sdg_targets=frozenset(target.code for target in local_target.sdg_targets.all()),
                indicators=measurement.followed(local_target),
            )
            for local_target in measurement.local_targets
        ],
        indicator_targets=measurement.indicator_targets,
        catalogue={
            code: [indicator.code for indicator in indicators]
            for code, indicators in frameworks.catalogue_indicators_on(set(addressed)).items()
        },
    )
    codes = {gap.target for gap in found.gaps} | set(found.measured)
    targets = frameworks.sdg_targets(codes)
    indicators_on = frameworks.catalogue_indicators_on({gap.target for gap in found.gaps})
    by_key = {local_target.pk: local_target for local_target in measurement.local_targets}
    can_edit = can_edit_organisation(user, framework.organisation)

    def new_local_target(code: str) -> str:
        if not can_edit:
            return ""
        proposed = {
            "sdg_targets": code,
            "rationale": _("The strategy «%(title)s» addresses target %(code)s.")
            % {"title": document.title, "code": code},
        }
        if indicators_on.get(code):
            proposed["indicator"] = indicators_on[code][0].code
        url = reverse("frameworks:local_target_create", args=[framework.pk])
        return f"{url}?{urlencode(proposed)}"

    return CoverageView(
        framework=framework,
        gaps=[
            GapView(
                targets[gap.target],
                gap.passages,
                indicators_on.get(gap.target, []),
                new_local_target(gap.target),
            )
            for gap in found.gaps
            if gap.target in targets
        ],
        measured=[targets[code] for code in found.measured if code in targets],
        unaddressed_local_targets=[by_key[key] for key in found.unaddressed_local_targets],
        unaddressed_indicators=[
            measurement.indicators[code] for code in found.unaddressed_indicators
        ],
        documents_considered=screened.count(),
        can_edit_framework=can_edit,
    )


# --- downloads -----------------------------------------------------------------------------------


def passage_table(document: Document) -> tuple[list, list[list]]:
    """The passages as a table: number, page, headings, language, goals, targets, words, the
    score of every goal, and the text."""
    header = [
        _("Passage"),
        _("Page"),
        _("Headings"),
        _("Language"),
        _("Goals"),
        _("Targets"),
        _("Words"),
        *[_("Goal %(number)s score") % {"number": goal} for goal in results.GOALS],
        _("Text"),
    ]
    rows = []
    for passage in (document.result or {}).get("passages", []):
        scores = passage.get("scores", {})
        rows.append(
            [
                passage["index"] + 1,
                passage.get("page"),
                " › ".join(passage.get("headings", [])),
                passage.get("language", ""),
                ", ".join(str(goal) for goal in passage["goals"]),
                ", ".join(results.addressed_targets(passage)),
                "; ".join(
                    f"{hit['term']} ({hit['target'] or hit['goal']})"
                    for hit in passage.get("evidence", [])
                ),
                *[float(scores.get(str(goal), scores.get(goal, 0.0))) for goal in results.GOALS],
                passage["text"],
            ]
        )
    return header, rows


def _no_outside_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the PDF fetches nothing: {url}")


def document_pdf(document: Document, user) -> bytes:
    """The summary and the passages with their goals, as a PDF (WeasyPrint), in the reader's
    language; nothing is fetched from anywhere."""
    from weasyprint import HTML

    context = document_page(document, user)
    context["language"] = translation.get_language()
    html = render_to_string("documents/document_pdf.html", context)
    return HTML(string=html, url_fetcher=_no_outside_fetch).write_pdf()
