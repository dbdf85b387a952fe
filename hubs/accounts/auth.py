"""Who is asking: the session for pages, a bearer token for scripts.

The API accepts the session cookie only for safe methods (GET/HEAD); anything that
changes data over the API needs ``Authorization: Bearer <token>``, so a cross-site form
can never act with a logged-in person's cookie. Pages that change data use CSRF-checked
Flask-WTF forms.
"""
from __future__ import annotations


from flask import g, request, session

from hubs.core.access import current_user
from hubs.accounts.models import User
from hubs.accounts.operations import end_sessions, user_for_token
from hubs.core.extensions import db
from hubs.core.i18n import current_language

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _is_api() -> bool:
    return request.path.startswith("/api/")


def load_user() -> None:
    """Set ``g.user`` (``None`` when anonymous) before every request."""
    g.user = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer":
            g.user = user_for_token(token.strip())
        return
    user_id = session.get("user_id")
    if user_id is None or (_is_api() and request.method not in SAFE_METHODS):
        return
    user = db.session.get(User, user_id)
    # A session begun before the user's last log-out, password change or deactivation is over.
    if user is None or not user.active or session.get("generation") != (user.session_generation or 0):
        return
    g.user = user


def log_in(user: User) -> None:
    """Start a fresh session for ``user``, keeping only the language choice."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session["user_id"] = user.id
    session["generation"] = user.session_generation or 0
    session.permanent = True
    if user.language is None:  # notices and mails: the language of the first log-in, until one is chosen
        user.language = current_language()
        db.session.commit()


def log_out() -> None:
    """End the session here and on the server: a copy of the cookie no longer works."""
    user = current_user()
    if user is not None:
        end_sessions(user)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
