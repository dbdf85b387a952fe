"""Accounts and roles: applicants register themselves; coordinators and admins are created
by an admin (page or ``flask users create``). Pages use the session, scripts a bearer token.
"""
from __future__ import annotations

import os
from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from hubs.accounts import api, cli, limits, views
from hubs.accounts.auth import current_user, load_user
from hubs.accounts.forms import EmptyForm
from hubs.core.errors import AtlasError, error_response


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    return error_response(AtlasError(_l("The form has expired; please try again."), code="csrf"))


def init_app(app: Flask) -> None:
    """Session hardening, the user loader, rate limits, blueprints and the CLI."""
    # Secure cookies unless testing or explicitly turned off for plain-HTTP development.
    insecure = app.testing or os.environ.get("ATLAS_INSECURE_COOKIES") == "1"
    app.config.setdefault("ATLAS_SECURE_COOKIES", not insecure)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["ATLAS_SECURE_COOKIES"],
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )
    limits.init_app(app)
    app.before_request(load_user)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.users)
    app.jinja_env.globals["current_user"] = current_user
    app.jinja_env.globals["LogoutForm"] = EmptyForm
