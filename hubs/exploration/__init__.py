"""Exploration: choropleths, specialisation, clusters, regions and innovation areas.

``/explore`` and the cluster and region pages, each with a JSON twin under ``/api/v1``
over the same service function (:mod:`hubs.exploration.operations`).
"""
from __future__ import annotations

from flask import Flask

from hubs.exploration import api, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
