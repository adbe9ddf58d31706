"""What the API's routers share: texts in both languages, links, the errors they raise and the
responses every operation documents."""

import json
from datetime import date

from django.http import HttpResponse
from ninja.errors import HttpError, ValidationError

from .caching import conditional
from .schemas import Problem

API_ROOT = "/api/v1"

# The responses every read documents besides its own 200 (and 404 where it names one thing).
READ = {304: None, 401: Problem, 422: Problem, 429: Problem}
ONE = {**READ, 404: Problem}
# ... and every write.
WRITE = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 429: Problem}


def texts(obj, field: str) -> dict:
    """A text kept in two languages, as ``{"da": ..., "en": ...}`` (empty where not written)."""
    return {"da": obj.text_in(field, "da"), "en": obj.text_in(field, "en")}


def link(path: str) -> str:
    return f"{API_ROOT}{path}"


class NotFound(HttpError):
    def __init__(self, what: str):
        super().__init__(404, f"No {what} with that id or code.")


def found(obj, what: str):
    """``obj``, or a 404 naming what was not found."""
    if obj is None:
        raise NotFound(what)
    return obj


def invalid(field: str, message: str, location: str = "query") -> ValidationError:
    """A 422 naming ``field``, as ninja's own validation errors do."""
    return ValidationError([{"loc": (location, field), "msg": message, "type": "value_error"}])


def _iso(value):
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_response(request, payload) -> HttpResponse:
    """A read's body written straight to JSON, for the large pages whose rows the selectors
    already give in the documented shape: ninja's validation of each row would cost more than
    the query (schemathesis checks the shape against the schema)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_iso)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    return conditional(request, response)
