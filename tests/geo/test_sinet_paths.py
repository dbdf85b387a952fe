"""Tests of geo.sinet.paths: the SINET path between two organisations, and what it says.

Figures are checked by hand on a small constructed network; the seed model is checked for
symmetry and the triangle inequality on random organisations. What a path says to people is
a list of message codes with parameters, never a sentence.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.sinet import FIBRE_MS_PER_KM, PER_HOP_MS, Backbone, sinet_path
from tests.geo.sinet_fixtures import at, org, place, small_links, small_nodes

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


def test_access_legs_count_in_the_figures():
    backbone = Backbone(small_nodes(), small_links())
    # 0.1° of latitude due north of A: 11.1195 km x route factor 1.3 of fibre.
    far = place("far", 135.0, 35.1, "01")
    path = sinet_path(backbone, far, org("y", at("B")))
    assert path.distance_km == pytest.approx(100 + 11.11951 * 1.3, rel=1e-6)
    assert path.latency_ms == pytest.approx(FIBRE_MS_PER_KM * path.distance_km + 2 * PER_HOP_MS)
    assert path.access[0].node == "A" and path.access[0].leg_km == pytest.approx(11.11951 * 1.3, rel=1e-5)


def test_bridge_leaves_no_backup_and_says_which_link(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("E")))
    assert path.hops == ("A", "B", "C", "E")
    assert path.distance_km == pytest.approx(250.0)
    assert path.backup is None
    assert path.backup_reason == {"code": "backup_bridge", "links": [["C", "E"]], "a": "A", "b": "E"}


def test_same_access_node_has_no_backbone_hops(small):
    near = place("n", 135.05, 35.0, "01")
    path = sinet_path(small, org("x", at("A")), near)
    assert path.hops == ("A",)
    assert path.hop_count == 0
    assert path.latency_ms == pytest.approx(FIBRE_MS_PER_KM * path.distance_km + PER_HOP_MS)
    assert path.backup is None
    assert path.backup_reason == {"code": "backup_same_node", "node": "A"}


def test_geojson_feature(small):
    feature = sinet_path(small, org("x", at("A")), org("y", at("C"))).to_geojson_feature()
    json.dumps(feature)
    assert feature["geometry"]["type"] == "LineString"
    assert feature["properties"]["hops"] == ["A", "B", "C"]
    assert feature["properties"]["backup"]["hops"] == ["A", "D", "C"]
    assert feature["properties"]["messages"] == [
        {"code": "path_summary", "hops": 2, "fibre_km": 200.0, "latency_ms": 1.15}]
    assert feature["properties"]["backup_reason"] is None


def test_path_messages_are_codes_with_parameters(small, model):
    path = sinet_path(small, org("x", at("A")), org("y", at("C")))
    assert path.messages == ({"code": "path_summary", "hops": 2, "fibre_km": 200.0, "latency_ms": 1.15},)
    sapporo, ryukyu = place("hokudai", 141.34, 43.07, "01"), place("ryukyu", 127.77, 26.25, "47")
    codes = [m["code"] for m in sinet_path(model, sapporo, ryukyu).messages]
    assert codes == ["path_summary", "modelled_backbone"]


# --------------------------------------------------------------------------- off network


def test_not_connected_endpoint_gets_no_path(small):
    path = sinet_path(small, org("x", at("A")), org("y", at("C"), connected="no"))
    assert path.status == "off_network"
    assert path.off_network == ("y",)
    assert path.distance_km is None and path.latency_ms is None
    assert path.hops == () and path.geometry is None and path.backup is None
    assert path.messages == ({"code": "not_connected", "orgs": ["y"]},)
    assert path.backup_reason == {"code": "not_connected", "orgs": ["y"]}
    assert path.to_geojson_feature()["geometry"] is None


def test_both_not_connected_are_named(small):
    path = sinet_path(small, org("x", at("A"), connected="no"), org("y", at("C"), connected="no"))
    assert path.off_network == ("x", "y")
    assert path.messages == ({"code": "not_connected", "orgs": ["x", "y"]},)


def test_not_connected_and_unknown_are_both_reported(small):
    a, b = org("x", at("A"), connected="unknown"), org("y", at("C"), connected="no")
    path = sinet_path(small, a, b)
    assert path.status == "off_network"
    assert path.off_network == ("y",)
    assert path.unknown == ("x",)
    assert path.messages == ({"code": "not_connected", "orgs": ["y"]}, {"code": "connection_unknown", "orgs": ["x"]})


def test_unknown_endpoint_is_assumed_connected_and_says_so(small):
    path = sinet_path(small, org("x", at("A"), connected="unknown"), org("y", at("C")))
    assert path.status == "ok"
    assert path.assumed_connected is True
    assert path.unknown == ("x",)
    assert path.distance_km == pytest.approx(200.0)
    assert path.messages[1] == {"code": "connection_assumed_for", "orgs": ["x"]}


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


@settings(max_examples=200, deadline=None, database=None)
@given(a=organisations("a"), b=organisations("b"), c=organisations("c"))
def test_organisation_latencies_obey_the_triangle_inequality(model, a, b, c):
    ac = sinet_path(model, a, c).latency_ms
    assert ac <= sinet_path(model, a, b).latency_ms + sinet_path(model, b, c).latency_ms + 1e-9
