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

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, negative_data_rejection, positive_data_acceptance, missing_required_header]
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
                marks = [pytest.mark.xfail(reason=KNOWN_DRIFT[(method.upper(), path, mode.value)], strict=True)] \
                    if (method.upper(), path, mode.value) in KNOWN_DRIFT else []
                cases.append(pytest.param(path, method.upper(), mode, marks=marks,
                                          id=f"{method.upper()} {path} {mode.value}"))
    return cases


#: Drift still open (issue 10), each with why: strict xfails, so a fix makes them fail until removed here.
_STRENGTH = "password strength is judged by zxcvbn (issue 11), which JSON Schema cannot express"
KNOWN_DRIFT: dict[tuple[str, str, str], str] = {
    ("POST", "/api/v1/auth/register", "positive"): _STRENGTH,
    ("GET", "/api/v1/equipment", "positive"): "within_km needs near: OpenAPI cannot say that one query "
                                              "parameter depends on another, so the 400 looks like drift",
    ("POST", "/api/v1/equipment/{equipment_id}/bookings", "positive"): "a slot in the past, reversed or on a "
                                                                       "machine that takes no requests is a 422 "
                                                                       "the schema cannot express (issue 13)",
}

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
