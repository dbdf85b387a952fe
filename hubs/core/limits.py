"""Rate limits (Flask-Limiter). Storage comes from ``RATELIMIT_STORAGE_URI`` (``memory://``
by default; use Redis or memcached when several processes serve the portal)."""
from __future__ import annotations


from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

def _reading() -> bool:
    return request.method in ("GET", "HEAD", "OPTIONS")


#: Default limits count writes only (POST, PUT, DELETE from one address); reads are free.
limiter = Limiter(
    get_remote_address,
    default_limits=[lambda: current_app.config["ATLAS_WRITE_RATE_LIMIT"]],
    default_limits_exempt_when=_reading,
)


def _signed_in() -> bool:
    # g.user is set before every request by whichever feature signs people in.
    return g.get("user") is not None


def anonymous_read_limit() -> str:
    """Expensive reads allowed per anonymous client, from ``ATLAS_ANONYMOUS_READ_RATE_LIMIT``."""
    return current_app.config["ATLAS_ANONYMOUS_READ_RATE_LIMIT"]


#: For the API's expensive answers (map data, exploration): one budget shared by all of them
#: per anonymous client; people who are logged in or send a token are not counted.
expensive_read = limiter.shared_limit(anonymous_read_limit, scope="expensive-reads", exempt_when=_signed_in)


def expensive_read_unless(free: Callable[[], bool]) -> Any:
    """:data:`expensive_read`, but requests for which ``free()`` is true are not counted: a
    byte range of an export already written, say, so that GDAL reading a file by URL
    (``/vsicurl/``, dozens of ``Range`` requests) spends the budget once, on the request that
    wrote it, not once per range."""
    return limiter.shared_limit(anonymous_read_limit, scope="expensive-reads",
                                exempt_when=lambda: _signed_in() or free())


def login_limit() -> str:
    """Attempts allowed per client address, from ``ATLAS_LOGIN_RATE_LIMIT``."""
    return current_app.config["ATLAS_LOGIN_RATE_LIMIT"]


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # Flask-Limiter keeps one app's RATELIMIT_ENABLED=False for every later app unless each says.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
