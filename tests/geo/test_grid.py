"""Tests for geo.grid: the bounding-box filter and the national map's grid aggregation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.grid import MAX_ZOOM, WORLD_BBOX, grid_aggregate, in_bbox

# ------------------------------------------------------------------------ bbox

BOX = (139.0, 35.0, 140.0, 36.0)


def test_bbox_edges_and_corners_are_inside():
    lon = np.array([139.0, 140.0, 139.5, 139.5, 139.0, 140.0, 139.5])
    lat = np.array([35.5, 35.5, 35.0, 36.0, 35.0, 36.0, 35.5])
    assert in_bbox(lon, lat, BOX).all()


def test_just_outside_the_bbox_is_outside():
    lon = np.array([np.nextafter(139.0, 0), np.nextafter(140.0, 200), 139.5, 139.5, np.nan])
    lat = np.array([35.5, 35.5, np.nextafter(35.0, 0), np.nextafter(36.0, 90), 35.5])
    assert not in_bbox(lon, lat, BOX).any()


@pytest.mark.parametrize(
    ("bbox", "message"),
    [((140.0, 35.0, 139.0, 36.0), "min_lon"), ((139.0, 35.0, 140.0), "four numbers"), (None, "four numbers")],
)
def test_in_bbox_refuses_a_bad_box_as_geodesy_does(bbox, message):
    with pytest.raises(ValueError, match=message):
        in_bbox([139.5], [35.5], bbox)


def test_bbox_accepts_strings_of_numbers_and_world_extent():
    assert in_bbox([139.5], [35.5], ["139", "35", "140", "36"]).all()
    assert in_bbox([-180.0, 180.0], [-90.0, 90.0], (-180, -90, 180, 90)).all()


def test_a_box_of_no_area_holds_the_points_on_it():
    # min_lon == max_lon: the meridian segment 139°E from 35°N to 36°N, edges included.
    lon = np.array([139.0, 139.0, 139.0, np.nextafter(139.0, 140), 139.0])
    lat = np.array([35.0, 35.5, 36.0, 35.5, 36.5])
    assert in_bbox(lon, lat, (139.0, 35.0, 139.0, 36.0)).tolist() == [True, True, True, False, False]
    # min == max on both axes: one point.
    assert in_bbox(lon, lat, (139.0, 35.5, 139.0, 35.5)).tolist() == [False, True, False, False, False]


@pytest.mark.parametrize("zoom", [0, 5, 14, MAX_ZOOM])
def test_a_box_of_no_area_aggregates_without_dividing_by_zero(zoom):
    lon = np.array([139.0, 139.0, 139.0, 140.0])
    lat = np.array([35.0, 35.5, 36.0, 35.5])
    with np.errstate(all="raise"):
        cells = grid_aggregate(lon, lat, (139.0, 35.0, 139.0, 36.0), zoom, kinds=["hub", "hub", "university", "hub"])
        point = grid_aggregate(lon, lat, (139.0, 35.5, 139.0, 35.5), zoom)
    assert sum(c["count"] for c in cells) == 3
    assert sum(c["counts_by_kind"].get("university", 0) for c in cells) == 1
    assert all(c["bounds"][0] <= 139.0 <= c["bounds"][2] for c in cells)
    assert [c["count"] for c in point] == [1]
    assert point[0]["lon"] == 139.0 and point[0]["lat"] == 35.5


def test_world_bbox_is_the_web_mercator_square():
    cells = grid_aggregate([0.0, 100.0], [0.0, 85.0], WORLD_BBOX, zoom=0, cell_px=256)
    assert [c["count"] for c in cells] == [2]
    assert cells[0]["bounds"] == pytest.approx(list(WORLD_BBOX))


# -------------------------------------------------------------------- map grid


def test_grid_cells_at_national_zoom():
    lon = np.array([139.70, 139.71, 135.50, 141.35, 200.0 - 60])  # the last is 140.0
    lat = np.array([35.68, 35.69, 34.69, 43.06, 35.5])
    kinds = ["university", "hub", "university", "public_lab", "hub"]
    cells = grid_aggregate(lon, lat, (122.0, 24.0, 154.0, 46.0), zoom=5, kinds=kinds)
    assert sum(c["count"] for c in cells) == 5
    tokyo = next(c for c in cells if c["bounds"][0] <= 139.7 <= c["bounds"][2] and c["bounds"][1] <= 35.68 <= c["bounds"][3])
    # At zoom 5 a 64-px cell is 360 / 2**5 / 4 = 2.8125 degrees wide: Tokyo's two
    # points and (140.0, 35.5) share one.
    assert tokyo["bounds"][2] - tokyo["bounds"][0] == pytest.approx(2.8125)
    assert tokyo["count"] == 3
    assert tokyo["counts_by_kind"] == {"hub": 2, "university": 1}
    assert tokyo["lon"] == pytest.approx((139.70 + 139.71 + 140.0) / 3)
    assert tokyo["lat"] == pytest.approx((35.68 + 35.69 + 35.5) / 3)
    assert tokyo["cell"][0] == 5
    # North to south: Hokkaido's cell comes first.
    assert cells[0]["lat"] == pytest.approx(43.06)


def test_grid_is_empty_when_nothing_is_in_view():
    assert grid_aggregate([139.7], [35.7], (0.0, 0.0, 1.0, 1.0), zoom=5) == []


def test_one_cell_covers_the_world_at_zoom_zero():
    cells = grid_aggregate([-180.0, 0.0, 180.0], [-90.0, 0.0, 90.0], (-180, -90, 180, 90), zoom=0, cell_px=256)
    assert len(cells) == 1
    assert cells[0]["count"] == 3
    assert cells[0]["bounds"] == pytest.approx([-180.0, -85.0511287798066, 180.0, 85.0511287798066])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"zoom": -1}, "zoom"),
        ({"zoom": MAX_ZOOM + 1}, "zoom"),
        ({"zoom": 2.5}, "zoom"),
        ({"zoom": True}, "zoom"),
        ({"zoom": 5, "cell_px": 0}, "cell_px"),
        ({"zoom": 5, "kinds": ["hub", "hub"]}, "kinds"),
    ],
)
def test_grid_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        grid_aggregate([139.7], [35.7], BOX, **kwargs)


lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-90, 90, allow_nan=False)


@st.composite
def views(draw, lat_strategy=lats):
    n = draw(st.integers(0, 60))
    lon = np.array(draw(st.lists(lons, min_size=n, max_size=n)), dtype=float)
    lat = np.array(draw(st.lists(lat_strategy, min_size=n, max_size=n)), dtype=float)
    # min == max is drawn too: a box of no area is valid.
    x0, x1 = sorted(draw(st.lists(lons, min_size=2, max_size=2)))
    y0, y1 = sorted(draw(st.lists(lat_strategy, min_size=2, max_size=2)))
    # Put some points exactly on the box's edges and corners.
    lon = np.r_[lon, x0, x1, x0, (x0 + x1) / 2]
    lat = np.r_[lat, y0, y1, y1, (y0 + y1) / 2]
    zoom = draw(st.integers(0, MAX_ZOOM))
    cell_px = draw(st.sampled_from([16, 64, 256]))
    kinds = draw(st.lists(st.sampled_from(["hub", "university"]), min_size=lon.size, max_size=lon.size))
    return lon, lat, (x0, y0, x1, y1), zoom, cell_px, kinds


@settings(max_examples=300, deadline=None)
@given(views())
def test_grid_counts_add_up_to_the_points_in_view(view):
    lon, lat, bbox, zoom, cell_px, kinds = view
    cells = grid_aggregate(lon, lat, bbox, zoom, kinds=kinds, cell_px=cell_px)
    assert sum(c["count"] for c in cells) == int(in_bbox(lon, lat, bbox).sum())
    assert len({tuple(c["cell"]) for c in cells}) == len(cells)
    for c in cells:
        assert c["count"] >= 1
        assert sum(c["counts_by_kind"].values()) == c["count"]


@settings(max_examples=300, deadline=None)
@given(views(st.floats(-85, 85, allow_nan=False)))
def test_grid_cells_hold_their_members_mean(view):
    lon, lat, bbox, zoom, cell_px, _ = view
    eps = 1e-9
    for c in grid_aggregate(lon, lat, bbox, zoom, cell_px=cell_px):
        west, south, east, north = c["bounds"]
        assert west - eps <= c["lon"] <= east + eps
        assert south - eps <= c["lat"] <= north + eps
        assert bbox[0] - eps <= c["lon"] <= bbox[2] + eps
        assert bbox[1] - eps <= c["lat"] <= bbox[3] + eps


def test_grid_aggregates_100000_points_exactly():
    rng = np.random.default_rng(1)
    lon = rng.uniform(122, 154, 100_000)
    lat = rng.uniform(24, 46, 100_000)
    view = (130.0, 30.0, 142.5, 40.0)
    for zoom in (4, 6, 9):
        cells = grid_aggregate(lon, lat, view, zoom)
        assert sum(c["count"] for c in cells) == int(in_bbox(lon, lat, view).sum())


def test_cells_nest_across_zooms_and_cells_inside_a_box_hold_only_points_of_it():
    from geo.grid import cell_index, cells_inside

    rng = np.random.default_rng(16)
    lon, lat = rng.uniform(122.0, 146.0, 20_000), rng.uniform(24.0, 46.0, 20_000)
    lon[:50] = 139.0  # points exactly on a box edge
    fine_col, fine_row = cell_index(lon, lat, 13)
    for zoom in (0, 5, 8, 12):
        col, row = cell_index(lon, lat, zoom)
        assert (col == fine_col >> (13 - zoom)).all() and (row == fine_row >> (13 - zoom)).all()
    for bbox in [(139.0, 35.0, 140.5, 36.5), (135.3, 34.5, 135.7, 34.8), (-180.0, -85.0511287798066, 180.0, 85.0511287798066)]:
        inside = in_bbox(lon, lat, bbox)
        for zoom in (5, 8, 11, 13):
            first_col, first_row, last_col, last_row = cells_inside(bbox, zoom)
            col, row = cell_index(lon, lat, zoom)
            held = (col >= first_col) & (col <= last_col) & (row >= first_row) & (row <= last_row)
            assert not (held & ~inside).any()  # a point of a cell wholly inside is in the box
            if zoom == 13 and bbox[2] - bbox[0] > 1:
                assert held.sum() > 0.9 * inside.sum()  # and the cells cover almost all of it
