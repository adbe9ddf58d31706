"""Members: memberships, participants and their registrations and personal data, invoices, and
the secretariat's follow-up (tasks and enquiries)."""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.accounts.models import Organisation
from verdensmaal.core.permissions import (
    ensure_can_edit_organisation,
    ensure_secretariat,
    is_secretariat,
)
from verdensmaal.core.ratelimit import limit_anonymous_posts
from verdensmaal.core.views import act, csrf_failure, error_messages, form_view, save_form

from .. import selectors, services
from ..forms import (
    CreditNoteForm,
    EnquiryForm,
    ParticipantForm,
    SeasonRegistrationForm,
    TaskForm,
    enquiry_ticket,
    enquiry_ticket_is_valid,
    enquiry_ticket_use,
)
from ..models import Enquiry, Invoice, Membership, Participant, Task


@require_safe
@login_required
def membership_list(request):
    memberships = selectors.memberships_for(request.user)
    if not memberships.exists() and not is_secretariat(request.user):
        raise PermissionDenied
    return render(request, "network/membership_list.html", {"memberships": memberships})


def _membership_for(request, pk: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("season", "organisation"), pk=pk
    )
    ensure_can_edit_organisation(request.user, membership.organisation)
    return membership


def _membership_page(request, membership: Membership, form):
    return render(
        request,
        "network/membership_detail.html",
        {
            "membership": membership,
            "registrations": selectors.membership_registrations(membership),
            "form": form,
            "invoices": membership.invoices.select_related("credit_note").order_by("issued_at"),
            "is_secretariat": is_secretariat(request.user),
            "uninvoiced": membership.registrations.filter(invoice__isnull=True).count(),
        },
    )


@require_safe
@login_required
def membership_detail(request, pk: int):
    membership = _membership_for(request, pk)
    form = SeasonRegistrationForm(participants=selectors.registrable_participants(membership))
    return _membership_page(request, membership, form)


@require_POST
@login_required
def season_register(request, pk: int):
    """First post: show the quote; second post (``confirm``): register at the quoted prices."""
    membership = _membership_for(request, pk)
    form = SeasonRegistrationForm(
        request.POST, participants=selectors.registrable_participants(membership)
    )
    if not form.is_valid():
        return _membership_page(request, membership, form)
    participants = list(form.cleaned_data["participants"])
    if "confirm" in request.POST:
        try:
            services.season_registrations_create(
                actor=request.user,
                membership=membership,
                participants=participants,
                expected_total=form.cleaned_data["expected_total"],
            )
        except ValidationError as error:
            error_messages(request, error)  # and show the quote as it is now
        else:
            messages.success(
                request, _("Registered for the season: %(count)s.") % {"count": len(participants)}
            )
            return redirect(membership)
    quote = selectors.season_quote(membership, len(participants))
    return render(
        request,
        "network/quote.html",
        {
            "membership": membership,
            "rows": list(zip(participants, quote.lines, strict=True)),
            "quote": quote,
        },
    )


