"""Organisation counts per map grid cell, kept in the database in step with the organisations.

The national map at 1,000,000 organisations cannot read every row per view (5 s on SQLite
just to fetch them). :class:`~hubs.organizations.models.OrganizationCell` holds, for every
zoom the map aggregates at (0 .. :data:`FINEST`), the count and coordinate sums of each
(64-px cell, kind, synthetic) — 820,000 rows at 1,000,000 organisations, most at the
finest zoom. A view reads:

* the cells of its zoom wholly inside the box (:func:`geo.grid.cells_inside`);
* along the edges, the finer cells wholly inside the box that the coarser ones missed,
  zoom by zoom down to :data:`FINEST` (cells nest exactly, so the counts add up);
* the organisations themselves only in the last strip, narrower than a finest cell,
  from the (lon, lat, kind) index.

So every count is exact for the box, as :func:`geo.grid.grid_aggregate` of the rows would
give it, and a view costs a few thousand rows whatever N is.

Writes keep the table current: ORM changes of organisations through a flush hook (in the
same transaction), the bulk paths (:mod:`hubs.organizations.synthetic`) by calling
:func:`add_points` and :func:`drop_synthetic_cells`; a flush whose old values it cannot
know deletes the coarsest cells, and a view that finds none while organisations exist
rebuilds them all (:func:`rebuild_cells`, as the migration does). Every write also moves a
:class:`~hubs.organizations.models.DataStamp`, the cheap part of the data version.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, event, func, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction

from geo.grid import cell_index, cell_summaries, cells_inside, in_bbox
from hubs.core.bulk import fetch_rows, insert_rows
from hubs.core.extensions import db
from hubs.organizations.models import DataStamp, Organization, OrganizationCell, OrganizationField
from hubs.organizations.spatial import box_sql

#: The finest zoom kept; views at it or coarser read cells (the map aggregates below 14).
FINEST = 13
#: Rows per insert batch when cells are written in bulk.
BATCH = 50_000
_CELL = OrganizationCell.__table__
_COLUMNS = ("zoom", "cx", "cy", "kind", "synthetic", "count", "sum_lon", "sum_lat")
_REBUILD = threading.Lock()


# --------------------------------------------------------------------------- writing

#: The :class:`~hubs.organizations.models.DataStamp` row of the organisation tables.
STAMP = "organizations"


def bump_stamp(connection: Connection) -> None:
    """Move the organisations' data stamp, in the caller's transaction."""
    moved = connection.execute(DataStamp.__table__.update().where(DataStamp.name == STAMP)
                               .values(version=DataStamp.version + 1)).rowcount
    if not moved:
        connection.execute(DataStamp.__table__.insert().values(name=STAMP, version=1))


def read_stamp(connection: Connection) -> int:
    return connection.execute(select(DataStamp.version).where(DataStamp.name == STAMP)).scalar() or 0



def grouped_cells(lon: np.ndarray, lat: np.ndarray, kinds: Sequence[str], synthetic: np.ndarray,
                  weights: np.ndarray | None = None) -> Iterator[tuple]:
    """Cell rows (:data:`_COLUMNS`) of points at every zoom 0 .. :data:`FINEST`.

    ``weights`` (default 1 each) lets a point count as several (merging cells) or minus one
    (removing it)."""
    if len(lon) == 0:
        return
    codes, names = pd.factorize(pd.Series(np.asarray(kinds, dtype=object)), sort=True)
    weight = np.ones(len(lon), dtype=np.int64) if weights is None else np.asarray(weights, dtype=np.int64)
    col, row = cell_index(lon, lat, FINEST)
    flag = np.asarray(synthetic, dtype=bool).astype(np.int64)
    for zoom in range(FINEST, -1, -1):
        shift = FINEST - zoom
        key = (((col >> shift) << 20 | (row >> shift)) * len(names) + codes) * 2 + flag
        keys, inverse = np.unique(key, return_inverse=True)
        counts = np.bincount(inverse, weights=weight, minlength=keys.size).astype(np.int64)
        sum_lon = np.bincount(inverse, weights=lon * weight, minlength=keys.size)
        sum_lat = np.bincount(inverse, weights=lat * weight, minlength=keys.size)
        cell, kind_code, is_synthetic = keys // 2 // len(names), keys // 2 % len(names), keys % 2
        yield from zip([zoom] * keys.size, (cell >> 20).tolist(), (cell & 0xFFFFF).tolist(),
                       names[kind_code].tolist(), is_synthetic.astype(bool).tolist(), counts.tolist(),
                       sum_lon.tolist(), sum_lat.tolist())


def _insert(connection: Connection, rows: Iterator[tuple]) -> None:
    batch: list[tuple] = []
    for row in rows:
        if row[5]:
            batch.append(row)
        if len(batch) >= BATCH:
            insert_rows(connection, _CELL, _COLUMNS, batch)
            batch = []
    if batch:
        insert_rows(connection, _CELL, _COLUMNS, batch)


def rebuild_cells(connection: Connection) -> None:
    """Every cell again from the organisation table, in the caller's transaction."""
    connection.execute(delete(OrganizationCell))
    rows = fetch_rows(connection, select(Organization.lon, Organization.lat, Organization.kind,
                                         Organization.synthetic))
    if not rows:
        return
    lon, lat, kinds, synthetic = (list(column) for column in zip(*rows))
    _insert(connection, grouped_cells(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), kinds,
                                      np.asarray(synthetic, dtype=bool)))


