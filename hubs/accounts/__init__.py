"""Accounts and roles: applicants register themselves; coordinators and admins are created
by an admin (page or ``flask users create``). Pages use the session, scripts a bearer token.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from hubs.accounts import api, cli, views
from hubs.core.registry import register
from hubs.core.access import current_user
from hubs.accounts.auth import load_user
from hubs.accounts.forms import EmptyForm
from hubs.accounts.models import ROLES
from hubs.core.i18n import current_language
from hubs.core.errors import AtlasError, error_response


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    return error_response(AtlasError(_l("The form has expired; please try again."), code="csrf"))


def role_label(role: str) -> str:
    """A role's name in the reader's language (shown to applicants instead of staff emails)."""
    names = ROLES.get(role, (role, role))
    return names[1] if current_language() == "en" else names[0]


def _no_store(response: Response) -> Response:
    # Answers for a logged-in person (or a token) must not stay in shared or browser caches.
    if current_user() is not None or "user_id" in session or request.headers.get("Authorization"):
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    """Session hardening, the user loader, rate limits, blueprints and the CLI."""
    # Secure cookies unless testing or explicitly turned off for plain-HTTP development.
    insecure = app.testing or app.config["ATLAS_INSECURE_COOKIES"]
    app.config.setdefault("ATLAS_SECURE_COOKIES", not insecure)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["ATLAS_SECURE_COOKIES"],
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    register(app, "access.login_url", lambda next_path: url_for("accounts.login", next=next_path))
    app.before_request(load_user)
    app.after_request(_no_store)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.users)
    app.jinja_env.globals["current_user"] = current_user
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["LogoutForm"] = EmptyForm
