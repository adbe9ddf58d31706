import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.core.permissions import (
    ensure_can_edit_organisation,
    ensure_secretariat,
    is_secretariat,
)
from verdensmaal.core.views import act

from .. import selectors, services
from ..forms import CreditNoteForm
from ..models import Invoice, Membership


@require_POST
@login_required
def invoice_issue(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk)
    return act(
        request,
        lambda: services.invoice_issue(actor=request.user, membership=membership),
        success=lambda invoice: _("Invoice %(number)s is issued.") % {"number": invoice.number},
        next_url=lambda invoice: invoice or membership,
    )


@require_safe
@login_required
def invoice_list(request):
    ensure_secretariat(request.user)
    status = request.GET.get("status", "")
    return render(
        request,
        "network/invoice_list.html",
        {"invoices": selectors.invoices(status), "status": status},
    )


@require_safe
@login_required
def invoice_csv(request):
    ensure_secretariat(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invoices.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerows(selectors.invoice_csv_rows(selectors.invoices(request.GET.get("status", ""))))
    return response


def _invoice_for(request, pk: int) -> Invoice:
    invoice = get_object_or_404(
        Invoice.objects.select_related("membership__organisation", "corrects"), pk=pk
    )
    ensure_can_edit_organisation(request.user, invoice.membership.organisation)
    return invoice


@require_safe
@login_required
def invoice_detail(request, pk: int):
    invoice = _invoice_for(request, pk)
    return render(
        request,
        "network/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.order_by("position"),
            "is_secretariat": is_secretariat(request.user),
            "credit_form": CreditNoteForm(),
        },
    )


def _document(invoice: Invoice, content: bytes, content_type: str, extension: str):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{invoice.kind}-{invoice.number}.{extension}"'
    )
    return response


@require_safe
@login_required
def invoice_pdf(request, pk: int):
    invoice = _invoice_for(request, pk)
    return _document(invoice, selectors.invoice_pdf(invoice), "application/pdf", "pdf")


@require_safe
@login_required
def invoice_xml(request, pk: int):
    invoice = _invoice_for(request, pk)
    return _document(invoice, selectors.invoice_xml(invoice), "application/xml", "xml")


@require_POST
@login_required
def invoice_credit(request, pk: int):
    invoice = get_object_or_404(Invoice, pk=pk)
    form = CreditNoteForm(request.POST)
    if not form.is_valid():
        ensure_secretariat(request.user)
        messages.error(request, _("Give the reason for the credit note."))
        return redirect(invoice)
    return act(
        request,
        lambda: services.credit_note_issue(
            actor=request.user, invoice=invoice, reason=form.cleaned_data["reason"]
        ),
        success=lambda note: _("Credit note %(number)s is issued.") % {"number": note.number},
        next_url=lambda note: note or invoice,
    )


@require_POST
@login_required
def invoice_paid(request, pk: int):
    invoice = get_object_or_404(Invoice, pk=pk)
    return act(
        request,
        lambda: services.invoice_mark_paid(actor=request.user, invoice=invoice),
        success=_("The invoice is marked as paid."),
        next_url=invoice,
    )
