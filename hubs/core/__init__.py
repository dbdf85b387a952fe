"""The platform under every feature: configuration, extensions, errors, parameters, caching,
responses, tables, i18n, security headers, assets, backup, CLI plumbing and OpenAPI assembly.

Nothing here knows a domain word; features extend the platform through the registries in
:mod:`hubs.core.registry`, never the other way round.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from hubs.core import assets, cli, errors, i18n, limits, openapi, routing, security
from hubs.core.extensions import init_extensions
from hubs.core.params import BoundedJSONProvider
from hubs.core.registry import hooks


def header_items() -> list[dict]:
    """Links features add to the site header (hook ``header.items``): each a dict with
    ``url``, ``label`` and optionally ``count`` (shown as a badge when above zero) with
    ``count_hint``, the words screen readers hear after the number."""
    return [item for provide in hooks("header.items") for item in provide()]


def init_app(app: Flask) -> None:
    """Wire the platform into ``app``; call before any feature's ``init_app``."""
    app.json = BoundedJSONProvider(app)
    hops = int(app.config.get("ATLAS_PROXY_HOPS", 0))
    if hops > 0:
        # The client's address and scheme as the trusted proxies saw them: rate limits and
        # secure cookies then apply per client, not to the proxy's one address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    routing.init_app(app)
    init_extensions(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    limits.init_app(app)
    cli.init_app(app)
    app.register_blueprint(assets.bp)
    app.jinja_env.globals["favicon"] = assets.favicon_data_uri(app)
    app.jinja_env.globals["header_items"] = header_items
    openapi.init_app(app)
