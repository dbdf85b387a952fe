"""The equipment network (issue 15): machines at public test labs, AIST and universities,
searchable by category, synonym, field, place, distance and the fee a requester pays.

``/equipment`` and its JSON twin ``GET /api/v1/equipment`` share one service
(:mod:`hubs.equipment.operations`); fees are the pure :mod:`hubs.equipment.fees`; booking
requests, lab staff's decisions and proposals, and the iCal feeds (per machine, and per person at a
secret URL) are :mod:`hubs.equipment.bookings`; the shipped data load through the ``seed.steps``
hook (:mod:`hubs.equipment.seed`). The testbed composer (``/equipment/testbed``) and the
``within_ms`` search ask for SINET paths and latencies through the ``network.path`` and
``network.latency`` hooks (:mod:`hubs.equipment.network`), never importing the collaboration feature;
booking notices go through the certification feature's notices by the ``notices.*`` hooks
(:mod:`hubs.equipment.notices`).
"""
from __future__ import annotations

from flask import Flask

from hubs.core.registry import register
from hubs.equipment import api, notices, staff, views
from hubs.equipment.operations import machines_per_organization
from hubs.equipment.seed import seed_equipment


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(staff.bp)
    register(app, "seed.steps", seed_equipment)
    register(app, "organization.equipment", machines_per_organization)
    register(app, "openapi.document", api.document_feed_secret)
    register(app, "notices.words", notices.words)
    register(app, "notices.link", notices.link)
