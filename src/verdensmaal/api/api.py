"""The open API under ``/api/v1/`` (django-ninja): its schema at ``/api/v1/openapi.json`` and its
documentation at ``/api/v1/docs``, with Swagger UI served from this site's static files.

The API speaks English whatever the site's language: messages, labels and errors. Every read
carries an ETag and, where the data say when they changed, a Last-Modified (``caching.py``).
Errors are ``{"detail": ..., "errors": [...]}``: 401 without a valid token where one is needed,
403 for another organisation's data, 404 for an unknown id or code, 409 for an edit of a stale
version, 422 naming each field that is wrong (malformed JSON included), 429 while bad tokens are
throttled.
"""

import json
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger, _csrf_needed
from ninja.parser import Parser

from verdensmaal.frameworks.services import StaleEditError

from .auth import token_user
from .caching import conditional
from .routers import areas, catalogue, changes, frameworks, learning, observations, programme

DESCRIPTION = """
Open data of the verdensmaal network: the SDG framework, Denmark's areas, the municipal indicator
catalogue and its observations, the municipalities' action and target frameworks with the
progress of their local targets, the network's programme, and a feed of changes.

**Reading** needs no login: you read what is published. With a personal API token (made on your
account page, `/api/tokens/`) you read what the site shows you when logged in, and you may write
what the site lets you write: local targets, actions and progress updates of your municipality.
Send it as `Authorization: Bearer <token>`.

**Paging**: observations come in pages; follow `next` until it is null. `format=csv` gives a whole
selection as one CSV file.

**Caching**: reads carry an `ETag` and a `Last-Modified`; send `If-None-Match` or
`If-Modified-Since` to get `304 Not Modified` when nothing changed.

**Following changes**: `/changes?since=<time or cursor>` lists what changed, in order.

**Errors** are JSON, in English: `{"detail": "...", "errors": [{"field": ..., "message": ...}]}`.
""".strip()


WRAPPERS = {"payload", "filters"}  # parameters that are objects of their own fields


class InvalidJson(ValueError):
    pass


class JsonParser(Parser):
    """Parse bodies as JSON; what is not JSON is a 422 on the body, not a 400."""

    def parse_body(self, request):
        try:
            data = json.loads(request.body)
        except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, too many digits
            raise InvalidJson(str(error)) from error
        if not isinstance(data, dict):
            raise InvalidJson("the body must be a JSON object")
        return data


class SiteSwagger(Swagger):
    """ninja's Swagger UI page with its files served by this site. ninja renders it so only when
    "ninja" is an installed app (else a page that loads them from a CDN); it is not one here, as
    installing it imports ninja and pydantic before every command. Its template and files are
    found through the settings instead (``NINJA_DIR``)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


class OpenApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *args, **kwargs):
        """Reads take a token too (they then read as its user): say so, as optional."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema["paths"].values():
            if "get" in path and "security" not in path["get"]:
                path["get"]["security"] = [{}, {"BearerToken": []}]
        return schema

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)


def in_english_as_the_caller(run):
    """Every operation runs in English (messages, labels, errors), whatever the site's language,
    and checks a token when one is sent, reads included: a bad token is never ignored."""

    @wraps(run)
    def operation(request, *args, **kwargs):
        with translation.override("en"):
            try:
                token_user(request)
            except HttpError as error:
                response = api.on_exception(request, error)
            else:
                response = run(request, *args, **kwargs)
        response["Content-Language"] = "en"
        return response

    return operation


api = OpenApi(
    title="verdensmaal open API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    parser=JsonParser(),
    docs=SiteSwagger(),
    docs_decorator=require_safe,  # the schema and its page are read, never posted to
)
api.add_decorator(in_english_as_the_caller, mode="view")
for router in (
    catalogue.router,
    areas.router,
    observations.router,
    frameworks.router,
    learning.router,
    programme.router,
    changes.router,
):
    api.add_router("/", router)


def _problem(request, status: int, detail: str, errors=(), **headers):
    response = api.create_response(
        request, {"detail": detail, "errors": list(errors)}, status=status
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _field_error(error: dict) -> dict:
    location, *path = error["loc"]
    if path and path[0] in WRAPPERS:
        path = path[1:]  # the name of the body's or the filters' parameter says nothing
    return {
        "field": ".".join(str(part) for part in path) or location,
        "location": location,
        "message": error["msg"],
        "type": error.get("type", "value_error"),
    }


@api.exception_handler(ValidationError)
def invalid_input(request, error: ValidationError):
    errors = [_field_error(e) for e in error.errors]
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return _problem(request, 422, f"Invalid input: {fields}.", errors)


@api.exception_handler(DjangoValidationError)
def refused_by_service(request, error: DjangoValidationError):
    """A service refused the write: its messages, on their fields where it names them."""
    if isinstance(error, StaleEditError):
        return _problem(request, 409, str(error.messages[0]))
    if hasattr(error, "error_dict"):
        pairs = [(field, message) for field, e in error.error_dict.items() for message in e]
    else:
        pairs = [("body", message) for message in error.messages]
    errors = [
        {
            "field": "body" if field == "__all__" else field,
            "location": "body",
            "message": " ".join(str(m) for m in getattr(message, "messages", [message])),
            "type": "refused",
        }
        for field, message in pairs
    ]
    fields = ", ".join(sorted({e["field"] for e in errors}))
    return _problem(request, 422, f"Refused: {fields}.", errors)


@api.exception_handler(PermissionDenied)
def not_allowed(request, error):
    return _problem(
        request,
        403,
        "Not allowed: you may write only for your own municipality, as an editor.",
    )


@api.exception_handler(Http404)
def not_found(request, error):
    return _problem(request, 404, "Not found.")


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    if isinstance(error.__cause__, InvalidJson):
        message = f"The body is not valid JSON: {error.__cause__}"
        return _problem(
            request,
            422,
            "Invalid input: body.",
            [{"field": "body", "location": "body", "message": message, "type": "json_invalid"}],
        )
    if isinstance(error, Throttled):
        return _problem(
            request,
            429,
            "Too many bad tokens from your address: wait before trying again.",
            Retry_After=str(error.wait),
        )
    if isinstance(error, AuthenticationError):
        return _problem(request, 401, error.message, WWW_Authenticate="Bearer")
    return _problem(request, error.status_code, error.message)