@require_safe
@login_required
def participant_list(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    ensure_can_edit_organisation(request.user, organisation)
    return render(
        request,
        "network/participant_list.html",
        {
            "organisation": organisation,
            "participants": organisation.participants.all(),
            "memberships": organisation.memberships.select_related("season"),
        },
    )


@login_required
@form_view
def participant_create(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    ensure_can_edit_organisation(request.user, organisation)
    form = ParticipantForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda form: services.participant_create(
            actor=request.user, organisation=organisation, **form.cleaned_data
        ),
        success=_("The participant is added."),
    )
    if saved:
        return redirect("network:participants", pk=organisation.pk)
    return render(
        request, "network/participant_form.html", {"form": form, "organisation": organisation}
    )


def _participant_for(request, pk: int, *, themself: bool = False) -> Participant:
    """A participant the user may manage; with ``themself``, also the user's own participant."""
    participant = get_object_or_404(Participant.objects.select_related("organisation"), pk=pk)
    if not (
        themself and participant.user_id is not None and participant.user_id == request.user.pk
    ):
        ensure_can_edit_organisation(request.user, participant.organisation)
    return participant


@require_safe
@login_required
def participant_detail(request, pk: int):
    participant = _participant_for(request, pk, themself=True)
    return render(
        request,
        "network/participant_detail.html",
        {
            "participant": participant,
            "is_secretariat": is_secretariat(request.user),
            "calendar_url": request.build_absolute_uri(
                f"/network/calendar/{participant.calendar_token}.ics"
            ),
            "season_registrations": participant.season_registrations.select_related(
                "membership__season"
            ),
            "meeting_registrations": participant.meeting_registrations.select_related("meeting"),
        },
    )


@require_safe
@login_required
def participant_export(request, pk: int):
    participant = _participant_for(request, pk, themself=True)
    data = services.participant_export(actor=request.user, participant=participant)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="participant-{participant.pk}.json"'
    return response


@require_POST
@login_required
def participant_erase(request, pk: int):
    participant = _participant_for(request, pk)
    return act(
        request,
        lambda: services.participant_erase(actor=request.user, participant=participant),
        success=_("The participant's personal data is erased."),
        next_url=participant,
    )


@require_POST
@login_required
def invoice_issue(request, pk: int):
    """First post: what the invoice will hold, to confirm; second post (``confirm``): issue it
    (an invoice is final: only a credit note undoes it)."""
    membership = get_object_or_404(Membership.objects.select_related("season"), pk=pk)
    ensure_secretariat(request.user)
    if "confirm" not in request.POST:
        registrations = selectors.uninvoiced_registrations(membership)
        quote = selectors.invoice_quote(registrations)
        return render(
            request,
            "network/invoice_confirm.html",
            {
                "membership": membership,
                "lines": list(zip(registrations, quote.lines, strict=True)) if quote else [],
                "quote": quote,
            },
        )
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


@require_safe
@login_required
def task_list(request):
    ensure_secretariat(request.user)
    tasks = Task.objects.select_related("owner", "meeting", "membership__organisation")
    return render(request, "network/task_list.html", {"tasks": tasks})


@login_required
@form_view
def task_create(request):
    ensure_secretariat(request.user)
    return _task_form(request, None)


@login_required
@form_view
def task_edit(request, pk: int):
    ensure_secretariat(request.user)
    return _task_form(request, get_object_or_404(Task, pk=pk))


def _task_form(request, task):
    form = TaskForm(
        request.POST or None,
        instance=Task.objects.get(pk=task.pk) if task else None,
        initial={"owner": request.user.pk} if task is None else None,
    )

    def save(form):
        if task is None:
            return services.task_create(actor=request.user, **form.cleaned_data)
        return services.task_update(actor=request.user, task=task, **form.cleaned_data)

    if save_form(request, form, save, success=_("The task is saved.")):
        return redirect("network:tasks")
    return render(request, "network/task_form.html", {"form": form, "task": task})


# Enquiries a visitor's address may send in an hour (one municipality's network shares one).
ENQUIRIES_PER_HOUR = 5


@form_view
@limit_anonymous_posts("enquiry", limit=ENQUIRIES_PER_HOUR, window=3600)
def enquiry_form(request):
    """Prospective members write to the secretariat; a post needs the form's signed ticket,
    and a ticket is good for one enquiry."""
    form = EnquiryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        ticket = request.POST.get("ticket", "")
        if not enquiry_ticket_is_valid(ticket):
            return csrf_failure(request)
        if form.is_valid() and not enquiry_ticket_use(ticket):
            form.add_error(
                None,
                _(
                    "This form was sent already, so nothing more was saved. To send another "
                    "enquiry, send the form again."
                ),
            )
            status = 409
    saved = save_form(
        request,
        form,
        lambda form: services.enquiry_submit(actor=request.user, **form.cleaned_data),
        success=_("Thank you. The secretariat will answer you as soon as it can."),
    )
    if saved:
        return redirect("network:enquiry")
    return render(
        request,
        "network/enquiry_form.html",
        {"form": form, "ticket": enquiry_ticket()},
        status=status,
    )


@require_safe
@login_required
def enquiry_list(request):
    ensure_secretariat(request.user)
    return render(
        request,
        "network/enquiry_list.html",
        {"enquiries": Enquiry.objects.select_related("handled_by")},
    )


@require_POST
@login_required
def enquiry_handled(request, pk: int):
    enquiry = get_object_or_404(Enquiry, pk=pk)
    return act(
        request,
        lambda: services.enquiry_mark_handled(actor=request.user, enquiry=enquiry),
        success=_("The enquiry is marked as handled."),
        next_url="network:enquiries",
    )
