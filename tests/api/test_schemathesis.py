"""schemathesis against the API's own OpenAPI schema, run in the process through WSGI (no
server): for every operation a bounded number of generated requests, valid and invalid, both
anonymous and with an editor's token, on a database with a shared framework in it. No request
may cause a server error, and every response must be what the schema says.

Bounded to keep the run short (about a minute on the 2-core machine): ``MAX_EXAMPLES`` requests
per operation and mode, derandomized, so that every run sends the same requests.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from verdensmaal.api.services import token_create

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def schema(reference):
    """The schema, read from the WSGI application itself. Its requests run inside the test's
    transaction: as with Django's test client, a request's end must not close the connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from verdensmaal.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(operation, mode: GenerationMode, headers: list[dict]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        for header in headers:
            response = case.call(headers=header)
            case.validate_response(response, checks=CHECKS, headers=header)

    check()


def test_the_api_keeps_to_its_schema_and_never_fails(schema, shared, editor):
    token = token_create(actor=editor, name="schemathesis").secret
    # Uncompressed: the page cache serves gzip to clients that ask for it, and the WSGI transport
    # asks for it without unpacking it.
    plain = {"Accept-Encoding": "identity"}
    headers = [plain, {**plain, "Authorization": f"Bearer {token}"}]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        _run(operation, GenerationMode.POSITIVE, headers)
        if len(operation.path_parameters) or len(operation.query) or len(operation.body):
            _run(operation, GenerationMode.NEGATIVE, headers)  # something to get wrong
