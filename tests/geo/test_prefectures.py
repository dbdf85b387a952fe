"""Tests of the prefecture seed data and of ``geo.prefectures`` through its public functions."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from geo.geodesy import JAPAN_CRS
from geo.prefectures import PREFECTURE_COLUMNS, distance_to_prefecture_km, load_prefectures, locate_points

SEED_DATA = Path(__file__).resolve().parents[2] / "seed_data"
GEOJSON = SEED_DATA / "prefectures.geojson"
PREFECTURES_CSV = SEED_DATA / "prefectures.csv"
REGIONS_CSV = SEED_DATA / "regions.csv"

CODES = [f"{n:02d}" for n in range(1, 48)]
CENSUS_2020_TOTAL = 126_146_099

# 産業技術連携推進会議 regional sections, as the portal defines them.
REGION_MEMBERS = {
    "hokkaido": ["01"],
    "tohoku": ["02", "03", "04", "05", "06", "07"],
    "kanto": ["08", "09", "10", "11", "12", "13", "14", "15", "19", "20", "22"],
    "tokai_hokuriku": ["16", "17", "21", "23", "24"],
    "kinki": ["18", "25", "26", "27", "28", "29", "30"],
    "chugoku": ["31", "32", "33", "34", "35"],
    "shikoku": ["36", "37", "38", "39"],
    "kyushu_okinawa": ["40", "41", "42", "43", "44", "45", "46", "47"],
}


@pytest.fixture(scope="module")
def prefs() -> gpd.GeoDataFrame:
    return load_prefectures(GEOJSON, PREFECTURES_CSV)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the GeoJSON file -------------------------------------------------------------------


def test_geojson_is_an_rfc7946_feature_collection_of_the_47_prefectures():
    collection = json.loads(GEOJSON.read_text(encoding="utf-8"))

    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in collection["features"]] == CODES
    for feature in collection["features"]:
        assert set(feature["properties"]) == {"code", "name_ja"}
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in {"Polygon", "MultiPolygon"}
        assert geometry.is_valid
        # RFC 7946: exterior rings counter-clockwise; lon/lat order, inside Japan.
        assert all(shapely.is_ccw(p.exterior) for p in shapely.get_parts(geometry))
        min_lon, min_lat, max_lon, max_lat = geometry.bounds
        assert 122 < min_lon < max_lon < 146
        assert 24 < min_lat < max_lat < 46


def test_geojson_coordinates_have_at_most_five_decimals():
    collection = json.loads(GEOJSON.read_text(encoding="utf-8"))
    coordinates = np.concatenate(
        [shapely.get_coordinates(shape(f["geometry"])) for f in collection["features"]]
    )
    assert np.allclose(coordinates, np.round(coordinates, 5), rtol=0, atol=1e-9)


# --- load_prefectures -------------------------------------------------------------------


def test_load_prefectures_gives_47_valid_prefectures_indexed_by_code(prefs):
    assert list(prefs.index) == CODES
    assert prefs.crs.to_epsg() == 4326
    assert prefs.is_valid.all()
    assert set(prefs.geom_type) <= {"Polygon", "MultiPolygon"}
    assert set(PREFECTURE_COLUMNS) <= set(prefs.columns)
    assert prefs.loc["01", ["name_ja", "name_en"]].tolist() == ["北海道", "Hokkaido"]
    assert prefs.loc["13", ["name_ja", "name_en"]].tolist() == ["東京都", "Tokyo"]
    assert prefs.loc["47", "name_ja"] == "沖縄県"


def test_neighbouring_prefectures_share_borders_without_overlapping(prefs):
    projected = prefs.to_crs(JAPAN_CRS)
    overlap = projected.area.sum() - projected.union_all().area
    assert overlap / projected.area.sum() < 1e-4


def test_load_prefectures_rejects_a_csv_whose_names_disagree(tmp_path):
    table = pd.read_csv(PREFECTURES_CSV, dtype=str)
    table.loc[table["code"] == "13", "name_ja"] = "東京府"
    bad_csv = tmp_path / "prefectures.csv"
    table.to_csv(bad_csv, index=False)

    with pytest.raises(ValueError, match="name_ja"):
        load_prefectures(GEOJSON, bad_csv)


def test_load_prefectures_rejects_a_csv_missing_a_prefecture(tmp_path):
    table = pd.read_csv(PREFECTURES_CSV, dtype=str)
    short_csv = tmp_path / "prefectures.csv"
    table[table["code"] != "47"].to_csv(short_csv, index=False)

    with pytest.raises(ValueError, match="47"):
        load_prefectures(GEOJSON, short_csv)


# --- locate_points ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "lon", "lat", "code"),
    [
        ("Tokyo station", 139.767, 35.681, "13"),
        ("Sapporo", 141.35, 43.06, "01"),
        ("Naha", 127.68, 26.21, "47"),
        ("Sendai", 140.88, 38.26, "04"),
        ("Nagoya", 136.91, 35.18, "23"),
        ("Osaka", 135.50, 34.69, "27"),
        ("Fukuoka", 130.42, 33.59, "40"),
        ("AIST Tsukuba", 140.13, 36.06, "08"),
        ("AIST Kyushu, Tosu", 130.50, 33.38, "41"),
    ],
)
def test_a_point_on_land_is_inside_its_prefecture(prefs, place, lon, lat, code):
    located = locate_points(prefs, lon, lat)

    assert located.loc[0, "code"] == code, place
    assert bool(located.loc[0, "inside"])
    assert located.loc[0, "distance_km"] == 0.0


def test_every_prefectural_capital_is_inside_its_own_prefecture(prefs):
    located = locate_points(prefs, prefs["capital_lon"], prefs["capital_lat"])

    assert list(located.index) == CODES
    assert (located["code"] == located.index).all()
    assert located["inside"].all()


def test_a_point_in_the_sea_off_chiba_gets_chiba_and_its_distance(prefs):
    located = locate_points(prefs, 140.6, 34.8)

    assert located.loc[0, "code"] == "12"
    assert not located.loc[0, "inside"]
    # The nearest coast, near Katsuura on the Boso peninsula, is about 45 km away.
    assert 30 < located.loc[0, "distance_km"] < 60


def test_an_outlying_island_is_assigned_to_the_nearest_prefecture(prefs):
    sado = locate_points(prefs, 138.40, 38.05)

    assert sado.loc[0, "code"] == "15"
    assert not sado.loc[0, "inside"]
    assert sado.loc[0, "distance_km"] > 20


def test_locate_points_is_vectorised_and_keeps_the_input_index(prefs):
    lon = pd.Series([127.68, 139.767, 141.35], index=["naha", "tokyo", "sapporo"])
    lat = [26.21, 35.681, 43.06]

    located = locate_points(prefs, lon, lat)

    assert list(located.index) == ["naha", "tokyo", "sapporo"]
    assert located["code"].tolist() == ["47", "13", "01"]
    assert located.columns.tolist() == ["code", "inside", "distance_km"]


def test_locate_points_accepts_no_points(prefs):
    located = locate_points(prefs, [], [])

    assert located.empty
    assert located.columns.tolist() == ["code", "inside", "distance_km"]


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        ([139.7, 135.5], [35.6]),
        ([float("nan")], [35.6]),
        ([239.7], [35.6]),
        ([139.7], [95.0]),
        (["Tokyo"], [35.6]),
    ],
)
def test_locate_points_rejects_bad_coordinates(prefs, lon, lat):
    with pytest.raises(ValueError):
        locate_points(prefs, lon, lat)


def test_locate_points_needs_a_crs(prefs):
    without_crs = prefs.set_crs(None, allow_override=True)

    with pytest.raises(ValueError, match="CRS"):
        locate_points(without_crs, 139.767, 35.681)


# --- distance_to_prefecture_km ----------------------------------------------------------


def test_distance_to_the_prefecture_containing_the_point_is_zero(prefs):
    assert distance_to_prefecture_km(prefs, "13", 139.767, 35.681) == 0.0
    assert distance_to_prefecture_km(prefs, 13, 139.767, 35.681) == 0.0


def test_distance_due_east_of_a_prefectures_easternmost_point_is_the_arc_along_the_parallel(
    prefs,
):
    coordinates = shapely.get_coordinates(prefs.loc["12", "geometry"])
    east_lon, east_lat = coordinates[np.argmax(coordinates[:, 0])]
    offset_deg = 0.2
    # Length of 0.2 degrees of the parallel, on a sphere of 6371 km (the ellipsoid differs
    # by well under 1% at this latitude).
    expected_km = math.radians(offset_deg) * 6371.0 * math.cos(math.radians(east_lat))

    distance = distance_to_prefecture_km(prefs, "12", east_lon + offset_deg, east_lat)

    assert distance == pytest.approx(expected_km, rel=0.01)
    located = locate_points(prefs, east_lon + offset_deg, east_lat)
    assert located.loc[0, "distance_km"] == pytest.approx(distance)


def test_distance_from_tokyo_station_to_osaka_prefecture_is_roughly_right(prefs):
    # Tokyo to Osaka station is about 400 km; Osaka's nearest border is a little closer.
    assert 340 < distance_to_prefecture_km(prefs, "27", 139.767, 35.681) < 400


def test_distance_to_an_unknown_prefecture_is_an_error(prefs):
    with pytest.raises(ValueError, match="unknown prefecture code"):
        distance_to_prefecture_km(prefs, "48", 139.767, 35.681)


# --- the attribute tables ---------------------------------------------------------------


def test_populations_sum_to_the_2020_census_total():
    rows = read_csv_rows(PREFECTURES_CSV)
    populations = {row["code"]: int(row["population_2020"]) for row in rows}

    assert list(populations) == CODES
    assert abs(sum(populations.values()) - CENSUS_2020_TOTAL) <= CENSUS_2020_TOTAL * 0.001
    assert populations["13"] == 14_047_594


def test_every_prefecture_belongs_to_a_known_regional_section():
    regions = read_csv_rows(REGIONS_CSV)
    keys = [row["key"] for row in regions]
    assert keys == list(REGION_MEMBERS)
    assert all(row["name_ja"] and row["name_en"] for row in regions)

    members: dict[str, list[str]] = {}
    for row in read_csv_rows(PREFECTURES_CSV):
        assert row["region"] in keys, row["code"]
        members.setdefault(row["region"], []).append(row["code"])
    assert members == REGION_MEMBERS


def test_capital_coordinates_have_four_decimals():
    for row in read_csv_rows(PREFECTURES_CSV):
        for column in ("capital_lat", "capital_lon"):
            assert len(row[column].split(".")[1]) == 4, (row["code"], column)
