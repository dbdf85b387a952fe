"""Tests of geo.sinet.backbone: building and checking a backbone, its routes, backups and access.

A small constructed network gives hand-checked figures; the seed model (47 nodes) is checked
for its shape and for what every backbone must give: link-disjoint backups, latencies that
obey the triangle inequality, and a reason (as a message code) wherever there is no backup.
"""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geodesy import great_circle_km
from geo.sinet import ROUTE_FACTOR, Backbone, access_node, backbone_geojson, load_backbone_csv
from tests.geo.sinet_fixtures import LINKS_CSV, NODES_CSV, small_links, small_nodes

# --------------------------------------------------------------------------- routes


def test_node_route_and_backup_by_hand(small):
    route = small.route("A", "C")
    # A-B-C: 100 + 100 km through three routers; the backup A-D-C: 150 + 150 km via D (100 Gbps).
    assert route.hops == ("A", "B", "C") and route.links == (("A", "B"), ("B", "C"))
    assert route.distance_km == pytest.approx(200.0)
    assert route.latency_ms == pytest.approx(200 * 0.005 + 3 * 0.05)
    backup, reason = small.backup_route("A", "C")
    assert backup.hops == ("A", "D", "C") and reason is None
    assert backup.bottleneck_gbps == 100


def test_bridge_is_named_as_a_code_with_its_link(small):
    backup, reason = small.backup_route("A", "E")
    assert backup is None
    assert reason == {"code": "backup_bridge", "links": [["C", "E"]], "a": "A", "b": "E"}
    # Told the other way round, the ends and the link turn round too.
    assert small.backup_route("E", "A")[1] == {"code": "backup_bridge", "links": [["E", "C"]], "a": "E", "b": "A"}


def test_same_node_has_nothing_to_protect(small):
    assert small.backup_route("B", "B") == (None, {"code": "backup_same_node", "node": "B"})


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
    assert reason == {"code": "backup_trap", "a": "s", "b": "t"}


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


def test_backbone_geojson_has_every_node_and_link(small):
    collection = backbone_geojson(small)
    json.dumps(collection)
    assert len(collection["features"]) == 5 + 5
    assert {f["properties"]["layer"] for f in collection["features"]} == {"sinet_node", "sinet_link"}


def test_dataframes_are_accepted():
    backbone = Backbone(pd.DataFrame(small_nodes()), pd.DataFrame(small_links()))
    assert backbone.route("A", "C").hops == ("A", "B", "C")


# --------------------------------------------------------------------------- access


def test_hand_checked_access_leg():
    backbone = Backbone(small_nodes(), small_links())
    # 0.1° of latitude due north of A: 6371.0088 km x 0.1 x pi / 180 = 11.1195 km.
    access = access_node(backbone, 135.0, 35.1, "01")
    assert access.node == "A"
    assert access.rule == "prefecture"
    assert access.leg_km == pytest.approx(11.11951 * 1.3, rel=1e-5)


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


def test_fibre_routing_gives_shortest_fibre_distances():
    backbone = load_backbone_csv(NODES_CSV, LINKS_CSV, routing="fibre")
    d = backbone.distance_km
    assert (d[:, None, :] <= d[:, :, None] + d[None, :, :] + 1e-9).all()


