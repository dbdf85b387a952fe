"""The API keeps the contract its OpenAPI document declares (schemathesis, every check).

Every operation in ``/api/v1/openapi.json`` is called with generated input, both data the
document allows (which must be accepted, or refused only with a documented status) and data
it forbids (which must be refused with a 4xx). Every answer must match the documented status
codes, content types, headers and schemas; nothing may answer 5xx. Requests carry a
coordinator's bearer token so that secured operations are exercised too. (schemathesis's
pytest plugin does not run under pytest 9 yet, so each operation is driven through its
Hypothesis strategy directly.)
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, missing_required_header, negative_data_rejection, positive_data_acceptance,
    response_headers_conformance, response_schema_conformance, status_code_conformance
)

from app import create_app
from hubs.accounts.models import User
from hubs.accounts.operations import issue_token
from hubs.core.extensions import db
from hubs.core.openapi import openapi_document

#: Examples per operation and mode; FUZZ_EXAMPLES=500 for a longer hunt.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))


def _cases() -> list:
    """(path, method, mode) for every operation; data it forbids only where it takes any."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "ATLAS_SEED_ON_START": False,
                      "SECRET_KEY": "x"})
    with app.test_request_context():
        document = openapi_document()
    cases = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            modes = [GenerationMode.POSITIVE]
            if operation.get("parameters") or operation.get("requestBody"):
                modes.append(GenerationMode.NEGATIVE)
            for mode in modes:
                cases.append(pytest.param(path, method.upper(), mode,
                                          id=f"{method.upper()} {path} {mode.value}"))
    return cases


#: Refusals of data the document allows that JSON Schema cannot express: per operation, the
#: (status, field, code) a refusal may carry. Anything else refused counts as drift.
SEMANTIC: dict[tuple[str, str], set[tuple[int, str, str]]] = {
    # zxcvbn judges password strength against the email (issue 11); an address can be taken.
    ("POST", "/api/v1/auth/register"): {(422, "password", "weak"), (422, "password", "blank"),
                                        (409, "email", "taken")},
    # OpenAPI cannot say that one query parameter needs another, nor which ids exist.
    ("GET", "/api/v1/equipment"): {(400, "near", "invalid"), (404, "near", "unknown")},
    # A slot in the past, reversed, too long or on a machine that takes no requests.
    ("POST", "/api/v1/equipment/{equipment_id}/bookings"): {
        (422, "start", "past"), (422, "end", "before_start"), (422, "end", "too_long"),
        (422, "equipment", "not_bookable")},
}


def _positive_data_acceptance(ctx, response, case):
    """Schema-valid data is accepted, or refused only for a reason listed in :data:`SEMANTIC`."""
    allowed = SEMANTIC.get((case.operation.method.upper(), case.operation.path), set())
    if allowed and response.status_code >= 400:
        errors = [e for field in (response.json().get("errors") or {"": [{}]}).values() for e in field]
        if all((response.status_code, e.get("field"), e.get("code")) in allowed for e in errors):
            return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection, _positive_data_acceptance, missing_required_header]
CASES = _cases()


@pytest.fixture
def token(app) -> str:
    with app.app_context():
        user = User(email="fuzz@example.org", role="coordinator", password_hash="x")
        db.session.add(user)
        db.session.commit()
        return issue_token(user)


@pytest.mark.parametrize(("path", "method", "mode"), CASES)
def test_api_holds_its_contract(app, token, path, method, mode):
    app.config["RATELIMIT_ENABLED"] = False
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity",
                                                       "Authorization": f"Bearer {token}"})

    check()
