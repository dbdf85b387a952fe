"""Certification pages: the step form, uploads, the score page, review and publicity."""
from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import Workbook

from tests.fixtures_accounts import GOOD_RUBRIC

EVIL = '<script>alert("x")</script>'


def _values(client, app_id, headers):
    return client.get(f"/api/v1/applications/{app_id}", headers=headers).get_json()["values"]


def _new_application(auth, client, user, name_ja: str, prefecture_code: str, lang: str = "ja"):
    auth.login(user)
    token = auth.csrf(f"/applications/new?lang={lang}")
    return client.post("/applications/new", data={"csrf_token": token, "track": "regional", "hub_choice": "new",
                                                 "name_ja": name_ja, "prefecture_code": prefecture_code})


def test_new_application_form_creates_a_draft(auth, client, users):
    response = _new_application(auth, client, users["alice"], "新しい拠点", "13")
    assert response.status_code == 302
    assert "/edit" in response.headers["Location"]


def test_new_application_form_reports_errors_per_field(auth, client, users):
    response = _new_application(auth, client, users["alice"], "", "", lang="en")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="err-hub.name_ja"' in html and "Japanese name is required" in html


def test_step_form_saves_drafts_and_reports_errors_in_japanese(auth, client, users, make_application, tokens):
    app_id = make_application(values={})
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}/edit?step=1")
    saved = client.post(f"/applications/{app_id}/edit?step=1", data={"csrf_token": token, "plan_kpis": "6", "action": "next"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("step=2")
    bad = client.post(f"/applications/{app_id}/edit?step=2", data={
        "csrf_token": token, "private_funding_share": "150", "cross_appointments": "3", "action": "save"})
    assert bad.status_code == 422
    assert "範囲で入力してください" in bad.get_data(as_text=True)
    assert _values(client, app_id, tokens["alice"]) == {"plan_kpis": 6}  # nothing of the bad step saved


def test_step_form_english(auth, client, users, make_application):
    app_id = make_application(values={})
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}/edit?step=1&lang=en")
    bad = client.post(f"/applications/{app_id}/edit?step=1", data={"csrf_token": token, "plan_kpis": "lots"})
    assert "Enter a number" in bad.get_data(as_text=True)


def _upload(client, auth, app_id, filename, data):
    token = auth.csrf(f"/applications/{app_id}/edit")
    return client.post(f"/applications/{app_id}/upload", data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("filename", "data"), [
    ("values.csv", (b"plan_kpis,licences\n7,3\n")),
    ("values.csv", ("\ufeffkey,value\nplan_kpis,7\nlicences,3\n").encode("utf-8")),
    ("values.csv", ("数値目標を公開しているKPIの数,ライセンス契約件数\n7,3\n").encode("cp932", errors="ignore")),
    ("values.json", json.dumps({"values": {"plan_kpis": 7, "licences": 3}}).encode()),
    ("values.xlsx", _xlsx([["plan_kpis", "licences"], [7, 3]])),
])
def test_upload_values(auth, client, users, make_application, tokens, filename, data):
    app_id = make_application(values={})
    auth.login(users["alice"])
    response = _upload(client, auth, app_id, filename, data)
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    values = _values(client, app_id, tokens["alice"])
    assert values.get("plan_kpis") == 7


def test_upload_cp932_with_japanese_headers(auth, client, users, make_application, tokens, app):
    from hubs.certification import operations as ops

    with app.app_context():
        criteria = ops.criteria_of(ops.current_criteria_version())
        names = [criteria.indicator("plan_kpis").name_ja, criteria.indicator("licences").name_ja]
    app_id = make_application(values={})
    auth.login(users["alice"])
    data = (",".join(names) + "\r\n7,3\r\n").encode("cp932")
    assert _upload(client, auth, app_id, "values.csv", data).status_code == 302
    assert _values(client, app_id, tokens["alice"]) == {"plan_kpis": 7, "licences": 3}


@pytest.mark.parametrize(("filename", "data", "status"), [
    ("values.csv", "plan_kpis,licences\n7,3\n".encode("utf-16"), 400),
    ("values.csv", b"plan_kpis,licences\n9999,3\n", 422),
    ("values.csv", b"castles\n3\n", 422),
    ("values.xlsx", b"not a workbook", 400),
    ("values.json", b"[1, 2]", 400),
    ("values.txt", b"plan_kpis=3", 400),
])
def test_bad_uploads_save_nothing(auth, client, users, make_application, tokens, filename, data, status):
    app_id = make_application(values={"plan_kpis": 2})
    auth.login(users["alice"])
    response = _upload(client, auth, app_id, filename, data)
    assert response.status_code == status
    assert _values(client, app_id, tokens["alice"]) == {"plan_kpis": 2}


def test_submit_page_flow_and_missing_values(auth, client, users, make_application):
    incomplete = make_application(values={"plan_kpis": 2})
    complete = make_application()
    auth.login(users["alice"])
    token = auth.csrf()
    response = client.post(f"/applications/{incomplete}/submit", data={"csrf_token": token})
    assert response.status_code == 422
    assert "必須項目です" in response.get_data(as_text=True)
    response = client.post(f"/applications/{complete}/submit", data={"csrf_token": token})
    assert response.status_code == 302
    assert "審査中" in client.get(f"/applications/{complete}").get_data(as_text=True)


def test_score_page_explains_the_score(auth, client, users, make_application):
    app_id = make_application(status="certified", tier="silver")
    auth.login(users["alice"])
    html = client.get(f"/applications/{app_id}/score?lang=en").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'class="radar-value"' in html
    assert html.count('class="bar-row') == 18
    assert "minimum met" in html
    assert "certified hubs of this track" in html  # the quartile band (or why there is none)
    assert "What would lift the hub to Gold" in html
    assert not re.findall(r'<script[^>]+src="(?:https?:)?//', html)


def test_score_page_reads_in_japanese(auth, client, users, make_application):
    app_id = make_application(status="certified", tier="silver")
    auth.login(users["alice"])
    html = client.get(f"/applications/{app_id}/score?lang=ja").get_data(as_text=True)
    assert re.search(r"[\d.]+点 / 200点", html)  # the total, as Japanese readers write it
    assert "最低基準" in html and "次の段階は" in html
    assert " of 200 points" not in html and "next step" not in html and "minimum of" not in html


def test_user_text_is_escaped_everywhere(auth, client, users, make_application, tokens, university):
    app_id = make_application(status="submitted", hub={"name_ja": EVIL, "name_en": EVIL, "university_id": university})
    proposed = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json={
        "decision": "certify", "comment": EVIL, "public_evaluation": EVIL, "rubric_scores": GOOD_RUBRIC})
    auth.login(users["carol"])
    assert EVIL not in client.get(f"/review/{app_id}").get_data(as_text=True)  # the proposal, shown for confirmation
    auth.logout()
    confirmed = client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["dave"],
                            json={"proposal": proposed.get_json()["decision"]["proposal"]})
    assert confirmed.status_code == 200
    org_id = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["hub"]["id"]
    auth.login(users["alice"])
    pages = [f"/applications/{app_id}", f"/applications/{app_id}/score", "/applications", "/certified",
             f"/org/{org_id}/certification", f"/org/{org_id}"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert EVIL not in html, path
    assert "&lt;script&gt;" in client.get(f"/applications/{app_id}").get_data(as_text=True)
    auth.logout()
    auth.login(users["carol"])
    for path in (f"/review/{app_id}", "/review"):
        assert EVIL not in client.get(path).get_data(as_text=True)


def test_coordinator_reviews_and_certifies_in_the_page(auth, client, users, make_application):
    app_id = make_application(status="submitted")
    auth.login(users["carol"])
    assert "テスト拠点" in client.get("/review").get_data(as_text=True)
    token = auth.csrf(f"/review/{app_id}")
    form = {f"rubric-{k}": str(v) for k, v in GOOD_RUBRIC.items()}
    saved = client.post(f"/review/{app_id}", data={**form, "csrf_token": token, "comment": "first look"})
    assert saved.status_code == 302
    proposed = client.post(f"/review/{app_id}", data={**form, "csrf_token": token, "decision": "certify",
                                                      "tier": "gold", "public_evaluation": "着実な連携"})
    assert proposed.status_code == 302
    # carol cannot confirm her own proposal: the page says why, beside the proposal
    html = client.get(f"/review/{app_id}?lang=en").get_data(as_text=True)
    assert "Confirm this decision" not in html
    proposal = re.search(r'name="proposal" value="(\d+)"', html).group(1)
    own = client.post(f"/review/{app_id}/confirm", data={"csrf_token": token, "proposal": proposal})
    assert own.status_code == 403
    assert 'id="err-proposal"' in own.get_data(as_text=True)
    auth.logout()
    auth.login(users["dave"])
    assert f"/review/{app_id}#proposal" in client.get("/review").get_data(as_text=True)  # awaiting dave
    token = auth.csrf(f"/review/{app_id}")
    confirmed = client.post(f"/review/{app_id}/confirm", data={"csrf_token": token, "proposal": proposal})
    assert confirmed.status_code == 302
    auth.logout()
    auth.login(users["alice"])
    html = client.get(f"/applications/{app_id}?lang=en").get_data(as_text=True)
    assert "Certified" in html and "Valid from" in html and "着実な連携" in html


def _reviewing(auth, users, make_application) -> tuple[int, str]:
    """A submitted application and Carol, a coordinator, signed in on its review page: its id and
    the page's CSRF token."""
    app_id = make_application(status="submitted")
    auth.login(users["carol"])
    return app_id, auth.csrf(f"/review/{app_id}")


def test_review_page_reports_bad_rubric_levels(auth, client, users, make_application):
    app_id, token = _reviewing(auth, users, make_application)
    response = client.post(f"/review/{app_id}", data={"csrf_token": token, "rubric-vision_strategy": "7"})
    assert response.status_code == 422


def test_public_pages_show_certified_hubs(client, make_application, tokens, university):
    app_id = make_application(status="certified", tier="bronze",
                              hub={"name_ja": "公開拠点", "name_en": "Public hub", "university_id": university})
    org_id = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["hub"]["id"]
    assert "公開拠点" in client.get("/certified").get_data(as_text=True)
    html = client.get(f"/org/{org_id}/certification").get_data(as_text=True)
    assert "bronze" in html
    assert client.get("/org/999999/certification").status_code == 404


def test_expiry_reminder_on_the_queue(auth, client, users, make_application, app):
    from datetime import timedelta

    from sqlalchemy import select

    from hubs.certification import operations as ops
    from hubs.certification.models import Certification
    from hubs.core.extensions import db

    app_id = make_application(status="certified", tier="bronze")
    with app.app_context():
        cert = db.session.scalar(select(Certification).where(Certification.application_id == app_id))
        cert.valid_to = ops.today() + timedelta(days=30)
        db.session.commit()
        expected = cert.valid_to.isoformat()
    auth.login(users["carol"])
    html = client.get("/review").get_data(as_text=True)
    assert expected in html.split('id="expiring"')[1]


def test_admin_publishes_criteria(auth, client, users):
    auth.login(users["dave"])
    document = client.get("/api/v1/criteria").get_json()
    for key in ("digest", "published_at", "versions"):
        document.pop(key)
    token = auth.csrf("/admin/criteria")
    bad = client.post("/admin/criteria", data={"csrf_token": token, "document": "{\"version\": 1}"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)  # every problem, by key, in the reader's language
    assert "評価基準の誤り（version）: 文字列で入力してください。" in html
    assert "評価基準の誤り（indicators）: 必須のキーです。" in html
    english = client.post("/admin/criteria?lang=en", data={"csrf_token": token, "document": "{\"version\": 1}"})
    assert "Criteria rejected at published_on: This key is required." in english.get_data(as_text=True)
    client.get("/?lang=ja")
    document["version"] = "2027.1"
    ok = client.post("/admin/criteria", data={"csrf_token": token, "document": json.dumps(document)})
    assert ok.status_code == 302
    assert client.get("/api/v1/criteria").get_json()["version"] == "2027.1"
    again = client.post("/admin/criteria", data={"csrf_token": token, "document": json.dumps(document)})
    assert again.status_code == 409


def test_openapi_lists_the_certification_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/applications/{application_id}/decision" in paths and "/api/v1/auth/token" in paths


def test_queue_shows_what_a_coordinator_weighs(auth, client, users, make_application, app):
    from datetime import timedelta

    from hubs.certification.models import HubApplication
    from hubs.core.extensions import db, utcnow

    app_id = make_application(status="submitted", hub={"name_ja": "待機拠点", "name_en": "Waiting hub",
                                                      "prefecture_code": "10"})
    with app.app_context():
        db.session.get(HubApplication, app_id).submitted_at = utcnow() - timedelta(days=12, hours=1)
        db.session.commit()
    auth.login(users["carol"])
    html = client.get("/review").get_data(as_text=True)
    row = html.split(f'data-application="{app_id}"')[1].split("</tr>")[0]
    assert "待機拠点" in row and "群馬県" in row and "地域" in row  # hub, prefecture, track named in Japanese
    assert "12日" in row and "点 / " in row and "暫定" in row  # days waiting, points, provisional
    assert "regional" not in row
    english = client.get("/review?lang=en").get_data(as_text=True)
    row = english.split(f'data-application="{app_id}"')[1].split("</tr>")[0]
    assert "Gunma" in row and "12 days" in row and " points" in row
    twin = client.get("/api/v1/review/queue?lang=en").get_json()["applications"]
    mine = next(a for a in twin if a["id"] == app_id)
    assert mine["days_waiting"] == 12 and mine["prefecture"] == "Gunma" and mine["track"] == "regional"
    assert mine["score"]["provisional"] is True and 0 < mine["score"]["percent"] <= 100
    assert mine["history_url"] == f"/review/decisions?application={app_id}"


def test_queue_and_its_twin_are_for_coordinators_only(auth, client, users, tokens):
    auth.login(users["alice"])
    assert client.get("/review").status_code == 403
    assert client.get("/api/v1/review/queue", headers=tokens["alice"]).status_code == 403
    assert client.get("/api/v1/review/decisions", headers=tokens["alice"]).status_code == 403
    assert client.get("/api/v1/review/queue", headers=tokens["carol"]).status_code == 200


def test_decision_history_says_who_decided_what_when_on_which_revision(auth, client, users, make_application, tokens):
    returned = make_application(status="returned")
    assert client.post(f"/api/v1/applications/{returned}/submit", headers=tokens["alice"]).status_code == 200
    proposed = client.post(f"/api/v1/applications/{returned}/decision", headers=tokens["dave"], json={
        "decision": "certify", "tier": "bronze", "rubric_scores": GOOD_RUBRIC, "public_evaluation": "地域と連携"})
    assert proposed.status_code == 200
    proposal_id = proposed.get_json()["decision"]["proposal"]
    assert client.post(f"/api/v1/applications/{returned}/decision/confirm", headers=tokens["carol"],
                       json={"proposal": proposal_id}).status_code == 200
    other = make_application(status="rejected")
    auth.login(users["carol"])
    queue = client.get("/review").get_data(as_text=True)
    assert 'href="/review/decisions"' in queue
    html = client.get(f"/review/decisions?application={returned}").get_data(as_text=True)
    # header + four steps on this application (proposed and confirmed, twice), none of the other's
    assert html.count("<tr>") == 5
    assert "認定" in html and "ブロンズ" in html and "差し戻し" in html
    assert users["dave"] in html and "管理者" in html and users["carol"] in html
    twin = client.get(f"/api/v1/review/decisions?application={returned}&lang=en").get_json()
    assert [(d["step"], d["decision"], d["revision"], d["actor"]) for d in twin["decisions"]] == [
        ("confirmed", "certify", 2, users["carol"]), ("proposed", "certify", 2, users["dave"]),
        ("confirmed", "return", 1, users["dave"]), ("proposed", "return", 1, users["carol"])]
    assert twin["decisions"][0]["tier_label"] == "Bronze"
    everything = client.get("/api/v1/review/decisions").get_json()["decisions"]
    assert {d["application_id"] for d in everything} >= {returned, other}
    application = client.get(f"/applications/{returned}").get_data(as_text=True)
    assert f'href="/review/decisions?application={returned}"' in application
    assert client.get("/review/decisions?application=999999").status_code == 404


def test_review_errors_show_at_the_top(auth, client, users, make_application):
    app_id, token = _reviewing(auth, users, make_application)
    response = client.post(f"/review/{app_id}", data={"csrf_token": token, "decision": "return", "comment": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html.index('id="error-summary"')
    assert summary < html.index("<table") and 'href="#err-comment"' in html[summary:]
    auth.logout()
    auth.login(users["alice"])  # the owner is not a reviewer: the page is refused as before
    assert client.get(f"/review/{app_id}").status_code == 403


def test_a_decision_the_state_refuses_shows_at_the_top_of_the_review_page(auth, client, users, make_application):
    app_id, token = _reviewing(auth, users, make_application)
    first = client.post(f"/review/{app_id}", data={"csrf_token": token, "decision": "reject"})
    assert first.status_code == 302
    # A second tab still shows the form: its proposal comes too late (one is pending) and is said so on the page.
    again = client.post(f"/review/{app_id}", data={"csrf_token": token, "decision": "reject"})
    html = again.get_data(as_text=True)
    assert again.status_code == 409 and 'id="error-summary"' in html
    assert "確認待ちの判定案がすでにあります" in html.split('id="error-summary"')[1].split("</div>")[0]
