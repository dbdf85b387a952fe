"""The national map's grid: which points are in view, and how many per screen cell.

:func:`in_bbox` filters points by a bounding box (edges included); :func:`grid_aggregate`
counts the points in view per square cell of Web-Mercator screen pixels, as supercluster
does, so that the map can draw 100,000 organisations as a few hundred numbers.

Coordinates are EPSG:4326 lon/lat; pixels are those of 256-px slippy-map tiles at a zoom
level (Web Mercator, EPSG:3857, as Leaflet draws). Bounding boxes are checked by
:func:`geo.geodesy.check_bbox`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from geo._groups import counts_per_group
from geo.geodesy import Bbox, check_bbox

__all__ = [
    "MAX_ZOOM", "MERCATOR_MAX_LAT", "WORLD_BBOX", "cell_index", "cell_summaries", "cells_inside", "grid_aggregate",
    "in_bbox",
]

#: Highest zoom level :func:`grid_aggregate` accepts (Leaflet maps stop earlier).
MAX_ZOOM: Final = 22

#: Web Mercator's latitude limit: the square world of slippy-map tiles.
MERCATOR_MAX_LAT: Final = 85.0511287798066

#: The whole Web-Mercator world as a bounding box (EPSG:4326), for a map request without one.
WORLD_BBOX: Final[Bbox] = (-180.0, -MERCATOR_MAX_LAT, 180.0, MERCATOR_MAX_LAT)

_TILE_PX = 256.0


def in_bbox(lon: ArrayLike, lat: ArrayLike, bbox: Sequence[Any]) -> NDArray[np.bool_]:
    """Mask of the points inside a bounding box, edges included.

    Parameters
    ----------
    lon, lat : array-like of float
        Point coordinates in EPSG:4326, same shape.
    bbox : sequence of 4 numbers
        ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326, checked by
        :func:`geo.geodesy.check_bbox`; min == max is allowed (a line or a point).

    Returns
    -------
    numpy.ndarray of bool
        True where ``min_lon <= lon <= max_lon`` and ``min_lat <= lat <= max_lat``: a point
        on any edge or corner is inside. NaN coordinates are outside.
    """
    min_lon, min_lat, max_lon, max_lat = check_bbox(bbox)
    lon_arr = np.asarray(lon, dtype=float)
    lat_arr = np.asarray(lat, dtype=float)
    if lon_arr.shape != lat_arr.shape:
        msg = f"lon and lat differ in shape ({lon_arr.shape} vs {lat_arr.shape})"
        raise ValueError(msg)
    inside: NDArray[np.bool_] = (lon_arr >= min_lon) & (lon_arr <= max_lon) & (lat_arr >= min_lat) & (lat_arr <= max_lat)
    return inside


# --------------------------------------------------------------------------- Web Mercator


def _world_px(zoom: int) -> float:
    """Width (and height) of the world in pixels at ``zoom``."""
    return _TILE_PX * 2.0**zoom


def _to_pixels(lon: NDArray[np.float64], lat: NDArray[np.float64], world: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """EPSG:4326 lon/lat to Web-Mercator pixel x (east) and y (south) in a world of ``world`` px.

    Latitudes beyond :data:`MERCATOR_MAX_LAT` are clamped to the top or bottom edge.
    """
    phi = np.radians(np.clip(lat, -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT))
    x_px = (lon + 180.0) / 360.0 * world
    y_px = (1.0 - np.arcsinh(np.tan(phi)) / np.pi) / 2.0 * world
    return x_px, y_px


def _pixel_lon(x_px: NDArray[Any], world: float) -> NDArray[np.float64]:
    """Longitude (EPSG:4326) of pixel column ``x_px``."""
    return np.asarray(x_px / world * 360.0 - 180.0, dtype=float)


def _pixel_lat(y_px: NDArray[Any], world: float) -> NDArray[np.float64]:
    """Latitude (EPSG:4326) of pixel row ``y_px``."""
    return np.asarray(np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * y_px / world)))), dtype=float)


# --------------------------------------------------------------------------- aggregation


def grid_aggregate(
    lon: ArrayLike,
    lat: ArrayLike,
    bbox: Sequence[Any],
    zoom: int,
    kinds: ArrayLike | None = None,
    cell_px: int = 64,
) -> list[dict[str, Any]]:
    """Aggregate points into square Web-Mercator pixel cells, for the national map.

    Each point inside ``bbox`` (edges included, see :func:`in_bbox`) falls in exactly one
    cell of ``cell_px`` x ``cell_px`` screen pixels at ``zoom`` (256-px tiles, so 64-px
    cells are a quarter tile). Like supercluster, a cell is drawn at the mean position of
    its members with their count. The counts add up to the number of points inside
    ``bbox``. Cells are fixed on the world, not on the box, so a box of no area (min ==
    max) simply yields the one or two cells its points fall in.

    Parameters
    ----------
    lon, lat : array-like of float
        Point coordinates in EPSG:4326, same shape. Latitudes beyond ±85.0511°
        (Web Mercator's limit) fall in the top or bottom row.
    bbox : sequence of 4 numbers
        ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326.
    zoom : int
        Map zoom level, 0 .. :data:`MAX_ZOOM`.
    kinds : array-like of str, optional
        Kind of each point; when given every cell gets ``counts_by_kind``.
    cell_px : int
        Cell side in pixels (>= 1).

    Returns
    -------
    list of dict
        One dict per non-empty cell, north to south then west to east, with plain
        JSON-ready values: ``count`` (int), ``lon``, ``lat`` (arithmetic mean of the
        members, EPSG:4326), ``bounds`` (the whole cell as ``[west, south, east, north]``
        in EPSG:4326, not clipped to bbox), ``cell`` (``[zoom, column, row]``) and, if
        ``kinds`` is given, ``counts_by_kind`` (dict of non-zero counts, keys sorted).
    """
    if isinstance(zoom, bool) or not isinstance(zoom, int | np.integer) or not 0 <= zoom <= MAX_ZOOM:
        msg = f"zoom must be an integer from 0 to {MAX_ZOOM}, got {zoom!r}"
        raise ValueError(msg)
    if isinstance(cell_px, bool) or not isinstance(cell_px, int | np.integer) or cell_px < 1:
        msg = f"cell_px must be a positive integer, got {cell_px!r}"
        raise ValueError(msg)
    lon_arr = np.asarray(lon, dtype=float).reshape(-1)
    lat_arr = np.asarray(lat, dtype=float).reshape(-1)
    mask = in_bbox(lon_arr, lat_arr, bbox)
    kind_arr: NDArray[np.object_] | None = None
    if kinds is not None:
        kind_arr = np.asarray(kinds, dtype=object).reshape(-1)
        if kind_arr.shape != lon_arr.shape:
            msg = f"kinds has {kind_arr.size} entries for {lon_arr.size} points"
            raise ValueError(msg)
        kind_arr = kind_arr[mask]
    lon_arr, lat_arr = lon_arr[mask], lat_arr[mask]
    if lon_arr.size == 0:
        return []

    col, row = cell_index(lon_arr, lat_arr, int(zoom), int(cell_px))
    n_cells = math.ceil(_world_px(int(zoom)) / cell_px)
    keys, cell_idx, counts = np.unique(row * n_cells + col, return_inverse=True, return_counts=True)
    by_kind: list[dict[str, int]] | None = None
    if kind_arr is not None:
        by_kind = counts_per_group(cell_idx, kind_arr.tolist(), keys.size)
    return cell_summaries(int(zoom), keys % n_cells, keys // n_cells, counts,
                          np.bincount(cell_idx, weights=lon_arr), np.bincount(cell_idx, weights=lat_arr),
                          by_kind, int(cell_px))


def cell_index(lon: ArrayLike, lat: ArrayLike, zoom: int, cell_px: int = 64) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Column and row of the ``cell_px`` grid cell at ``zoom`` each point falls in (as
    :func:`grid_aggregate` counts them; latitudes beyond ±85.0511° in the top or bottom row).

    Cells nest: a cell's four quarters are the cells of ``zoom + 1`` whose column and row
    shifted right by one bit are its own, exactly (the pixel scale is a power of two), so
    counts kept for a fine zoom add up to those of any coarser one.
    """
    world = _world_px(int(zoom))
    n_cells = math.ceil(world / cell_px)
    x_px, y_px = _to_pixels(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), world)
    col = np.clip(np.floor(x_px / cell_px), 0, n_cells - 1).astype(np.int64)
    row = np.clip(np.floor(y_px / cell_px), 0, n_cells - 1).astype(np.int64)
    return col, row


