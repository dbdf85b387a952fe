"""Tests for geo.clusters: choropleth counts, location quotients, clusters, nearest sites.

Expected numbers are worked out by hand in the comments next to them.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from geo.clusters import MIN_STRONG_COUNT, PREFECTURE_CODES, detect_clusters, location_quotients, nearest_sites, prefecture_counts
from geo.geodesy import JAPAN_CRS

GEOD = Geod(ellps="GRS80")

# Eight organisations in three prefectures (01 Hokkaido, 13 Tokyo, 27 Osaka).
SMALL = pd.DataFrame(
    [
        (1, "university", "13", ["ai_it"], 139.76, 35.71),
        (2, "public_lab", "13", ["ai_it"], 139.79, 35.62),
        (3, "university", "13", ["ai_it", "bio"], 139.68, 35.66),
        (4, "hub", "13", ["materials"], 139.70, 35.69),
        (5, "university", "27", ["bio"], 135.52, 34.82),
        (6, "public_lab", "27", ["bio", "materials"], 135.45, 34.47),
        (7, "aist_centre", "01", ["bio"], 141.41, 43.03),
        (8, "public_lab", "01", ["materials"], 141.35, 43.06),
    ],
    columns=["id", "kind", "prefecture_code", "fields", "lon", "lat"],
)

# Tokyo 2,000,000, Osaka 500,000, Hokkaido 5,000,000, everyone else 1,000,000.
POPULATIONS = dict.fromkeys(PREFECTURE_CODES, 1000000) | {
    "13": 2_000_000,
    "27": 500_000,
    "01": 5_000_000,
}


def row(df: pd.DataFrame, code: str) -> pd.Series:
    return df.set_index("prefecture_code").loc[code]


# ----------------------------------------------------------------- choropleths


def test_counts_by_kind_cover_all_47_prefectures_with_zeros():
    out = prefecture_counts(SMALL, PREFECTURE_CODES)
    assert list(out["prefecture_code"]) == list(PREFECTURE_CODES)
    assert list(out.columns) == ["prefecture_code", "total", "aist_centre", "hub", "public_lab", "university"]
    assert out["total"].sum() == 8
    assert row(out, "13").to_dict() == {"total": 4, "aist_centre": 0, "hub": 1, "public_lab": 1, "university": 2}
    assert row(out, "27").to_dict() == {"total": 2, "aist_centre": 0, "hub": 0, "public_lab": 1, "university": 1}
    assert row(out, "01").to_dict() == {"total": 2, "aist_centre": 1, "hub": 0, "public_lab": 1, "university": 0}
    assert row(out, "47")["total"] == 0


def test_counts_per_100k_inhabitants():
    out = prefecture_counts(SMALL, PREFECTURE_CODES, populations=POPULATIONS)
    # Tokyo: 4 / 2,000,000 * 100,000 = 0.2; its 2 universities give 0.1.
    assert row(out, "13")["total_per_100k"] == pytest.approx(0.2)
    assert row(out, "13")["university_per_100k"] == pytest.approx(0.1)
    assert row(out, "13")["hub_per_100k"] == pytest.approx(0.05)
    # Osaka: 2 / 500,000 * 100,000 = 0.4.  Hokkaido: 2 / 5,000,000 * 100,000 = 0.04.
    assert row(out, "27")["total_per_100k"] == pytest.approx(0.4)
    assert row(out, "01")["total_per_100k"] == pytest.approx(0.04)
    assert row(out, "01")["aist_centre_per_100k"] == pytest.approx(0.02)
    assert row(out, "02")["total_per_100k"] == 0
    assert row(out, "13")["population"] == 2_000_000


def test_counts_by_field_count_an_organisation_in_each_of_its_fields():
    out = prefecture_counts(SMALL, PREFECTURE_CODES, by="field")
    # Tokyo: ai_it orgs 1, 2, 3; bio org 3; materials org 4; 4 organisations.
    assert row(out, "13").to_dict() == {"total": 4, "ai_it": 3, "bio": 1, "materials": 1}
    assert row(out, "27").to_dict() == {"total": 2, "ai_it": 0, "bio": 2, "materials": 1}
    assert row(out, "01").to_dict() == {"total": 2, "ai_it": 0, "bio": 1, "materials": 1}


def test_categories_fix_the_columns_and_show_absent_ones_as_zero():
    out = prefecture_counts(SMALL, PREFECTURE_CODES, by="field", categories=["energy", "bio"])
    assert list(out.columns) == ["prefecture_code", "total", "energy", "bio"]
    assert out["energy"].sum() == 0
    assert out["bio"].sum() == 4


def test_semicolon_separated_fields_read_like_lists():
    as_text = SMALL.assign(fields=SMALL["fields"].map(";".join))
    pd.testing.assert_frame_equal(
        prefecture_counts(as_text, by="field"), prefecture_counts(SMALL, by="field")
    )
    pd.testing.assert_frame_equal(location_quotients(as_text), location_quotients(SMALL))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "city"}, "by must be"),
        ({"populations": {"13": 1}}, "populations lack"),
        ({"populations": POPULATIONS | {"13": 0}}, "must be positive"),
        ({"prefecture_codes": ["13", "27"]}, "not in prefecture_codes"),
    ],
)
def test_prefecture_counts_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        prefecture_counts(SMALL, **kwargs)


def test_prefecture_counts_names_missing_columns():
    with pytest.raises(ValueError, match="kind"):
        prefecture_counts(SMALL.drop(columns="kind"))


# ------------------------------------------------------------ location quotient


def test_location_quotients_by_hand():
    # Org-field pairs: Tokyo ai_it 3, bio 1, materials 1 (5 pairs); Osaka bio 2,
    # materials 1 (3); Hokkaido bio 1, materials 1 (2).  Nation: ai_it 3, bio 4,
    # materials 3, all 10 pairs.
    out = location_quotients(SMALL, PREFECTURE_CODES)
    assert len(out) == 47 * 3
    lq = out.set_index(["prefecture_code", "field"])
    expected = {
        ("13", "ai_it"): (3, 5, (3 / 5) / (3 / 10)),  # 2.0
        ("13", "bio"): (1, 5, (1 / 5) / (4 / 10)),  # 0.5
        ("13", "materials"): (1, 5, (1 / 5) / (3 / 10)),  # 2/3
        ("27", "ai_it"): (0, 3, 0.0),
        ("27", "bio"): (2, 3, (2 / 3) / (4 / 10)),  # 5/3
        ("27", "materials"): (1, 3, (1 / 3) / (3 / 10)),  # 10/9
        ("01", "ai_it"): (0, 2, 0.0),
        ("01", "bio"): (1, 2, (1 / 2) / (4 / 10)),  # 1.25
        ("01", "materials"): (1, 2, (1 / 2) / (3 / 10)),  # 5/3
    }
    for key, (count, prefecture_total, value) in expected.items():
        assert lq.loc[key, "count"] == count, key
        assert lq.loc[key, "prefecture_total"] == prefecture_total, key
        assert lq.loc[key, "lq"] == pytest.approx(value), key
    assert lq.loc[("13", "ai_it"), "lq"] == 2.0
    # A prefecture with no organisation has no share to compare: NaN.
    assert math.isnan(lq.loc[("02", "bio"), "lq"])
    assert lq.loc[("02", "bio"), "count"] == 0


def test_strong_flag_follows_us_cluster_mapping():
    # The 7 pairs with count > 0 have LQ 0.5, 2/3, 10/9, 1.25, 5/3, 5/3, 2:
    # the 75th percentile sits at position 0.75 * 6 = 4.5, between 5/3 and 5/3.
    # Their counts 1, 1, 1, 1, 1, 2, 3 have 25th percentile (position 1.5) 1.
    out = location_quotients(SMALL, PREFECTURE_CODES, min_count=1)  # the quartile rule alone
    assert out.attrs["lq_q3"] == pytest.approx(5 / 3)
    assert out.attrs["count_q1"] == 1
    strong = set(map(tuple, out.loc[out["strong"], ["prefecture_code", "field"]].to_numpy()))
    # Tokyo ai_it: LQ 2, count 3.  Osaka bio: LQ 5/3 (= the quartile), count 2.
    # Hokkaido materials has LQ 5/3 too, but its count 1 is not above the bottom quartile.
    assert strong == {("13", "ai_it"), ("27", "bio")}


def test_strong_needs_a_minimum_size():
    # The same pairs: with at least 3 organisations only Tokyo ai_it (count 3) stays strong;
    # by default (MIN_STRONG_COUNT = 5) none of these small counts is a cluster.
    out = location_quotients(SMALL, PREFECTURE_CODES, min_count=3)
    strong = set(map(tuple, out.loc[out["strong"], ["prefecture_code", "field"]].to_numpy()))
    assert strong == {("13", "ai_it")}
    assert out.attrs["min_count"] == 3
    default = location_quotients(SMALL, PREFECTURE_CODES)
    assert MIN_STRONG_COUNT == 5 and default.attrs["min_count"] == 5 and not default["strong"].any()
    assert default["lq"].equals(out["lq"])  # the minimum changes the flag, never the quotients


def test_lq_weighted_by_prefecture_size_averages_to_one():
    out = location_quotients(SMALL, PREFECTURE_CODES)
    share = out["prefecture_total"] / 10
    per_field = (share * out["lq"].fillna(0)).groupby(out["field"]).sum()
    assert per_field.to_numpy() == pytest.approx([1.0, 1.0, 1.0])


def test_reported_fields_keep_national_denominators():
    out = location_quotients(SMALL, PREFECTURE_CODES, fields=["bio", "energy"])
    assert list(out["field"].unique()) == ["bio", "energy"]
    lq = out.set_index(["prefecture_code", "field"])["lq"]
    assert lq[("27", "bio")] == pytest.approx(5 / 3)
    assert math.isnan(lq[("13", "energy")])  # nobody works on energy


def test_location_quotients_of_no_organisations():
    out = location_quotients(SMALL.iloc[:0], PREFECTURE_CODES, fields=["bio"])
    assert len(out) == 47
    assert not out["strong"].any()
    assert out["lq"].isna().all()


# --------------------------------------------------------------------- clusters


def offset(lon: float, lat: float, azimuth: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lon, lat) along ``azimuth`` degrees on the ellipsoid."""
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, km * 1000)
    return float(lon2), float(lat2)


