from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.areas.models import Area
from verdensmaal.areas.selectors import municipalities
from verdensmaal.audit.pages import shared_page
from verdensmaal.catalogue import selectors as catalogue_selectors
from verdensmaal.catalogue.models import Indicator
from verdensmaal.core.charts import line_chart
from verdensmaal.core.permissions import can_import_data, is_secretariat

from .exports import FILE_SUFFIX, MAX_ROWS, WRITERS
from .forms import ENCODINGS, UploadForm
from .parsers import ImportValidationError
from .selectors import (
    breakdowns,
    indicator_provenance,
    last_import,
    observations,
    selection,
    series,
    visible_imports,
)
from .services import (
    ImportConflictError,
    ImportPermissionError,
    detect_format,
    error_dict,
    import_apply,
    import_plan,
    import_refused_log,
    parse_file,
)
from .uploads import content_hash, upload_path

PENDING = "pending_imports"


def _shown(errors) -> list[dict]:
    """Errors with their messages translated into the reader's language."""
    shown = []
    for error in errors:
        error = error if isinstance(error, dict) else error_dict(error)
        text = _(error["message"]) % error["params"] if error["params"] else _(error["message"])
        shown.append({"row": error["row"], "column": error["column"], "text": text})
    return shown


def _plan_upload(request, pending: dict):
    content = upload_path(pending["hash"]).read_bytes()
    rows = parse_file(
        content,
        format=pending["format"],
        indicator=pending["indicator"] or None,
        encoding=pending.get("encoding") or None,
        actor=request.user,
    )
    return rows, import_plan(actor=request.user, rows=rows)


def _preview(request, pending: dict):
    """Check an upload and show what it would change, or every error; saves nothing."""
    # kept for the confirmation, and for reading the file again in another encoding
    request.session[PENDING] = {**request.session.get(PENDING, {}), pending["hash"]: pending}
    refused = {"actor": request.user, "source_name": pending["name"], "format": pending["format"]}
    try:
        rows, plan = _plan_upload(request, pending)
    except ImportValidationError as error:
        import_refused_log(errors=error.errors, **refused)
        errors, plan = error.errors, None
    except ImportPermissionError:
        raise PermissionDenied from None
    else:
        errors = plan.errors
        if errors:
            import_refused_log(errors=errors, rows_total=len(rows), **refused)
    suggested = next(
        (e.params.get("detected_encoding") for e in errors if e.code == "invalid_encoding"), None
    )
    return render(
        request,
        "data/preview.html",
        {
            "pending": pending,
            "errors": _shown(errors),
            "plan": plan,
            "suggested_encoding": suggested if suggested in dict(ENCODINGS) else None,
        },
    )


