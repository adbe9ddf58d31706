"""Reads for the progress pages: observations to arrays, the engine over whole arrays at once.

The SDSN normalisation needs an upper bound (the optimum). Municipal indicators have no agreed
optimum, so verdensmaal uses the best-performing end of the municipal distribution, mirroring the
SDSN's lower bound: the 97.5th percentile where higher is better, the 2.5th where lower is
better (``docs/methods.md``, "The SDSN method for municipalities").
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.areas.models import Area, PeerGroup
from verdensmaal.audit.results import kept
from verdensmaal.catalogue.models import Goal, Indicator
from verdensmaal.data.models import Observation
from verdensmaal.data.selectors import observation_cube
from verdensmaal.measurement.vocabulary import status_display
from verdensmaal.progress import METHODS, assess_many, sdsn

from .models import SimilarityIndicator
from .sdg_index import dashboard
from .similarity import DEFAULT_NEIGHBOURS, nearest

FIRST_YEAR = 2000


def _years() -> list[int]:
    return list(range(FIRST_YEAR, timezone.now().year + 1))


def _assessable(indicators):
    """Indicators with a direction the methods can use (a target range is not assessed)."""
    return [
        i
        for i in indicators
        if i.direction in (Indicator.Direction.HIGHER, Indicator.Direction.LOWER)
    ]


def _latest(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latest non-missing value along the last axis, and its position (-1 when none)."""
    present = ~np.isnan(values)
    position = np.where(
        present.any(axis=-1), values.shape[-1] - 1 - np.argmax(present[..., ::-1], axis=-1), -1
    )
    latest = np.take_along_axis(values, np.maximum(position, 0)[..., None], axis=-1)[..., 0]
    return np.where(position >= 0, latest, np.nan), position


def _bounds(latest: np.ndarray, directions: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """SDSN bounds per indicator from the municipalities' latest values (areas × indicators)."""
    opposite = ["lower" if d == "higher" else "higher" for d in directions]
    with warnings.catch_warnings():  # an indicator without data has NaN bounds, and says so
        warnings.simplefilter("ignore", RuntimeWarning)
        return sdsn.lower_bound(latest, directions), sdsn.lower_bound(latest, opposite)


def _statuses(years, values, directions, *, method: str, base_year: int, upper=None):
    """Status codes of every series: for SDSN the green threshold is the upper bound."""
    target = upper if method == "sdsn" else None
    result = assess_many(
        years,
        values,
        method=method,
        direction=np.asarray(directions),
        target=target,
        base_year=base_year,
    )
    return result.status_names(), result


@dataclass
class ComparisonRow:
    area: Area
    latest: float | None
    latest_year: int | None
    base_value: float | None
    score: float | None
    statuses: dict = field(default_factory=dict)


def indicator_comparison(indicator: Indicator, *, peers: list[Area], base_year: int):
    """Every peer municipality's latest value, SDSN score and the status under each method."""
    municipalities = list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))
    years = _years()
    values = observation_cube([indicator.pk], [m.pk for m in municipalities], years)[:, 0, :]
    latest, position = _latest(values)
    rows_at = {area.pk: i for i, area in enumerate(municipalities)}
    assessed = indicator.direction in (Indicator.Direction.HIGHER, Indicator.Direction.LOWER)
    scores = np.full(len(municipalities), np.nan)
    statuses = {}
    if assessed and np.count_nonzero(~np.isnan(latest)) >= 2:
        lower, upper = _bounds(latest[:, None], [indicator.direction])
        if lower[0] != upper[0]:
            scores = sdsn.normalise(latest[:, None], lower, upper)[:, 0]
        for method in METHODS:
            names, _result = _statuses(
                years, values, [indicator.direction] * len(municipalities), method=method,
                base_year=base_year, upper=np.full(len(municipalities), upper[0]),
            )  # fmt: skip
            statuses[method] = names
    base_index = years.index(base_year) if base_year in years else None
    base_values = values[:, base_index] if base_index is not None else np.full(len(latest), np.nan)
    return [
        ComparisonRow(
            area=area,
            latest=_number(latest[i]),
            latest_year=years[position[i]] if position[i] >= 0 else None,
            base_value=_number(base_values[i]),
            score=_number(scores[i]),
            statuses={method: status_display(str(names[i])) for method, names in statuses.items()},
        )
        for area in peers
        for i in [rows_at[area.pk]]
    ]


SORTS = ("name", "value", "score", "status")