TSUKUBA = (140.13, 36.06)
NORTH_100 = offset(*TSUKUBA, 0, 100)
WEST_50 = offset(*TSUKUBA, 270, 50)


def constructed() -> pd.DataFrame:
    """Group a: 4 orgs near Tsukuba, 3 km steps (a chain: a1 and a3 are 6 km apart).
    Group b: 3 orgs 100 km north.  One org alone 50 km west."""
    places = [
        ("a1", "university", ["ai_it"], TSUKUBA),
        ("a2", "aist_centre", ["ai_it", "materials"], offset(*TSUKUBA, 90, 3)),
        ("a3", "university", ["materials"], offset(*TSUKUBA, 90, 6)),
        ("a4", "public_lab", ["bio"], offset(*TSUKUBA, 0, 3)),
        ("b1", "university", ["bio"], NORTH_100),
        ("b2", "public_lab", ["bio"], offset(*NORTH_100, 90, 3)),
        ("b3", "hub", ["energy"], offset(*NORTH_100, 0, 3)),
        ("c1", "university", ["bio"], WEST_50),
    ]
    return pd.DataFrame(
        [(i, kind, "08", fields, lon, lat) for i, kind, fields, (lon, lat) in places],
        columns=["id", "kind", "prefecture_code", "fields", "lon", "lat"],
    )


