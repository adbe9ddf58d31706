from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.areas.models import Area
from verdensmaal.audit.pages import shared_page
from verdensmaal.core.charts import ranked_chart
from verdensmaal.core.downloads import table_download
from verdensmaal.core.maps import Classes, choropleth_rows, choropleth_svg
from verdensmaal.core.permissions import is_member
from verdensmaal.data.selectors import municipal_provenance, provenance, selection
from verdensmaal.measurement.vocabulary import colour_label

from . import report as local_review_report
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
@shared_page
def profile(request, code: str):
    """A municipality at a glance: its 17 goals, strongest and weakest indicators, its region,
    Denmark and similar municipalities, and its published framework."""
    profile = selectors.municipality_profile(_municipality(code), request.user)
    return render(
        request,
        "reports/profile.html",
        {
            "profile": profile,
            "municipality": profile.municipality,
            **_index_pictures(profile),
            "provenance": municipal_provenance(),
            "own_provenance": provenance(
                selection(indicators=None, areas=[profile.municipality]).filter(breakdown="")
            ),
        },
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


@require_safe
def local_review(request, code: str, file_format: str):
    """The local review report as a PDF file or an HTML page, in the page's language, for the
    year in ``?year=`` (this year by default). The municipality's editors and the secretariat get
    its drafts and unpublished parts too, marked as such; everyone else the published content."""
    if file_format not in local_review_report.FORMATS:
        raise Http404
    municipality = _municipality(code)
    language = translation.get_language() or "da"
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
        report = local_review_report.report_content(
            municipality,
            year=year,
            language=language.split("-")[0],
            reader=local_review_report.report_reader(request.user, municipality),
        )
    except ValueError as error:  # a year that is no number, or out of range
        raise BadRequest(str(error)) from None
    if file_format == "pdf":
        response = HttpResponse(
            local_review_report.render_pdf(report), content_type="application/pdf"
        )
        name = local_review_report.report_filename(
            municipality, year=report.year, language=report.language, file_format="pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = HttpResponse(local_review_report.render_html(report, standalone=False))
    if report.drafts:  # never kept by a shared cache
        patch_cache_control(response, private=True, no_store=True)
    return response
