"""The request log, and the cache of public pages for visitors who are not logged in.

Public pages change only when data, publications or translations change. Every write in the
product goes through ``audit.services.log_action``, which sets a new *content version*;
translations, templates and code change only with a deploy, which changes the *build*. A page is
kept under the build, the content version, the language and the full address, so a write or a
deploy makes the next visitor get a freshly rendered page, and nothing has to be deleted.

The cache is Django's "default" cache, shared by all worker processes (files in the data folder;
see docs/benchmarks.md for the measurement against the database cache). Pages carry an ETag and
Last-Modified, and a conditional GET for an unchanged page is answered with 304. A stored page
is also kept gzip-compressed, for the browsers that take it.

Only requests without a session or messages cookie and without an Authorization header are
served from or stored in the cache, and only answers that are plain 200 pages: no cookie set, no
CSRF token used (a form), nothing marked private or uncachable. So a logged-in user never gets
a cached page, and nobody gets a page rendered for someone else.
"""

import gzip
import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from verdensmaal.audit.services import content_version
from verdensmaal.core.build import build
from verdensmaal.core.middleware import chosen_language

logger = logging.getLogger("verdensmaal.requests")

PAGE_TIMEOUT = 24 * 3600  # seconds a stored page is kept (a new version makes it unreachable)
GZIP_LEVEL = 6  # zlib's default: once per stored page, so the smaller answer is worth it
GZIP_MIN_BYTES = 1024  # below this a compressed answer saves nothing
ACCEPTS_GZIP = re.compile(r"\bgzip\b", re.IGNORECASE)
# Vary headers a stored page may have: the language is in the key, and a session or messages
# cookie or an Authorization header keeps a request away from the cache altogether.
VARY_KEPT = {"cookie", "accept-language", "authorization", "accept-encoding"}
# Parts of an address that are secrets (calendar feeds, password-reset links): not logged.
SECRET_URL_PARTS = {"token", "uidb64"}


def _may_use_cache(request) -> bool:
    return (
        settings.VERDENSMAAL_PAGE_CACHE != "off"
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= VARY_KEPT


def _served(request, entry: dict) -> HttpResponse:
    """A stored page, compressed once when it was stored for a browser that takes gzip (no
    secret is on a stored page, so compression gives nothing away: see BREACH)."""
    compressed = (
        entry["gzip"] if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else None
    )
    response = HttpResponse(compressed or entry["content"], status=200)
    for header, value in entry["headers"]:
        response[header] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
        etag = response["ETag"]
        response["ETag"] = etag if etag.startswith("W/") else f"W/{etag}"  # as Django's GZip
    response["Content-Length"] = str(len(response.content))
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)  # no shared cache keeps it
            return response
        build_id, built_at = build()
        token, changed_at = content_version()
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{build_id}:{token}:{chosen_language(request)}:{address}"
        last_modified = int(max(changed_at, built_at))  # HTTP dates are in whole seconds
        entry = cache.get(key)
        if entry is not None:
            request.page_cache = "hit"
            return self._conditional(request, _served(request, entry), last_modified)
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        request.page_cache = "miss"
        # A view's own validators and caching rules (the API's) stand; pages get these.
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(last_modified)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)  # browsers ask again, with the ETag
        patch_vary_headers(response, ("Accept-Encoding",))
        entry = {
            "content": response.content,
            "gzip": gzip.compress(response.content, GZIP_LEVEL, mtime=0)
            if len(response.content) >= GZIP_MIN_BYTES
            else None,
            "headers": [
                (header, value)
                for header, value in response.items()
                if header.lower() not in ("set-cookie", "content-length")
            ],
        }
        cache.set(key, entry, PAGE_TIMEOUT)
        return self._conditional(request, _served(request, entry), last_modified)

    @staticmethod
    def _conditional(request, response, last_modified: int):
        """304 when the visitor's copy is current (If-None-Match first, as RFC 9110 says)."""
        stated = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(stated) if stated else last_modified,
            response=response,
        )


def _loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_PARTS:
                path = path.replace(str(value), "[secret]")
    return path


class RequestLogMiddleware:
    """One JSON line per request: method, path (secrets masked, no query string), status,
    duration, the user id when logged in, and whether the page cache answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)  # not there when the cache answered
            fields = {
                "event": "request",
                "method": request.method,
                "path": _loggable_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            }
            if cached := getattr(request, "page_cache", None):
                fields["page_cache"] = cached
            logger.info("%(method)s %(path)s %(status)s", fields, extra={"fields": fields})
        return response
