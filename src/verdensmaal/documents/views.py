"""Screening documents: the list, the form that adds one, the page with its progress and then its
result, the downloads, and the editor's buttons (edit, screen again, link to a strategy, remove).

Every page and download obeys the document's sharing level; a document the visitor may not read
is answered as if it did not exist (404).
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.downloads import table_download
from verdensmaal.core.permissions import (
    can_edit_organisation,
    ensure_can_edit_organisation,
    is_secretariat,
)
from verdensmaal.core.views import act, form_view, save_form

from . import selectors, services
from .forms import DocumentEditForm, DocumentForm, LinkStrategyForm
from .models import Document

# The document page reloads itself this often (seconds) while the document is screened: a
# <meta http-equiv="refresh">, which needs no script and passes a strict Content-Security-Policy.
REFRESH_SECONDS = 3
TABLE_FORMATS = ("csv", "csv-excel")


@require_safe
def document_list(request):
    organisation = getattr(request.user, "organisation", None)
    return render(
        request,
        "documents/document_list.html",
        {
            "documents": selectors.visible_documents(request.user)[:200],
            "can_create": is_secretariat(request.user)
            or can_edit_organisation(request.user, organisation),
        },
    )


@form_view
@login_required
def document_create(request):
    own = None if is_secretariat(request.user) else request.user.organisation
    if own is None and not is_secretariat(request.user):
        raise PermissionDenied
    if own is not None:
        ensure_can_edit_organisation(request.user, own)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        organisation=own,
        strategies=selectors.strategies_for(request.user, own),
    )
    document = save_form(
        request,
        form,
        lambda form: services.document_create(
            actor=request.user,
            organisation=own or form.cleaned_data["organisation"],
            **form.values(),
        ),
        success=_("The document is added."),
    )
    if document is not None:
        return redirect(document)
    return render(request, "documents/document_form.html", {"form": form})


@require_safe
def document_detail(request, pk: int):
    document = selectors.readable_document(request.user, pk)
    goal = request.GET.get("goal", "")
    context = selectors.document_page(
        document, request.user, goal=int(goal) if goal.isdigit() else None
    )
    if document.status == Document.Status.DONE:
        context["coverage"] = selectors.document_coverage(document, request.user)
    context["refresh_seconds"] = REFRESH_SECONDS
    return render(request, "documents/document_detail.html", context)


def _download_name(document: Document) -> str:
    return f"{_('screening')}-{slugify(document.title)[:60] or document.pk}"


@require_safe
def document_download(request, pk: int, file_format: str):
    document = selectors.readable_document(request.user, pk)
    if document.status != Document.Status.DONE:
        return redirect(document)
    if file_format == "pdf":
        response = HttpResponse(
            selectors.document_pdf(document, request.user), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{_download_name(document)}.pdf"'
        return response
    if file_format not in TABLE_FORMATS:
        raise Http404
    header, rows = selectors.passage_table(document)
    return table_download(_download_name(document), header, rows, file_format=file_format)


@require_safe
def document_file(request, pk: int):
    """The uploaded file itself, to whoever may read the document."""
    document = selectors.readable_document(request.user, pk)
    if not document.file:
        raise Http404
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename or None
    )


def _editable(request, pk: int) -> Document:
    document = selectors.readable_document(request.user, pk)
    ensure_can_edit_organisation(request.user, document.organisation)
    return document


@form_view
@login_required
def document_edit(request, pk: int):
    document = _editable(request, pk)
    form = DocumentEditForm(request.POST or None, instance=Document.objects.get(pk=document.pk))
    saved = save_form(
        request,
        form,
        lambda form: services.document_update(
            actor=request.user, document=document, **form.cleaned_data
        ),
        success=_("The document is saved."),
    )
    if saved is not None:
        return redirect(saved)
    return render(
        request,
        "documents/document_edit.html",
        {"form": form, "document": document},
    )


@require_POST
@login_required
def document_rescreen(request, pk: int):
    document = _editable(request, pk)
    return act(
        request,
        lambda: services.document_rescreen(actor=request.user, document=document),
        success=_("The document is queued to be screened again."),
        next_url=document.get_absolute_url(),
    )


@require_POST
@login_required
def document_delete(request, pk: int):
    document = _editable(request, pk)
    return act(
        request,
        lambda: services.document_delete(actor=request.user, document=document),
        success=_("Removed: %(name)s") % {"name": document.title},
        next_url=reverse("documents:list"),
    )


@form_view
@login_required
def document_link(request, pk: int):
    document = _editable(request, pk)
    form = LinkStrategyForm(
        request.POST or None,
        strategies=selectors.strategies_for(request.user, document.organisation),
        frameworks=selectors.frameworks_for(request.user, document.organisation),
        initial={
            "title_da": document.title,
            "strategy": document.strategy_id,
        },
    )
    saved = save_form(
        request,
        form,
        lambda form: services.document_link_strategy(
            actor=request.user,
            document=document,
            strategy=form.cleaned_data.get("strategy"),
            framework=form.cleaned_data.get("framework"),
            title_da=form.cleaned_data.get("title_da", ""),
            adopted_on=form.cleaned_data.get("adopted_on"),
        ),
        success=_("The document is linked to the strategy."),
    )
    if saved is not None:
        return redirect(reverse("documents:detail", args=[saved.pk]) + "#measurement")
    return render(request, "documents/document_link.html", {"form": form, "document": document})


@require_safe
@login_required
def passage_action(request, pk: int, number: int):
    """A new action of the framework, its form filled in from one passage of the document."""
    document = _editable(request, pk)
    framework = selectors.document_coverage(document, request.user).framework
    passage = selectors.passage(document, number)
    if framework is None or passage is None:
        raise Http404
    ensure_can_edit_organisation(request.user, framework.organisation)
    proposed = {
        "title_da": (passage["headings"][-1] if passage["headings"] else document.title)[:200],
        "description": passage["text"],
    }
    url = reverse("frameworks:action_create", args=[framework.pk])
    return redirect(f"{url}?{urlencode(proposed)}")
