"""Tests of the SINET path engine and partner finder in ``geo.sinet``.

A small constructed network gives hand-checked figures; the seed model (47 nodes) is checked
for its shape and for the properties every backbone must have: symmetric paths, latencies
that obey the triangle inequality, link-disjoint backups, explicit off-network results.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.sinet import (
    EARTH_RADIUS_KM,
    FIBRE_MS_PER_KM,
    PER_HOP_MS,
    ROUTE_FACTOR,
    Backbone,
    CandidatePool,
    access_node,
    backbone_geojson,
    great_circle_km,
    load_backbone_csv,
    nearest_of_kind,
    rank_partners,
    sinet_path,
)

ROOT = Path(__file__).resolve().parents[1]
NODES_CSV = ROOT / "seed_data" / "sinet_nodes.csv"
LINKS_CSV = ROOT / "seed_data" / "sinet_links.csv"

# --------------------------------------------------------------------------- fixtures


def small_nodes() -> list[dict]:
    """Five nodes on a line of latitude 35°N, one a degree north; D is a 100 Gbps node."""
    return [
        {"code": "A", "prefecture_code": "01", "lon": 135.0, "lat": 35.0, "capacity_gbps": 400},
        {"code": "B", "prefecture_code": "02", "lon": 136.0, "lat": 35.0, "capacity_gbps": 400},
        {"code": "C", "prefecture_code": "03", "lon": 137.0, "lat": 35.0, "capacity_gbps": 400},
        {"code": "D", "prefecture_code": "04", "lon": 136.0, "lat": 36.0, "capacity_gbps": 100},
        {"code": "E", "prefecture_code": "05", "lon": 138.0, "lat": 35.0, "capacity_gbps": 400},
    ]


def small_links() -> list[dict]:
    """A square A-B-C-D-A and a spur C-E (a bridge); lengths chosen for easy sums."""
    return [
        {"a": "A", "b": "B", "capacity_gbps": 400, "length_km": 100},
        {"a": "B", "b": "C", "capacity_gbps": 400, "length_km": 100},
        {"a": "A", "b": "D", "capacity_gbps": 100, "length_km": 150},
        {"a": "D", "b": "C", "capacity_gbps": 400, "length_km": 150},
        {"a": "C", "b": "E", "capacity_gbps": 400, "length_km": 50},
    ]


@pytest.fixture
def small() -> Backbone:
    return Backbone(small_nodes(), small_links())


@pytest.fixture(scope="module")
def model() -> Backbone:
    backbone = load_backbone_csv(NODES_CSV, LINKS_CSV)
    backbone.precompute_backups()
    return backbone


def org(ident: str, node: dict, *, connected: str | None = "yes", **extra) -> dict:
    """An organisation sitting exactly on ``node`` (access leg 0 km)."""
    record = {
        "id": ident,
        "lon": node["lon"],
        "lat": node["lat"],
        "prefecture_code": node["prefecture_code"],
        "sinet_connected": connected,
    }
    record.update(extra)
    return record


def place(ident: str, lon: float, lat: float, prefecture_code: str) -> dict:
    """A connected organisation at (lon, lat), EPSG:4326."""
    return {
        "id": ident,
        "lon": lon,
        "lat": lat,
        "prefecture_code": prefecture_code,
        "sinet_connected": "yes",
    }


def at(code: str) -> dict:
    return next(n for n in small_nodes() if n["code"] == code)


# --------------------------------------------------------------------------- hand-checked


def test_hand_checked_main_route(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("C")))
    # A-B-C: 100 + 100 km; three routers (A, B, C).
    assert path.status == "ok"
    assert path.hops == ("A", "B", "C")
    assert path.hop_count == 2
    assert path.distance_km == pytest.approx(200.0)
    assert path.latency_ms == pytest.approx(200 * 0.005 + 3 * 0.05)  # 1.15 ms
    assert path.bottleneck_gbps == 400
    assert list(path.geometry.coords) == [
        (135.0, 35.0), (135.0, 35.0), (136.0, 35.0), (137.0, 35.0), (137.0, 35.0),
    ]  # fmt: skip


def test_hand_checked_backup_route(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("C")))
    # A-D-C: 150 + 150 km through the 100 Gbps node D.
    assert path.backup is not None
    assert path.backup.hops == ("A", "D", "C")
    assert path.backup.distance_km == pytest.approx(300.0)
    assert path.backup.latency_ms == pytest.approx(300 * 0.005 + 3 * 0.05)  # 1.65 ms
    assert path.backup.bottleneck_gbps == 100
    assert path.backup_reason is None


def test_hand_checked_access_leg():
    backbone = Backbone(small_nodes(), small_links())
    # 0.1° of latitude due north of A: 6371.0088 km x 0.1 x pi / 180 = 11.1195 km.
    access = access_node(backbone, 135.0, 35.1, "01")
    assert access.node == "A"
    assert access.rule == "prefecture"
    assert access.leg_km == pytest.approx(11.11951 * 1.3, rel=1e-5)
    far = place("far", 135.0, 35.1, "01")
    path = sinet_path(backbone, far, org("y", at("B")))
    assert path.distance_km == pytest.approx(100 + 11.11951 * 1.3, rel=1e-6)
    assert path.latency_ms == pytest.approx(FIBRE_MS_PER_KM * path.distance_km + 2 * PER_HOP_MS)


def test_access_node_prefers_own_prefecture_over_nearest(small):
    # A point right next to B but registered in prefecture 01 uses A's node.
    assert access_node(small, 135.99, 35.0, "01").node == "A"
    assert access_node(small, 135.99, 35.0).node == "B"
    assert access_node(small, 135.99, 35.0, "99").rule == "nearest"
    assert access_node(small, 135.99, 35.0, 2).node == "B"  # int codes are zero-padded


def test_prefecture_with_two_nodes_uses_the_nearer_of_its_own():
    nodes = [*small_nodes(), {"code": "A2", "prefecture_code": "01", "lon": 135.5, "lat": 34.0,
                              "capacity_gbps": 400}]  # fmt: skip
    links = [*small_links(), {"a": "A2", "b": "A", "capacity_gbps": 400, "length_km": 130}]
    backbone = Backbone(nodes, links)
    # Nearer to B overall, but B is in another prefecture; A2 is the nearer node of 01.
    assert access_node(backbone, 135.9, 34.5, "01") == access_node(backbone, 135.9, 34.5, "1")
    assert access_node(backbone, 135.9, 34.5, "01").node == "A2"
    assert access_node(backbone, 135.9, 34.5).node == "B"
    node, _ = backbone.access_many([135.9, 135.9], [34.5, 34.5], ["01", None])
    assert [backbone.codes[i] for i in node] == ["A2", "B"]


@settings(max_examples=100, deadline=None, database=None)
@given(
    points=st.lists(
        st.tuples(
            st.floats(127.0, 146.0),
            st.floats(26.0, 45.5),
            st.one_of(st.none(), st.integers(1, 50).map(lambda n: f"{n:02d}")),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_access_many_agrees_with_access_node(model, points):
    lon, lat, prefectures = zip(*points, strict=True)
    node, leg = model.access_many(lon, lat, prefectures)
    for k, (x, y, p) in enumerate(points):
        one = access_node(model, x, y, p)
        assert model.codes[node[k]] == one.node
        assert leg[k] == pytest.approx(one.leg_km)


def test_bridge_leaves_no_backup_and_says_which_link(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("E")))
    assert path.hops == ("A", "B", "C", "E")
    assert path.distance_km == pytest.approx(250.0)
    assert path.backup is None
    assert "C-E" in path.backup_reason


def test_same_access_node_has_no_backbone_hops(small):
    near = place("n", 135.05, 35.0, "01")
    path = sinet_path(small, org("x", at("A")), near)
    assert path.hops == ("A",)
    assert path.hop_count == 0
    assert path.latency_ms == pytest.approx(FIBRE_MS_PER_KM * path.distance_km + PER_HOP_MS)
    assert path.backup is None
    assert "same SINET node" in path.backup_reason


def test_trap_topology_is_named():
    nodes = [
        {"code": c, "lon": 135 + i, "lat": 35.0, "capacity_gbps": 400}
        for i, c in enumerate("sabt")
    ]
    links = [
        {"a": "s", "b": "a", "capacity_gbps": 400, "length_km": 100},
        {"a": "a", "b": "b", "capacity_gbps": 400, "length_km": 100},
        {"a": "b", "b": "t", "capacity_gbps": 400, "length_km": 100},
        {"a": "s", "b": "b", "capacity_gbps": 400, "length_km": 300},
        {"a": "a", "b": "t", "capacity_gbps": 400, "length_km": 300},
    ]
    backbone = Backbone(nodes, links)
    assert backbone.route("s", "t").hops == ("s", "a", "b", "t")
    backup, reason = backbone.backup_route("s", "t")
    assert backup is None
    assert "trap" in reason


def test_fibre_routing_takes_the_shortest_fibre_even_through_more_routers():
    nodes = [
        {"code": c, "lon": 135 + i, "lat": 35.0, "capacity_gbps": 400} for i, c in enumerate("PQRS")
    ]
    links = [
        {"a": "P", "b": "Q", "capacity_gbps": 400, "length_km": 50},
        {"a": "Q", "b": "R", "capacity_gbps": 400, "length_km": 50},
        {"a": "R", "b": "S", "capacity_gbps": 400, "length_km": 50},
        {"a": "P", "b": "S", "capacity_gbps": 400, "length_km": 160},
    ]
    # 150 km through 4 routers (0.95 ms) against 160 km through 2 (0.90 ms).
    assert Backbone(nodes, links, routing="fibre").route("P", "S").hops == ("P", "Q", "R", "S")
    latency_first = Backbone(nodes, links)
    assert latency_first.route("P", "S").hops == ("P", "S")
    assert latency_first.route("P", "S").latency_ms == pytest.approx(160 * 0.005 + 2 * 0.05)


def test_geojson_feature(small):
    feature = sinet_path(small, org("x", at("A")), org("y", at("C"))).to_geojson_feature()
    json.dumps(feature)
    assert feature["geometry"]["type"] == "LineString"
    assert feature["properties"]["hops"] == ["A", "B", "C"]
    assert feature["properties"]["backup"]["hops"] == ["A", "D", "C"]
    collection = backbone_geojson(small)
    assert len(collection["features"]) == 5 + 5


def test_dataframes_are_accepted():
    backbone = Backbone(pd.DataFrame(small_nodes()), pd.DataFrame(small_links()))
    assert backbone.route("A", "C").hops == ("A", "B", "C")


# --------------------------------------------------------------------------- off network


def test_not_connected_endpoint_gets_no_path(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("C"), connected="no"))
    assert path.status == "off_network"
    assert path.off_network == ("y",)
    assert path.distance_km is None and path.latency_ms is None
    assert path.hops == () and path.geometry is None and path.backup is None
    assert "y" in path.message and "not connected" in path.message
    assert path.to_geojson_feature()["geometry"] is None


def test_both_not_connected_are_named(small):
    path = sinet_path(small, org("x", at("A"), connected="no"), org("y", at("C"), connected="no"))
    assert path.off_network == ("x", "y")


def test_not_connected_and_unknown_are_both_reported(small):
    a, b = org("x", at("A"), connected="unknown"), org("y", at("C"), connected="no")
    path = sinet_path(small, a, b)
    assert path.status == "off_network"
    assert path.off_network == ("y",)
    assert path.unknown == ("x",)


def test_unknown_endpoint_is_assumed_connected_and_says_so(small):
    path = sinet_path(small, org("x", at("A"), connected="unknown"), org("y", at("C")))
    assert path.status == "ok"
    assert path.assumed_connected is True
    assert path.unknown == ("x",)
    assert path.distance_km == pytest.approx(200.0)
    assert "assumes x connected" in path.message


def test_missing_connection_state_counts_as_unknown(small):
    record = org("x", at("A"))
    del record["sinet_connected"]
    path = sinet_path(small, record, org("y", at("C")))
    assert path.assumed_connected and path.unknown == ("x",)


def test_connected_path_is_not_assumed(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("C")))
    assert path.assumed_connected is False and path.unknown == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sinet_connected": "maybe"}, "sinet_connected"),
        ({"lon": None}, "lon/lat"),
        ({"lat": 123.0}, "lon/lat"),
        ({"id": None}, "missing id"),
    ],
)
def test_bad_organisation_records_are_refused(small, change, message):
    record = org("x", at("A"))
    record.update(change)
    with pytest.raises(ValueError, match=message):
        sinet_path(small, record, org("y", at("C")))


# --------------------------------------------------------------------------- validation


def _links_with(row: dict) -> list[dict]:
    return [*small_links(), row]


@pytest.mark.parametrize(
    ("links", "message"),
    [
        (_links_with({"a": "A", "b": "Z", "capacity_gbps": 400, "length_km": 10}),
         r"links row 6 \(a='A', b='Z'\): unknown node 'Z'"),
        (_links_with({"a": "C", "b": "B", "capacity_gbps": 400, "length_km": 10}),
         r"links row 6 \(a='C', b='B'\): duplicate link, first in row 2"),
        (_links_with({"a": "A", "b": "C", "capacity_gbps": 400, "length_km": 0}),
         r"links row 6 .*length_km must be positive"),
        (_links_with({"a": "A", "b": "C", "capacity_gbps": 400, "length_km": -5}),
         r"links row 6 .*length_km must be positive"),
        (_links_with({"a": "A", "b": "C", "capacity_gbps": 400, "length_km": "far"}),
         r"links row 6 .*length_km is not a number"),
        (_links_with({"a": "A", "b": "C", "capacity_gbps": 0, "length_km": 5}),
         r"links row 6 .*capacity_gbps must be positive"),
        (_links_with({"a": "A", "b": "A", "capacity_gbps": 400, "length_km": 5}),
         r"links row 6 .*two different nodes"),
        ([], "links: the table is empty"),
    ],
)  # fmt: skip
def test_invalid_links_are_refused_naming_the_row(links, message):
    with pytest.raises(ValueError, match=message):
        Backbone(small_nodes(), links)


def test_duplicate_node_is_refused_naming_the_row():
    nodes = [*small_nodes(), {"code": "B", "lon": 1, "lat": 1, "capacity_gbps": 1}]
    with pytest.raises(ValueError, match=r"nodes row 6 \(code='B'\): duplicate node code"):
        Backbone(nodes, small_links())


def test_node_outside_lon_lat_range_is_refused():
    nodes = small_nodes()
    nodes[2]["lat"] = 135.0
    with pytest.raises(ValueError, match=r"nodes row 3 .*outside EPSG:4326"):
        Backbone(nodes, small_links())


def test_disconnected_backbone_is_refused():
    links = [link for link in small_links() if link["b"] != "E"]
    with pytest.raises(ValueError, match="not connected: E"):
        Backbone(small_nodes(), links)


# --------------------------------------------------------------------------- the seed model


def test_model_has_one_node_per_prefecture(model):
    assert len(model.nodes) == 47
    assert sorted(n.prefecture_code for n in model.nodes) == [f"{i:02d}" for i in range(1, 48)]
    assert all(n.location_precision == "city" for n in model.nodes)
    assert {n.code for n in model.nodes if n.core} == {
        "sapporo", "sendai", "tsukuba", "tokyo", "kanazawa", "nagoya",
        "kyoto", "osaka", "hiroshima", "matsuyama", "fukuoka",
    }  # fmt: skip


def test_model_says_it_is_a_model(model):
    assert model.modelled
    assert all(n.modelled and "MODEL" in n.source for n in model.nodes)
    assert all(link.modelled and "MODEL" in link.source for link in model.links)


def test_model_capacities(model):
    naha = model.index("naha")
    assert model.node("naha").capacity_gbps == 100
    assert all(n.capacity_gbps == 400 for n in model.nodes if n.code != "naha")
    assert {link.capacity_gbps for link in model.links if "naha" in (link.a, link.b)} == {100}
    assert {(link.a, link.b) for link in model.links if "naha" in (link.a, link.b)} == {
        ("naha", "kagoshima"), ("naha", "fukuoka"),
    }  # fmt: skip
    others = [i for i in range(47) if i != naha]
    assert all(model.bottleneck_gbps[naha, j] == 100 for j in range(47))
    assert all(model.bottleneck_gbps[i, j] == 400 for i in others for j in others)


def test_model_is_connected_and_every_node_has_two_links(model):
    assert math.isfinite(model.distance_km.max())
    degree = dict.fromkeys(model.codes, 0)
    for link in model.links:
        degree[link.a] += 1
        degree[link.b] += 1
    assert min(degree.values()) >= 2


def test_model_lengths_are_great_circle_times_route_factor(model):
    for link in model.links:
        a, b = model.node(link.a), model.node(link.b)
        expected = great_circle_km(a.lon, a.lat, b.lon, b.lat) * ROUTE_FACTOR
        assert link.length_km == pytest.approx(expected, abs=0.051), (link.a, link.b)


def test_model_has_a_link_disjoint_backup_for_every_pair(model):
    for a in model.codes:
        for b in model.codes:
            if a == b:
                continue
            main = model.route(a, b)
            backup, reason = model.backup_route(a, b)
            assert backup is not None, reason
            used = {frozenset(link) for link in main.links}
            assert used.isdisjoint(frozenset(link) for link in backup.links), (a, b)
            assert backup.latency_ms >= main.latency_ms


def test_okinawa_path_bottleneck(model):
    sapporo = place("hokudai", 141.34, 43.07, "01")
    ryukyu = place("ryukyu", 127.77, 26.25, "47")
    path = sinet_path(model, sapporo, ryukyu)
    assert path.bottleneck_gbps == 100
    assert path.hops[0] == "sapporo" and path.hops[-1] == "naha"
    assert path.backup is not None and path.backup.bottleneck_gbps == 100


# --------------------------------------------------------------------------- properties

japan_lon = st.floats(min_value=127.0, max_value=146.0, allow_nan=False)
japan_lat = st.floats(min_value=26.0, max_value=45.5, allow_nan=False)
prefecture = st.one_of(st.none(), st.integers(1, 47).map(lambda n: f"{n:02d}"))


@st.composite
def organisations(draw, ident: str):
    return {
        "id": ident,
        "lon": draw(japan_lon),
        "lat": draw(japan_lat),
        "prefecture_code": draw(prefecture),
        "sinet_connected": draw(st.sampled_from(["yes", "unknown"])),
    }


@settings(max_examples=300, deadline=None, database=None)
@given(a=organisations("a"), b=organisations("b"))
def test_paths_are_symmetric(model, a, b):
    ab, ba = sinet_path(model, a, b), sinet_path(model, b, a)
    assert ab.distance_km == ba.distance_km
    assert ab.latency_ms == ba.latency_ms
    assert ab.bottleneck_gbps == ba.bottleneck_gbps
    assert ab.hops == ba.hops[::-1]
    assert ab.backup.hops == ba.backup.hops[::-1] if ab.backup else ba.backup is None


model_codes = st.sampled_from(
    [row.split(",", 1)[0] for row in NODES_CSV.read_text(encoding="utf-8").splitlines()[1:]]
)


@settings(max_examples=500, deadline=None, database=None)
@given(a=model_codes, b=model_codes, c=model_codes)
def test_node_latencies_obey_the_triangle_inequality(model, a, b, c):
    lat = model.latency_ms
    i, j, k = model.index(a), model.index(b), model.index(c)
    assert lat[i, k] <= lat[i, j] + lat[j, k] + 1e-9
    assert model.route(a, c).latency_ms == pytest.approx(lat[i, k])


def test_node_latencies_obey_the_triangle_inequality_for_every_triple(model):
    lat = model.latency_ms
    assert (lat[:, None, :] <= lat[:, :, None] + lat[None, :, :] + 1e-9).all()


@settings(max_examples=200, deadline=None, database=None)
@given(a=organisations("a"), b=organisations("b"), c=organisations("c"))
def test_organisation_latencies_obey_the_triangle_inequality(model, a, b, c):
    ac = sinet_path(model, a, c).latency_ms
    assert ac <= sinet_path(model, a, b).latency_ms + sinet_path(model, b, c).latency_ms + 1e-9


def test_fibre_routing_gives_shortest_fibre_distances():
    backbone = load_backbone_csv(NODES_CSV, LINKS_CSV, routing="fibre")
    d = backbone.distance_km
    assert (d[:, None, :] <= d[:, :, None] + d[None, :, :] + 1e-9).all()


def test_great_circle_quarter_meridian():
    assert great_circle_km(0, 0, 0, 90) == pytest.approx(EARTH_RADIUS_KM * math.pi / 2)


# --------------------------------------------------------------------------- partners


def candidates() -> list[dict]:
    return [
        org("lab-b", at("B"), kind="public_lab", fields="materials", name_ja="B県工業技術センター"),
        org("lab-c", at("C"), kind="public_lab", fields=["materials", "bio"]),
        org("uni-b", at("B"), kind="university", fields="bio"),
        org("lab-d-off", at("D"), connected="no", kind="public_lab", fields="materials"),
        org("lab-e-unknown", at("E"), connected="unknown", kind="public_lab", fields="materials"),
        org("origin", at("A"), kind="university", fields="materials"),
    ]


def test_partners_ranked_by_field_then_latency_then_distance(small):
    origin = org("origin", at("A"), kind="university", fields="materials")
    ranked = rank_partners(small, origin, candidates(), field="materials")
    assert [m.id for m in ranked] == ["lab-b", "lab-c", "lab-e-unknown", "lab-d-off", "uni-b"]
    assert [m.rank for m in ranked] == [1, 2, 3, 4, 5]
    assert "origin" not in [m.id for m in ranked]


def test_partner_reasons_read_like_the_figures(small):
    origin = org("origin", at("A"))
    best = rank_partners(small, origin, candidates(), field="materials", limit=1)[0]
    # A-B: 100 km, 2 routers: 0.6 ms; A to B is 1° of longitude at 35°N.
    km = great_circle_km(135.0, 35.0, 136.0, 35.0)
    assert best.latency_ms == pytest.approx(0.6)
    assert best.hop_count == 1
    assert best.distance_km == pytest.approx(km)
    assert best.reasons == ["same field: materials", "1 hop", "0.60 ms", f"{km:.0f} km"]
    ranked = {m.id: m for m in rank_partners(small, origin, candidates(), field="materials")}
    assert ranked["lab-c"].reasons[:3] == ["same field: materials", "2 hops", "1.1 ms"]
    assert ranked["lab-d-off"].latency_ms is None
    assert "not on SINET" in ranked["lab-d-off"].reasons
    assert "SINET connection unknown (assumed)" in ranked["lab-e-unknown"].reasons
    assert ranked["uni-b"].reasons[0] == "other field: bio"


def test_partners_of_an_origin_off_sinet_are_ranked_by_distance(small):
    origin = org("origin", at("A"), connected="no")
    ranked = rank_partners(small, origin, candidates(), field="materials")
    assert all(m.latency_ms is None for m in ranked)
    assert all("origin not on SINET" in m.reasons for m in ranked)
    materials = [m for m in ranked if m.field_match]
    assert [m.distance_km for m in materials] == sorted(m.distance_km for m in materials)


def test_partner_filters(small):
    origin = org("origin", at("A"), fields="bio")
    universities = rank_partners(small, origin, candidates(), kinds="university")
    assert [m.id for m in universities] == ["uni-b"]
    assert [m.id for m in rank_partners(small, origin, candidates(), text="工業技術")] == ["lab-b"]
    # Without a field, the origin's own fields count.
    shared = rank_partners(small, origin, candidates(), limit=2)
    assert [m.id for m in shared] == ["uni-b", "lab-c"]
    assert shared[0].reasons[0] == "shared field: bio"


def test_partner_pool_is_reusable_and_tied_to_its_backbone(small):
    pool = CandidatePool(small, pd.DataFrame(candidates()))
    origin = org("origin", at("A"))
    assert rank_partners(small, origin, pool, field="bio", limit=1)[0].id == "uni-b"
    other = Backbone(small_nodes(), small_links())
    with pytest.raises(ValueError, match="different backbone"):
        rank_partners(other, origin, pool)
    with pytest.raises(ValueError, match="limit"):
        rank_partners(small, origin, pool, limit=0)


def test_nearest_public_lab_for_a_field(small):
    origin = org("origin", at("C"))
    [lab] = nearest_of_kind(small, origin, candidates(), "public_lab", field="bio")
    assert lab.id == "lab-c"
    nearest = nearest_of_kind(small, origin, candidates(), "public_lab", field="materials", limit=4)
    assert [m.id for m in nearest][:1] == ["lab-c"]
    assert [m.distance_km for m in nearest] == sorted(m.distance_km for m in nearest)
    by_latency = nearest_of_kind(
        small, origin, candidates(), "public_lab", field="materials", by="latency", limit=4
    )
    assert by_latency[-1].id == "lab-d-off"
    assert nearest_of_kind(small, origin, candidates(), "public_lab", field="crafts_design") == []
    with pytest.raises(ValueError, match="by must be"):
        nearest_of_kind(small, origin, candidates(), "public_lab", by="hops")


# --------------------------------------------------------------------------- purity


def test_geo_sinet_imports_no_web_or_database_code():
    code = (
        "import sys, geo.sinet; "
        "bad = [m for m in ('flask', 'sqlalchemy', 'app', 'hubs') if m in sys.modules]; "
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
