"""Tests of geo.sinet.messages: the engine speaks in listed codes with JSON-ready parameters."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.sinet import CODES, CandidatePool, PartnerFilters, nearest_of_kind, rank_partners, sinet_path
from geo.sinet.messages import BACKUP_CODES, PARTNER_CODES, PATH_CODES, message

japan = st.tuples(st.floats(127.0, 146.0), st.floats(26.0, 45.5))
states = st.sampled_from(["yes", "unknown", "no"])


def test_a_message_is_its_code_and_parameters():
    assert message("same_node", node="sapporo") == {"code": "same_node", "node": "sapporo"}
    assert message("connection_assumed") == {"code": "connection_assumed"}
    with pytest.raises(ValueError, match="unknown message code"):
        message("same field: materials")


@settings(max_examples=60, deadline=None, database=None)
@given(a=japan, b=japan, a_state=states, b_state=states)
def test_paths_and_rankings_speak_only_listed_codes(model, a, b, a_state, b_state):
    one = {"id": "a", "lon": a[0], "lat": a[1], "sinet_connected": a_state, "fields": "bio;energy", "kind": "hub"}
    two = {"id": "b", "lon": b[0], "lat": b[1], "sinet_connected": b_state, "fields": "bio", "kind": "public_lab"}
    path = sinet_path(model, one, two)
    assert {m["code"] for m in path.messages} <= PATH_CODES
    assert path.backup_reason is None or path.backup_reason["code"] in BACKUP_CODES
    pool = CandidatePool(model, [one, two, {**two, "id": "c", "fields": ""}])
    ranking = rank_partners(model, one, pool, PartnerFilters(fields=("energy",)), programmes={"b": "aist_oil"},
                            equipment={"b": 3})
    matches = [*ranking.matches, *ranking.alternatives, *rank_partners(model, one, pool).matches,
               *nearest_of_kind(model, one, pool, "public_lab", field="bio")]
    assert {r["code"] for m in matches for r in m.reasons} <= PARTNER_CODES
    json.dumps([path.to_geojson_feature(), [m.to_dict() for m in matches]])
    assert PATH_CODES | BACKUP_CODES | PARTNER_CODES == CODES
