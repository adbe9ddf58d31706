import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.core.permissions import ensure_secretariat, is_secretariat
from verdensmaal.core.views import form_view, save_form

from .. import selectors, services
from ..forms import MembershipForm, SeasonForm
from ..models import Participant, Season


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


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
