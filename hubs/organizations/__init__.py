"""The map domain: organisations and prefectures, their vocabulary, identifiers and record
checks, queries and serialisers, map aggregation, imports, seed and synthetic data, the pages
(:mod:`.views`), their JSON twins (:mod:`.api`) and the CLI (:mod:`.cli`).
"""
from __future__ import annotations

from flask import Flask

from hubs.organizations import api, cli, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    cli.init_app(app)
