"""What the map draws: individual organisations, or counts per grid cell when there are many.

Coordinates are EPSG:4326 longitude/latitude; cells are 64-px Web-Mercator tiles at the
requested zoom (:func:`geo.grid.grid_aggregate`).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from flask import current_app
from flask_babel import lazy_gettext as _l

from geo.grid import WORLD_BBOX, grid_aggregate
from hubs.core.bulk import fetch_rows
from hubs.core.errors import ParameterError
from hubs.core.extensions import db
from hubs.organizations.frame import fresh_frame
from hubs.organizations.models import Organization
from hubs.organizations.queries import OrganizationQuery
from hubs.organizations.serialisers import Records, rows_of_ids


#: Above this many matches a map request with ``zoom`` gets aggregated cells, not points.
AGGREGATE_ABOVE = 3000
#: From this zoom on a map request always gets the individual points of its box.
INDIVIDUAL_FROM_ZOOM = 14


def map_features(query: OrganizationQuery, zoom: int, lang: str = "ja") -> dict[str, Any]:
    """What the map draws for ``query`` at ``zoom``.

    Zoomed in (≥ :data:`INDIVIDUAL_FROM_ZOOM`), or with few matches
    (≤ :data:`AGGREGATE_ABOVE`), the individual organisations; otherwise one Point feature
    per occupied 64-px grid cell at that zoom, with ``count`` and ``counts_by_kind``
    (see :func:`geo.grid.grid_aggregate`). The counts add up to ``total``.
    """
    frame = fresh_frame() if zoom < INDIVIDUAL_FROM_ZOOM else None
    if frame is not None and not query.sinet and not query.q:
        # The in-memory table (built for the exploration pages) answers a national view
        # without reading every row again; when it is not built, three columns from SQL
        # are cheaper than building it.
        frame = frame.orgs
        mask = query.frame_mask(frame)
        total = int(mask.sum())
        if total > AGGREGATE_ABOVE:
            chosen = frame[mask]
            return _aggregated(total, grid_aggregate(
                chosen["lon"].to_numpy(), chosen["lat"].to_numpy(), query.bbox or WORLD_BBOX, zoom,
                kinds=chosen["kind"].to_numpy()))
    if zoom < INDIVIDUAL_FROM_ZOOM:
        # Three columns of every match: enough to count them, and to aggregate if many.
        rows = fetch_rows(db.session.connection(), query.statement().with_only_columns(
            Organization.lon, Organization.lat, Organization.kind))
        if len(rows) > AGGREGATE_ABOVE:
            lon = np.fromiter((r[0] for r in rows), float, len(rows))
            lat = np.fromiter((r[1] for r in rows), float, len(rows))
            return _aggregated(len(rows), grid_aggregate(lon, lat, query.bbox or WORLD_BBOX, zoom,
                                                         kinds=[r[2] for r in rows]))
    cap = current_app.config["ATLAS_MAX_FEATURES"]
    # The ids of the box first, from the (lon, lat, kind) index (SQLite keeps the id in it):
    # asked for in id order, the database would walk the whole table in that order instead.
    ids = sorted(row[0] for row in fetch_rows(db.session.connection(),
                                              query.statement().with_only_columns(Organization.id)))
    if len(ids) > cap:
        # A map view lists at most one page of points; more in the box are aggregated above.
        raise ParameterError("zoom", _l(
            "More than %(n)s organisations match: give a map zoom (counts per grid cell), narrow the box "
            "(bbox) or the filters, or download them with format=csv.", n=format(cap, ",")))
    records = Records(lang)
    features: list[dict[str, Any]] = []
    for rows in rows_of_ids(ids):
        features += records.features(rows)
    return {"type": "FeatureCollection", "features": features, "aggregated": False, "total": len(features)}


def _aggregated(total: int, cells: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "aggregated": True,
        "total": total,
        "features": [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(c["lon"], 5), round(c["lat"], 5)]},
            "properties": {"aggregate": True, "count": c["count"], "counts_by_kind": c["counts_by_kind"],
                           "bounds": [round(v, 5) for v in c["bounds"]]},
        } for c in cells],
    }