def add_points(connection: Connection, lon: np.ndarray, lat: np.ndarray, kinds: Sequence[str],
               synthetic: bool) -> None:
    """Count many new organisations (a bulk insert) into the cells: the existing cells of the
    same ``synthetic`` flag are read back, merged with the new points' and written anew."""
    flag = synthetic
    existing = fetch_rows(connection, select(OrganizationCell.cx, OrganizationCell.cy, OrganizationCell.kind,
                                             OrganizationCell.count, OrganizationCell.sum_lon,
                                             OrganizationCell.sum_lat)
                          .where(OrganizationCell.zoom == FINEST, OrganizationCell.synthetic.is_(flag)))
    if existing:
        # A finest cell's mean stands for its members: merging the means weighted by their
        # counts gives the same sums at every coarser zoom (cells nest).
        cx, cy, kind, count, sum_lon, sum_lat = (list(c) for c in zip(*existing))
        counts = np.asarray(count, dtype=np.int64)
        mean_lon = np.asarray(sum_lon, dtype=float) / counts
        mean_lat = np.asarray(sum_lat, dtype=float) / counts
        lon = np.concatenate([np.asarray(lon, dtype=float), mean_lon])
        lat = np.concatenate([np.asarray(lat, dtype=float), mean_lat])
        kinds = [*kinds, *kind]
        weights = np.concatenate([np.ones(len(lon) - counts.size, dtype=np.int64), counts])
        connection.execute(delete(OrganizationCell).where(OrganizationCell.synthetic.is_(flag)))
    else:
        weights = None
    _insert(connection, grouped_cells(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), kinds,
                                      np.full(len(lon), flag), weights))
    bump_stamp(connection)


def drop_synthetic_cells(connection: Connection) -> None:
    """Forget the synthetic organisations' cells (all of them were deleted)."""
    connection.execute(delete(OrganizationCell).where(OrganizationCell.synthetic.is_(True)))
    bump_stamp(connection)


_UPSERT = text(
    "INSERT INTO organization_cell (zoom, cx, cy, kind, synthetic, count, sum_lon, sum_lat) "
    "VALUES (:zoom, :cx, :cy, :kind, :synthetic, :count, :sum_lon, :sum_lat) "
    "ON CONFLICT (zoom, cx, cy, kind, synthetic) DO UPDATE SET count = organization_cell.count + excluded.count, "
    "sum_lon = organization_cell.sum_lon + excluded.sum_lon, sum_lat = organization_cell.sum_lat + excluded.sum_lat"
)
_TRACKED = ("lon", "lat", "kind", "synthetic")


def _state(obj: Organization, old: bool) -> tuple | None:
    """(lon, lat, kind, synthetic) before (``old``) or after this flush; None if unknown."""
    state = inspect(obj)
    values = []
    for name in _TRACKED:
        added, unchanged, deleted = state.attrs[name].history
        if old:
            chosen = deleted or unchanged
        else:
            chosen = added or unchanged
        if not chosen:
            if name in state.dict:
                chosen = [state.dict[name]]
            else:
                return None
        values.append(chosen[0])
    if values[0] is None or values[1] is None or values[2] is None:
        return None
    return float(values[0]), float(values[1]), str(values[2]), bool(values[3])


