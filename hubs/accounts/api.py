"""Account endpoints of the JSON API: register and obtain a bearer token."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from hubs.core.access import current_user, login_required
from hubs.core.limits import limiter, login_limit
from hubs.accounts.models import User
from hubs.accounts.operations import (
    aware, authenticate, create_user, issue_token, live_tokens, revoke_token, set_language
)
from hubs.accounts.schemas import (
    Account, AccountChange, AccountSettings, Credentials, Login, Token, TokenList, TokensRequest
)
from hubs.core.errors import AtlasError
from hubs.core.openapi import endpoint
from hubs.core.responses import keyset_page, page_response

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


@bp.get("/tokens")
@login_required
@endpoint("listTokens", query=TokensRequest, responses={200: TokenList}, secured=True, tags=("accounts",))
def tokens(query: TokensRequest) -> ResponseReturnValue:
    """Your working API tokens, in pages (ascending id): when made, last used, when they expire."""
    def moment(value: datetime | None) -> str | None:
        return aware(value).isoformat() if value is not None else None  # type: ignore[union-attr]

    page, after = keyset_page(live_tokens(current_user()), query, "accounts_api.tokens", lambda t: t.id)
    return page_response({"tokens": [{"id": t.id, "created_at": moment(t.created_at),
                                      "last_used_at": moment(t.last_used_at), "expires_at": moment(t.expires_at)}
                                     for t in page], "next": after})


@bp.delete("/tokens/<int:token_id>")
@login_required
@endpoint("revokeToken", responses={204: None}, secured=True, errors=(404,), tags=("accounts",))
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of your tokens (the one in use too)."""
    revoke_token(current_user(), token_id)
    return "", 204


def _settings(user: User) -> ResponseReturnValue:
    return jsonify(id=user.id, email=user.email, role=user.role, language=user.language or "ja")


@bp.get("/account")
@login_required
@endpoint("getAccount", responses={200: AccountSettings}, secured=True, tags=("accounts",))
def account() -> ResponseReturnValue:
    """Your account: email, role and the language of your notices and mails."""
    return _settings(current_user())


@bp.put("/account")
@login_required
@endpoint("changeAccount", body=AccountChange, responses={200: AccountSettings}, secured=True, errors=(429,),
          tags=("accounts",))
def change_account(body: AccountChange) -> ResponseReturnValue:
    """Choose the language of your notices and mails (``ja`` or ``en``)."""
    return _settings(set_language(current_user(), body.language))
