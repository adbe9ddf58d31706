"""Conditional reads: every successful read carries an ETag (a hash of its body) and, where the
data say when they last changed, a Last-Modified; a client that sends If-None-Match or
If-Modified-Since for a copy that is still current gets 304 Not Modified (RFC 9110 § 13, through
Django's ``get_conditional_response``, which gives If-None-Match precedence).

Anonymous reads may be kept by shared caches for ``PUBLIC_MAX_AGE`` seconds; reads made with a
token are private to their user. Responses vary on Authorization.
"""

import hashlib
from datetime import datetime

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

PUBLIC_MAX_AGE = 60  # seconds


def modified(request, *times: datetime | None) -> None:
    """Note when the data of this read last changed (the latest of ``times``)."""
    known = [time for time in times if time is not None]
    if getattr(request, "_api_last_modified", None) is not None:
        known.append(request._api_last_modified)
    request._api_last_modified = max(known) if known else None


def body_etag(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def conditional(request, response, *, etag: str | None = None):
    """Add the validators and cache headers to a successful read; 304 when the client's copy is
    current. ``etag`` for a streamed response, whose body is not at hand."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    etag = etag or body_etag(response.content)
    response["ETag"] = etag
    last_modified = getattr(request, "_api_last_modified", None)
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    if request.headers.get("Authorization"):
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    patch_vary_headers(response, ("Authorization",))
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