def cells_inside(bbox: Sequence[Any], zoom: int, cell_px: int = 64) -> tuple[int, int, int, int]:
    """``(first column, first row, last column, last row)`` of the cells at ``zoom`` whose every
    point is inside ``bbox`` (edges included), by :func:`cell_index`'s own arithmetic; first >
    last when there is none. Conservative: a cell that only touches an edge of the box is left
    out, so a point counted in one of these cells is always in the box."""
    min_lon, min_lat, max_lon, max_lat = check_bbox(bbox)
    world = _world_px(int(zoom))
    n_cells = math.ceil(world / cell_px)
    x_px, y_px = _to_pixels(np.array([min_lon, max_lon]), np.array([max_lat, min_lat]), world)
    first_col, last_col = math.floor(x_px[0] / cell_px) + 1, math.floor(x_px[1] / cell_px) - 1
    first_row, last_row = math.floor(y_px[0] / cell_px) + 1, math.floor(y_px[1] / cell_px) - 1
    # Latitudes beyond Mercator's limit share the edge rows: never wholly inside.
    return max(first_col, 0), max(first_row, 1), min(last_col, n_cells - 1), min(last_row, n_cells - 2)


def cell_summaries(
    zoom: int,
    cols: ArrayLike,
    rows: ArrayLike,
    counts: ArrayLike,
    sum_lon: ArrayLike,
    sum_lat: ArrayLike,
    counts_by_kind: Sequence[dict[str, int]] | None = None,
    cell_px: int = 64,
) -> list[dict[str, Any]]:
    """The cells of :func:`grid_aggregate` from per-cell counts and coordinate sums.

    ``cols``, ``rows`` (from :func:`cell_index`), ``counts`` and the sums of the members'
    ``lon`` and ``lat`` are parallel arrays, one entry per distinct non-empty cell; the
    result is in :func:`grid_aggregate`'s form and order (north to south, then west to east).
    """
    world = _world_px(int(zoom))
    cols_ = np.asarray(cols, dtype=np.int64)
    rows_ = np.asarray(rows, dtype=np.int64)
    count_arr = np.asarray(counts, dtype=np.int64)
    order = np.lexsort((cols_, rows_))
    cols_, rows_, count_arr = cols_[order], rows_[order], count_arr[order]
    mean_lon = np.asarray(sum_lon, dtype=float)[order] / count_arr
    mean_lat = np.asarray(sum_lat, dtype=float)[order] / count_arr
    west = _pixel_lon(cols_ * float(cell_px), world)
    east = _pixel_lon(np.minimum((cols_ + 1) * float(cell_px), world), world)
    north = _pixel_lat(rows_ * float(cell_px), world)
    south = _pixel_lat(np.minimum((rows_ + 1) * float(cell_px), world), world)
    by_kind = [counts_by_kind[i] for i in order.tolist()] if counts_by_kind is not None else None

    cells = []
    for i, (c, lo, la, w, s, e, n, r, k) in enumerate(
        zip(
            count_arr.tolist(),
            mean_lon.tolist(),
            mean_lat.tolist(),
            west.tolist(),
            south.tolist(),
            east.tolist(),
            north.tolist(),
            rows_.tolist(),
            cols_.tolist(),
        )
    ):
        cell: dict[str, Any] = {
            "count": c,
            "lon": lo,
            "lat": la,
            "bounds": [w, s, e, n],
            "cell": [int(zoom), k, r],
        }
        if by_kind is not None:
            cell["counts_by_kind"] = dict(sorted(by_kind[i].items()))
        cells.append(cell)
    return cells
