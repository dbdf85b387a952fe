"""The SINET backbone the portal uses now: from the database, cached per process.

:func:`current_backbone` is the one way the rest of the portal gets a
:class:`geo.sinet.Backbone`. It reads the ``sinet_node`` and ``sinet_link`` tables (an admin
can replace them by importing CSVs) and falls back to the seed CSVs in ``seed_data/``
when the tables are missing or empty. Building a backbone precomputes every node-to-node
route, so the result is cached per process and database and rebuilt only when the
generation number in ``sinet_backbone_version`` changes; that row is shared by every
worker, so an import in one worker is seen by the others on their next call.

Coordinates are EPSG:4326 lon/lat throughout (see :mod:`geo.sinet`).
"""
from __future__ import annotations

import threading
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import inspect, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from geo.sinet import Backbone, load_backbone_csv
from hubs.collaboration.models import SinetBackboneVersion, SinetLink, SinetNode
from hubs.core.config import SEED_DIR
from hubs.core.extensions import db

SEED_NODES = SEED_DIR / "sinet_nodes.csv"
SEED_LINKS = SEED_DIR / "sinet_links.csv"

NODE_COLUMNS = (
    "code", "prefecture_code", "name_ja", "name_en", "city", "lat", "lon",
    "location_precision", "capacity_gbps", "core", "modelled", "source",
)
LINK_COLUMNS = ("a", "b", "capacity_gbps", "length_km", "kind", "modelled", "source")

_lock = threading.Lock()
# (database URL) -> (generation, Backbone); generation None means "built from seed CSVs".
_cache: dict[str, tuple[int | None, Backbone]] = {}
_seed_backbone: Backbone | None = None


def seed_backbone() -> Backbone:
    """The backbone of the shipped seed CSVs (a documented model), built once."""
    global _seed_backbone
    if _seed_backbone is None:
        _seed_backbone = load_backbone_csv(SEED_NODES, SEED_LINKS)
    return _seed_backbone


def _tables_exist() -> bool:
    names = set(inspect(db.engine).get_table_names())
    return {"sinet_node", "sinet_link", "sinet_backbone_version"} <= names


def backbone_generation() -> int | None:
    """The generation of the backbone tables, or None when they are absent or empty."""
    try:
        if not _tables_exist():
            return None
        version = db.session.scalar(select(SinetBackboneVersion.generation).limit(1))
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        return None
    return version


def node_rows() -> list[dict[str, Any]]:
    """Node rows from the database, in import order, as plain dicts."""
    nodes = db.session.scalars(select(SinetNode).order_by(SinetNode.position, SinetNode.code))
    return [{c: getattr(n, c) for c in NODE_COLUMNS} for n in nodes]


def link_rows() -> list[dict[str, Any]]:
    """Link rows from the database, in import order, as plain dicts."""
    links = db.session.scalars(select(SinetLink).order_by(SinetLink.id))
    return [{c: getattr(link, c) for c in LINK_COLUMNS} for link in links]


def current_backbone() -> Backbone:
    """The SINET backbone in force: the database's, else the seed model.

    Call inside an application context to read the database; outside one, the seed CSVs
    are used. The result is shared and must be treated as read-only.

    Returns
    -------
    geo.sinet.Backbone
        Node coordinates in EPSG:4326 lon/lat; ``modelled`` tells whether it is a model.
    """
    if not has_app_context():
        return seed_backbone()
    generation = backbone_generation()
    if generation is None:
        return seed_backbone()
    url = str(db.engine.url)
    cached = _cache.get(url)
    if cached is not None and cached[0] == generation:
        return cached[1]
    with _lock:
        cached = _cache.get(url)
        if cached is not None and cached[0] == generation:
            return cached[1]
        nodes, links = node_rows(), link_rows()
        if not nodes or not links:
            return seed_backbone()
        try:
            backbone = Backbone(nodes, links)
        except ValueError:
            # The tables were validated on import; if they are broken anyway, keep the
            # portal running on the seed model and say so in the log.
            current_app.logger.exception("SINET tables invalid; using the seed model")
            backbone = seed_backbone()
        _cache[url] = (generation, backbone)
        return backbone


def forget_cached_backbone() -> None:
    """Drop this process's cached backbones (other processes notice the generation)."""
    with _lock:
        _cache.clear()
