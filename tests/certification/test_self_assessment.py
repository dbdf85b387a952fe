"""Self-assessment (issue 13, item 7): an applicant scores a draft privately, sees the gap to
each tier and prints it as an A4 report; only the owner and staff see it."""
from __future__ import annotations

from tests.fixtures_accounts import COMPLETE_VALUES

HALF = {k: v // 2 for k, v in COMPLETE_VALUES.items()}


def test_a_draft_shows_the_gap_to_each_tier(client, tokens, make_application):
    draft = make_application(values=HALF)
    body = client.get(f"/api/v1/applications/{draft}/self-assessment", headers=tokens["alice"]).get_json()
    assert body["draft"] is True and body["status"] == "draft" and body["revision"] == 1
    assert [t["tier"] for t in body["tiers"]] == ["gold", "silver", "bronze"]
    score = client.get(f"/api/v1/applications/{draft}/score", headers=tokens["alice"]).get_json()
    assert body["score"]["percent"] == score["percent"] and body["score"]["tier"] == score["tier"]
    gold = body["tiers"][0]
    assert gold["reached"] is False and gold["gap_points"] > 0 and gold["blockers"]
    # Better tiers need more: the gaps never grow from gold down to bronze.
    gaps = [t["gap_points"] for t in body["tiers"]]
    assert gaps == sorted(gaps, reverse=True)
    for tier in body["tiers"]:  # a tier not reached always says what is missing
        assert tier["reached"] or tier["gap_points"] > 0 or tier["blockers"]


def test_a_reached_tier_has_no_gap(client, tokens, make_application):
    submitted = make_application(status="proposed")  # reviewers have scored the rubric
    body = client.get(f"/api/v1/applications/{submitted}/self-assessment", headers=tokens["alice"]).get_json()
    reached = {t["tier"]: t for t in body["tiers"] if t["reached"]}
    assert reached, body["score"]["tier"]
    assert all(t["gap_points"] == 0 and t["blockers"] == [] for t in reached.values())
    assert body["draft"] is False


def test_the_report_page_is_japanese_and_printable(client, tokens, make_application):
    draft = make_application(values=HALF)
    html = client.get(f"/applications/{draft}/self-assessment?lang=ja", headers=tokens["alice"]).get_data(as_text=True)
    assert "自己評価" in html and "各区分までの差" in html and "非公開" in html
    assert "data-print" in html and ">印刷<" in html and "js/print.js" in html
    assert "<svg" in html  # the radar
    score_page = client.get(f"/applications/{draft}/score?lang=ja", headers=tokens["alice"]).get_data(as_text=True)
    assert f"/applications/{draft}/self-assessment" in score_page
    css = client.get("/static/css/certification.css").get_data(as_text=True)
    assert "size: A4" in css and "@media print" in css


def test_only_the_owner_and_staff_see_it(client, tokens, make_application):
    draft = make_application(values=HALF)
    for who, status in (("alice", 200), ("bob", 404), ("carol", 200), ("dave", 200)):
        assert client.get(f"/api/v1/applications/{draft}/self-assessment", headers=tokens[who]).status_code == status
        assert client.get(f"/applications/{draft}/self-assessment", headers=tokens[who]).status_code == status
    assert client.get(f"/api/v1/applications/{draft}/self-assessment").status_code == 401
    assert client.get(f"/applications/{draft}/self-assessment").status_code in (302, 401)
