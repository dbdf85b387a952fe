"""Accounts and roles: applicants register themselves; coordinators and admins are created
by an admin (page or ``flask users create``). Pages use the session, scripts a bearer token.
"""
from __future__ import annotations

import os
from datetime import timedelta

from flask import Flask, jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from hubs.accounts import api, cli, limits, views
from hubs.accounts.auth import current_user, load_user
from hubs.accounts.forms import EmptyForm
from hubs.core.errors import wants_json
from hubs.core.i18n import current_language
from hubs.core.validation import InvalidInput, localised


def _invalid_input(error: InvalidInput) -> ResponseReturnValue:
    errors = localised(error.errors, current_language())
    if wants_json():
        return jsonify(error="invalid", errors=errors), error.status
    text = "; ".join(p["message"] for problems in errors.values() for p in problems)
    return render_template("error.html", code=error.status, message=text), error.status


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    if wants_json():
        return jsonify(error="csrf", message=error.description), 400
    return render_template("error.html", code=400, message=error.description), 400


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
    app.register_error_handler(InvalidInput, _invalid_input)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.users)
    app.jinja_env.globals["current_user"] = current_user
    app.jinja_env.globals["LogoutForm"] = EmptyForm
