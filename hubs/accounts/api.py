"""Account endpoints of the JSON API: register and obtain a bearer token."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from hubs.accounts.limits import limiter, login_limit
from hubs.accounts.operations import authenticate, create_user, issue_token
from hubs.accounts.schemas import Account, Credentials, Login, Token
from hubs.core.errors import AtlasError
from hubs.core.openapi import endpoint

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1/auth")


@bp.post("/register")
@endpoint("registerApplicant", body=Credentials, responses={201: Account}, errors=(409, 429), tags=("accounts",))
@limiter.limit(login_limit)
def register(body: Credentials) -> ResponseReturnValue:
    """Register an applicant account."""
    user = create_user(body.email, body.password, "applicant")
    return jsonify(id=user.id, email=user.email, role=user.role), 201


@bp.post("/token")
@endpoint("issueToken", body=Login, responses={200: Token}, errors=(401, 429), tags=("accounts",))
@limiter.limit(login_limit)
def token(body: Login) -> ResponseReturnValue:
    """Exchange email and password for a bearer token."""
    user = authenticate(body.email, body.password)
    if user is None:
        raise AtlasError(_l("Wrong email or password."), status=401, code="unauthorized",
                         headers={"WWW-Authenticate": 'Bearer realm="atlas"'})
    return jsonify(token=issue_token(user), token_type="Bearer", role=user.role)
