"""Tests for geo.geodesy: the one Earth radius, great-circle distance, national CRS and checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from geo.geodesy import (
    EARTH_RADIUS_KM, JAPAN_CRS, area_km2, check_bbox, check_lonlat, great_circle_km, to_japan_xy, to_lonlat
)

GEOD = Geod(ellps="GRS80")

# ------------------------------------------------------------------ great circle


def test_quarter_meridian_is_a_quarter_of_the_circumference():
    assert great_circle_km(0, 0, 0, 90) == pytest.approx(EARTH_RADIUS_KM * math.pi / 2)


def test_half_a_degree_of_latitude_by_hand():
    # 0.5 x pi / 180 x 6371.0088 km = 55.597 km.
    assert great_circle_km(0.0, 0.0, 0.0, 0.5) == pytest.approx(0.5 * math.pi / 180 * 6371.0088)


def test_scalars_give_a_float_and_arrays_broadcast():
    assert isinstance(great_circle_km(135.0, 35.0, 136.0, 35.0), float)
    points = np.array([[135.0, 35.0], [139.7, 35.7]])
    sites = np.array([[135.0, 35.0], [141.35, 43.06], [127.68, 26.21]])
    matrix = great_circle_km(points[:, 0, None], points[:, 1, None], sites[:, 0], sites[:, 1])
    assert matrix.shape == (2, 3)
    assert matrix[0, 0] == 0.0
    for i, (x, y) in enumerate(points):
        for j, (u, v) in enumerate(sites):
            assert matrix[i, j] == pytest.approx(great_circle_km(float(x), float(y), float(u), float(v)), rel=1e-12)


def test_antipodes_do_not_fall_outside_arcsine():
    assert great_circle_km(0.0, 0.0, 180.0, 0.0) == pytest.approx(EARTH_RADIUS_KM * math.pi)
    assert great_circle_km([0.0], [0.0], [180.0], [0.0])[0] == pytest.approx(EARTH_RADIUS_KM * math.pi)


japan_lon = st.floats(122.0, 154.0)
japan_lat = st.floats(20.0, 46.0)


@settings(max_examples=200, deadline=None, database=None)
@given(japan_lon, japan_lat, japan_lon, japan_lat)
def test_within_half_a_percent_of_the_ellipsoid_in_japan(lon1, lat1, lon2, lat2):
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    km = great_circle_km(lon1, lat1, lon2, lat2)
    assert km == pytest.approx(metres / 1000, rel=5e-3, abs=1e-6)
    assert km == great_circle_km(lon2, lat2, lon1, lat1)


# ------------------------------------------------------------------- projection


def test_japan_crs_is_one_projected_metric_crs():
    assert JAPAN_CRS.is_projected
    assert JAPAN_CRS.axis_info[0].unit_name == "metre"
    x, y = to_japan_xy([138.0], [36.0])  # the centre of the projection
    assert x[0] == pytest.approx(0.0, abs=1e-6) and y[0] == pytest.approx(0.0, abs=1e-6)


def test_projection_round_trips():
    lon = np.array([123.0, 127.68, 139.7, 145.58])
    lat = np.array([24.45, 26.21, 35.7, 43.33])
    back = to_lonlat(*to_japan_xy(lon, lat))
    # Within 1e-7° (about a centimetre): PROJ inverts the authalic latitude by a series.
    assert back[0] == pytest.approx(lon, abs=1e-7) and back[1] == pytest.approx(lat, abs=1e-7)


@pytest.mark.parametrize(("lon", "lat"), [(139.0, 35.0), (141.0, 43.0), (127.0, 26.0)])
def test_areas_are_true_areas(lon, lat):
    # A 1° x 1° cell: equal-area projection against the ellipsoid's own area.
    cell = shapely.box(lon, lat, lon + 1, lat + 1).segmentize(0.01)
    geodesic_m2, _ = GEOD.geometry_area_perimeter(cell)
    assert area_km2(cell) == pytest.approx(abs(geodesic_m2) / 1e6, rel=1e-4)


def test_lengths_are_within_a_percent_across_japan():
    # From Tokyo to Sapporo, Naha and Yonaguni: projected straight line against the geodesic.
    tokyo = (139.77, 35.68)
    for lon, lat in [(141.35, 43.06), (127.68, 26.21), (123.0, 24.45)]:
        x, y = to_japan_xy([tokyo[0], lon], [tokyo[1], lat])
        _, _, metres = GEOD.inv(tokyo[0], tokyo[1], lon, lat)
        assert math.hypot(x[1] - x[0], y[1] - y[0]) == pytest.approx(metres, rel=1e-2)


# ----------------------------------------------------------------------- lon/lat


def test_lonlat_check_passes_scalars_and_arrays_through():
    assert check_lonlat(139, 35.5) == (139.0, 35.5)
    lon, lat = check_lonlat([-180, 180], [-90.0, 90.0])
    assert lon.dtype == float and lon.tolist() == [-180.0, 180.0] and lat.tolist() == [-90.0, 90.0]


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(180.5, 35.0), (139.0, -90.5), (float("nan"), 35.0), (139.0, float("inf")),
     ([139.0, 200.0], [35.0, 35.0]), ([139.0, np.nan], [35.0, 35.0])],
)  # fmt: skip
def test_lonlat_check_refuses_what_is_not_epsg4326(lon, lat):
    with pytest.raises(ValueError, match=r"^nodes row 3: lon/lat outside EPSG:4326 range"):
        check_lonlat(lon, lat, "nodes row 3")


def test_lonlat_check_refuses_other_shapes_and_text():
    with pytest.raises(ValueError, match="differ in shape"):
        check_lonlat([139.0, 135.5], [35.6])
    with pytest.raises(ValueError, match="must be numbers"):
        check_lonlat(["Tokyo"], [35.6])


# -------------------------------------------------------------------------- bbox


BOX = (139.0, 35.0, 140.0, 36.0)


@pytest.mark.parametrize(
    ("bbox", "message"),
    [
        ((140.0, 35.0, 139.0, 36.0), "min_lon"),
        ((139.0, 36.0, 140.0, 35.0), "min_lat"),
        ((-181.0, 35.0, 140.0, 36.0), "longitudes"),
        ((139.0, 35.0, 181.0, 36.0), "longitudes"),
        ((139.0, -91.0, 140.0, 36.0), "latitudes"),
        ((139.0, 35.0, 140.0, float("nan")), "finite"),
        ((139.0, 35.0, 140.0, float("inf")), "finite"),
        ((139.0, 35.0, 140.0), "four numbers"),
        (("a", "b", "c", "d"), "four numbers"),
        (None, "four numbers"),
    ],
)
def test_bad_bbox_is_rejected_with_a_clear_message(bbox, message):
    with pytest.raises(ValueError, match=message):
        check_bbox(bbox)


@pytest.mark.parametrize(
    "bbox",
    [(139.0, 35.0, 139.0, 36.0), (139.0, 35.0, 140.0, 35.0), (139.0, 35.0, 139.0, 35.0), (-180, -90, 180, 90)],
)
def test_boxes_of_no_area_and_the_whole_world_are_valid(bbox):
    assert check_bbox(bbox) == tuple(float(v) for v in bbox)


def test_bbox_accepts_numeric_text_as_a_query_string_gives_it():
    assert check_bbox(["139", "35", "140", "36"]) == BOX
    assert check_bbox([" 139", "35 ", "1.39e2", "36"]) == (139.0, 35.0, 139.0, 36.0)
