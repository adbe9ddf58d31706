"""Limits on anonymous form posts, per visitor address, and single-use form tickets.

Both live in the "limits" cache, a database cache whose ``add`` is one insert of a unique key:
of several workers adding the same key at the same moment exactly one succeeds. A counter built
on ``incr`` would not be atomic there (read, then write), so a window's posts are counted as
numbered slots instead: the n-th post in a window takes slot n, and a post finding every slot
taken is refused. Windows are fixed (``time // window``), so a burst across a window's end can
reach twice the limit; the limits below leave room for that.
"""

import hashlib
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LIMITS_CACHE = "limits"


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, or behind ``VERDENSMAAL_TRUSTED_PROXIES`` reverse
    proxies the address the outermost proxy saw (each proxy appends to X-Forwarded-For, so the
    trusted entries are the last ones; anything to their left was written by the visitor)."""
    proxies = getattr(settings, "VERDENSMAAL_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _hashed(*parts: str) -> str:
    """Addresses and tickets are personal or secret: keys hold a keyed hash of them."""
    text = "\x1f".join((settings.SECRET_KEY, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def take_slot(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one event for ``identity`` in ``scope``; False when ``limit`` events already
    happened in the current window of ``window`` seconds."""
    cache = caches[LIMITS_CACHE]
    period = int(time.time() // window)
    prefix = f"rl:{scope}:{_hashed(identity)}:{period}"
    keys = [f"{prefix}:{slot}" for slot in range(limit)]
    taken = cache.get_many(keys)
    return any(key not in taken and cache.add(key, 1, timeout=window) for key in keys)


def use_once(scope: str, token: str, *, lifetime: int) -> bool:
    """Mark ``token`` as used; False if it was used before (within ``lifetime`` seconds)."""
    return caches[LIMITS_CACHE].add(f"once:{scope}:{_hashed(token)}", 1, timeout=lifetime)


def too_many_requests(request, *, minutes: int):
    """The page for a refused post: 429, nothing saved, when to try again."""
    text = ngettext(
        "You have sent this form too many times in a short while. Nothing was saved. "
        "Please try again in %(minutes)s minute.",
        "You have sent this form too many times in a short while. Nothing was saved. "
        "Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    context = {"title": _("Too many attempts"), "text": text, "home_link": True}
    response = render(request, "error.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def limit_anonymous_posts(scope: str, *, limit: int, window: int) -> Callable:
    """Refuse a visitor's (not logged-in) POST to the view once ``limit`` posts from their
    address came in the current window of ``window`` seconds."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if (
                request.method == "POST"
                and not request.user.is_authenticated
                and not take_slot(scope, client_ip(request), limit=limit, window=window)
            ):
                remaining = window - int(time.time() % window)
                return too_many_requests(request, minutes=math.ceil(remaining / 60))
            return view(request, *args, **kwargs)

        return limited

    return decorator
