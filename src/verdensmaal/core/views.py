"""What every app's views share: the form-page decorator, a service's errors on a form or as
messages, the two shapes of a write (a form that is saved, a button that acts), and the error
pages."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

form_view = require_http_methods(["GET", "HEAD", "POST"])


def add_errors(form, error: ValidationError) -> None:
    """Put a service's validation error on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_messages(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def save_form(request, form, save: Callable, *, success: str):
    """On a valid POST, run ``save(form)`` (a service call) and flash ``success``; returns what
    the service returned. When the form is invalid or the service refuses (its errors go on the
    form), or on GET, returns None: show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form)
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, success)
    return saved


def act(request, action: Callable, *, success, next_url):
    """A button that changes something: run ``action()`` (a service call), flash ``success`` (a
    text, or a function of the result) or the service's refusal, and go to ``next_url`` (a URL or
    object, or a function of the result)."""
    try:
        result = action()
    except ValidationError as error:
        error_messages(request, error)
        return redirect(next_url(None) if callable(next_url) else next_url)
    messages.success(request, success(result) if callable(success) else success)
    return redirect(next_url(result) if callable(next_url) else next_url)


# The error pages, in the visitor's language: (status, title, text, link to the front page).
ERRORS = {
    "bad_request": (
        400,
        _("Bad request"),
        _("The request could not be understood. Go back and try again."),
        True,
    ),
    "permission_denied": (
        403,
        _("Not allowed"),
        _(
            "You do not have permission to do this. If you think you should, log in with an "
            "account that may, or contact the secretariat."
        ),
        True,
    ),
    "csrf_failure": (
        403,
        _("The form has expired"),
        _(
            "Nothing was saved: the form was sent without a valid security token. Reload the "
            "page and send it again."
        ),
        False,
    ),
    "page_not_found": (
        404,
        _("Page not found"),
        _(
            "There is no page at this address. It may have been moved, or the code in the "
            "address may be wrong."
        ),
        True,
    ),
}


def _error(request, kind: str):
    status, title, text, home_link = ERRORS[kind]
    context = {"title": title, "text": text, "home_link": home_link}
    return render(request, "error.html", context, status=status)


def bad_request(request, exception=None):
    return _error(request, "bad_request")


def permission_denied(request, exception=None):
    return _error(request, "permission_denied")


def page_not_found(request, exception=None):
    return _error(request, "page_not_found")


def csrf_failure(request, reason=""):
    return _error(request, "csrf_failure")
