"""The score API is cached (issue 13, item 9) and never stale: a changed value, a review's
rubric levels or a change of the certified peers gives a fresh score, the same one an empty
cache computes."""
from __future__ import annotations

from hubs.core import cache
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC


def _score(client, app_id: int, headers: dict[str, str]) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/score", headers=headers)
    assert response.status_code == 200
    return response.get_json()


def _fresh(client, app_id: int, headers: dict[str, str]) -> dict:
    """What an empty cache computes now."""
    cache.clear()
    return _score(client, app_id, headers)


def test_a_repeated_call_is_served_from_the_cache_with_an_etag(client, tokens, make_application):
    app_id = make_application()
    cache.clear()
    first = client.get(f"/api/v1/applications/{app_id}/score", headers=tokens["alice"])
    held = cache.cached_bytes()
    assert held > 0
    again = client.get(f"/api/v1/applications/{app_id}/score", headers=tokens["alice"])
    assert again.get_json() == first.get_json() and cache.cached_bytes() == held
    unchanged = client.get(f"/api/v1/applications/{app_id}/score",
                           headers={**tokens["alice"], "If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304


def test_a_changed_draft_value_gives_a_fresh_score(client, tokens, make_application):
    app_id = make_application()
    before = _score(client, app_id, tokens["alice"])
    changed = client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"],
                         json={"values": {**COMPLETE_VALUES, "joint_research_contracts": 0, "licences": 0}})
    assert changed.status_code == 200
    after = _score(client, app_id, tokens["alice"])
    assert after["total"] < before["total"]
    assert after == _fresh(client, app_id, tokens["alice"])


def test_the_language_of_the_reader_is_part_of_the_key(client, tokens, make_application):
    app_id = make_application(values={**COMPLETE_VALUES, "sme_partners": 99})  # more SMEs than partners: a problem
    english = _score(client, app_id, {**tokens["alice"], "Accept-Language": "en"})
    japanese = _score(client, app_id, {**tokens["alice"], "Accept-Language": "ja"})
    assert english["problems"] and english["problems"][0]["message"] == english["problems"][0]["message_en"]
    assert japanese["problems"][0]["message"] == japanese["problems"][0]["message_ja"]
    assert english["problems"][0]["message"] != japanese["problems"][0]["message"]


def test_a_reviewers_rubric_levels_give_a_fresh_score(client, tokens, make_application):
    app_id = make_application(status="submitted")
    before = _score(client, app_id, tokens["alice"])
    assert before["provisional"] is True
    proposed = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"],
                           json={"decision": "return", "comment": "数値の根拠を添えてください。",
                                 "rubric_scores": GOOD_RUBRIC})
    assert proposed.status_code == 200
    after = _score(client, app_id, tokens["alice"])
    assert after["total"] > before["total"] and after["provisional"] is False
    assert after == _fresh(client, app_id, tokens["alice"])


def test_a_change_of_the_certified_peers_gives_a_fresh_band(client, tokens, make_application):
    mine = make_application(status="submitted")
    for _ in range(9):
        make_application(owner="bob", status="certified", tier="bronze", values={**COMPLETE_VALUES, "licences": 0})
    before = _score(client, mine, tokens["alice"])
    assert before["band"] is None and before["band_withheld"] == "too_few_peers"
    make_application(owner="bob", status="certified", tier="bronze", values={**COMPLETE_VALUES, "licences": 0})
    after = _score(client, mine, tokens["alice"])
    assert after["peers"] == 10 and after["band"] in (1, 2, 3, 4) and after["band_withheld"] is None
    assert after == _fresh(client, mine, tokens["alice"])