def test_two_groups_make_two_clusters():
    clusters = detect_clusters(constructed(), radius_km=5, min_size=2)
    assert isinstance(clusters, gpd.GeoDataFrame)
    assert clusters.crs.to_epsg() == 4326
    assert list(clusters["cluster_id"]) == [1, 2]
    assert list(clusters["size"]) == [4, 3]
    assert clusters["member_ids"].tolist() == [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3"]]
    first, second = clusters.iloc[0], clusters.iloc[1]
    assert first["counts_by_kind"] == {"aist_centre": 1, "public_lab": 1, "university": 2}
    assert first["counts_by_field"] == {"ai_it": 2, "bio": 1, "materials": 2}
    assert first["counts_by_prefecture"] == {"08": 4}
    assert second["counts_by_kind"] == {"hub": 1, "public_lab": 1, "university": 1}
    assert second["counts_by_field"] == {"bio": 2, "energy": 1}
    # Centroid of a: mean of offsets (0,0), (3,0), (6,0), (0,3) km = (2.25 E, 0.75 N).
    lon, lat = offset(*offset(*TSUKUBA, 90, 2.25), 0, 0.75)
    assert first["centroid_lon"] == pytest.approx(lon, abs=2e-4)
    assert first["centroid_lat"] == pytest.approx(lat, abs=2e-4)


def test_hulls_contain_their_members():
    orgs = constructed()
    clusters = detect_clusters(orgs, radius_km=5, min_size=2)
    where = orgs.set_index("id")
    for _, cluster in clusters.iterrows():
        for member in cluster["member_ids"]:
            point = shapely.Point(where.loc[member, "lon"], where.loc[member, "lat"])
            assert cluster.geometry.contains(point)
        assert not cluster.geometry.contains(shapely.Point(*WEST_50))


def test_min_size_and_radius_filter_clusters():
    orgs = constructed()
    assert detect_clusters(orgs, radius_km=5, min_size=4)["member_ids"].tolist() == [["a1", "a2", "a3", "a4"]]
    assert len(detect_clusters(orgs, radius_km=5, min_size=5)) == 0
    # Nothing is within 2 km of anything else.
    assert len(detect_clusters(orgs, radius_km=2, min_size=2)) == 0
    # min_size=1 keeps the lone organisation as its own cluster.
    assert detect_clusters(orgs, radius_km=5, min_size=1)["size"].tolist() == [4, 3, 1]
    # At 60 km the lone org (50 km from a1) joins a; b (97 km from a4) stays apart.
    assert detect_clusters(orgs, radius_km=60, min_size=2)["size"].tolist() == [5, 3]


def test_kinds_and_fields_choose_who_is_counted():
    orgs = constructed()
    universities = detect_clusters(orgs, radius_km=5, min_size=2, kinds={"university"})
    assert len(universities) == 0  # a1 and a3 are 6 km apart once a2 is left out
    bio = detect_clusters(orgs, radius_km=5, min_size=2, fields={"bio"})
    assert bio["member_ids"].tolist() == [["b1", "b2"]]
    assert bio.iloc[0]["counts_by_field"] == {"bio": 2}


def test_clusters_do_not_depend_on_row_order_or_input_form():
    orgs = constructed()
    expected = detect_clusters(orgs, radius_km=5, min_size=2)
    shuffled = detect_clusters(orgs.sample(frac=1, random_state=7), radius_km=5, min_size=2)
    pd.testing.assert_frame_equal(
        expected.drop(columns="geometry"), shuffled.drop(columns="geometry")
    )
    assert expected.geometry.geom_equals_exact(shuffled.geometry, tolerance=1e-9).all()
    as_geometry = gpd.GeoDataFrame(
        orgs.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(orgs["lon"], orgs["lat"]),
        crs=4326,
    ).to_crs(3857)
    again = detect_clusters(as_geometry, radius_km=5, min_size=2)
    assert again["member_ids"].tolist() == expected["member_ids"].tolist()


def brute_force_groups(orgs: pd.DataFrame, radius_km: float) -> set[frozenset]:
    """Single linkage by checking every pair, in the same projected CRS."""
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, JAPAN_CRS, always_xy=True).transform(orgs["lon"], orgs["lat"])
    xy = np.column_stack([x, y])
    close = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2) <= radius_km * 1000
    ids, seen, groups = orgs["id"].tolist(), set(), set()
    for start in range(len(ids)):
        if start in seen:
            continue
        stack, group = [start], set()
        while stack:
            i = stack.pop()
            if i in group:
                continue
            group.add(i)
            stack.extend(np.flatnonzero(close[i]).tolist())
        seen |= group
        groups.add(frozenset(ids[i] for i in group))
    return groups


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("box_km", "radius_km"), [(40, 1.5), (40, 3.0), (8, 0.4), (8, 2.0)])
def test_clusters_match_a_brute_force_single_linkage(seed, box_km, radius_km):
    # Dense boxes put dozens of organisations in one grid cell, sparse ones few.
    rng = np.random.default_rng(seed)
    n = 400
    deg = box_km / 111
    orgs = pd.DataFrame(
        {
            "id": [f"o{i:03d}" for i in range(n)],
            "kind": "university",
            "fields": [["bio"]] * n,
            "lon": 135.5 + rng.uniform(0, deg, n) * rng.choice([1, 0.3], n),
            "lat": 34.7 + rng.uniform(0, deg, n),
        }
    )
    found = detect_clusters(orgs, radius_km=radius_km, min_size=1)
    assert {frozenset(m) for m in found["member_ids"]} == brute_force_groups(orgs, radius_km)
    assert found["size"].sum() == n


