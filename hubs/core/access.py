"""Who may see a view: the signed-in user (``g.user``, set before every request by the feature
that signs people in) and decorators that ask for one, or for a role.

The login page belongs to that feature; it tells the core where it is (hook ``access.login_url``).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, g, redirect, request
from flask_babel import lazy_gettext as _l

from hubs.core.registry import hooks


def current_user() -> Any:
    """The signed-in user, or ``None``."""
    return g.get("user")


def _login_url(next_path: str) -> str | None:
    for url in hooks("access.login_url"):
        return str(url(next_path))
    return None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Pages redirect to the login page; the API answers 401."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            url = None if request.path.startswith("/api/") else _login_url(request.full_path.rstrip("?"))
            if url is None:
                abort(401, description=_l("Log in, or send an API token: Authorization: Bearer <token>"))
            return redirect(url)
        return view(*args, **kwargs)

    return wrapped


def roles_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Logged in (see :func:`login_required`) and in one of ``roles``, else 403."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is not None and user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapped)

    return decorator
