from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.core.charts import ranked_chart
from verdensmaal.core.downloads import table_download
from verdensmaal.core.maps import Classes, choropleth_rows, choropleth_svg
from verdensmaal.core.permissions import is_member
from verdensmaal.measurement.vocabulary import colour_label

from . import selectors


def _municipality(code: str) -> Area:
    return get_object_or_404(
        Area.objects.select_related("parent"), code=code, kind=Area.Kind.MUNICIPALITY
    )


def _index_pictures(profile) -> dict:
    """The map and the ranked chart of the SDG index, the municipality and its peers marked."""
    board = profile.board
    me = profile.municipality
    peers = {s.area.code for s in profile.similar}
    values = {m.code: selectors._number(board.index[i]) for i, m in enumerate(board.municipalities)}
    names = {m.code: str(m) for m in board.municipalities}
    title = _("The SDG index of the 98 municipalities")
    return {
        "map": choropleth_svg(
            values,
            title=title,
            legend_title=_("SDG index (0-100)"),
            classes=Classes.numeric(values, direction="higher"),
            labels=names,
            href=lambda code: reverse("areas:municipality", args=[code]),
            highlight={me.code, *peers},
            highlight_label=_("%(name)s and similar municipalities") % {"name": me},
        ),
        "map_rows": choropleth_rows(
            values, classes=Classes.numeric(values, direction="higher"), labels=names
        ),
        "chart": ranked_chart(
            [(code, names[code], value) for code, value in values.items()],
            highlight=me.code,
            peers=peers,
            unit=_("score"),
            title=title,
            highlight_label=str(me),
            peers_label=_("Similar municipalities"),
        ),
    }


@require_safe
def profile(request, code: str):
    """A municipality at a glance: its 17 goals, strongest and weakest indicators, its region,
    Denmark and similar municipalities, and its published framework."""
    profile = selectors.municipality_profile(_municipality(code), request.user)
    return render(
        request,
        "reports/profile.html",
        {"profile": profile, "municipality": profile.municipality, **_index_pictures(profile)},
    )


def _whole(score: float | None) -> int | None:
    """A score as the page shows it: whole points."""
    return None if score is None else round(score)


def _profile_row(row) -> list:
    means = [_whole(mean) for mean in row.means]
    label = str(row.arrow["label"])
    return [str(row.goal), _whole(row.score), row.rank, colour_label(row.colour), label, *means]


@require_safe
def profile_download(request, code: str, file_format: str):
    """The profile's goal table as CSV, Excel or JSON: exactly the numbers the page shows."""
    profile = selectors.municipality_profile(_municipality(code), request.user)
    header = [
        _("Goal"), _("Score"), _("Rank"), _("Colour"), _("Trend"), _("Region"), _("Denmark"),
        _("Similar municipalities"),
    ]  # fmt: skip
    rows = [_profile_row(row) for row in profile.goals]
    return table_download(
        f"profile-{profile.municipality.code}", header, rows, file_format=file_format
    )


@require_safe
@login_required
def network_overview(request):
    """The member municipalities side by side, for the secretariat and the members."""
    if not is_member(request.user):
        raise PermissionDenied
    goals, rows = selectors.network_overview(request.user)
    return render(
        request,
        "reports/network.html",
        {"goals": goals, "rows": rows, "matrix_rows": [row.matrix for row in rows]},
    )


@require_safe
@login_required
def network_overview_download(request, file_format: str):
    """The overview's matrix as CSV, Excel or JSON: the colours and arrows in words."""
    if not is_member(request.user):
        raise PermissionDenied
    goals, rows = selectors.network_overview(request.user)
    header = [_("Municipality"), _("SDG index"), *(str(goal) for goal in goals)]
    table = [
        [str(row.area), _whole(row.matrix.index)]
        + [f"{colour_label(colour)}, {arrow['label']}" for colour, arrow, _s in row.matrix.goals]
        for row in rows
    ]
    return table_download("network-overview", header, table, file_format=file_format)
