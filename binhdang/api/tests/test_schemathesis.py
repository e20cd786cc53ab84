"""Property tests: schemathesis sends generated requests to every operation of the OpenAPI
schema (through the WSGI app, with a plan manager's token) and checks there is no server
error and every documented response matches the schema. Bounded: a few examples per
operation, no deadline."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from binhdang.api.services import token_create

APP = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
SCHEMA.app = APP

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app closes the database connection after each request (CONN_MAX_AGE=0),
    which would end the test's transaction on PostgreSQL; Django's test client detaches
    that handler the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(api_world):
    _token, secret = token_create(actor=api_world.manager_hp, name="schemathesis")
    return secret


@SCHEMA.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
    database=None,
)
def test_api_conforms_to_its_schema(case, token):
    response = case.call(headers={"Authorization": f"Token {token}", "Host": "localhost"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
