"""Where organisations concentrate: choropleths, specialisation, clusters, nearest sites.

Every function here is pure: it takes a pandas DataFrame (or GeoDataFrame) of
organisations, or plain arrays, and returns data. Nothing touches Flask or the
database. The map's grid aggregation is in :mod:`geo.grid`.

The organisation table has the columns ``id``, ``kind``, ``prefecture_code``
(JIS X 0401, ``"01"`` .. ``"47"``), ``fields`` (a list of field names, or a
``;``-separated string as in the seed CSV files) and ``lon``, ``lat`` in
EPSG:4326. A GeoDataFrame of points may stand in for ``lon``/``lat``.

Cluster distances, hulls and centroids are computed in :data:`geo.geodesy.JAPAN_CRS`
(Lambert Azimuthal Equal Area, metres), and results are returned in EPSG:4326, with
polygons oriented as RFC 7946 asks (exterior rings counterclockwise, holes clockwise).
Distances to sites are great-circle km (:func:`geo.geodesy.great_circle_km`).

Public functions
----------------
- :func:`prefecture_counts` -- choropleth values per prefecture.
- :func:`location_quotients` -- 特化係数 (location quotient) per prefecture and
  field, with a U.S. Cluster Mapping style "strong" flag.
- :func:`detect_clusters` -- single-linkage clusters within a radius, as hulls.
- :func:`nearest_sites` -- nearest site (AIST centre, SINET node) to each point.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer

from geo._groups import counts_per_group
from geo.geodesy import JAPAN_CRS, LONLAT_CRS, check_lonlat, great_circle_km

__all__ = [
    "MIN_STRONG_COUNT",
    "PREFECTURE_CODES",
    "detect_clusters",
    "location_quotients",
    "nearest_sites",
    "prefecture_counts",
]

#: Fewest organisations of a field in a prefecture for a strong cluster: with two or three a
#: high LQ is chance (one more or fewer organisation halves or doubles it), not a cluster.
MIN_STRONG_COUNT = 5

#: The 47 prefecture codes of JIS X 0401, in code order.
PREFECTURE_CODES: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 48))

# Candidate pairs examined at once in detect_clusters; bounds memory on dense data.
_PAIR_CHUNK = 1 << 22
# Points per cell tried first when linking two dense neighbouring cells.
_FACING = 16
# Sites compared with a block of points at once in nearest_sites; bounds the matrix.
_DISTANCE_CELLS = 2_000_000
_RESERVED_COLUMNS = {"prefecture_code", "total", "population"}


# --------------------------------------------------------------------------- input


def _require_columns(orgs: pd.DataFrame, columns: Sequence[str]) -> None:
    if not isinstance(orgs, pd.DataFrame):
        msg = f"orgs must be a pandas DataFrame or GeoDataFrame, got {type(orgs).__name__}"
        raise TypeError(msg)
    missing = [c for c in columns if c not in orgs.columns]
    if missing:
        msg = f"orgs lacks the column(s) {missing}; it has {list(orgs.columns)}"
        raise ValueError(msg)


def _org_lonlat(orgs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return EPSG:4326 lon/lat arrays from ``lon``/``lat`` columns or point geometry."""
    if "lon" in orgs.columns and "lat" in orgs.columns:
        lon = pd.to_numeric(orgs["lon"], errors="coerce").to_numpy(dtype=float)
        lat = pd.to_numeric(orgs["lat"], errors="coerce").to_numpy(dtype=float)
    elif isinstance(orgs, gpd.GeoDataFrame) and orgs.geometry.name in orgs.columns:
        geom = orgs.geometry
        if geom.crs is not None and not geom.crs.equals(LONLAT_CRS):
            geom = geom.to_crs(LONLAT_CRS)
        if len(geom) and not (geom.geom_type == "Point").all():
            msg = "orgs geometry must be points (one location per organisation)"
            raise ValueError(msg)
        lon = shapely.get_x(geom.to_numpy()).astype(float)
        lat = shapely.get_y(geom.to_numpy()).astype(float)
    else:
        msg = "orgs needs lon/lat columns (EPSG:4326) or a point geometry column"
        raise ValueError(msg)
    return check_lonlat(lon, lat, "orgs")


