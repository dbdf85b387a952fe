"""The coordinators' dashboard (issue 13, item 8): queue, proposals awaiting confirmation,
affiliations to confirm, expiring certifications and decisions as counts and first rows with
links to the full lists; certified hubs and open applications by prefecture and by track;
the page in Japanese (English on request) and its JSON twin over the same function."""
from __future__ import annotations

from datetime import date

from hubs.certification import dashboard

KANTO = {"name_ja": "東京の拠点", "name_en": "Tokyo hub", "prefecture_code": "13"}
KANSAI = {"name_ja": "大阪の拠点", "name_en": "Osaka hub", "prefecture_code": "27"}


def _board(client, headers: dict[str, str], lang: str = "ja") -> dict:
    response = client.get("/api/v1/review/dashboard", headers={**headers, "Accept-Language": lang})
    assert response.status_code == 200
    return response.get_json()


def _by(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


def test_coordinators_and_admins_land_on_the_dashboard(auth, users):
    for name in ("carol", "dave"):
        assert auth.login(users[name]).headers["Location"] == "/review/dashboard"
        auth.logout()
    assert auth.login(users["alice"]).headers["Location"] == "/applications"


def test_each_list_has_its_count_first_rows_and_full_list(client, tokens, make_application, university):
    waiting = make_application(status="submitted", hub=KANTO)
    proposed = make_application(owner="bob", status="proposed", hub=KANSAI)  # carol proposed: dave confirms
    certified = make_application(owner="bob", status="certified", hub=KANSAI, tier="bronze")
    assert client.post("/api/v1/affiliations", headers=tokens["bob"], json={"organization_id": university}).status_code == 201

    board = _board(client, tokens["dave"])
    assert board["queue"]["count"] == 2  # submitted, and proposed (still submitted until confirmed)
    assert {r["id"] for r in board["queue"]["rows"]} == {waiting, proposed}
    assert board["queue"]["url"] == "/review"
    assert [r["id"] for r in board["awaiting_confirmation"]["rows"]] == [proposed]
    assert board["awaiting_confirmation"]["rows"][0]["decision_label"] == "認定する"
    assert board["awaiting_confirmation"]["rows"][0]["url"] == f"/review/{proposed}#proposal"
    assert board["affiliations_to_confirm"]["count"] == 1
    assert board["affiliations_to_confirm"]["rows"][0]["email"] == "bob@example.org"
    assert board["affiliations_to_confirm"]["url"] == "/affiliations#to-confirm"
    assert board["expiring"]["count"] == 0 and board["expiring"]["rows"] == []
    # decisions: certified (proposed + confirmed) and proposed
    assert board["decisions"]["count"] == 3 and board["decisions"]["url"] == "/review/decisions"
    assert {r["application_id"] for r in board["decisions"]["rows"]} == {proposed, certified}
    # carol proposed it herself: nothing awaits her
    assert _board(client, tokens["carol"])["awaiting_confirmation"]["count"] == 0


def test_lists_show_only_their_first_rows(client, tokens, make_application):
    for _ in range(dashboard.TOP + 1):
        make_application(status="submitted")
    board = _board(client, tokens["carol"])
    assert board["queue"]["count"] == dashboard.TOP + 1 and len(board["queue"]["rows"]) == dashboard.TOP


def test_counts_by_prefecture_and_track_in_japanese(client, tokens, make_application):
    make_application(status="submitted", hub=KANTO)
    make_application(owner="bob", status="returned", hub=KANTO)
    make_application(status="draft", hub=KANTO)  # drafts are not open applications
    make_application(owner="bob", status="certified", hub=KANSAI, tier="bronze")
    make_application(status="rejected", hub=KANSAI)  # neither certified nor open
    board = _board(client, tokens["carol"])
    prefectures = _by(board["by_prefecture"], "prefecture_code")
    assert prefectures["13"] == {"prefecture_code": "13", "prefecture": "東京都", "certified": 0, "open": 2}
    assert prefectures["27"] == {"prefecture_code": "27", "prefecture": "大阪府", "certified": 1, "open": 0}
    assert set(prefectures) == {"13", "27"}
    tracks = _by(board["by_track"], "track")
    assert tracks["regional"]["track_label"] == "地域貢献型"
    assert (tracks["regional"]["certified"], tracks["regional"]["open"]) == (1, 2)
    assert sum(t["certified"] for t in board["by_track"]) == board["totals"]["certified"] == 1
    assert board["totals"]["open"] == 2
    english = _board(client, tokens["carol"], "en")
    assert _by(english["by_prefecture"], "prefecture_code")["13"]["prefecture"] == "Tokyo"
    assert _by(english["by_track"], "track")["regional"]["track_label"] != "地域貢献型"


def test_expiring_certifications_appear_before_their_end(client, tokens, make_application, monkeypatch):
    make_application(owner="bob", status="certified", hub=KANSAI, tier="bronze")
    assert _board(client, tokens["carol"])["expiring"]["count"] == 0  # three fiscal years to go
    certifications = client.get("/api/v1/certifications").get_json()["certifications"]
    ends = date.fromisoformat(next(c for c in certifications if not c["sample"])["valid_to"])
    monkeypatch.setattr("hubs.certification.operations.today", lambda: date(ends.year, ends.month, 1))
    board = _board(client, tokens["carol"])
    assert board["expiring"]["count"] == 1
    row = board["expiring"]["rows"][0]
    assert row["hub_name"] == "大阪の拠点" and row["valid_to"] == ends.isoformat() and row["days_left"] == ends.day - 1
    assert row["applicant"] == "bob@example.org"
    assert _by(board["by_prefecture"], "prefecture_code")["27"]["certified"] == 1  # still valid that day


def test_the_page_shows_the_same_in_japanese(auth, client, users, tokens, make_application):
    app_id = make_application(status="submitted", hub=KANTO)
    make_application(owner="bob", status="certified", hub=KANSAI, tier="bronze")
    auth.login(users["carol"])
    html = client.get("/review/dashboard").get_data(as_text=True)
    assert "<h1>コーディネーター ダッシュボード</h1>" in html
    assert f'data-application="{app_id}"' in html and f'href="/review/{app_id}"' in html
    assert 'data-prefecture="13"' in html and "東京都" in html and "大阪府" in html and "地域貢献型" in html
    for link in ('href="/review"', 'href="/review#awaiting"', 'href="/affiliations#to-confirm"',
                 'href="/review#expiring"', 'href="/review/decisions"', 'href="/api/v1/review/dashboard"'):
        assert link in html
    assert "Coordinator dashboard" not in html and "Review queue" not in html
    english = client.get("/review/dashboard?lang=en").get_data(as_text=True)
    assert "<h1>Coordinator dashboard</h1>" in english and "Tokyo" in english


def test_sample_hubs_are_not_counted(client, tokens, app):
    from hubs.certification import operations as ops

    with app.app_context():
        ops.load_samples()
    board = _board(client, tokens["carol"])
    assert board["totals"]["certified"] == 0 and board["totals"]["samples_left_out"] > 0
