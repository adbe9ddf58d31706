"""Logged-in pages kept for every reader of the same kind.

The page cache (``ops.middleware``) serves visitors who are not logged in. A logged-in reader's
page is rendered for them, yet most pages depend on the reader only through what they may read
and do: their role and organisation (``core.permissions.reader_kind``), and their own name in the
header and the CSRF token in the forms. A view decorated with :func:`shared_page` is kept in the
shared cache like a result (``audit.results``: under the build, the content version, the language
and the date), for its full address and each kind of reader, with two holes that every request
fills in: the CSRF token and the reader's name. The holes are random markers drawn when the page
is rendered, so no text on a page can forge one; the token filled in is the reader's own
(``get_token``), exactly as when their page is rendered for them.

Every write goes through the audit log, which sets a new content version, so an edit or an import
shows at once. A page is not kept, and is rendered as usual, when messages wait to be shown, when
the page sets a cookie or asked for the CSRF token any other way, or when it is not a plain 200.
Only decorate a view whose page depends on the reader through nothing but their kind, and what
its ``personal`` function names: plain values that describe everything else of the reader the page
shows (a participant's own registrations, say), so that readers who share those share the page.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape

from verdensmaal.core.permissions import reader_kind

from .results import looked_up, store


@dataclass(frozen=True)
class Markers:
    """The holes of a kept page: what ``core.context_processors.site`` renders instead of the
    CSRF token and the reader's name while the page is rendered to be kept."""

    csrf: str
    name: str

    @classmethod
    def drawn(cls) -> "Markers":
        return cls(csrf=f"csrf-{secrets.token_hex(16)}", name=f"reader-{secrets.token_hex(16)}")


def shared_page(view=None, *, personal: Callable[..., tuple] | None = None):
    """Keep ``view``'s page for every logged-in reader of the same kind and, where the page shows
    something of the reader alone, the same ``personal(request, *args, **kwargs)`` (see the
    module)."""
    if view is None:
        return partial(shared_page, personal=personal)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _applies(request):
            return view(request, *args, **kwargs)
        parts = (
            view.__module__,
            view.__qualname__,
            request.get_full_path(),
            reader_kind(request.user),
            personal(request, *args, **kwargs) if personal else (),
        )
        key, entry = looked_up("page", parts)
        if entry is None:
            markers = Markers.drawn()
            asked_for_token = request.META.get("CSRF_COOKIE_USED", False)
            request.shared_page_markers = markers
            try:
                response = view(request, *args, **kwargs)
            finally:
                del request.shared_page_markers
            if response.streaming:
                return response
            entry = {
                "content": response.content,
                "headers": list(response.items()),
                **vars(markers),
            }
            if _keepable(request, response, asked_for_token):
                store(key, entry, request.path)
            response.content = _filled(request, entry)
            return response
        response = HttpResponse(_filled(request, entry))
        for header, value in entry["headers"]:
            if header.lower() != "content-length":
                response[header] = value
        return response

    return wrapped


def _applies(request) -> bool:
    return (
        settings.VERDENSMAAL_PAGE_CACHE != "off"
        and request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not request.session.get(SessionStorage.session_key)
    )


def _keepable(request, response, asked_for_token: bool) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not (request.META.get("CSRF_COOKIE_USED") and not asked_for_token)
        and not (storage is not None and storage._queued_messages)
        and "no-store" not in response.get("Cache-Control", "")
    )


def _filled(request, entry: dict) -> bytes:
    """The kept page with this reader's CSRF token and name in its holes."""
    user = request.user
    return (
        entry["content"]
        .replace(entry["csrf"].encode(), get_token(request).encode())
        .replace(entry["name"].encode(), escape(user.get_full_name() or user.username).encode())
    )