def _field_pairs(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Explode ``fields`` cells into (row position, field name) pairs.

    A cell is a list of names or a ``;``-separated string; names are stripped,
    blanks dropped, and a name repeated within one organisation counts once.
    """
    cells = pd.Series(values.to_numpy(dtype=object), dtype=object)
    cells = cells.map(lambda v: v.split(";") if isinstance(v, str) else v)
    names = cells.explode().dropna().astype(str).str.strip()
    pairs = pd.DataFrame({"row": names.index.to_numpy(dtype=np.int64), "field": names.to_numpy(dtype=object)})
    pairs = pairs[pairs["field"] != ""].drop_duplicates()
    return pairs["row"].to_numpy(dtype=np.int64), pairs["field"].to_numpy(dtype=object)


def _prefecture_index(orgs: pd.DataFrame, prefecture_codes: Sequence[str]) -> NDArray[np.int64]:
    """Positions of each organisation's prefecture in ``prefecture_codes``."""
    codes = [str(c) for c in prefecture_codes]
    if len(set(codes)) != len(codes):
        msg = "prefecture_codes contains duplicates"
        raise ValueError(msg)
    lookup = {c: i for i, c in enumerate(codes)}
    org_codes = orgs["prefecture_code"].astype(str)
    unknown = sorted(set(org_codes) - lookup.keys())
    if unknown:
        msg = (
            f"organisations have prefecture codes not in prefecture_codes: {unknown[:10]}"
            " (codes are two-digit strings such as '01')"
        )
        raise ValueError(msg)
    index: NDArray[np.int64] = org_codes.map(lookup).to_numpy(dtype=np.int64)
    return index


def _population_array(
    populations: Mapping[str, float] | pd.Series, prefecture_codes: Sequence[str]
) -> NDArray[np.float64]:
    series = pd.Series(populations, dtype=float)
    series.index = series.index.astype(str)
    pop = series.reindex([str(c) for c in prefecture_codes])
    missing = pop.index[pop.isna()].tolist()
    if missing:
        msg = f"populations lack prefecture(s) {missing[:10]}"
        raise ValueError(msg)
    if (pop <= 0).any():
        bad = pop.index[pop <= 0].tolist()
        msg = f"populations must be positive; not so for {bad[:10]}"
        raise ValueError(msg)
    values: NDArray[np.float64] = pop.to_numpy(dtype=float)
    return values


# ------------------------------------------------------------------- choropleths


def prefecture_counts(
    orgs: pd.DataFrame,
    prefecture_codes: Sequence[str] = PREFECTURE_CODES,
    populations: Mapping[str, float] | pd.Series | None = None,
    by: Literal["kind", "field"] = "kind",
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count organisations per prefecture, by kind or by field, for choropleths.

    Parameters
    ----------
    orgs : pandas.DataFrame
        Organisations with ``prefecture_code`` and ``kind`` or ``fields``.
        Coordinates are not used (any CRS).
    prefecture_codes : sequence of str
        The prefectures to report, in output order; every one gets a row, with
        zeros where it has no organisation. Default: all 47.
        An organisation whose code is not listed raises ``ValueError``.
    populations : mapping or Series, optional
        Inhabitants per prefecture code. When given, ``per 100,000 inhabitants``
        columns are added.
    by : {"kind", "field"}
        Category to break counts down by. With ``"field"``, an organisation with
        several fields counts once in each of them, so the category columns may
        sum to more than ``total``.
    categories : sequence of str, optional
        Category columns to report, in this order (e.g. the full field
        vocabulary, so absent fields show as zero columns). Default: every
        category present, sorted.

    Returns
    -------
    pandas.DataFrame
        One row per prefecture code, in the order given, with columns
        ``prefecture_code``, ``total`` (organisations), one integer column per
        category, and, if ``populations`` is given, ``population``,
        ``total_per_100k`` and ``<category>_per_100k``.
    """
    if by not in ("kind", "field"):
        msg = f"by must be 'kind' or 'field', got {by!r}"
        raise ValueError(msg)
    _require_columns(orgs, ["prefecture_code", "kind" if by == "kind" else "fields"])
    codes = [str(c) for c in prefecture_codes]
    pref = _prefecture_index(orgs, codes)

    if by == "kind":
        cat_of_row = orgs["kind"].astype(str).tolist()
        pair_pref = pref
    else:
        pair_row, pair_field = _field_pairs(orgs["fields"])
        cat_of_row = pair_field.tolist()
        pair_pref = pref[pair_row]
    cats = list(categories) if categories is not None else sorted(set(cat_of_row))
    clash = _RESERVED_COLUMNS.intersection(cats) | {c for c in cats if c.endswith("_per_100k")}
    if clash:
        msg = f"category names clash with output columns: {sorted(clash)}"
        raise ValueError(msg)

    total = np.bincount(pref, minlength=len(codes))
    cat_pos = {c: j for j, c in enumerate(cats)}
    cat_idx = pd.Series(cat_of_row, dtype=object).map(cat_pos).to_numpy(dtype=float)
    keep = ~np.isnan(cat_idx)
    cat_idx = np.nan_to_num(cat_idx).astype(np.int64)
    flat = pair_pref[keep] * len(cats) + cat_idx[keep]
    matrix = np.bincount(flat, minlength=len(codes) * len(cats)).reshape(len(codes), len(cats))

    out = pd.DataFrame({"prefecture_code": codes, "total": total.astype(np.int64)})
    for j, c in enumerate(cats):
        out[c] = matrix[:, j].astype(np.int64)
    if populations is not None:
        pop = _population_array(populations, codes)
        out["population"] = pop
        out["total_per_100k"] = total / pop * 100_000
        for j, c in enumerate(cats):
            out[f"{c}_per_100k"] = matrix[:, j] / pop * 100_000
    return out


def location_quotients(
    orgs: pd.DataFrame,
    prefecture_codes: Sequence[str] = PREFECTURE_CODES,
    fields: Sequence[str] | None = None,
    min_count: int = MIN_STRONG_COUNT,
) -> pd.DataFrame:
    """Location quotient (特化係数) per prefecture and field, with a "strong" flag.

    The unit counted is the organisation–field pair: an organisation listing
    k fields contributes one to each of its k fields. Then, for prefecture p
    and field f::

        LQ = (count_pf / total_p) / (count_f / total)

    where ``count_pf`` is the number of organisations of p having field f,
    ``total_p`` the number of organisation–field pairs in p, ``count_f`` the
    number of pairs of field f nationally and ``total`` all pairs. Counting
    pairs (rather than organisations) makes a prefecture's field shares sum to
    one, as an industry's employment shares do in RESAS, so that LQ = 1 means
    "as specialised as the nation".

    ``strong`` follows U.S. Cluster Mapping: a prefecture-field is strong when
    LQ >= 1, LQ is in the top quartile (LQ >= the 75th percentile), and its
    count is above the bottom quartile (count > the 25th percentile).
    Percentiles are taken over all prefecture-field pairs with count > 0
    (every field present in ``orgs``, whatever ``fields`` reports), with
    numpy's default linear interpolation. The two thresholds are returned in
    ``DataFrame.attrs["lq_q3"]`` and ``DataFrame.attrs["count_q1"]``. On top of these
    relative thresholds a strong prefecture-field needs an absolute size, at least
    ``min_count`` organisations of the field (``DataFrame.attrs["min_count"]``): where a
    field has two organisations, one more or one fewer doubles or halves its LQ.

    Parameters
    ----------
    orgs : pandas.DataFrame
        Organisations with ``prefecture_code`` and ``fields`` (list of names or a
        ``;``-separated string). Coordinates are not used (any CRS).
    prefecture_codes : sequence of str
        Prefectures to report, in output order. Default: all 47.
    fields : sequence of str, optional
        Fields to report, in this order (default: every field present, sorted).
        Denominators always count every pair in ``orgs``.
    min_count : int
        Fewest organisations of the field in the prefecture for ``strong``
        (default :data:`MIN_STRONG_COUNT`; 1 applies the quartile rule alone).

    Returns
    -------
    pandas.DataFrame
        One row per (prefecture, field), prefecture-major, with columns
        ``prefecture_code``, ``field``, ``count`` (int), ``prefecture_total``
        (pairs in the prefecture), ``lq`` (float; 0 where the prefecture has
        none of the field, NaN where the prefecture has no organisation or the
        field is absent nationally) and ``strong`` (bool).
    """
    _require_columns(orgs, ["prefecture_code", "fields"])
    codes = [str(c) for c in prefecture_codes]
    pref = _prefecture_index(orgs, codes)
    pair_row, pair_field = _field_pairs(orgs["fields"])
    pair_pref = pref[pair_row]

    present = sorted(set(pair_field))
    reported = list(fields) if fields is not None else present
    if len(set(reported)) != len(reported):
        msg = "fields contains duplicates"
        raise ValueError(msg)
    universe = present + [f for f in reported if f not in set(present)]
    pos = {f: j for j, f in enumerate(universe)}
    field_idx = pd.Series(pair_field, dtype=object).map(pos).to_numpy(dtype=np.int64)
    flat = pair_pref * len(universe) + field_idx
    counts = np.bincount(flat, minlength=len(codes) * len(universe)).reshape(
        len(codes), len(universe)
    )

    total_p = counts.sum(axis=1)
    count_f = counts.sum(axis=0)
    total = int(counts.sum())
    # One division of exact integer products: LQ == 1 exactly when it should be.
    numerator = counts.astype(float) * total
    denominator = np.outer(total_p, count_f).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)

    positive = counts > 0
    if positive.any():
        lq_q3 = float(np.quantile(lq[positive], 0.75))
        count_q1 = float(np.quantile(counts[positive], 0.25))
        strong = positive & (lq >= 1) & (lq >= lq_q3) & (counts > count_q1) & (counts >= min_count)
    else:
        lq_q3 = count_q1 = math.nan
        strong = np.zeros_like(positive)

    cols = [pos[f] for f in reported]
    n_p, n_f = len(codes), len(reported)
    out = pd.DataFrame(
        {
            "prefecture_code": np.repeat(np.array(codes, dtype=object), n_f),
            "field": np.tile(np.array(reported, dtype=object), n_p),
            "count": counts[:, cols].reshape(-1).astype(np.int64),
            "prefecture_total": np.repeat(total_p, n_f).astype(np.int64),
            "lq": lq[:, cols].reshape(-1),
            "strong": strong[:, cols].reshape(-1).astype(bool),
        }
    )
    out.attrs["lq_q3"] = lq_q3
    out.attrs["count_q1"] = count_q1
    out.attrs["min_count"] = min_count
    return out


# ---------------------------------------------------------------------- clusters


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenate ``arange(s, s + n)`` for each start s and length n."""
    lengths = lengths.astype(np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    offsets = np.repeat(starts.astype(np.int64) - (ends - lengths), lengths)
    return offsets + np.arange(total, dtype=np.int64)


def _compress(parent: np.ndarray) -> None:
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return
        parent[:] = grand


def _union(parent: np.ndarray, u: np.ndarray, v: np.ndarray) -> None:
    """Merge the components of each edge (u, v); ``parent`` is a flat forest.

    Roots always hook onto a smaller root, so ``parent[i] <= i`` holds and no
    cycle can form; the loop ends when no edge joins two components.
    """
    while u.size:
        _compress(parent)
        ru, rv = parent[u], parent[v]
        crossing = ru != rv
        if not crossing.any():
            return
        u, v, ru, rv = u[crossing], v[crossing], ru[crossing], rv[crossing]
        parent[np.maximum(ru, rv)] = np.minimum(ru, rv)


def _unlinked(
    parent: np.ndarray, order: np.ndarray, first: np.ndarray, a_cells: np.ndarray, b_cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keep the cell pairs whose cells are not yet in one component."""
    _compress(parent)
    linked = parent[order[first[a_cells]]] == parent[order[first[b_cells]]]
    return a_cells[~linked], b_cells[~linked]


def _single_linkage(x: np.ndarray, y: np.ndarray, radius: float) -> np.ndarray:
    """Component label (the smallest member index) of each point, linking pairs <= radius.

    Points are hashed to square cells of side radius/√2, so that all points of
    a cell are within ``radius`` of each other and join without any distance
    test; only pairs in neighbouring cells (up to two cells away) are tested,
    and cell pairs already connected are skipped.
    """
    n = x.size
    parent = np.arange(n, dtype=np.int64)
    if n == 0:
        return parent
    side = radius / math.sqrt(2.0)
    cx = np.floor((x - x.min()) / side).astype(np.int64)
    cy = np.floor((y - y.min()) / side).astype(np.int64)
    height = int(cy.max()) + 5  # padding keeps cy ± 2 from wrapping into another column
    key = cx * height + cy
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    is_start = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    first = np.flatnonzero(is_start)
    size = np.diff(np.r_[first, n])
    cell_key = sorted_key[first]
    cell_of = np.cumsum(is_start) - 1

    _union(parent, order, order[first[cell_of]])

    sx, sy = x[order], y[order]
    r2 = radius * radius
    offsets = [(dx, dy) for dx in range(3) for dy in range(-2, 3) if dx > 0 or dy > 0]
    for dx, dy in offsets:
        target = cell_key + dx * height + dy
        where = np.searchsorted(cell_key, target)
        where_c = np.minimum(where, cell_key.size - 1)
        found = cell_key[where_c] == target
        a_cells = np.flatnonzero(found)
        b_cells = where_c[found]
        if a_cells.size == 0:
            continue
        a_cells, b_cells = _unlinked(parent, order, first, a_cells, b_cells)
        big = size[a_cells] * size[b_cells] > _FACING * _FACING
        if big.any():
            # Dense cells: try the points facing each other first; most cell
            # pairs link there, sparing the full quadratic test below.
            norm = math.hypot(dx, dy)
            proj = (sx * dx + sy * dy) / norm
            toward_b = np.lexsort((-proj, cell_of))
            toward_a = np.lexsort((proj, cell_of))
            ca, cb = a_cells[big], b_cells[big]
            ka, kb = np.minimum(size[ca], _FACING), np.minimum(size[cb], _FACING)
            nb = np.repeat(kb, ka)
            pa = np.repeat(toward_b[_ranges(first[ca], ka)], nb)
            pb = toward_a[_ranges(np.repeat(first[cb], ka), nb)]
            close = (sx[pa] - sx[pb]) ** 2 + (sy[pa] - sy[pb]) ** 2 <= r2
            _union(parent, order[pa[close]], order[pb[close]])
            a_cells, b_cells = _unlinked(parent, order, first, a_cells, b_cells)
        work = size[a_cells] * size[b_cells]
        chunk_of = (np.cumsum(work) - work) // _PAIR_CHUNK
        for chunk in np.split(np.arange(a_cells.size), np.flatnonzero(np.diff(chunk_of)) + 1):
            ca, cb = a_cells[chunk], b_cells[chunk]
            pa = _ranges(first[ca], size[ca])
            nb = np.repeat(size[cb], size[ca])
            pb = _ranges(np.repeat(first[cb], size[ca]), nb)
            pa = np.repeat(pa, nb)
            close = (sx[pa] - sx[pb]) ** 2 + (sy[pa] - sy[pb]) ** 2 <= r2
            _union(parent, order[pa[close]], order[pb[close]])
    _compress(parent)
    return parent


_CLUSTER_COLUMNS = [
    "cluster_id",
    "size",
    "member_ids",
    "counts_by_kind",
    "counts_by_field",
    "counts_by_prefecture",
    "centroid_lon",
    "centroid_lat",
]


def detect_clusters(
    orgs: pd.DataFrame,
    radius_km: float,
    min_size: int = 3,
    crs: CRS | str | int = JAPAN_CRS,
    kinds: Collection[str] | None = None,
    fields: Collection[str] | None = None,
) -> gpd.GeoDataFrame:
    """Find clusters of organisations by single linkage within ``radius_km``.

    Two organisations are linked when they are at most ``radius_km`` apart,
    measured in ``crs``; a cluster is a connected component of that relation
    (so a chain of close neighbours forms one cluster) with at least
    ``min_size`` members. The result does not depend on the row order.

    Parameters
    ----------
    orgs : pandas.DataFrame or geopandas.GeoDataFrame
        Organisations with ``id``, ``kind``, ``fields``, ``lon``/``lat`` in
        EPSG:4326 (or point geometry) and optionally ``prefecture_code``.
        ``id`` must be unique.
    radius_km : float
        Linking distance in kilometres (> 0).
    min_size : int
        Smallest number of members a cluster must have (>= 1).
    crs : pyproj.CRS or str or int
        Projected metric CRS in which distances, hulls and centroids are
        computed. Default :data:`geo.geodesy.JAPAN_CRS`.
    kinds : collection of str, optional
        Only organisations of these kinds take part.
    fields : collection of str, optional
        Only organisations with at least one of these fields take part, and
        ``counts_by_field`` counts only these fields.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per cluster, in EPSG:4326, ordered by size (largest first),
        then from north to south and west to east by centroid. Columns:
        ``cluster_id`` (1, 2, ... in that order), ``size``, ``member_ids``
        (list, sorted), ``counts_by_kind``, ``counts_by_field`` and
        ``counts_by_prefecture`` (dicts name -> count; the last empty when
        ``orgs`` has no ``prefecture_code``), ``centroid_lon``,
        ``centroid_lat`` (mean of the members in ``crs``, back in EPSG:4326)
        and ``geometry``: the members' convex hull buffered by
        ``radius_km / 2`` in ``crs``, so it contains every member; exterior
        rings counterclockwise (RFC 7946).

    Notes
    -----
    The nearest AIST centre or SINET node of each cluster comes from
    :func:`nearest_sites` on ``centroid_lon``/``centroid_lat``.
    """
    _require_columns(orgs, ["id", "kind", "fields"])
    if not (isinstance(radius_km, (int, float, np.number)) and math.isfinite(radius_km) and radius_km > 0):
        msg = f"radius_km must be a positive finite number, got {radius_km!r}"
        raise ValueError(msg)
    if isinstance(min_size, bool) or not isinstance(min_size, (int, np.integer)) or min_size < 1:
        msg = f"min_size must be an integer >= 1, got {min_size!r}"
        raise ValueError(msg)
    crs = CRS.from_user_input(crs)
    if not crs.is_projected:
        msg = f"crs must be a projected (metric) CRS, got {crs.name}"
        raise ValueError(msg)
    if orgs["id"].duplicated().any():
        dupes = orgs.loc[orgs["id"].duplicated(), "id"].tolist()[:10]
        msg = f"organisation ids must be unique; repeated: {dupes}"
        raise ValueError(msg)

    lon, lat = _org_lonlat(orgs)
    selected = np.ones(len(orgs), dtype=bool)
    if kinds is not None:
        selected &= orgs["kind"].astype(str).isin(set(kinds)).to_numpy()
    if fields is not None:
        pair_row, pair_field = _field_pairs(orgs["fields"])
        is_wanted = pd.Series(pair_field, dtype=object).isin(set(fields)).to_numpy()
        pair_row, pair_field = pair_row[is_wanted], pair_field[is_wanted]
        selected &= np.isin(np.arange(len(orgs)), pair_row)

    # Sort by id so that labels, centroids and ordering ignore the input row order.
    rows = np.flatnonzero(selected)
    ids = orgs["id"].to_numpy()[rows]
    rows = rows[np.argsort(ids, kind="stable")]
    ids = orgs["id"].to_numpy()[rows]

    empty = gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in _CLUSTER_COLUMNS}, geometry=gpd.GeoSeries(crs=4326), crs=4326
    )
    if rows.size == 0:
        return empty

    radius_m = float(radius_km) * 1000.0
    to_proj = Transformer.from_crs(4326, crs, always_xy=True)
    to_lonlat = Transformer.from_crs(crs, 4326, always_xy=True)
    x, y = to_proj.transform(lon[rows], lat[rows])
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    labels = _single_linkage(x, y, radius_m)
    roots, comp, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    kept = np.flatnonzero(sizes >= min_size)
    if kept.size == 0:
        return empty

    mean_x = np.bincount(comp, weights=x, minlength=roots.size)[kept] / sizes[kept]
    mean_y = np.bincount(comp, weights=y, minlength=roots.size)[kept] / sizes[kept]
    c_lon, c_lat = (np.asarray(a, dtype=float) for a in to_lonlat.transform(mean_x, mean_y))
    rank_order = np.lexsort((c_lon, -c_lat, -sizes[kept]))
    rank_of_comp = np.full(roots.size, -1, dtype=np.int64)
    rank_of_comp[kept[rank_order]] = np.arange(kept.size)
    n_clusters = kept.size

    member_rank = rank_of_comp[comp]
    in_cluster = np.flatnonzero(member_rank >= 0)
    # Stable sort keeps members in id order within each cluster.
    members = in_cluster[np.argsort(member_rank[in_cluster], kind="stable")]
    member_group = member_rank[members]
    split_at = np.flatnonzero(np.diff(member_group)) + 1

    kinds_col = orgs["kind"].astype(str).to_numpy()[rows]
    counts_by_kind = counts_per_group(member_group, kinds_col[members].tolist(), n_clusters)
    group_of_row = np.full(len(orgs), -1, dtype=np.int64)
    group_of_row[rows[members]] = member_group
    if fields is None:  # only members' fields are needed
        member_rows = np.sort(rows[members])
        pair_row, pair_field = _field_pairs(orgs["fields"].iloc[member_rows])
        pair_row = member_rows[pair_row]
    field_group = group_of_row[pair_row]
    in_group = field_group >= 0
    counts_by_field = counts_per_group(field_group[in_group], pair_field[in_group].tolist(), n_clusters)
    if "prefecture_code" in orgs.columns:
        pref_col = orgs["prefecture_code"].astype(str).to_numpy()[rows]
        counts_by_pref = counts_per_group(member_group, pref_col[members].tolist(), n_clusters)
    else:
        counts_by_pref = [{} for _ in range(n_clusters)]

    hulls = shapely.multipoints(np.column_stack([x[members], y[members]]), indices=member_group)
    hulls = shapely.buffer(shapely.convex_hull(hulls), radius_m / 2.0, quad_segs=8)

    def _back(coords: np.ndarray) -> np.ndarray:
        lo, la = to_lonlat.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([lo, la])

    # Buffers come out clockwise; RFC 7946 wants exterior rings counterclockwise.
    geometry = shapely.orient_polygons(shapely.transform(hulls, _back))

    return gpd.GeoDataFrame(
        {
            "cluster_id": np.arange(1, n_clusters + 1, dtype=np.int64),
            "size": sizes[kept][rank_order].astype(np.int64),
            "member_ids": [g.tolist() for g in np.split(ids[members], split_at)],
            "counts_by_kind": counts_by_kind,
            "counts_by_field": counts_by_field,
            "counts_by_prefecture": counts_by_pref,
            "centroid_lon": c_lon[rank_order],
            "centroid_lat": c_lat[rank_order],
        },
        geometry=geometry,
        crs=4326,
    )


# ------------------------------------------------------------------ nearest site


def _as_lonlat_array(points: Any, what: str) -> NDArray[np.float64]:
    arr = np.asarray(points, dtype=float)
    if arr.ndim == 1 and arr.size == 2:
        arr = arr.reshape(1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        msg = f"{what} must have shape (n, 2) as lon, lat pairs, got shape {arr.shape}"
        raise ValueError(msg)
    check_lonlat(arr[:, 0], arr[:, 1], what)
    return arr


def nearest_sites(points_lonlat: Any, sites_lonlat: Any) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Find the nearest site (e.g. AIST centre, SINET node) to each point.

    Parameters
    ----------
    points_lonlat : array-like, shape (n, 2)
        Points as (lon, lat) in EPSG:4326, e.g. ``clusters[["centroid_lon",
        "centroid_lat"]]``.
    sites_lonlat : array-like, shape (m, 2)
        Candidate sites as (lon, lat) in EPSG:4326; m >= 1.

    Returns
    -------
    index : numpy.ndarray of int, shape (n,)
        Row of the nearest site; ties go to the lowest row.
    distance_km : numpy.ndarray of float, shape (n,)
        Great-circle distance in km (:func:`geo.geodesy.great_circle_km`).
    """
    pts = _as_lonlat_array(points_lonlat, "points_lonlat")
    sites = _as_lonlat_array(sites_lonlat, "sites_lonlat")
    if sites.shape[0] == 0:
        msg = "sites_lonlat is empty: there is no site to be nearest to"
        raise ValueError(msg)
    index = np.zeros(pts.shape[0], dtype=np.int64)
    dist = np.zeros(pts.shape[0], dtype=float)
    step = max(1, _DISTANCE_CELLS // sites.shape[0])
    for start in range(0, pts.shape[0], step):
        block = pts[start : start + step]
        km = great_circle_km(block[:, 0, None], block[:, 1, None], sites[:, 0], sites[:, 1])
        best = np.argmin(km, axis=1)
        index[start : start + step] = best
        dist[start : start + step] = km[np.arange(best.size), best]
    return index, dist
