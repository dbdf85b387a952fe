"""Tests of geo.sinet.partners: strict filters, ranking by what a coordinator weighs, reasons as codes."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.geodesy import great_circle_km
from geo.sinet import Backbone, CandidatePool, PartnerFilters, nearest_of_kind, rank_partners
from geo.sinet.partners import DISTANCE_HALF_KM, WEIGHTS
from tests.geo.sinet_fixtures import at, candidates, org, small_links, small_nodes

MATERIALS = PartnerFilters(fields=("materials",))


def test_only_candidates_meeting_every_filter_are_ranked_by_points(small):
    origin = org("origin", at("A"), kind="university", fields="materials")
    ranking = rank_partners(small, origin, candidates(), MATERIALS)
    # uni-b lists bio only: outside the field filter, so never a match; the origin is never its own.
    assert [m.id for m in ranking.matches] == ["lab-b", "lab-d-off", "lab-c", "lab-e-unknown"]
    assert ranking.total == 4 and ranking.alternatives == []
    assert [m.rank for m in ranking.matches] == [1, 2, 3, 4]
    scores = [m.score for m in ranking.matches]
    assert scores == sorted(scores, reverse=True)
    # lab-b: every wanted field, a lab for a university, 91 km away.
    km = great_circle_km(135.0, 35.0, 136.0, 35.0)
    assert ranking.matches[0].score == pytest.approx(
        WEIGHTS["fields"] + WEIGHTS["complementary"] + WEIGHTS["distance"] / (1 + km / DISTANCE_HALF_KM))


def test_partner_reasons_read_like_the_figures(small):
    origin = org("origin", at("A"), kind="university")
    best = rank_partners(small, origin, candidates(), MATERIALS, limit=1).matches[0]
    # A-B: 100 km, 2 routers: 0.6 ms; A to B is 1° of longitude at 35°N.
    km = great_circle_km(135.0, 35.0, 136.0, 35.0)
    assert best.latency_ms == pytest.approx(0.6)
    assert best.hop_count == 1
    assert best.distance_km == pytest.approx(km)
    assert best.reasons == [
        {"code": "shared_fields", "fields": ["materials"]},
        {"code": "complementary_kind", "kind": "public_lab"},
        {"code": "distance", "km": round(km, 1)},
        {"code": "hops", "count": 1},
        {"code": "latency", "ms": 0.6},
    ]
    json.dumps(best.to_dict())
    ranked = {m.id: m for m in rank_partners(small, origin, candidates(), MATERIALS).matches}
    assert {"code": "hops", "count": 2} in ranked["lab-c"].reasons
    assert ranked["lab-d-off"].latency_ms is None
    assert [r["code"] for r in ranked["lab-d-off"].reasons] == [
        "shared_fields", "complementary_kind", "distance", "not_on_sinet"]
    assert ranked["lab-e-unknown"].reasons[-1] == {"code": "connection_assumed"}


def test_a_candidate_on_the_origins_node_says_so(small):
    origin = org("origin", at("B"), connected="unknown")
    [best] = rank_partners(small, origin, candidates(), MATERIALS, limit=1).matches
    assert best.id == "lab-b"
    assert {"code": "same_node", "node": "B"} in best.reasons
    assert best.reasons[-1] == {"code": "origin_connection_assumed"}


def test_a_candidate_without_fields_is_said_to_list_none(small):
    bare = [*candidates(), org("bare", at("B"), kind="hub")]
    origin = org("origin", at("A"), fields="materials")
    ranked = {m.id: m for m in rank_partners(small, origin, bare).matches}
    assert ranked["bare"].reasons[0] == {"code": "no_fields"}


def test_partners_of_an_origin_off_sinet_have_no_network_figures(small):
    origin = org("origin", at("A"), connected="no")
    ranked = rank_partners(small, origin, candidates(), MATERIALS).matches
    assert ranked and all(m.latency_ms is None for m in ranked)
    assert all({"code": "origin_not_on_sinet"} in m.reasons for m in ranked)


def test_each_filter_is_strict(small):
    origin = org("origin", at("A"), fields="bio")
    ids = lambda **f: [m.id for m in rank_partners(small, origin, candidates(), PartnerFilters(**f)).matches]  # noqa: E731
    assert ids(kinds=("university",)) == ["uni-b"]
    assert ids(text="工業技術") == ["lab-b"]
    assert ids(prefectures=("03",)) == ["lab-c"]
    assert sorted(ids(within_km=100.0)) == ["lab-b", "uni-b"]
    assert sorted(ids(kinds=("public_lab",), fields=("bio",))) == ["lab-c"]
    # Without a field filter, the origin's own fields count towards the points.
    shared = rank_partners(small, origin, candidates(), limit=2).matches
    assert shared[0].reasons[0] == {"code": "shared_fields", "fields": ["bio"]}


def test_when_nothing_matches_the_nearest_alternatives_are_marked_outside(small):
    origin = org("origin", at("A"), kind="university")
    ranking = rank_partners(small, origin, candidates(), PartnerFilters(fields=("crafts_design",), within_km=50.0))
    assert ranking.matches == [] and ranking.total == 0
    assert ranking.alternatives
    for alternative in ranking.alternatives:
        assert alternative.outside_filters
        assert alternative.reasons[0] == {"code": "outside_filters", "filters": list(alternative.outside_filters)}
    # Alternatives failing fewer filters come first.
    failed = [len(a.outside_filters) for a in ranking.alternatives]
    assert failed == sorted(failed)
    # No filter at all: nothing is "outside", and no alternatives are made up.
    assert rank_partners(small, origin, [], PartnerFilters()).alternatives == []


def test_shared_programmes_and_equipment_earn_points(small):
    origin = org("origin", at("A"), kind="university")
    plain = rank_partners(small, origin, candidates(), MATERIALS).matches
    assert plain[-1].id == "lab-e-unknown"
    boosted = rank_partners(small, origin, candidates(), MATERIALS, programmes={"lab-e-unknown": "certified_hub"},
                            equipment={"lab-e-unknown": 12}).matches
    assert boosted[0].id == "lab-e-unknown"
    assert {"code": "programme", "programme": "certified_hub"} in boosted[0].reasons
    assert {"code": "equipment", "count": 12} in boosted[0].reasons


def test_partner_pool_is_reusable_and_tied_to_its_backbone(small):
    pool = CandidatePool(small, pd.DataFrame(candidates()))
    origin = org("origin", at("A"), kind="university")
    # bio: uni-b is nearer, but lab-c complements a university.
    assert rank_partners(small, origin, pool, PartnerFilters(fields=("bio",)), limit=1).matches[0].id == "lab-c"
    other = Backbone(small_nodes(), small_links())
    with pytest.raises(ValueError, match="different backbone"):
        rank_partners(other, origin, pool)
    with pytest.raises(ValueError, match="limit"):
        rank_partners(small, origin, pool, limit=0)


def test_nearest_public_lab_for_a_field(small):
    origin = org("origin", at("C"))
    [lab] = nearest_of_kind(small, origin, candidates(), "public_lab", field="bio")
    assert lab.id == "lab-c"
    assert lab.reasons[0] == {"code": "in_field", "fields": ["bio"]}
    assert {"code": "same_node", "node": "C"} in lab.reasons
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
