"""Security headers on every response.

A Content-Security-Policy with a fresh nonce per request: folium's inline map scripts
carry it, nothing else inline runs, and no ``unsafe-eval``. Pages may be framed only in
embed mode (``?embed=1``).
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, g, request
from markupsafe import Markup

from hubs.core.config import TILE_SOURCES

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)")


def csp_nonce() -> str:
    """This request's nonce for inline scripts."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def with_nonce(html: str) -> Markup:
    """Trusted generated HTML (folium's map) with this request's nonce on its inline scripts."""
    return Markup(_INLINE_SCRIPT.sub(f'<script nonce="{csp_nonce()}"', str(html)))


def embeddable(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a public map page as one other sites may frame with ``?embed=1``; no other page can be."""
    view.embeddable = True  # type: ignore[attr-defined]
    return view


def is_embed() -> bool:
    """Embed mode: ``?embed=1`` on a GET of a page marked :func:`embeddable`."""
    if request.method != "GET" or request.args.get("embed") != "1" or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, "embeddable", False))


def _policy() -> str:
    images = ["'self'", "data:"]
    tiles = current_app.config.get("ATLAS_TILES")
    if tiles in TILE_SOURCES:
        images.append(re.match(r"https://[^/]+", TILE_SOURCES[tiles]["url"]).group(0))
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{csp_nonce()}'",
        # Leaflet positions everything with inline styles; styles cannot run code.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(images),
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "*" if is_embed() else "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if not is_embed():
        response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.globals["is_embed"] = is_embed
    app.jinja_env.filters["with_nonce"] = with_nonce
