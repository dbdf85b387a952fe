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

    setup.init_app(app)
