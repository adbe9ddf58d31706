import csv
import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from verdensmaal.accounts.models import Organisation
from verdensmaal.core.permissions import (
    ensure_can_edit_organisation,
    ensure_secretariat,
    is_secretariat,
)

from . import selectors, services
from .forms import (
    CreditNoteForm,
    EnquiryForm,
    MaterialForm,
    MeetingForm,
    MeetingRegisterForm,
    MembershipForm,
    ParticipantForm,
    SeasonForm,
    SeasonRegistrationForm,
    TaskForm,
    enquiry_ticket,
    enquiry_ticket_is_valid,
)
from .models import (
    Enquiry,
    Invoice,
    Material,
    Meeting,
    MeetingRegistration,
    Membership,
    Participant,
    Season,
    Task,
)

form_view = require_http_methods(["GET", "HEAD", "POST"])


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's validation error on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _error_message(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- programme ------------------------------------------------------------------------------------


@require_safe
def programme(request):
    season = selectors.current_season()
    if season is None:
        return render(request, "network/programme.html", {"season": None})
    return season_detail(request, season.pk)


@require_safe
def season_detail(request, pk: int):
    season = get_object_or_404(Season, pk=pk)
    return render(
        request,
        "network/programme.html",
        {
            "season": season,
            "seasons": Season.objects.all(),
            "meetings": selectors.season_meetings(season),
            "is_secretariat": is_secretariat(request.user),
            "memberships": selectors.memberships_for(request.user).filter(season=season),
            "member": selectors.can_see_member_pages(request.user),
        },
    )


