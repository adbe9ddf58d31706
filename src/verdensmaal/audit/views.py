from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from verdensmaal.core.permissions import ensure_secretariat

from . import actions, selectors
from .forms import AuditFilterForm


@require_safe
@login_required
def audit_log(request):
    """The secretariat reads every change made in the product, with filters."""
    ensure_secretariat(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.entries(
        action=filters.get("action") or "",
        organisation=filters.get("organisation"),
        actor=filters.get("actor"),
        query=filters.get("query") or "",
    )
    page = Paginator(found, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, selectors.changes(entry)) for entry in page]
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "rows": rows, "labels": actions},
    )
