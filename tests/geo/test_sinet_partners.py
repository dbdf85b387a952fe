"""Tests of geo.sinet.partners: ranking partner candidates, and the reasons given as codes."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.geodesy import great_circle_km
from geo.sinet import Backbone, CandidatePool, nearest_of_kind, rank_partners
from tests.geo.sinet_fixtures import at, candidates, org, small_links, small_nodes


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
    assert best.reasons == [
        {"code": "same_field", "fields": ["materials"]},
        {"code": "hops", "count": 1},
        {"code": "latency", "ms": 0.6},
        {"code": "distance", "km": round(km, 1)},
    ]
    json.dumps(best.to_dict())
    ranked = {m.id: m for m in rank_partners(small, origin, candidates(), field="materials")}
    assert ranked["lab-c"].reasons[:3] == [
        {"code": "same_field", "fields": ["materials"]}, {"code": "hops", "count": 2}, {"code": "latency", "ms": 1.15}]
    assert ranked["lab-d-off"].latency_ms is None
    assert [r["code"] for r in ranked["lab-d-off"].reasons] == ["same_field", "not_on_sinet", "distance"]
    assert ranked["lab-e-unknown"].reasons[-1] == {"code": "connection_assumed"}
    assert ranked["uni-b"].reasons[0] == {"code": "other_fields", "fields": ["bio"]}


def test_a_candidate_on_the_origins_node_says_so(small):
    origin = org("origin", at("B"), connected="unknown")
    [best] = rank_partners(small, origin, candidates(), field="materials", limit=1)
    assert best.id == "lab-b"
    assert best.reasons[1] == {"code": "same_node", "node": "B"}
    assert best.reasons[-1] == {"code": "origin_connection_assumed"}


def test_a_candidate_without_fields_is_said_to_list_none(small):
    bare = [*candidates(), org("bare", at("B"), kind="hub")]
    ranked = {m.id: m for m in rank_partners(small, org("origin", at("A")), bare, field="materials")}
    assert ranked["bare"].reasons[0] == {"code": "no_fields"}


def test_partners_of_an_origin_off_sinet_are_ranked_by_distance(small):
    origin = org("origin", at("A"), connected="no")
    ranked = rank_partners(small, origin, candidates(), field="materials")
    assert all(m.latency_ms is None for m in ranked)
    assert all({"code": "origin_not_on_sinet"} in m.reasons for m in ranked)
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
    assert shared[0].reasons[0] == {"code": "shared_fields", "fields": ["bio"]}


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
    assert lab.reasons[:2] == [{"code": "in_field", "fields": ["bio"]}, {"code": "same_node", "node": "C"}]
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
