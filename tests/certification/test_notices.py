"""Notices (issue 13, item 4): in the portal with a count in the header, by mail in the
recipient's language; without SMTP the mails land in the instance's outbox folder."""
from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy
from pathlib import Path

from sqlalchemy import select

from hubs.certification import operations as ops
from hubs.certification.models import Certification
from hubs.core.extensions import db
from tests.fixtures_accounts import GOOD_RUBRIC

CERTIFY = {"decision": "certify", "tier": "bronze", "rubric_scores": GOOD_RUBRIC, "public_evaluation": "堅実な運営"}


def _mails(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["ATLAS_OUTBOX_DIR"])
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def _kinds(client, headers) -> list[str]:
    return [n["kind"] for n in client.get("/api/v1/notices", headers=headers).get_json()["notices"]]


def test_each_step_tells_the_people_it_concerns(client, tokens, make_application, app):
    app_id = make_application(status="submitted")
    assert _kinds(client, tokens["carol"]) == ["submitted"] and _kinds(client, tokens["dave"]) == ["submitted"]
    assert _kinds(client, tokens["alice"]) == [] and _kinds(client, tokens["bob"]) == []
    proposal = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json=CERTIFY)
    assert _kinds(client, tokens["dave"]) == ["awaiting_confirmation", "submitted"]
    assert _kinds(client, tokens["carol"]) == ["submitted"]  # not told about her own proposal
    client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["dave"],
                json={"proposal": proposal.get_json()["decision"]["proposal"]})
    body = client.get("/api/v1/notices", headers={**tokens["alice"], "Accept-Language": "en"}).get_json()
    assert body["unread"] == 1
    assert body["notices"][0]["kind"] == "certified" and "堅実な運営" in body["notices"][0]["detail"]
    assert body["notices"][0]["url"].endswith(f"/applications/{app_id}")
    mail = next(m for m in _mails(app) if m["To"] == "alice@example.org")
    assert f"http://localhost/applications/{app_id}" in mail.get_content()  # made in a request: a full link


def test_returned_and_rejected_notices_carry_the_comment(client, tokens, make_application):
    make_application(status="returned")
    make_application(status="rejected")
    notices = client.get("/api/v1/notices", headers={**tokens["alice"], "Accept-Language": "en"}).get_json()["notices"]
    assert [n["kind"] for n in notices] == ["rejected", "returned"]
    assert all("ok" in n["detail"] for n in notices)  # the fixture's comment


def test_without_smtp_mails_go_to_the_outbox_in_the_recipients_language(client, auth, users, make_application, app):
    # bob last used the portal in English; alice in Japanese (the default)
    client.get("/?lang=en")
    auth.login(users["bob"])
    auth.logout()
    make_application(owner="bob", status="certified")
    make_application(owner="alice", status="returned")
    mails = _mails(app)
    to_bob = [m for m in mails if m["To"] == users["bob"]]
    to_alice = [m for m in mails if m["To"] == users["alice"]]
    assert len(to_bob) == 1 and len(to_alice) == 1
    assert "is certified" in to_bob[0]["Subject"] and "Public evaluation" in to_bob[0].get_content()
    assert "差し戻されました" in to_alice[0]["Subject"] and "審査員のコメント: ok" in to_alice[0].get_content()
    assert {m["To"] for m in mails} >= {users["carol"], users["dave"]}  # submissions, proposals


def test_with_smtp_mails_are_sent_and_not_written(client, tokens, make_application, app, smtp_server):
    app.config["ATLAS_SMTP_URL"] = "smtp://atlas:secret@mail.example.org:2525"
    make_application(status="submitted")
    assert ("mail.example.org", 2525) in smtp_server.connections and ("atlas", "secret") in smtp_server.logins
    assert {"carol@example.org", "dave@example.org"} <= {m["To"] for m in smtp_server.messages}
    assert _mails(app) == []


def test_an_undeliverable_mail_changes_nothing_of_the_operation(client, tokens, make_application, app, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("smtplib.SMTP", refuse)
    app.config["ATLAS_SMTP_URL"] = "smtp://mail.example.org"
    app_id = make_application(status="submitted")
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["status"] == "submitted"
    assert _kinds(client, tokens["carol"]) == ["submitted"]


def test_header_count_and_notices_page(client, auth, users, make_application):
    make_application(status="returned")
    auth.login(users["alice"])
    html = client.get("/applications?lang=en").get_data(as_text=True)
    assert re.search(r'href="/notices"[^>]*>Notices <span class="count-badge">1</span>', html)
    page = client.get("/notices").get_data(as_text=True)
    assert "Application #" in page and "returned for changes" in page
    token = auth.csrf("/notices")
    assert client.post("/notices/read", data={"csrf_token": token}).status_code == 302
    html = client.get("/applications").get_data(as_text=True)
    assert 'href="/notices"' in html and "count-badge" not in html


def test_anonymous_visitors_have_no_notices(client):
    assert 'href="/notices"' not in client.get("/certified").get_data(as_text=True)
    assert client.get("/api/v1/notices").status_code == 401


def test_notices_are_marked_read_by_their_owner_only(client, tokens, make_application):
    make_application(status="submitted")
    carols = client.get("/api/v1/notices", headers=tokens["carol"]).get_json()["notices"]
    other = client.post("/api/v1/notices/read", headers=tokens["dave"], json={"ids": [carols[0]["id"]]})
    assert other.status_code == 200 and other.get_json()["marked"] == 0
    mine = client.post("/api/v1/notices/read", headers=tokens["carol"], json={"ids": [carols[0]["id"]]})
    assert mine.get_json() == {"marked": 1, "unread": 0}
    assert client.post("/api/v1/notices/read", headers=tokens["carol"], json={"ids": ["x"]}).status_code == 422


def test_expiry_reminders_come_once_per_threshold(client, tokens, make_application, app, runner):
    app_id = make_application(status="certified")
    with app.app_context():
        cert = db.session.scalar(select(Certification).where(Certification.application_id == app_id))
        cert.valid_to = ops.today() + timedelta(days=80)
        db.session.commit()
    result = runner.invoke(args=["certification", "remind"])
    assert result.exit_code == 0 and "expiry reminders sent: 1" in result.output
    assert runner.invoke(args=["certification", "remind"]).output.strip().endswith(": 0")
    expiring = [n for n in client.get("/api/v1/notices", headers={**tokens["alice"], "Accept-Language": "en"})
                .get_json()["notices"] if n["kind"] == "expiring"]
    assert len(expiring) == 1 and "within 3 months" in expiring[0]["detail"]
    later = (ops.today() + timedelta(days=60)).isoformat()
    assert runner.invoke(args=["certification", "remind", "--day", later]).output.strip().endswith(": 1")
