"""Prefecture polygons, and which prefecture a point is in or nearest to.

The polygons come from ``seed_data/prefectures.geojson`` (built by
``seed_data/make_prefectures.py`` from japanmap 0.6.0, Apache-2.0) and trace only the main
area of each prefecture, with a vertex every 3-6 km. Outlying islands are not in them: a point
on Sado, Awaji, Tsushima, Ishigaki and the like is outside every polygon and is given the
nearest prefecture with ``inside=False`` and a distance above zero. That nearest prefecture is
often the wrong one for islands: Sumoto (Awaji, Hyogo) comes out as Wakayama, Tsushima as Saga,
Izu Oshima and Hachijojima (Tokyo) as Shizuoka, Amami (Kagoshima) as Okinawa, Amakusa
(Kumamoto) as Nagasaki. Coastal points such as reclaimed land or airports can also fall just
outside the coarse coastline. Callers that know an organisation's prefecture should keep it
and use these functions to check it, not to replace it.

The attribute table comes from ``seed_data/prefectures.csv``: JIS X 0401 codes, names, the
産業技術連携推進会議 regional section, the 2020 Census population (確定値) and the
prefectural office city with approximate city-centre coordinates.

Inputs and outputs are EPSG:4326 lon/lat. Nearest points are found in
:data:`geo.geodesy.JAPAN_CRS`, and distances are then measured on the WGS 84 ellipsoid between
the point and that nearest point, so they do not inherit the projection's scale error.
"""

from __future__ import annotations

import os
from numbers import Real
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod
from shapely.ops import polylabel

from geo.geodesy import JAPAN_CRS, LONLAT_CRS, check_lonlat, to_japan_xy, to_lonlat

PREFECTURE_COLUMNS: Final[tuple[str, ...]] = (
    "name_ja",
    "name_en",
    "region",
    "population_2020",
    "capital_ja",
    "capital_lat",
    "capital_lon",
)

_GEOD: Final[Geod] = Geod(ellps="WGS84")


def load_prefectures(
    geojson_path: str | os.PathLike[str], csv_path: str | os.PathLike[str]
) -> gpd.GeoDataFrame:
    """Read the prefecture polygons and join their attribute table.

    Parameters
    ----------
    geojson_path : str or path-like
        GeoJSON FeatureCollection with properties ``code`` and ``name_ja`` and polygon
        geometry in EPSG:4326 lon/lat (``seed_data/prefectures.geojson``).
    csv_path : str or path-like
        UTF-8 CSV with columns ``code`` and ``PREFECTURE_COLUMNS``
        (``seed_data/prefectures.csv``).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per prefecture, indexed by ``code`` ("01".."47", sorted), with the columns of
        ``PREFECTURE_COLUMNS`` and ``geometry``; CRS EPSG:4326 lon/lat.

    Raises
    ------
    ValueError
        If a column is missing, a code is duplicated, the two files do not list the same
        prefectures under the same ``name_ja``, or a geometry is invalid or not polygonal.
    """
    shapes = gpd.read_file(geojson_path)
    _require_columns(shapes.columns, ("code", "name_ja"), geojson_path)
    # RFC 7946 GeoJSON is always EPSG:4326; a file without a CRS is read as such.
    if shapes.crs is None:
        shapes = shapes.set_crs(LONLAT_CRS)
    else:
        shapes = shapes.to_crs(LONLAT_CRS)
    shapes["code"] = shapes["code"].astype(str)

    table = pd.read_csv(csv_path, dtype=str, encoding="utf-8", keep_default_na=False)
    _require_columns(table.columns, ("code", *PREFECTURE_COLUMNS), csv_path)
    table = table.loc[:, ["code", *PREFECTURE_COLUMNS]]
    table["population_2020"] = pd.to_numeric(table["population_2020"]).astype("int64")
    table["capital_lat"] = pd.to_numeric(table["capital_lat"]).astype("float64")
    table["capital_lon"] = pd.to_numeric(table["capital_lon"]).astype("float64")

    for frame, path in ((shapes, geojson_path), (table, csv_path)):
        duplicated = sorted(set(frame.loc[frame["code"].duplicated(), "code"]))
        if duplicated:
            msg = f"{os.fspath(path)}: duplicated prefecture codes {duplicated}"
            raise ValueError(msg)
    if set(shapes["code"]) != set(table["code"]):
        msg = (
            f"{os.fspath(geojson_path)} and {os.fspath(csv_path)} list different prefectures: "
            f"only in GeoJSON {sorted(set(shapes['code']) - set(table['code']))}, "
            f"only in CSV {sorted(set(table['code']) - set(shapes['code']))}"
        )
        raise ValueError(msg)

    merged = table.merge(shapes, on="code", suffixes=("", "_geojson"), validate="one_to_one")
    mismatched = merged.loc[merged["name_ja"] != merged["name_ja_geojson"], "code"].tolist()
    if mismatched:
        msg = f"name_ja differs between the GeoJSON and the CSV for codes {mismatched}"
        raise ValueError(msg)

    prefs = gpd.GeoDataFrame(
        merged.loc[:, ["code", *PREFECTURE_COLUMNS, "geometry"]],
        geometry="geometry",
        crs=LONLAT_CRS,
    )
    prefs = prefs.set_index("code").sort_index()
    bad = prefs.index[~prefs.geom_type.isin(["Polygon", "MultiPolygon"]) | ~prefs.is_valid]
    if len(bad):
        msg = f"invalid or non-polygonal geometry for prefecture codes {list(bad)}"
        raise ValueError(msg)
    return prefs