@require_safe
def season_calendar(request, pk: int):
    season = get_object_or_404(Season, pk=pk)
    response = HttpResponse(
        selectors.season_calendar(season, base_url=_base_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="programme-{season.name}.ics"'
    return response


@require_safe
def participant_calendar(request, token: str):
    """A participant's own meetings, for calendar subscription: the secret token is the key."""
    try:
        token_uuid = uuid.UUID(token)
    except ValueError:
        raise Http404 from None
    participant = get_object_or_404(Participant, calendar_token=token_uuid, erased_at__isnull=True)
    response = HttpResponse(
        selectors.participant_calendar(participant, base_url=_base_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@login_required
@form_view
def season_create(request):
    ensure_secretariat(request.user)
    return _season_form(request, None)


@login_required
@form_view
def season_edit(request, pk: int):
    ensure_secretariat(request.user)
    return _season_form(request, get_object_or_404(Season, pk=pk))


def _season_form(request, season):
    form = SeasonForm(request.POST or None, instance=season)
    if request.method == "POST" and form.is_valid():
        try:
            if season is None:
                season = services.season_create(actor=request.user, **form.cleaned_data)
            else:
                season = services.season_update(
                    actor=request.user, season=season, **form.cleaned_data
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The season is saved."))
            return redirect(season)
    return render(request, "network/season_form.html", {"form": form, "season": season})


@require_safe
@login_required
def member_directory(request, pk: int):
    season = get_object_or_404(Season, pk=pk)
    if not selectors.can_see_member_pages(request.user):
        raise PermissionDenied
    return render(
        request,
        "network/directory.html",
        {"season": season, "participants": selectors.member_directory(season)},
    )


# --- meetings -------------------------------------------------------------------------------------


@require_safe
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.select_related("season").prefetch_related("speakers", "materials"), pk=pk
    )
    user = request.user
    registrations = selectors.meeting_registrations_visible_to(user, meeting)
    own = selectors.participant_for(user)
    own_registration = (
        meeting.registrations.filter(participant=own).exclude(status="cancelled").first()
        if own
        else None
    )
    return render(
        request,
        "network/meeting_detail.html",
        {
            "meeting": meeting,
            "member": selectors.can_see_member_pages(user),
            "is_secretariat": is_secretariat(user),
            "registrations": registrations,
            "register_form": MeetingRegisterForm(
                participants=selectors.participants_who_may_register(user, meeting)
            ),
            "own_registration": own_registration,
            "seats_taken": meeting.registrations.filter(
                status=MeetingRegistration.Status.REGISTERED
            ).count(),
        },
    )


@login_required
@form_view
def meeting_create(request, pk: int):
    ensure_secretariat(request.user)
    season = get_object_or_404(Season, pk=pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,
                season=season,
                speakers=form.cleaned_data["speakers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is created."))
            return redirect(meeting)
    return render(request, "network/meeting_form.html", {"form": form, "season": season})


@login_required
@form_view
def meeting_edit(request, pk: int):
    ensure_secretariat(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=Meeting.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_update(
                actor=request.user,
                meeting=meeting,
                speakers=form.cleaned_data["speakers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return render(
        request,
        "network/meeting_form.html",
        {"form": form, "season": meeting.season, "meeting": meeting},
    )


@login_required
@form_view
def material_add(request, pk: int):
    ensure_secretariat(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The material is added."))
            return redirect(meeting)
    return render(request, "network/material_form.html", {"form": form, "meeting": meeting})


@require_safe
@login_required
def material_download(request, pk: int):
    material = get_object_or_404(Material, pk=pk)
    if not selectors.can_see_member_pages(request.user):
        raise PermissionDenied
    return FileResponse(material.file.open("rb"), as_attachment=True)


@require_POST
@login_required
def meeting_register(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingRegisterForm(
        request.POST, participants=selectors.participants_who_may_register(request.user, meeting)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a participant you may register."))
        return redirect(meeting)
    try:
        registration = services.meeting_register(
            actor=request.user, meeting=meeting, participant=form.cleaned_data["participant"]
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        if registration.status == MeetingRegistration.Status.WAITING:
            messages.success(
                request, _("The meeting is full: the participant is on the waiting list.")
            )
        else:
            messages.success(request, _("The participant is registered for the meeting."))
    return redirect(meeting)


@require_POST
@login_required
def meeting_registration_cancel(request, pk: int):
    registration = get_object_or_404(
        MeetingRegistration.objects.select_related("participant__organisation", "meeting"), pk=pk
    )
    try:
        services.meeting_registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(registration.meeting)


@require_POST
@login_required
def meeting_check_in(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.meeting_check_in(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("You are checked in. Welcome!"))
    return redirect(meeting)


@require_POST
@login_required
def meeting_invite(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    count = services.meeting_invitations_send(actor=request.user, meeting=meeting)
    messages.success(request, _("Invitations sent: %(count)s.") % {"count": count})
    return redirect(meeting)


@login_required
@form_view
def meeting_attendance(request, pk: int):
    ensure_secretariat(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.method == "POST":
        registration = meeting.registrations.filter(pk=request.POST.get("registration")).first()
        if registration is None or request.POST.get("attended") not in ("yes", "no"):
            messages.error(request, _("Choose a registration and whether they attended."))
        else:
            try:
                services.attendance_record(
                    actor=request.user,
                    registration=registration,
                    attended=request.POST["attended"] == "yes",
                )
            except ValidationError as error:
                _error_message(request, error)
            else:
                messages.success(request, _("Attendance is recorded."))
        return redirect("network:meeting-attendance", pk=meeting.pk)
    return render(
        request,
        "network/attendance.html",
        {
            "meeting": meeting,
            "registrations": meeting.registrations.exclude(status="cancelled").select_related(
                "participant__organisation", "attendance_recorded_by"
            ),
        },
    )


# --- members, participants and registrations ---------------------------------------------------


@require_safe
@login_required
def season_members(request, pk: int):
    ensure_secretariat(request.user)
    season = get_object_or_404(Season, pk=pk)
    return render(
        request,
        "network/season_members.html",
        {
            "season": season,
            "memberships": selectors.memberships_for(request.user).filter(season=season),
        },
    )


@login_required
@form_view
def membership_create(request, pk: int):
    ensure_secretariat(request.user)
    season = get_object_or_404(Season, pk=pk)
    form = MembershipForm(request.POST or None, season=season)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_create(
                actor=request.user, season=season, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The member is added to the season."))
            return redirect(membership)
    return render(request, "network/membership_form.html", {"form": form, "season": season})


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


@require_safe
@login_required
def membership_detail(request, pk: int):
    membership = _membership_for(request, pk)
    return render(
        request,
        "network/membership_detail.html",
        {
            "membership": membership,
            "registrations": selectors.membership_registrations(membership),
            "form": SeasonRegistrationForm(
                participants=selectors.registrable_participants(membership)
            ),
            "invoices": membership.invoices.select_related("credit_note").order_by("issued_at"),
            "is_secretariat": is_secretariat(request.user),
            "uninvoiced": membership.registrations.filter(invoice__isnull=True).count(),
        },
    )


@require_POST
@login_required
def season_register(request, pk: int):
    """First post: show the quote; second post (``confirm``): register at the quoted prices."""
    membership = _membership_for(request, pk)
    form = SeasonRegistrationForm(
        request.POST, participants=selectors.registrable_participants(membership)
    )
    if not form.is_valid():
        return render(
            request,
            "network/membership_detail.html",
            {
                "membership": membership,
                "registrations": selectors.membership_registrations(membership),
                "form": form,
                "invoices": membership.invoices.all(),
                "is_secretariat": is_secretariat(request.user),
            },
        )
    participants = list(form.cleaned_data["participants"])
    quote = selectors.season_quote(membership, len(participants))
    if "confirm" in request.POST:
        try:
            services.season_registrations_create(
                actor=request.user,
                membership=membership,
                participants=participants,
                expected_total=form.cleaned_data["expected_total"],
            )
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(
                request, _("Registered for the season: %(count)s.") % {"count": len(participants)}
            )
            return redirect(membership)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The participant is added."))
            return redirect("network:participants", pk=organisation.pk)
    return render(
        request, "network/participant_form.html", {"form": form, "organisation": organisation}
    )


def _participant_for(request, pk: int) -> Participant:
    participant = get_object_or_404(Participant.objects.select_related("organisation"), pk=pk)
    ensure_can_edit_organisation(request.user, participant.organisation)
    return participant


@require_safe
@login_required
def participant_detail(request, pk: int):
    participant = _participant_for(request, pk)
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
    participant = _participant_for(request, pk)
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
    try:
        services.participant_erase(actor=request.user, participant=participant)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The participant's personal data is erased."))
    return redirect(participant)


# --- invoices -------------------------------------------------------------------------------------


@require_POST
@login_required
def invoice_issue(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk)
    try:
        invoice = services.invoice_issue(actor=request.user, membership=membership)
    except ValidationError as error:
        _error_message(request, error)
        return redirect(membership)
    messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
    return redirect(invoice)


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


@require_safe
@login_required
def invoice_pdf(request, pk: int):
    invoice = _invoice_for(request, pk)
    response = HttpResponse(selectors.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.kind}-{invoice.number}.pdf"'
    return response


@require_safe
@login_required
def invoice_xml(request, pk: int):
    invoice = _invoice_for(request, pk)
    response = HttpResponse(selectors.invoice_xml(invoice), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{invoice.kind}-{invoice.number}.xml"'
    return response


@require_POST
@login_required
def invoice_credit(request, pk: int):
    invoice = get_object_or_404(Invoice, pk=pk)
    form = CreditNoteForm(request.POST)
    if not form.is_valid():
        ensure_secretariat(request.user)
        messages.error(request, _("Give the reason for the credit note."))
        return redirect(invoice)
    try:
        credit_note = services.credit_note_issue(
            actor=request.user, invoice=invoice, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _error_message(request, error)
        return redirect(invoice)
    messages.success(
        request, _("Credit note %(number)s is issued.") % {"number": credit_note.number}
    )
    return redirect(credit_note)


@require_POST
@login_required
def invoice_paid(request, pk: int):
    invoice = get_object_or_404(Invoice, pk=pk)
    try:
        services.invoice_mark_paid(actor=request.user, invoice=invoice)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The invoice is marked as paid."))
    return redirect(invoice)


# --- tasks and enquiries --------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        try:
            if task is None:
                services.task_create(actor=request.user, **form.cleaned_data)
            else:
                services.task_update(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("network:tasks")
    return render(request, "network/task_form.html", {"form": form, "task": task})


@form_view
def enquiry_form(request):
    """Prospective members write to the secretariat; a post needs the form's signed ticket."""
    form = EnquiryForm(request.POST or None)
    if request.method == "POST":
        if not enquiry_ticket_is_valid(request.POST.get("ticket", "")):
            return render(request, "403_csrf.html", status=403)
        if form.is_valid():
            try:
                services.enquiry_submit(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you. The secretariat will answer you as soon as it can.")
                )
                return redirect("network:enquiry")
    return render(request, "network/enquiry_form.html", {"form": form, "ticket": enquiry_ticket()})


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
    try:
        services.enquiry_mark_handled(actor=request.user, enquiry=enquiry)
    except ValidationError as error:
        _error_message(request, error)
    return redirect("network:enquiries")
