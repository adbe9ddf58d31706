import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from verdensmaal.accounts.models import Organisation
from verdensmaal.core.permissions import ensure_can_edit_organisation, is_secretariat
from verdensmaal.core.views import act, error_messages, form_view, save_form

from .. import selectors, services
from ..forms import ParticipantForm, SeasonRegistrationForm
from ..models import Membership, Participant


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
    return act(
        request,
        lambda: services.participant_erase(actor=request.user, participant=participant),
        success=_("The participant's personal data is erased."),
        next_url=participant,
    )
