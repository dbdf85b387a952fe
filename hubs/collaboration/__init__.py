"""SINET-linked collaboration: the backbone as data, organisation paths, partner finding.

The pure path engine is :mod:`geo.sinet`; this package keeps the backbone in the
database (:mod:`.models`, :mod:`.backbone`), answers questions about it
(:mod:`.operations`) and serves pages (:mod:`.views`) and their JSON twins (:mod:`.api`).
"""
from __future__ import annotations

from hubs.collaboration.backbone import current_backbone

__all__ = ["current_backbone", "init_app"]


def init_app(app) -> None:
    """Register blueprints, CLI commands and the first-start seed."""
    from hubs.collaboration import setup
    from hubs.collaboration.operations import network_latencies, network_path
    from hubs.core.registry import register

    setup.init_app(app)
    # Paths and latencies for features that must not import this package (the equipment testbed
    # and its "within N ms" search).
    register(app, "network.path", network_path)
    register(app, "network.latency", network_latencies)