@event.listens_for(Session, "after_flush")
def _follow_organizations(session: Session, _flush: UOWTransaction) -> None:
    """Add and take away the organisations this flush wrote, and move the data stamp, in its
    transaction."""
    touched = [obj for group in (session.new, session.dirty, session.deleted) for obj in group
               if isinstance(obj, Organization | OrganizationField)]
    if not touched:
        return
    bump_stamp(session.connection())
    changes: list[tuple[tuple, int]] = []
    unknown = False
    for obj in session.new:
        if isinstance(obj, Organization):
            now = _state(obj, old=False)
            unknown |= now is None
            if now is not None:
                changes.append((now, 1))
    for obj in session.dirty:
        if isinstance(obj, Organization) and any(inspect(obj).attrs[n].history.has_changes() for n in _TRACKED):
            before, now = _state(obj, old=True), _state(obj, old=False)
            unknown |= before is None or now is None
            if before is not None and now is not None and before != now:
                changes += [(before, -1), (now, 1)]
    for obj in session.deleted:
        if isinstance(obj, Organization):
            before = _state(obj, old=True)
            unknown |= before is None
            if before is not None:
                changes.append((before, -1))
    connection = session.connection()
    if unknown:
        # A value not loaded: the coarsest cells no longer add up, so the next view rebuilds.
        connection.execute(delete(OrganizationCell).where(OrganizationCell.zoom == 0))
    if not changes:
        return
    deltas: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for (lon, lat, kind, synthetic), sign in changes:
        col, row = cell_index(np.array([lon]), np.array([lat]), FINEST)
        for zoom in range(FINEST + 1):
            shift = FINEST - zoom
            delta = deltas[(zoom, int(col[0]) >> shift, int(row[0]) >> shift, kind, synthetic)]
            delta[0] += sign
            delta[1] += sign * lon
            delta[2] += sign * lat
    connection.execute(_UPSERT, [
        {"zoom": k[0], "cx": k[1], "cy": k[2], "kind": k[3], "synthetic": k[4], "count": int(v[0]),
         "sum_lon": v[1], "sum_lat": v[2]} for k, v in deltas.items() if v[0]])
    if any(v[0] < 0 for v in deltas.values()):
        connection.execute(delete(OrganizationCell).where(OrganizationCell.count <= 0))


def ensure_cells() -> None:
    """Rebuild the cells when there are organisations but no coarsest cell (a write the hooks
    could not follow took them away)."""
    if db.session.scalar(select(OrganizationCell.zoom).where(OrganizationCell.zoom == 0).limit(1)) is not None:
        return
    if db.session.scalar(select(func.max(Organization.id))) is None:
        return
    with _REBUILD:
        rebuild_cells(db.session.connection())
        db.session.commit()


# --------------------------------------------------------------------------- reading


def _rectangles(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int] | None) -> list[tuple[int, int, int, int]]:
    """``outer`` minus ``inner`` as up to four rectangles (first col, first row, last col, last row)."""
    a, c, b, d = outer
    if a > b or c > d:
        return []
    if inner is None or inner[0] > inner[2] or inner[1] > inner[3]:
        return [outer]
    ia, ic, ib, id_ = max(inner[0], a), max(inner[1], c), min(inner[2], b), min(inner[3], d)
    if ia > ib or ic > id_:
        return [outer]
    parts = [(a, c, ia - 1, d), (ib + 1, c, b, d), (ia, c, ib, ic - 1), (ia, id_ + 1, ib, d)]
    return [p for p in parts if p[0] <= p[2] and p[1] <= p[3]]