@login_required
def upload(request):
    if not can_import_data(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        format = form.cleaned_data["format"] or detect_format(upload.name)
        indicator = form.cleaned_data["indicator"]
        if format is None:
            form.add_error("format", _("Choose the format: it cannot be told from the file name."))
        else:
            content = upload.read()
            digest = content_hash(content)
            upload_path(digest).write_bytes(content)
            pending = {
                "hash": digest,
                "name": upload.name,
                "format": format,
                "indicator": indicator.code if indicator else "",
                "encoding": form.cleaned_data["encoding"],
            }
            return _preview(request, pending)
    return render(request, "data/upload.html", {"form": form})


def _pending(request) -> dict | None:
    """The upload named in the form, if this session previewed it and its file is still kept."""
    pending = request.session.get(PENDING, {}).get(request.POST.get("hash", ""))
    return pending if pending and upload_path(pending["hash"]).exists() else None


@require_POST
@login_required
def recheck(request):
    """Check an upload again, read in another text encoding."""
    if not can_import_data(request.user):
        raise PermissionDenied
    pending = _pending(request)
    encoding = request.POST.get("encoding", "")
    if pending is None or encoding not in dict(ENCODINGS):
        messages.error(request, _("That upload has expired or was not yours. Upload it again."))
        return redirect("data:upload")
    return _preview(request, {**pending, "encoding": encoding})


@require_POST
@login_required
def confirm(request):
    if not can_import_data(request.user):
        raise PermissionDenied
    pending = _pending(request)
    if pending is None:
        messages.error(request, _("That upload has expired or was not yours. Upload it again."))
        return redirect("data:upload")
    # Checked again, not trusted from the preview: the data may have changed since.
    _rows, plan = _plan_upload(request, pending)
    if not plan.ok:
        messages.error(request, _("The data has changed since the preview; check the file again."))
        return redirect("data:upload")
    try:
        data_import = import_apply(
            actor=request.user,
            plan=plan,
            source_name=pending["name"],
            format=pending["format"],
            content_hash=pending["hash"],
        )
    except ImportConflictError:  # another import saved some of the same values meanwhile
        messages.error(
            request,
            _("The stored data changed while the file was checked. Nothing was saved: run the "
              "import again."),
        )  # fmt: skip
        return redirect("data:upload")
    request.session[PENDING] = {
        k: v for k, v in request.session.get(PENDING, {}).items() if k != pending["hash"]
    }
    messages.success(
        request,
        _("Imported: %(new)s new, %(changed)s changed and %(unchanged)s unchanged values.")
        % {"new": len(plan.new), "changed": len(plan.changed), "unchanged": plan.unchanged},
    )
    return redirect("data:import", pk=data_import.pk)


@require_safe
@login_required
def import_list(request):
    if not can_import_data(request.user):
        raise PermissionDenied
    return render(
        request, "data/import_list.html", {"imports": visible_imports(request.user)[:200]}
    )


@require_safe
@login_required
def import_detail(request, pk: int):
    if not can_import_data(request.user):
        raise PermissionDenied
    data_import = get_object_or_404(visible_imports(request.user), pk=pk)
    return render(
        request,
        "data/import_detail.html",
        {"data_import": data_import, "errors": _shown(data_import.errors)},
    )


@require_safe
def export(request):
    """Any selection of published data: ?indicator=..&area=..&from=2015&to=2024&format=csv"""
    codes = request.GET.getlist("indicator")
    indicators = list(Indicator.objects.filter(code__in=codes))
    if not indicators or len(indicators) != len(set(codes)):
        return render(
            request,
            "data/export_error.html",
            {"message": _("Choose one or more indicators of the catalogue.")},
            status=400,
        )
    area_codes = request.GET.getlist("area")
    areas = list(Area.objects.filter(code__in=area_codes)) if area_codes else None
    if area_codes and len(areas) != len(set(area_codes)):
        return render(
            request, "data/export_error.html", {"message": _("Unknown area code.")}, status=400
        )
    format = request.GET.get("format", "csv")
    if format not in WRITERS:
        return render(
            request, "data/export_error.html", {"message": _("Unknown format.")}, status=400
        )
    if format == "opensdg" and len(indicators) != 1:
        return render(
            request,
            "data/export_error.html",
            {"message": _("An Open SDG data file holds one indicator: choose one.")},
            status=400,
        )
    write, content_type = WRITERS[format]
    chosen = selection(
        indicators=indicators,
        areas=areas,
        period_from=request.GET.get("from", "")[:7],
        period_to=request.GET.get("to", "")[:7],
    )
    if format in MAX_ROWS and chosen.count() > MAX_ROWS[format]:
        message = _(
            "The selection has more than %(limit)s values, more than this format can hold. "
            "Choose fewer areas or periods, or export it as CSV."
        ) % {"limit": f"{MAX_ROWS[format]:,}".replace(",", ".")}
        return render(request, "data/export_error.html", {"message": message}, status=400)
    content = write(observations(chosen), breakdowns(chosen))
    if format == "csv":  # written as it is read, whatever its size
        response = StreamingHttpResponse(content, content_type=content_type)
    else:
        response = HttpResponse(b"".join(content), content_type=content_type)
    name = "-".join(i.code for i in indicators)[:100]
    suffix = FILE_SUFFIX[format]
    response["Content-Disposition"] = f'attachment; filename="verdensmaal-{name}.{suffix}"'
    return response


# --- the indicator page ---------------------------------------------------------------------------

DEFAULT_MUNICIPALITY = "101"  # Copenhagen, when the visitor has no municipality of their own


def _chosen_municipality(request) -> Area:
    code = request.GET.get("area", "")
    if code:
        return get_object_or_404(Area, code=code, kind=Area.Kind.MUNICIPALITY)
    organisation = getattr(request.user, "organisation", None)
    if organisation is not None and organisation.area_id:
        return organisation.area
    return Area.objects.get(code=DEFAULT_MUNICIPALITY)


@require_safe
@shared_page
def indicator_detail(request, code: str):
    """An indicator's data: the chosen municipality next to its region and Denmark, over time."""
    indicator = catalogue_selectors.indicator(code)
    municipality = _chosen_municipality(request)
    areas = [municipality, municipality.parent, municipality.parent.parent]
    by_area = series(indicator, areas)
    periods = sorted({period for points in by_area.values() for period, _v in points})
    table = [
        (period, [dict(points).get(period) for points in by_area.values()]) for period in periods
    ]
    chart = None
    if periods:
        chart = line_chart(
            {str(area): points for area, points in by_area.items()},
            unit=indicator.localised("unit").text,
        )
    return render(
        request,
        "data/indicator_detail.html",
        {
            "indicator": indicator,
            "municipality": municipality,
            "areas": areas,
            "chart": chart,
            "table": table,
            "last_import": last_import(indicator),
            "provenance": indicator_provenance(indicator, areas),
            "municipalities": municipalities(),
            "can_edit": is_secretariat(request.user),
        },
    )
