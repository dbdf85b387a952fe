"""Geodesy for the whole of ``geo``: one Earth, one distance, one projection, one set of checks.

Every other module measures and validates through these, so that a distance, a cluster
radius and a bounding box mean the same thing wherever they are computed.

- :data:`EARTH_RADIUS_KM` and :func:`great_circle_km`: distances on a sphere, in km.
- :data:`JAPAN_CRS`: the one projected (metric) CRS for Japan, with :func:`to_japan_xy`,
  :func:`to_lonlat` and :func:`area_km2` to go to and from it.
- :func:`check_lonlat` and :func:`check_bbox`: the one rule for valid coordinates and boxes.

Coordinates are EPSG:4326 longitude/latitude in decimal degrees unless a name says otherwise
(``x``/``y`` are metres in :data:`JAPAN_CRS`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Final, TypeVar, overload

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer

__all__ = [
    "EARTH_RADIUS_KM",
    "JAPAN_CRS",
    "LONLAT_CRS",
    "Bbox",
    "area_km2",
    "check_bbox",
    "check_lonlat",
    "great_circle_km",
    "to_japan_xy",
    "to_lonlat",
]

FloatArray = NDArray[np.float64]
#: ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326, the GeoJSON order.
Bbox = tuple[float, float, float, float]

#: Mean Earth radius (IUGG), km. Great-circle distances on this sphere are within about 0.5 %
#: of the GRS80 ellipsoidal distance, well inside the uncertainty of anything modelled here.
EARTH_RADIUS_KM: Final = 6371.0088

#: Geographic longitude/latitude on WGS 84, the CRS of every input and output of ``geo``.
LONLAT_CRS: Final[CRS] = CRS.from_epsg(4326)

#: The one projected CRS for distances, buffers, hulls, nearest points and areas anywhere in
#: Japan: Lambert Azimuthal Equal Area on GRS80 centred on 36°N 138°E, in metres. Areas are
#: exact; lengths are off by less than 0.4 % on the four main islands, 0.7 % at Naha and
#: 1.1 % at Yonaguni. Japan has no single official projected CRS (the plane rectangular
#: zones and UTM zones each cover a strip), and Web Mercator (EPSG:3857) overstates lengths
#: by 20-40 % at these latitudes.
JAPAN_CRS: Final[CRS] = CRS.from_proj4(
    "+proj=laea +lat_0=36 +lon_0=138 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
)

_Geometry = TypeVar("_Geometry", bound=shapely.Geometry)


# --------------------------------------------------------------------------- distance


@overload
def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float: ...
@overload
def great_circle_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> Any: ...
def great_circle_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> Any:
    """Great-circle (haversine) distance in km between points in EPSG:4326 lon/lat.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array_like
        Coordinates in decimal degrees (EPSG:4326). Arrays broadcast against each other,
        e.g. ``(n, 1)`` points against ``(m,)`` sites give an ``(n, m)`` matrix.

    Returns
    -------
    float or numpy.ndarray
        Distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`: a float when every
        input is a scalar, else an array of the broadcast shape.
    """
    scalar = int | float
    if isinstance(lon1, scalar) and isinstance(lat1, scalar) and isinstance(lon2, scalar) and isinstance(lat2, scalar):
        # The same formula with math for one pair: ten times faster than numpy on scalars,
        # and the path engine measures two access legs per query.
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dl = math.radians(lon2 - lon1)
        h = math.sin((p2 - p1) / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2.0) ** 2
        return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))
    lam1, phi1, lam2, phi2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((phi2 - phi1) / 2.0) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2.0) ** 2
    d = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else d


# --------------------------------------------------------------------------- projection


@lru_cache(maxsize=2)
def _transformer(inverse: bool) -> Transformer:
    # Building a transformer costs about a millisecond; pyproj's are safe to share
    # between threads.
    if inverse:
        return Transformer.from_crs(JAPAN_CRS, LONLAT_CRS, always_xy=True)
    return Transformer.from_crs(LONLAT_CRS, JAPAN_CRS, always_xy=True)


def to_japan_xy(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Project EPSG:4326 lon/lat to :data:`JAPAN_CRS` x/y in metres (float arrays)."""
    x, y = _transformer(False).transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def to_lonlat(x: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Unproject :data:`JAPAN_CRS` x/y in metres to EPSG:4326 lon/lat (float arrays)."""
    lon, lat = _transformer(True).transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def _apply(geometry: _Geometry, transform: Callable[[ArrayLike, ArrayLike], tuple[FloatArray, FloatArray]]) -> _Geometry:
    def on_coordinates(xy: FloatArray) -> FloatArray:
        return np.column_stack(transform(xy[:, 0], xy[:, 1]))

    result: _Geometry = shapely.transform(geometry, on_coordinates)
    return result


def area_km2(geometry: shapely.Geometry) -> float:
    """Area in km² of a geometry given in EPSG:4326 lon/lat, measured in :data:`JAPAN_CRS`.

    The projection is equal-area, so the figure is exact up to the polygon's own vertices.
    """
    return float(shapely.area(_apply(geometry, to_japan_xy))) / 1e6


# --------------------------------------------------------------------------- checks


def _lonlat_error(what: str) -> ValueError:
    return ValueError(
        f"{what}: lon/lat outside EPSG:4326 range or not finite "
        "(lon must lie in [-180, 180] and lat in [-90, 90])"
    )


@overload
def check_lonlat(lon: float, lat: float, what: str = ...) -> tuple[float, float]: ...
@overload
def check_lonlat(lon: ArrayLike, lat: ArrayLike, what: str = ...) -> tuple[FloatArray, FloatArray]: ...
def check_lonlat(lon: ArrayLike, lat: ArrayLike, what: str = "lon/lat") -> tuple[Any, Any]:
    """Check EPSG:4326 coordinates: finite, -180 <= lon <= 180, -90 <= lat <= 90.

    Parameters
    ----------
    lon, lat : float or array_like of float
        Longitudes and latitudes in decimal degrees, of one shape.
    what : str
        What the coordinates are, to start the error message with (e.g. ``"nodes row 3"``).

    Returns
    -------
    (float, float) or (numpy.ndarray, numpy.ndarray)
        Plain floats for two numbers (the path engine checks two points per query, so
        scalars skip numpy), else float arrays.

    Raises
    ------
    ValueError
        If a value is not a number, not finite or out of range, or the shapes differ.
    """
    if isinstance(lon, int | float) and isinstance(lat, int | float):
        x, y = float(lon), float(lat)
        if -180.0 <= x <= 180.0 and -90.0 <= y <= 90.0:  # false for NaN too
            return x, y
        raise _lonlat_error(what)
    try:
        lon_arr = np.asarray(lon, dtype=float)
        lat_arr = np.asarray(lat, dtype=float)
    except (TypeError, ValueError):
        msg = f"{what}: lon/lat must be numbers, got {lon!r} and {lat!r}"
        raise ValueError(msg) from None
    if lon_arr.shape != lat_arr.shape:
        msg = f"{what}: lon and lat differ in shape ({lon_arr.shape} vs {lat_arr.shape})"
        raise ValueError(msg)
    # Written so that NaN fails the comparison.
    inside = (lon_arr >= -180.0) & (lon_arr <= 180.0) & (lat_arr >= -90.0) & (lat_arr <= 90.0)
    if not inside.all():
        raise _lonlat_error(what)
    return lon_arr, lat_arr


def check_bbox(bbox: Sequence[Any]) -> Bbox:
    """Check a bounding box and return it as four floats.

    Parameters
    ----------
    bbox : sequence of 4 numbers (or numeric strings)
        ``(min_lon, min_lat, max_lon, max_lat)`` in EPSG:4326, the GeoJSON order. A box
        crossing the antimeridian is not supported.

    Returns
    -------
    tuple of float
        The same box.

    Raises
    ------
    ValueError
        Unless it is four finite numbers with -180 <= min_lon <= max_lon <= 180 and
        -90 <= min_lat <= max_lat <= 90. A box with min == max on an axis is valid: it has
        no area and holds exactly the points on that line (or at that point), edges being
        inclusive, as a map client asks when zoomed onto one spot.
    """
    try:
        values = [float(v) for v in bbox]
    except (TypeError, ValueError):
        msg = f"bbox must be four numbers (min_lon, min_lat, max_lon, max_lat), got {bbox!r:.80}"
        raise ValueError(msg) from None
    if len(values) != 4:
        msg = f"bbox must be four numbers (min_lon, min_lat, max_lon, max_lat), got {len(values)}"
        raise ValueError(msg)
    min_lon, min_lat, max_lon, max_lat = values
    if not all(math.isfinite(v) for v in values):
        msg = f"bbox values must be finite, got {values}"
        raise ValueError(msg)
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        msg = f"bbox longitudes must lie in [-180, 180], got {min_lon} and {max_lon}"
        raise ValueError(msg)
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        msg = f"bbox latitudes must lie in [-90, 90], got {min_lat} and {max_lat}"
        raise ValueError(msg)
    if min_lon > max_lon:
        msg = f"bbox min_lon ({min_lon}) must not exceed max_lon ({max_lon})"
        raise ValueError(msg)
    if min_lat > max_lat:
        msg = f"bbox min_lat ({min_lat}) must not exceed max_lat ({max_lat})"
        raise ValueError(msg)
    return min_lon, min_lat, max_lon, max_lat