def sorted_rows(rows: list[ComparisonRow], *, sort: str, method: str, direction: str):
    """The comparison's rows by name, by value (best first in the indicator's direction), by
    SDSN score or by the status under ``method`` (best first); missing values last."""
    better_high = direction != Indicator.Direction.LOWER

    def key(row: ComparisonRow):
        if sort == "name":
            return (0, row.area.name_da)
        if sort == "score":
            return (row.score is None, -(row.score or 0))
        if sort == "status":
            rank = row.statuses.get(method, {}).get("rank")
            return (rank is None, -(rank or 0), row.area.name_da)
        value = row.latest if row.latest is not None else 0
        return (row.latest is None, -value if better_high else value)

    return sorted(rows, key=key)


def _number(value) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass
class GoalTile:
    goal: Goal
    score: float | None
    rank: int | None
    colour: str  # SDSN dashboard colour, or not_available
    trend: dict  # the SDSN arrow, as a status badge shows it
    indicators: list = field(default_factory=list)


def goal_summary(
    municipality: Area, *, method: str, base_year: int
) -> tuple[list[GoalTile], float | None, int | None]:
    """The municipality's 17 goals as the SDSN dashboard rates them among all 98 municipalities
    (score 0-100 and rank, colour, trend arrow; ``sdg_index``), with each indicator's value,
    score, colour and status under ``method``. Returns the tiles, the index and its rank.

    Kept in the shared cache under the content version (``audit.results``): the same for every
    reader, it depends only on the data, the municipality, the method and the base year."""
    return kept(
        "goal_summary",
        (municipality.pk, method, base_year),
        lambda: _goal_summary(municipality, method=method, base_year=base_year),
    )


def _goal_summary(
    municipality: Area, *, method: str, base_year: int
) -> tuple[list[GoalTile], float | None, int | None]:
    board = dashboard(base_year=base_year)
    me = board.row(municipality)
    indicators = board.indicators
    values = observation_cube([i.pk for i in indicators], [municipality.pk], board.years)[0]
    names, _result = _statuses(
        board.years,
        values,
        [i.direction for i in indicators],
        method=method,
        base_year=base_year,
        upper=board.upper,
    )
    tiles = []
    for number, goal in enumerate(board.goals):
        ks = [k for k, g in board.columns if g == goal.number]
        score = _number(board.goal_scores[me, number])
        tiles.append(
            GoalTile(
                goal=goal,
                score=score,
                rank=int(board.goal_ranks[me, number]) or None,
                colour=str(board.goal_colours[me, number]),
                trend=status_display(str(board.goal_arrows[me, number])),
                indicators=[
                    {
                        "indicator": indicators[k],
                        "latest": _number(board.latest[me, k]),
                        "year": int(board.latest_year[me, k]) or None,
                        "score": _number(board.scores[me, k]),
                        "colour": str(board.colours[me, k]),
                        "arrow": status_display(str(board.arrows[me, k])),
                        "status": status_display(str(names[k])),
                    }
                    for k in ks
                ],
            )
        )
    return tiles, _number(board.index[me]), int(board.index_rank[me]) or None


@dataclass(frozen=True)
class Similar:
    area: Area
    distance: float


def similarity_indicators() -> list[SimilarityIndicator]:
    return list(SimilarityIndicator.objects.select_related("indicator"))


def similar_municipalities(municipality: Area, *, k: int = DEFAULT_NEIGHBOURS) -> list[Similar]:
    """The ``k`` municipalities most like ``municipality`` on the secretariat's structural
    indicators (their latest values), nearest first (``dashboards/similarity.py``).

    Kept in the shared cache under the content version (``audit.results``): the municipality's
    profile shows them to every reader, and reading every municipality's series of those
    indicators costs more than the rest of the profile's data."""
    return kept("similar_municipalities", (municipality.pk, k), lambda: _similar(municipality, k))


def _similar(municipality: Area, k: int) -> list[Similar]:
    chosen = similarity_indicators()
    if not chosen:
        return []
    municipalities = list(Area.objects.filter(kind=Area.Kind.MUNICIPALITY).order_by("code"))
    latest = _latest_structural([c.indicator_id for c in chosen], municipalities)
    me = next(i for i, m in enumerate(municipalities) if m.pk == municipality.pk)
    weights = [float(c.weight) for c in chosen]
    return [
        Similar(municipalities[row], distance) for row, distance in nearest(latest, weights, me, k)
    ]


def _latest_structural(indicator_ids: list[int], municipalities: list[Area]) -> np.ndarray:
    """Each municipality's latest headline value of each indicator in the years 2000 to now, as
    a NumPy array ``municipalities × indicators`` (NaN where there is none): one query that
    returns only the latest values (no later year with a value exists), not every year's."""
    years = [str(year) for year in _years()]
    headline = Observation.objects.filter(
        indicator_id__in=indicator_ids,
        area__kind=Area.Kind.MUNICIPALITY,
        period__in=years,
        breakdown="",
        value__isnull=False,
    )
    later = headline.filter(
        indicator_id=OuterRef("indicator_id"),
        area_id=OuterRef("area_id"),
        period__gt=OuterRef("period"),
    )
    rows = headline.filter(~Exists(later)).values_list("area_id", "indicator_id", "value")
    row_of = {m.pk: i for i, m in enumerate(municipalities)}
    column_of = {pk: j for j, pk in enumerate(indicator_ids)}
    latest = np.full((len(municipalities), len(indicator_ids)), np.nan)
    for area_id, indicator_id, value in rows:
        latest[row_of[area_id], column_of[indicator_id]] = value
    return latest


