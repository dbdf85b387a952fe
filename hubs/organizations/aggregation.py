"""What the map draws: individual organisations, or counts per grid cell when there are many.

Coordinates are EPSG:4326 longitude/latitude; cells are 64-px Web-Mercator tiles at the
requested zoom (:func:`geo.grid.grid_aggregate`).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from geo.grid import WORLD_BBOX, grid_aggregate
from hubs.core.bulk import fetch_rows
from hubs.core.errors import ParameterError
from hubs.core.extensions import db
from hubs.organizations.cells import FINEST, ensure_cells, view_cells
from hubs.organizations.frame import fresh_frame
from hubs.organizations.models import Organization
from hubs.organizations.queries import OrganizationQuery
from hubs.organizations.serialisers import Records, rows_of_ids


#: Above this many matches a map request with ``zoom`` gets aggregated cells, not points.
AGGREGATE_ABOVE = 3000
#: From this zoom on (the map's deepest) a map request always gets the individual points of its
#: box. Below it many matches come as cells at any zoom: at 1,000,000 organisations a zoom-14
#: view of central Tokyo holds 4,400, which took 0.5–1.3 s to send as whole records, and the
#: map clusters that many markers on the client anyway.
INDIVIDUAL_FROM_ZOOM = 18


def map_features(query: OrganizationQuery, zoom: int, lang: str = "ja") -> dict[str, Any]:
    """What the map draws for ``query`` at ``zoom``.

    Zoomed in (≥ :data:`INDIVIDUAL_FROM_ZOOM`), or with few matches
    (≤ :data:`AGGREGATE_ABOVE`), the individual organisations; otherwise one Point feature
    per occupied 64-px grid cell at that zoom, with ``count`` and ``counts_by_kind``
    (see :func:`geo.grid.grid_aggregate`). The counts add up to ``total``. Filtered by kind,
    box and synthetic flag alone (what the map asks), the counts come from the kept cells
    (:mod:`hubs.organizations.cells`); other filters aggregate the matching rows.
    """
    total: int | None = None
    if zoom < INDIVIDUAL_FROM_ZOOM and zoom <= FINEST and _cells_answer(query):
        # Kind, box and synthetic filters only: the kept cell counts answer, whatever N is.
        ensure_cells()
        total, cells = view_cells(zoom, query.bbox or WORLD_BBOX, query.kind, query.include_synthetic)
        if total > AGGREGATE_ABOVE:
            return _aggregated(total, cells)
    frame = fresh_frame() if zoom < INDIVIDUAL_FROM_ZOOM else None
    if frame is not None and not query.sinet and not query.q and total is None:
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
    if zoom < INDIVIDUAL_FROM_ZOOM and total is None:
        # Three columns of every match: enough to count them, and to aggregate if many.
        rows = fetch_rows(db.session.connection(), query.statement().with_only_columns(
            Organization.lon, Organization.lat, Organization.kind))
        if len(rows) > AGGREGATE_ABOVE:
            lon = np.fromiter((r[0] for r in rows), float, len(rows))
            lat = np.fromiter((r[1] for r in rows), float, len(rows))
            return _aggregated(len(rows), grid_aggregate(lon, lat, query.bbox or WORLD_BBOX, zoom,
                                                         kinds=[r[2] for r in rows]))
    cap = current_app.config["ATLAS_MAX_FEATURES"]
    # The ids of the box first, from the (lon, lat, kind) index, which covers them (asked for
    # whole rows, SQLite walked the latitude index and read every row of the band; asked for
    # in id order, a database walks the whole table in that order), then their records by id.
    ids = sorted(row[0] for row in fetch_rows(db.session.connection(), query.statement().with_only_columns(
        Organization.id).limit(cap + 1)))
    if len(ids) > cap:
        # Only at the deepest zoom (or with a box far wider than a map shows there).
        filters = {name: value for name, value in query.query_args().items() if name in OrganizationQuery.model_fields}
        raise ParameterError("zoom", _l(
            "More than %(n)s organisations are in this view: zoom out (below %(zoom)s they come as counts "
            "per grid cell), narrow the box (bbox) or the filters, read them page by page at %(pages)s, or "
            "download them all at %(export)s (format=geojson, geojsonseq or csv).",
            n=format(cap, ","), zoom=INDIVIDUAL_FROM_ZOOM, pages=url_for("api.organizations", **filters),
            export=url_for("api.export_organizations", **filters)))
    rows = rows_of_ids(ids)
    features = Records(lang).features(rows)
    return {"type": "FeatureCollection", "features": features, "aggregated": False, "total": len(features)}


def _cells_answer(query: OrganizationQuery) -> bool:
    """Whether the kept cells can answer ``query``: filters by kind, box and synthetic flag only."""
    return not (query.prefecture or query.region or query.field or query.sinet or query.q)


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
