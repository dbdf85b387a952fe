"""Build ``seed_data/prefectures.geojson`` from the boundaries shipped with japanmap.

Run from the repository root::

    python seed_data/make_prefectures.py

Source
------
PyPI package ``japanmap`` 0.6.0 (Saito Tsutomu, https://github.com/SaitoTsutomu/japanmap),
file ``japanmap/japan.json``. Licence: Apache-2.0. The installed wheel's
``japanmap-0.6.0.dist-info/METADATA`` says ``License: Apache-2.0`` and
``Classifier: License :: OSI Approved :: Apache Software License``, and the wheel ships the
full Apache License 2.0 text as ``dist-info/licenses/LICENSE``. Neither names a separate
licence or upstream source for ``japan.json`` itself.

Caveat
------
japanmap traces only the main area of each prefecture (the part holding the prefectural
office). Outlying islands are not in it, so points on them fall outside every polygon;
``geo.prefectures.locate_points`` assigns such points to the nearest polygon and says so. The
outline is coarse (a vertex every 3-6 km), good for choropleths and coarse lookups, not for
deciding which side of a border an address is on. The official, finer source is MLIT's
国土数値情報 N03 administrative areas.

Processing
----------
- ``japanmap.get_data()`` with no arguments: the default of ``pref_points()`` moves Hokkaido
  and Okinawa for display, so the rings are built here from ``qp``/``qo`` directly.
- 9 of the 47 rings self-intersect; ``shapely.make_valid`` repairs them and only the
  polygonal parts of its result are kept.
- Coordinates are snapped to a 1e-5 degree grid (about 1 m) with ``shapely.set_precision``,
  which keeps the geometry valid, and written rounded to 5 decimals. Shared borders stay
  shared because neighbouring rings use the same source points.
- No simplification: at 3-6 km between vertices, a 200 m tolerance removes almost nothing.
- Exterior rings counter-clockwise, holes clockwise (RFC 7946 section 3.1.6).

Output: an RFC 7946 FeatureCollection in EPSG:4326 (lon, lat) with 47 features in code
order, properties ``code`` ("01".."47", JIS X 0401) and ``name_ja``; one feature per line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import japanmap
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

OUTPUT_PATH = Path(__file__).with_name("prefectures.geojson")
DECIMALS = 5
GRID_SIZE = 10.0**-DECIMALS
SOURCE = (
    "PyPI japanmap 0.6.0 (japanmap/japan.json, https://github.com/SaitoTsutomu/japanmap), "
    "Apache-2.0 per its wheel metadata; built by seed_data/make_prefectures.py"
)
NOTE = (
    "Main area of each prefecture only: outlying islands are not included. "
    "Coarse outline (vertices every 3-6 km). Coordinates EPSG:4326 lon/lat."
)


def prefecture_rings(qp: list, qo: list) -> list[list[tuple[float, float]]]:
    """Return the closed boundary ring of each prefecture's main area.

    Parameters
    ----------
    qp, qo : list
        The two lists returned by ``japanmap.get_data()`` (unshifted), coordinates in
        EPSG:4326 lon/lat.

    Returns
    -------
    list of list of (float, float)
        One ring per prefecture in JIS X 0401 order, as (lon, lat) in EPSG:4326.
    """
    return [
        [tuple(qp[i][0]) for _, indices in qo[k] for i in indices] for k in range(len(qo))
    ]


def polygonal_part(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """Keep only the polygons of a geometry (``make_valid`` may also return lines).

    Parameters
    ----------
    geometry : shapely geometry
        Any geometry, in EPSG:4326 lon/lat.

    Returns
    -------
    Polygon or MultiPolygon
        The non-empty polygonal parts, in the same CRS.
    """
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if isinstance(part, Polygon | MultiPolygon) and not part.is_empty
    ]
    polygons = [poly for part in parts for poly in shapely.get_parts(part)]
    if not polygons:
        msg = f"no polygonal part in {geometry.geom_type}"
        raise ValueError(msg)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def prefecture_geometry(ring: list[tuple[float, float]]) -> tuple[BaseGeometry, bool]:
    """Turn one ring into a valid, grid-snapped, RFC 7946-oriented polygon.

    Parameters
    ----------
    ring : list of (float, float)
        Closed ring as (lon, lat) in EPSG:4326.

    Returns
    -------
    geometry : Polygon or MultiPolygon
        Valid geometry in EPSG:4326 with coordinates on a 1e-5 degree grid.
    repaired : bool
        True if the ring was invalid and needed ``shapely.make_valid``.
    """
    geometry: BaseGeometry = Polygon(ring)
    repaired = not geometry.is_valid
    if repaired:
        geometry = polygonal_part(shapely.make_valid(geometry))
    geometry = polygonal_part(shapely.set_precision(geometry, GRID_SIZE))
    geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    if not geometry.is_valid:
        msg = f"geometry still invalid after repair: {shapely.is_valid_reason(geometry)}"
        raise ValueError(msg)
    return geometry, repaired


def _rounded(coords: Any) -> Any:
    """Round nested coordinate sequences to ``DECIMALS`` places."""
    if isinstance(coords, tuple | list) and coords and isinstance(coords[0], float | int):
        return [round(float(c), DECIMALS) for c in coords]
    return [_rounded(c) for c in coords]


def feature(code: str, name_ja: str, geometry: BaseGeometry) -> dict[str, Any]:
    """Return a GeoJSON Feature for one prefecture (EPSG:4326 lon/lat)."""
    geojson = mapping(geometry)
    return {
        "type": "Feature",
        "properties": {"code": code, "name_ja": name_ja},
        "geometry": {"type": geojson["type"], "coordinates": _rounded(geojson["coordinates"])},
    }


def write_feature_collection(features: list[dict[str, Any]], path: Path) -> None:
    """Write the features as an RFC 7946 FeatureCollection, one feature per line.

    ``source`` and ``note`` are foreign members (RFC 7946 section 6.1) that readers ignore.
    """
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    header = json.dumps(
        {"type": "FeatureCollection", "source": SOURCE, "note": NOTE},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    text = header[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    """Build the prefecture GeoJSON and report which rings needed repair."""
    qp, qo = japanmap.get_data()  # no arguments: unshifted lon/lat
    rings = prefecture_rings(qp, qo)
    if len(rings) != japanmap.NUM_PREF:
        msg = f"expected {japanmap.NUM_PREF} prefectures, japanmap gave {len(rings)}"
        raise ValueError(msg)
    features = []
    repaired = []
    for number, ring in enumerate(rings, start=1):
        code = f"{number:02d}"
        name_ja = japanmap.pref_names[number]
        geometry, was_repaired = prefecture_geometry(ring)
        if was_repaired:
            repaired.append(f"{code} {name_ja}")
        features.append(feature(code, name_ja, geometry))
    write_feature_collection(features, OUTPUT_PATH)
    print(f"wrote {OUTPUT_PATH} ({OUTPUT_PATH.stat().st_size:,} bytes, {len(features)} features)")
    print(f"repaired with make_valid ({len(repaired)}): {', '.join(repaired)}")


if __name__ == "__main__":
    main()