def locate_points(prefs: gpd.GeoDataFrame, lon: ArrayLike, lat: ArrayLike) -> pd.DataFrame:
    """Find the prefecture each point is in, or else the nearest one.

    Parameters
    ----------
    prefs : geopandas.GeoDataFrame
        Prefecture polygons as returned by ``load_prefectures``: codes in the index or in a
        ``code`` column, any CRS set (EPSG:4326 from ``load_prefectures``).
    lon, lat : float or array-like of float
        Point coordinates in EPSG:4326 (degrees), same length. If ``lon`` is a
        ``pandas.Series`` its index is kept in the result.

    Returns
    -------
    pandas.DataFrame
        One row per point, in input order, with columns

        - ``code`` (str): the prefecture whose polygon covers the point (boundary included;
          on a shared border the lower code), else the nearest prefecture;
        - ``inside`` (bool): whether the polygon covers the point;
        - ``distance_km`` (float): 0 inside, else the geodesic distance on the WGS 84
          ellipsoid to the nearest point of that polygon (found in :data:`geo.geodesy.JAPAN_CRS`).

    Raises
    ------
    ValueError
        If the coordinates are not finite, out of range or of different lengths, or if
        ``prefs`` is empty or has no CRS.
    """
    index = lon.index if isinstance(lon, pd.Series) else None
    lon_arr, lat_arr = _coordinates(lon, lat)
    codes, polygons = _projected_polygons(prefs)
    if index is None:
        index = pd.RangeIndex(len(lon_arr))
    if len(lon_arr) == 0:
        return pd.DataFrame(
            {
                "code": pd.Series([], dtype=str),
                "inside": pd.Series([], dtype=bool),
                "distance_km": pd.Series([], dtype="float64"),
            },
            index=index,
        )

    x, y = to_japan_xy(lon_arr, lat_arr)
    points = shapely.points(x, y)
    tree = shapely.STRtree(polygons)
    (point_idx, polygon_idx), projected = tree.query_nearest(
        points, all_matches=True, return_distance=True
    )
    # Several matches for one point mean ties (a shared border): keep the lowest code.
    order = np.lexsort((polygon_idx, point_idx))
    _, first = np.unique(point_idx[order], return_index=True)
    chosen = polygon_idx[order][first]
    inside = projected[order][first] == 0.0

    return pd.DataFrame(
        {
            "code": pd.Series(codes[chosen], dtype=str).to_numpy(),
            "inside": inside,
            "distance_km": _geodesic_distances_km(points, polygons[chosen], inside),
        },
        index=index,
    )


