"""The account page: who you are, and your personal API tokens, made and revoked here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from verdensmaal.core.views import act, form_view, save_form

from . import selectors, services
from .forms import TokenForm


@never_cache  # the page shows a new token's secret once
@form_view
@login_required
def account(request):
    form = TokenForm(request.POST or None)
    new = save_form(
        request,
        form,
        lambda form: services.token_create(actor=request.user, name=form.cleaned_data["name"]),
        success=_("The token is made. Copy it now: it is shown only this once."),
    )
    return render(
        request,
        "api/account.html",
        {
            "form": TokenForm() if new else form,
            "new": new,
            "tokens": selectors.tokens_of(request.user),
        },
    )


@require_POST
@login_required
def revoke(request, pk: int):
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)
    return act(
        request,
        lambda: services.token_revoke(actor=request.user, token=token),
        success=_("The token is revoked: it no longer works."),
        next_url=reverse("tokens:account"),
    )
