"""Who calls the API: the user of a personal token sent as ``Authorization: Bearer <token>``, or
nobody. Reads need no token (a token reads as its user: what their pages would show them);
writes need one. The session cookie is not used here: a token is the API's only login, so a
page open in a browser can never write through the API, and no API call needs a CSRF token.

Bad tokens are throttled per client address: after ``BAD_TOKEN_LIMIT`` failed tokens within
``BAD_TOKEN_WINDOW`` seconds, no token from that address is checked until the window has passed
(429 with Retry-After). The counts live in Django's cache, per process with the default cache.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer

from .selectors import token_for_secret
from .services import token_used

BAD_TOKEN_LIMIT = 10
BAD_TOKEN_WINDOW = 300  # seconds
WRITING_NEEDS_ONE = "Writing needs a personal API token: send Authorization: Bearer <token>."
NOT_VALID = "The API token is not valid: it may be mistyped, revoked or its user inactive."


def _failures_key(request) -> str:
    return f"api:bad-tokens:{request.META.get('REMOTE_ADDR', '')}"


def _refused(request) -> AuthenticationError:
    key = _failures_key(request)
    cache.add(key, 0, BAD_TOKEN_WINDOW)  # the window starts with the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, BAD_TOKEN_WINDOW)
    return AuthenticationError(message=NOT_VALID)


def token_user(request):
    """The user of the request's token; None when it sends none. Raises 401 for a bad token and
    429 while its address is throttled."""
    if hasattr(request, "_api_user"):
        return request._api_user
    header = request.headers.get("Authorization", "")
    user = None
    if header:
        if cache.get(_failures_key(request), 0) >= BAD_TOKEN_LIMIT:
            raise Throttled(wait=BAD_TOKEN_WINDOW)
        scheme, _space, secret = header.partition(" ")
        token = token_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise _refused(request)
        token_used(token)
        user = token.user
    request._api_user = user
    return user


def caller(request):
    """Who reads: the token's user, or an anonymous visitor."""
    return token_user(request) or AnonymousUser()


class BearerToken(HttpBearer):
    """The security scheme of the writes: a personal API token."""

    def __call__(self, request):
        user = token_user(request)
        if user is None:
            raise AuthenticationError(message=WRITING_NEEDS_ONE)
        return user

    def authenticate(self, request, token):
        """HttpBearer's hook (``__call__`` above reads the header itself, to answer a missing
        token with its own message): the token's user, the same check as every read."""
        return token_user(request)


bearer = BearerToken()