def distance_to_prefecture_km(
    prefs: gpd.GeoDataFrame, code: str | int, lon: float, lat: float
) -> float:
    """Return the distance from a point to one prefecture's polygon.

    Parameters
    ----------
    prefs : geopandas.GeoDataFrame
        Prefecture polygons as returned by ``load_prefectures`` (codes in the index or in a
        ``code`` column, any CRS set).
    code : str or int
        JIS X 0401 prefecture code, "13" or 13.
    lon, lat : float
        The point in EPSG:4326 (degrees).

    Returns
    -------
    float
        0.0 if the polygon covers the point, else the geodesic distance in km on the
        WGS 84 ellipsoid to the polygon's nearest point (found in :data:`geo.geodesy.JAPAN_CRS`).

    Raises
    ------
    ValueError
        If the code is unknown or the coordinates are not finite and in range.
    """
    for name, value in (("lon", lon), ("lat", lat)):
        if isinstance(value, bool) or not isinstance(value, Real):
            msg = f"{name} must be a number, got {value!r}"
            raise ValueError(msg)
    lon_arr, lat_arr = _coordinates(lon, lat)
    codes, polygons = _projected_polygons(prefs)
    wanted = _normalise_code(code)
    matches = np.flatnonzero(codes == wanted)
    if len(matches) == 0:
        msg = f"unknown prefecture code {code!r}"
        raise ValueError(msg)
    polygon = polygons[matches[:1]]

    x, y = to_japan_xy(lon_arr, lat_arr)
    points = shapely.points(x, y)
    inside = shapely.covers(polygon, points)
    return float(_geodesic_distances_km(points, polygon, inside)[0])


def _require_columns(
    columns: pd.Index, required: tuple[str, ...], path: str | os.PathLike[str]
) -> None:
    """Raise ValueError naming the file if any required column is missing."""
    missing = [column for column in required if column not in columns]
    if missing:
        msg = f"{os.fspath(path)}: missing columns {missing}"
        raise ValueError(msg)


def _normalise_code(code: str | int) -> str:
    """Return a prefecture code as two digits ("01".."47"); other text is returned as is."""
    if isinstance(code, bool):
        msg = f"prefecture code must be a string or an int, got {code!r}"
        raise ValueError(msg)
    if isinstance(code, int):
        return f"{code:02d}"
    return str(code)


def _coordinates(
    lon: ArrayLike, lat: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Validate EPSG:4326 lon/lat input and return two 1-D float arrays."""
    lon_arr, lat_arr = check_lonlat(np.atleast_1d(lon), np.atleast_1d(lat), "points")
    if lon_arr.ndim != 1:
        msg = f"lon and lat must be 1-D, got shape {lon_arr.shape}"
        raise ValueError(msg)
    return lon_arr, lat_arr


def _projected_polygons(
    prefs: gpd.GeoDataFrame,
) -> tuple[NDArray[np.str_], NDArray[np.object_]]:
    """Return prefecture codes and their polygons in ``JAPAN_CRS``, sorted by code."""
    if not isinstance(prefs, gpd.GeoDataFrame) or len(prefs) == 0:
        msg = "prefs must be a non-empty GeoDataFrame of prefecture polygons"
        raise ValueError(msg)
    if prefs.crs is None:
        msg = "prefs has no CRS; expected EPSG:4326 as returned by load_prefectures"
        raise ValueError(msg)
    codes = prefs["code"] if "code" in prefs.columns else prefs.index.to_series()
    codes = np.asarray(codes.astype(str), dtype=str)
    polygons = np.asarray(prefs.geometry.to_crs(JAPAN_CRS).array, dtype=object)
    order = np.argsort(codes, kind="stable")
    return codes[order], polygons[order]


def _geodesic_distances_km(
    points: NDArray[np.object_], polygons: NDArray[np.object_], inside: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Pairwise geodesic km from ``JAPAN_CRS`` points to their polygons; 0 where inside."""
    distances = np.zeros(len(points), dtype="float64")
    outside = np.flatnonzero(~inside)
    if len(outside) == 0:
        return distances
    lines = shapely.shortest_line(points[outside], polygons[outside])
    start = shapely.get_coordinates(shapely.get_point(lines, 0))
    end = shapely.get_coordinates(shapely.get_point(lines, 1))
    lon0, lat0 = to_lonlat(start[:, 0], start[:, 1])
    lon1, lat1 = to_lonlat(end[:, 0], end[:, 1])
    _, _, metres = _GEOD.inv(lon0, lat0, lon1, lat1)
    distances[outside] = np.asarray(metres) / 1000.0
    return distances


def label_point(geometry: shapely.Geometry) -> tuple[float, float]:
    """Where a prefecture's name goes on a map: the pole of inaccessibility of its largest part
    (the point farthest inside from its outline), as EPSG:4326 (lon, lat) rounded to 4 decimals."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda part: float(shapely.area(part)))
    point = polylabel(largest, tolerance=0.01)
    return round(float(point.x), 4), round(float(point.y), 4)
