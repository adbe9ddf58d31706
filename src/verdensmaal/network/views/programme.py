"""The programme: seasons, their calendars and member directory, and the meetings with their
materials, registrations and attendance."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.audit.pages import shared_page
from verdensmaal.core.permissions import ensure_secretariat, is_secretariat
from verdensmaal.core.views import act, form_view, save_form

from .. import selectors, services
from ..forms import MaterialForm, MeetingForm, MeetingRegisterForm, MembershipForm, SeasonForm
from ..models import Material, Meeting, MeetingRegistration, Participant, Season


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def programme(request):
    season = selectors.current_season()
    if season is None:
        return render(request, "network/programme.html", {"season": None})
    return season_detail(request, season.pk)


@require_safe
@shared_page(personal=lambda request, pk: selectors.own_registrations(request.user, pk))
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
            "own_statuses": selectors.own_meeting_statuses(request.user, season),
            "own_participant": selectors.participant_for(request.user),
        },
    )


def _calendar(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def season_calendar(request, pk: int):
    season = get_object_or_404(Season, pk=pk)
    return _calendar(
        selectors.season_calendar(season, base_url=base_url(request)),
        f"programme-{season.name}.ics",
    )


@require_safe
def participant_calendar(request, token: str):
    """A participant's own meetings, for calendar subscription: the secret token is the key."""
    try:
        token_uuid = uuid.UUID(token)
    except ValueError:
        raise Http404 from None
    participant = get_object_or_404(Participant, calendar_token=token_uuid, erased_at__isnull=True)
    return _calendar(
        selectors.participant_calendar(participant, base_url=base_url(request)), "meetings.ics"
    )


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

    def save(form):
        if season is None:
            return services.season_create(actor=request.user, **form.cleaned_data)
        return services.season_update(actor=request.user, season=season, **form.cleaned_data)

    if saved := save_form(request, form, save, success=_("The season is saved.")):
        return redirect(saved)
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
    saved = save_form(
        request,
        form,
        lambda form: services.membership_create(
            actor=request.user, season=season, **form.cleaned_data
        ),
        success=_("The member is added to the season."),
    )
    if saved:
        return redirect(saved)
    return render(request, "network/membership_form.html", {"form": form, "season": season})


@require_safe
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.select_related("season", "host").prefetch_related(
            "speakers", "materials", "sites"
        ),
        pk=pk,
    )
    user = request.user
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
            "registrations": selectors.meeting_registrations_visible_to(user, meeting),
            "register_form": MeetingRegisterForm(
                participants=selectors.participants_who_may_register(user, meeting)
            ),
            "own_registration": own_registration,
            "obstacle": selectors.registration_obstacle(user, meeting),
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
    saved = save_form(
        request,
        form,
        lambda form: services.meeting_create(
            actor=request.user,
            season=season,
            speakers=form.cleaned_data["speakers"],
            sites=form.cleaned_data["sites"],
            **form.service_fields(),
        ),
        success=_("The meeting is created."),
    )
    if saved:
        return redirect(saved)
    return render(request, "network/meeting_form.html", {"form": form, "season": season})


@login_required
@form_view
def meeting_edit(request, pk: int):
    ensure_secretariat(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=Meeting.objects.get(pk=pk))
    saved = save_form(
        request,
        form,
        lambda form: services.meeting_update(
            actor=request.user,
            meeting=meeting,
            speakers=form.cleaned_data["speakers"],
            sites=form.cleaned_data["sites"],
            **form.service_fields(),
        ),
        success=_("The meeting is saved."),
    )
    if saved:
        return redirect(saved)
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
    saved = save_form(
        request,
        form,
        lambda form: services.material_add(
            actor=request.user, meeting=meeting, **form.cleaned_data
        ),
        success=_("The material is added."),
    )
    if saved:
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

    def success(registration):
        if registration.status == MeetingRegistration.Status.WAITING:
            return _("The meeting is full: the participant is on the waiting list.")
        return _("The participant is registered for the meeting.")

    return act(
        request,
        lambda: services.meeting_register(
            actor=request.user, meeting=meeting, participant=form.cleaned_data["participant"]
        ),
        success=success,
        next_url=meeting,
    )


@require_POST
@login_required
def meeting_registration_cancel(request, pk: int):
    registration = get_object_or_404(
        MeetingRegistration.objects.select_related("participant__organisation", "meeting"), pk=pk
    )
    return act(
        request,
        lambda: services.meeting_registration_cancel(actor=request.user, registration=registration),
        success=_("The registration is cancelled."),
        next_url=registration.meeting,
    )


@require_POST
@login_required
def meeting_check_in(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    return act(
        request,
        lambda: services.meeting_check_in(actor=request.user, meeting=meeting),
        success=_("You are checked in. Welcome!"),
        next_url=meeting,
    )


@require_POST
@login_required
def meeting_invite(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    return act(
        request,
        lambda: services.meeting_invitations_send(actor=request.user, meeting=meeting),
        success=lambda count: _("Invitations sent: %(count)s.") % {"count": count},
        next_url=meeting,
    )


@login_required
@form_view
def meeting_attendance(request, pk: int):
    ensure_secretariat(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.method == "POST":
        registration = meeting.registrations.filter(pk=request.POST.get("registration")).first()
        next_url = reverse("network:meeting-attendance", args=[meeting.pk])
        if registration is None or request.POST.get("attended") not in ("yes", "no"):
            messages.error(request, _("Choose a registration and whether they attended."))
            return redirect(next_url)
        return act(
            request,
            lambda: services.attendance_record(
                actor=request.user,
                registration=registration,
                attended=request.POST["attended"] == "yes",
            ),
            success=_("Attendance is recorded."),
            next_url=next_url,
        )
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
