"""Account endpoints of the JSON API: register and obtain a bearer token."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from hubs.accounts.limits import limiter, login_limit
from hubs.accounts.operations import authenticate, create_user, issue_token
from hubs.core.validation import InvalidInput

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1/auth")


def json_body() -> dict:
    """The request's JSON object, or 400 with ``errors`` keyed by ``body``."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput.single(
            "body", "not_json_object", "JSON オブジェクトを送ってください。", "Send a JSON object.", status=400
        )
    return data


@bp.post("/register")
@limiter.limit(login_limit)
def register() -> ResponseReturnValue:
    data = json_body()
    user = create_user(data.get("email"), data.get("password"), "applicant")
    return jsonify(id=user.id, email=user.email, role=user.role), 201


@bp.post("/token")
@limiter.limit(login_limit)
def token() -> ResponseReturnValue:
    data = json_body()
    user = authenticate(data.get("email"), data.get("password"))
    if user is None:
        return jsonify(error="unauthorized", message="wrong email or password"), 401
    return jsonify(token=issue_token(user), token_type="Bearer", role=user.role)