@dataclass(frozen=True)
class PeerChoice:
    """A set of municipalities to compare: all, a region, a peer group or those similar to one."""

    code: str  # "" (all), a region code, "group-<pk>" or "similar-<municipality code>"
    label: str
    municipalities: list[Area]
    region: Area | None = None
    group: PeerGroup | None = None
    similar_to: Area | None = None


def peer_choice(code: str) -> PeerChoice:
    """The comparison set named by ``code``; an unknown code means all municipalities."""
    all_municipalities = list(
        Area.objects.filter(kind=Area.Kind.MUNICIPALITY).select_related("parent").order_by("code")
    )
    if code.startswith("group-") and code[6:].isdigit():
        group = PeerGroup.objects.filter(pk=int(code[6:])).first()
        if group is not None:
            members = set(group.municipalities.values_list("pk", flat=True))
            chosen = [m for m in all_municipalities if m.pk in members]
            return PeerChoice(code, str(group), chosen, group=group)
    if code.startswith("similar-"):
        area = next((m for m in all_municipalities if m.code == code[8:]), None)
        if area is not None:
            similar = [s.area for s in similar_municipalities(area)]
            label = _("%(name)s and similar municipalities") % {"name": area}
            return PeerChoice(code, label, [area, *similar], similar_to=area)
    region = Area.objects.filter(kind=Area.Kind.REGION, code=code).first() if code else None
    if region is not None:
        chosen = [m for m in all_municipalities if m.parent_id == region.pk]
        return PeerChoice(code, str(region), chosen, region=region)
    return PeerChoice("", _("All 98 municipalities"), all_municipalities)


def peer_options() -> dict:
    """The regions and peer groups a reader can choose from."""
    return {
        "regions": list(Area.objects.filter(kind=Area.Kind.REGION).order_by("code")),
        "groups": list(PeerGroup.objects.all()),
    }


@dataclass(frozen=True)
class MatrixRow:
    area: Area
    index: float | None
    index_rank: int | None
    goals: list[tuple[str, dict, float | None]]  # colour, arrow, score per goal


def goal_matrix(
    municipalities: list[Area], *, base_year: int
) -> tuple[list[Goal], list[MatrixRow]]:
    """The 17-goal dashboard of several municipalities side by side."""
    board = dashboard(base_year=base_year)
    rows = []
    for area in municipalities:
        i = board.row(area)
        rows.append(
            MatrixRow(
                area=area,
                index=_number(board.index[i]),
                index_rank=int(board.index_rank[i]) or None,
                goals=[
                    (
                        str(board.goal_colours[i, g]),
                        status_display(str(board.goal_arrows[i, g])),
                        _number(board.goal_scores[i, g]),
                    )
                    for g in range(len(board.goals))
                ],
            )
        )
    return board.goals, rows


def map_values(view: str, *, base_year: int, indicator=None, year: int | None = None, goal=None):
    """The values a map shows, by municipality code: the SDG index ("index"), a goal's score
    ("goal") or colour ("colours"), or an indicator's values in a year ("indicator"). Returns
    the values and, for an indicator, the years it has data."""
    board = dashboard(base_year=base_year)
    codes = [m.code for m in board.municipalities]
    if view == "indicator" and indicator is not None:
        years = [y for y in board.years if y <= timezone.localdate().year]
        cube = observation_cube([indicator.pk], [m.pk for m in board.municipalities], years)[
            :, 0, :
        ]
        with_data = [y for k, y in enumerate(years) if not np.isnan(cube[:, k]).all()]
        if not with_data:
            return {}, []
        year = year if year in with_data else with_data[-1]
        column = cube[:, years.index(year)]
        return {c: _number(v) for c, v in zip(codes, column, strict=True)}, with_data
    if view in ("goal", "colours") and goal is not None:
        g = goal.number - 1
        if view == "colours":
            colours = board.goal_colours[:, g]
            return {
                c: (None if v == sdsn.NOT_AVAILABLE else str(v))
                for c, v in zip(codes, colours, strict=True)
            }, []
        return {c: _number(v) for c, v in zip(codes, board.goal_scores[:, g], strict=True)}, []
    return {c: _number(v) for c, v in zip(codes, board.index, strict=True)}, []