def test_dense_blobs_just_out_of_reach_stay_apart():
    # Two squares of 1 km with 200 organisations each, 1.5 km apart, r = 1 km.
    rng = np.random.default_rng(3)
    corner = (135.5, 34.7)
    points = [offset(*offset(*corner, 90, e), 0, n) for e, n in rng.uniform(0, 1, (200, 2))]
    points += [offset(*offset(*corner, 90, 2.5 + e), 0, n) for e, n in rng.uniform(0, 1, (200, 2))]
    orgs = pd.DataFrame(
        {
            "id": range(400),
            "kind": "public_lab",
            "fields": ["materials"] * 400,
            "lon": [p[0] for p in points],
            "lat": [p[1] for p in points],
        }
    )
    found = detect_clusters(orgs, radius_km=1.0, min_size=2)
    assert found["member_ids"].map(sorted).tolist() == [list(range(200)), list(range(200, 400))]
    assert detect_clusters(orgs, radius_km=1.6, min_size=2)["size"].tolist() == [400]


def test_clusters_of_nothing_is_an_empty_frame():
    out = detect_clusters(constructed().iloc[:0], radius_km=5, min_size=2)
    assert len(out) == 0
    assert {"cluster_id", "size", "member_ids", "geometry"} <= set(out.columns)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"radius_km": 0, "min_size": 2}, "radius_km"),
        ({"radius_km": float("nan"), "min_size": 2}, "radius_km"),
        ({"radius_km": 5, "min_size": 0}, "min_size"),
        ({"radius_km": 5, "min_size": 2, "crs": 4326}, "projected"),
    ],
)
def test_detect_clusters_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        detect_clusters(constructed(), **kwargs)


