"""Schemathesis against our own OpenAPI schema, in-process, with bounded examples: for every
operation, as a center admin and as an innovator (each with a personal token), generated
requests never get a server error nor a response that breaks the documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

EXAMPLES = 2

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests run inside the test's transaction, as with Django's test client: the handler
    must not close that connection when a request starts or ends."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["admin", "innovator"])
def persona_token(request, db):
    """A token for a persona of center A (its own fixture: the suite's personas are
    function-scoped, and one set of data serves all of an operation's examples)."""
    from markaz.core.tokens import create_token

    user = request.getfixturevalue(f"{request.param}_a")
    if request.param == "innovator":
        request.getfixturevalue("venture_a")  # an innovator runs a venture
    return create_token(username=user.username, center_slug="amal-hub", name="fuzz")[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_errors_or_breaks_its_schema(case, persona_token):
    if case.path_parameters and "slug" in case.path_parameters:
        # The persona's own center, so requests reach validation and the data, not a 404.
        case.path_parameters["slug"] = "amal-hub"
    case.call_and_validate(
        headers={"Authorization": f"Bearer {persona_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
