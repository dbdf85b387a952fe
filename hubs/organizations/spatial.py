"""How bounding-box reads find organisations: a PostGIS GiST index where PostgreSQL has PostGIS,
the B-tree on (lon, lat, kind) everywhere else.

Points stay two columns (EPSG:4326 longitude, latitude): the GiST index is an expression
index on ``ST_MakePoint(lon, lat)``, created with the table (``after_create``) or by the
migration when the server offers the ``postgis`` extension, so nothing changes in the model
or on SQLite. ``ATLAS_POSTGIS=off`` makes neither the index (with the table) nor the reads
use PostGIS (what the benchmark compares). A box is inclusive on every edge either way.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import ColumnElement, Connection, event, func, text

from hubs.organizations.models import Organization

#: The GiST expression index on the organisations' points.
GIST_INDEX = "ix_organization_point_gist"

_present: dict[str, bool] = {}


def postgis_available(connection: Connection) -> bool:
    """Whether this PostgreSQL server offers the ``postgis`` extension (installed or not)."""
    return connection.dialect.name == "postgresql" and connection.execute(text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first() is not None


def _switched_off() -> bool:
    return has_app_context() and current_app.config.get("ATLAS_POSTGIS") == "off"


def create_point_index(connection: Connection) -> bool:
    """The GiST index on the organisations' points, with the extension, where the server offers
    PostGIS (and ``ATLAS_POSTGIS`` is not ``off``); returns whether it was made."""
    if _switched_off() or not postgis_available(connection):
        return False
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    connection.execute(text(f"CREATE INDEX IF NOT EXISTS {GIST_INDEX} ON organization USING gist "
                            "(ST_MakePoint(lon, lat))"))
    _present.clear()
    return True


@event.listens_for(Organization.__table__, "after_create")
def _after_create(_table: Any, connection: Connection, **_kw: Any) -> None:
    create_point_index(connection)


def uses_gist(connection: Connection) -> bool:
    """Whether box reads on ``connection`` go through the GiST index: PostgreSQL, the index
    there, and ``ATLAS_POSTGIS`` not ``off``."""
    if connection.dialect.name != "postgresql":
        return False
    if _switched_off():
        return False
    key = str(connection.engine.url)
    if key not in _present:
        _present[key] = connection.execute(text(
            "SELECT 1 FROM pg_indexes WHERE indexname = :name"), {"name": GIST_INDEX}).first() is not None
    return _present[key]


def box_condition(connection: Connection, bbox: Sequence[float]) -> ColumnElement[bool]:
    """Organisations whose point lies in ``bbox`` (min lon, min lat, max lon, max lat)."""
    minlon, minlat, maxlon, maxlat = bbox
    if uses_gist(connection):
        return func.ST_MakePoint(Organization.lon, Organization.lat).op("&&")(
            func.ST_MakeEnvelope(minlon, minlat, maxlon, maxlat))
    return Organization.lon.between(minlon, maxlon) & Organization.lat.between(minlat, maxlat)


def box_sql(connection: Connection, bbox: Sequence[float], wide: bool) -> tuple[str, list[float]]:
    """The same condition as SQL text with ``?`` placeholders and its parameters. On the B-tree a
    box ``wide`` (wider than high) is read by the latitude index ("+ 0" keeps the database
    off the (lon, lat) one, where it would read the whole longitude band)."""
    west, south, east, north = bbox
    if uses_gist(connection):
        return "ST_MakePoint(lon, lat) && ST_MakeEnvelope(?, ?, ?, ?)", [west, south, east, north]
    return (f"{'lon + 0' if wide else 'lon'} BETWEEN ? AND ? AND lat BETWEEN ? AND ?",
            [west, east, south, north])