def _children(r: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return 2 * r[0], 2 * r[1], 2 * r[2] + 1, 2 * r[3] + 1


def _run(connection: Connection, sql: str, params: list[Any]) -> list[tuple]:
    """Plain SQL with ``?`` marks on the driver's cursor: a view runs one statement for its
    cells and one for its edges, and building them through SQLAlchemy cost more than running
    them (6 ms each)."""
    if connection.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _filters(kinds: Sequence[str], include_synthetic: bool, params: list[Any]) -> str:
    sql = ""
    if kinds:
        sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        params += list(kinds)
    if not include_synthetic:
        sql += " AND synthetic = ?"
        params.append(False)
    return sql


def view_cells(zoom: int, bbox: Sequence[float], kinds: Sequence[str], include_synthetic: bool
               ) -> tuple[int, list[dict[str, Any]]]:
    """(total, cells) of the organisations in ``bbox`` at ``zoom`` (≤ :data:`FINEST`), in
    :func:`geo.grid.grid_aggregate`'s form, with ``counts_by_kind``; only ``kinds`` if any,
    without synthetic rows unless ``include_synthetic``."""
    connection = db.session.connection()
    branches: list[str] = []
    params: list[Any] = []
    previous = None
    for level in range(zoom, FINEST + 1):
        inside = cells_inside(bbox, level)
        for a, c, b, d in _rectangles(inside, _children(previous) if previous else None):
            # A band wider than high is read by row ((zoom, cy, cx) index), a higher one by
            # column (the key): "+ 0" keeps the database off the other index, where it
            # would scan every cell of the band's whole row or column range.
            wide = b - a > d - c
            branches.append(
                "SELECT zoom, cx, cy, kind, count, sum_lon, sum_lat FROM organization_cell WHERE zoom = ? "
                f"AND {'cx + 0' if wide else 'cx'} BETWEEN ? AND ? AND {'cy' if wide else 'cy + 0'} BETWEEN ? AND ?"
                + _filters(kinds, include_synthetic, params := [*params, level, a, b, c, d]))
        previous = inside if inside[0] <= inside[2] and inside[1] <= inside[3] else None
    parts: list[tuple[np.ndarray, ...]] = []  # (col, row at zoom, kind, count, sum_lon, sum_lat)
    rows = _run(connection, " UNION ALL ".join(branches), params) if branches else []
    if rows:
        level_, cx, cy, kind, count, sum_lon, sum_lat = (np.asarray(v) for v in zip(*rows))
        shift = level_.astype(np.int64) - zoom
        parts.append((cx.astype(np.int64) >> shift, cy.astype(np.int64) >> shift, kind.astype(object),
                      count.astype(np.int64), sum_lon.astype(float), sum_lat.astype(float)))
    lon, lat, kind = _edge_points(connection, bbox, previous, kinds, include_synthetic)
    if lon.size:
        col, row = cell_index(lon, lat, zoom)
        parts.append((col, row, kind, np.ones(lon.size, dtype=np.int64), lon, lat))
    if not parts:
        return 0, []
    col, row, kind, count, sum_lon, sum_lat = (np.concatenate([p[i] for p in parts]) for i in range(6))
    codes, names = pd.factorize(pd.Series(kind, dtype=object), sort=True)
    cell_keys, cell_of = np.unique(col << 24 | row, return_inverse=True)
    counts = np.bincount(cell_of, weights=count).astype(np.int64)
    by_kind: list[dict[str, int]] = [{} for _ in range(cell_keys.size)]
    pair_keys, pair_of = np.unique(cell_of * len(names) + codes, return_inverse=True)
    pair_counts = np.bincount(pair_of, weights=count).astype(np.int64)
    for key, n in zip(pair_keys.tolist(), pair_counts.tolist(), strict=True):
        if n:
            by_kind[key // len(names)][str(names[key % len(names)])] = n
    cells = cell_summaries(zoom, cell_keys >> 24, cell_keys & 0xFFFFFF, counts,
                           np.bincount(cell_of, weights=sum_lon), np.bincount(cell_of, weights=sum_lat), by_kind)
    return int(counts.sum()), cells


def _edge_points(connection: Connection, bbox: Sequence[float], inside: tuple[int, int, int, int] | None,
                 kinds: Sequence[str], include_synthetic: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """lon, lat, kind of the organisations in ``bbox`` whose finest cell is not in ``inside``
    (the finest cells wholly in the box): the strips along its edges, from the (lon, lat) index."""
    min_lon, min_lat, max_lon, max_lat = bbox
    boxes = [(min_lon, min_lat, max_lon, max_lat)]
    if inside is not None:
        # The strips a little wider than the cells' edges; the finest cell of each point
        # decides below, with the same arithmetic as the counts.
        edges = cell_summaries(FINEST, [inside[0], inside[2]], [inside[1], inside[3]], [1, 1], [0, 0], [0, 0])
        west, north = edges[0]["bounds"][0], edges[0]["bounds"][3]
        east, south = edges[1]["bounds"][2], edges[1]["bounds"][1]
        margin = 1e-7
        boxes = [(min_lon, min_lat, west + margin, max_lat), (east - margin, min_lat, max_lon, max_lat),
                 (min_lon, min_lat, max_lon, south + margin), (min_lon, north - margin, max_lon, max_lat)]
    branches: list[str] = []
    params: list[Any] = []
    for w, s, e, n in boxes:
        if w > e or s > n:
            continue
        condition, values = box_sql(connection, (w, s, e, n), wide=e - w > n - s)
        branches.append("SELECT id, lon, lat, kind FROM organization WHERE " + condition
                        + _filters(kinds, include_synthetic, params := [*params, *values]))
    rows = _run(connection, " UNION ALL ".join(branches), params) if branches else []
    if not rows:
        return np.zeros(0), np.zeros(0), np.zeros(0, dtype=object)
    ids, lon, lat, kind = (np.asarray(v) for v in zip(*rows))
    _, first = np.unique(ids, return_index=True)  # the strips overlap at the corners
    lon, lat, kind = lon[first].astype(float), lat[first].astype(float), kind[first].astype(object)
    keep = in_bbox(lon, lat, bbox)
    if inside is not None:
        col, row = cell_index(lon, lat, FINEST)
        keep &= ~((col >= inside[0]) & (col <= inside[2]) & (row >= inside[1]) & (row <= inside[3]))
    return lon[keep], lat[keep], kind[keep]
