"""Score privacy (issue 11, class 6): peers' standing is a quartile band, among certified hubs
of the same track only, only with at least ten of them, and never shown for a draft, so that
sweeping a draft's values reveals nothing about another hub's score."""
from __future__ import annotations

from tests.fixtures_accounts import COMPLETE_VALUES


def _certified_peers(make_application, count: int, track: str = "regional") -> None:
    for number in range(count):
        make_application(owner="bob", status="certified", tier="bronze", track=track,
                         values={**COMPLETE_VALUES, "licences": number})


def _score(client, tokens, app_id) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/score", headers=tokens["alice"])
    assert response.status_code == 200
    return response.get_json()


def test_a_draft_learns_nothing_about_peers_however_its_values_are_swept(client, tokens, make_application):
    _certified_peers(make_application, 10)
    draft = make_application(values={})
    for licences in (0, 1, 2, 3, 5, 8, 13, 50, 500):
        client.put(f"/api/v1/applications/{draft}", headers=tokens["alice"],
                   json={"values": {**COMPLETE_VALUES, "licences": licences}})
        body = _score(client, tokens, draft)
        assert body["band"] is None and body["peers"] is None and body["band_withheld"] == "draft"
        assert "percentile" not in body


def test_a_submitted_application_gets_a_quartile_band_among_ten_peers(client, tokens, make_application):
    _certified_peers(make_application, 10)
    mine = make_application(status="submitted")
    body = _score(client, tokens, mine)
    assert body["band"] in (1, 2, 3, 4) and body["peers"] == 10
    assert body["band_label"]
    assert "percentile" not in body
    html = client.get(f"/applications/{mine}/score?lang=en", headers=tokens["alice"]).get_data(as_text=True)
    assert "percentile" not in html.lower()


def test_fewer_than_ten_peers_show_no_standing(client, tokens, make_application):
    _certified_peers(make_application, 9)
    mine = make_application(status="submitted")
    body = _score(client, tokens, mine)
    assert body["band"] is None and body["band_withheld"] == "too_few_peers"


def test_only_peers_of_the_same_track_count(client, tokens, make_application):
    _certified_peers(make_application, 9)
    _certified_peers(make_application, 3, track="platform")
    mine = make_application(status="submitted")
    assert _score(client, tokens, mine)["band_withheld"] == "too_few_peers"