def test_detect_clusters_rejects_duplicate_ids_and_bad_coordinates():
    orgs = constructed()
    with pytest.raises(ValueError, match="unique"):
        detect_clusters(orgs.assign(id="same"), radius_km=5, min_size=2)
    with pytest.raises(ValueError, match="lat"):
        detect_clusters(orgs.assign(lat=95.0), radius_km=5, min_size=2)


def test_hulls_follow_the_rfc7946_right_hand_rule():
    clusters = detect_clusters(constructed(), radius_km=5, min_size=2)
    for hull in clusters.geometry:
        assert hull.geom_type == "Polygon"
        assert shapely.is_ccw(hull.exterior)
        assert all(not shapely.is_ccw(ring) for ring in hull.interiors)


# ---------------------------------------------------------------- nearest site

AIST = pd.DataFrame(
    [("Tsukuba", 140.13, 36.06), ("FREA", 140.31, 37.38), ("Kyushu", 130.50, 33.38)],
    columns=["name", "lon", "lat"],
)


def test_nearest_aist_centre_of_each_cluster():
    clusters = detect_clusters(constructed(), radius_km=5, min_size=2)
    index, km = nearest_sites(clusters[["centroid_lon", "centroid_lat"]], AIST[["lon", "lat"]])
    # Group a sits at Tsukuba; group b, 100 km north of it, is ~50 km from FREA.
    assert AIST["name"].iloc[index].tolist() == ["Tsukuba", "FREA"]
    assert km[0] < 5
    _, _, metres = GEOD.inv(clusters["centroid_lon"][1], clusters["centroid_lat"][1], 140.31, 37.38)
    assert km[1] == pytest.approx(metres / 1000, rel=5e-3)


def test_nearest_sites_by_hand():
    # Half a degree of latitude on the 6371.0088 km sphere is 55.597 km.
    index, km = nearest_sites([[0.0, 0.0]], [[1.0, 0.0], [0.0, 0.5], [0.0, -0.5]])
    assert index.tolist() == [1]  # tie with row 2: the lower row wins
    assert km[0] == pytest.approx(0.5 * math.pi / 180 * 6371.0088)


def test_nearest_sites_rejects_bad_shapes():
    with pytest.raises(ValueError, match="shape"):
        nearest_sites([[0.0, 0.0, 0.0]], [[1.0, 0.0]])
    with pytest.raises(ValueError, match="empty|shape"):
        nearest_sites([[0.0, 0.0]], np.zeros((0, 2)))
