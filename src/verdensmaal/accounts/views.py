import math

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from verdensmaal.audit import selectors as audit_selectors
from verdensmaal.core.permissions import can_edit_organisation, ensure_can_edit_organisation

from .forms import OrganisationProfileForm
from .models import Organisation
from .services import organisation_update


@require_safe
@login_required
def organisation_detail(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.select_related("area"), pk=pk)
    can_edit = can_edit_organisation(request.user, organisation)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": can_edit,
            "log": [
                (entry, audit_selectors.changes(entry))
                for entry in audit_selectors.entries(organisation=organisation)[:20]
            ]
            if can_edit
            else [],
        },
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    ensure_can_edit_organisation(request.user, organisation)
    form = OrganisationProfileForm(request.POST or None, instance=Organisation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect(organisation)
    return render(
        request, "accounts/organisation_form.html", {"organisation": organisation, "form": form}
    )


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a login refused because of too many failed ones (site and back
    office): when the visitor may try again. Every failure during the lockout starts the
    cool-off again, so the time counts from now."""
    cool_off = get_cool_off(request)
    return render(
        request,
        "accounts/locked_out.html",
        {"until": timezone.now() + cool_off, "minutes": math.ceil(cool_off.total_seconds() / 60)},
        status=429,
    )
