"""Four eyes (issue 13, item 3): a reviewer proposes a decision, a second coordinator or an
admin confirms it or sends it back; nobody confirms their own proposal or decides on an
application they own; returned applications go back with the comment, rejected ones stay."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hubs.certification.models import AuditLog, Certification
from hubs.core.extensions import db
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC

EVALUATION = "大学発スタートアップの支援を地域ぐるみで進めている。"
CERTIFY = {"decision": "certify", "tier": "bronze", "rubric_scores": GOOD_RUBRIC, "public_evaluation": EVALUATION,
           "comment": "内部メモではなく申請者への講評"}


def _propose(client, tokens, app_id, body=None, who="carol"):
    return client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens[who], json=body or CERTIFY)


def _confirm(client, tokens, app_id, proposal, who="dave", **extra):
    return client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens[who],
                       json={"proposal": proposal, **extra})


def _certifications(app, app_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Certification)
                                 .where(Certification.application_id == app_id))


def test_a_proposal_changes_nothing_until_confirmed(client, tokens, make_application, app):
    app_id = make_application(status="submitted")
    response = _propose(client, tokens, app_id)
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "submitted" and body["awaiting_confirmation"] is True
    assert body["proposal"]["proposal_state"] == "proposed" and body["proposal"]["public_evaluation"] == EVALUATION
    assert _certifications(app, app_id) == 0
    # the applicant sees that a decision is pending, never the proposal or its comment
    mine = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert mine["awaiting_confirmation"] is True and mine["proposal"] is None and mine["reviews"] == []
    confirmed = _confirm(client, tokens, app_id, body["decision"]["proposal"])
    assert confirmed.status_code == 200
    assert confirmed.get_json()["status"] == "certified"
    assert confirmed.get_json()["certifications"][0]["public_evaluation"] == EVALUATION
    assert _certifications(app, app_id) == 1
    mine = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert [r["proposal_state"] for r in mine["reviews"]] == ["confirmed"]


def test_the_applicant_sees_no_proposal_in_the_pages(client, auth, users, make_application):
    app_id = make_application(status="proposed")
    auth.login(users["alice"])
    html = client.get(f"/applications/{app_id}").get_data(as_text=True)
    assert "decision_proposed" not in html and "地域の産学連携" not in html
    auth.logout()
    auth.login(users["dave"])
    assert "decision_proposed" in client.get(f"/applications/{app_id}").get_data(as_text=True)


def test_nobody_confirms_their_own_proposal(client, tokens, make_application, app):
    app_id = make_application(status="submitted")
    proposal = _propose(client, tokens, app_id).get_json()["decision"]["proposal"]
    response = _confirm(client, tokens, app_id, proposal, who="carol")
    assert response.status_code == 403
    assert response.get_json()["error"] == "own_proposal"
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["carol"]).get_json()["status"] == "submitted"
    assert _certifications(app, app_id) == 0


def test_nobody_confirms_a_decision_on_their_own_application(client, tokens, app):
    created = client.post("/api/v1/applications", headers=tokens["dave"], json={
        "track": "regional", "values": COMPLETE_VALUES, "hub": {"name_ja": "管理者の拠点", "prefecture_code": "13"}})
    app_id = created.get_json()["id"]
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["dave"]).status_code == 200
    proposal = _propose(client, tokens, app_id).get_json()["decision"]["proposal"]
    response = _confirm(client, tokens, app_id, proposal, who="dave")
    assert response.status_code == 403
    assert response.get_json()["error"] == "own_application"
    assert _certifications(app, app_id) == 0


def test_applicants_cannot_confirm(client, tokens, make_application):
    app_id = make_application(status="submitted")
    proposal = _propose(client, tokens, app_id).get_json()["decision"]["proposal"]
    assert _confirm(client, tokens, app_id, proposal, who="alice").status_code == 403
    assert _confirm(client, tokens, app_id, proposal, who="bob").status_code == 404  # not even visible


def test_one_proposal_at_a_time(client, tokens, make_application):
    app_id = make_application(status="submitted")
    assert _propose(client, tokens, app_id).status_code == 200
    second = _propose(client, tokens, app_id, {"decision": "reject", "comment": "no"}, who="dave")
    assert second.status_code == 409
    assert second.get_json()["error"] == "conflict"


def test_confirming_a_proposal_that_is_no_longer_pending_is_409(client, tokens, make_application):
    app_id = make_application(status="submitted")
    proposal = _propose(client, tokens, app_id).get_json()["decision"]["proposal"]
    assert _confirm(client, tokens, app_id, proposal + 1000).status_code == 409
    assert _confirm(client, tokens, app_id, proposal).status_code == 200
    again = _confirm(client, tokens, app_id, proposal)
    assert again.status_code == 409  # decided already
    assert _confirm(client, tokens, make_application(status="submitted"), proposal).status_code == 409


def test_a_decision_on_a_stale_revision_is_409(client, tokens, make_application):
    app_id = make_application(status="returned")
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 200
    stale = _propose(client, tokens, app_id, {**CERTIFY, "revision": 1})
    assert stale.status_code == 409
    assert _propose(client, tokens, app_id, {**CERTIFY, "revision": 2}).status_code == 200


def test_send_back_keeps_the_proposal_on_record_and_allows_a_new_one(client, tokens, make_application, app):
    app_id = make_application(status="submitted")
    proposal = _propose(client, tokens, app_id).get_json()["decision"]["proposal"]
    url = f"/api/v1/applications/{app_id}/decision/send-back"
    no_note = client.post(url, headers=tokens["dave"], json={"proposal": proposal})
    assert no_note.status_code == 422 and "note" in no_note.get_json()["errors"]
    sent = client.post(url, headers=tokens["dave"], json={"proposal": proposal, "note": "Tier too high"})
    assert sent.status_code == 200
    body = sent.get_json()
    assert body["status"] == "submitted" and body["awaiting_confirmation"] is False
    assert [r["proposal_state"] for r in body["reviews"]] == ["sent_back"]
    assert _confirm(client, tokens, app_id, proposal).status_code == 409
    assert _propose(client, tokens, app_id, {"decision": "reject", "comment": "no"}, who="dave").status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action).where(
            AuditLog.object_type == "HubApplication", AuditLog.object_id == app_id).order_by(AuditLog.id)).all()
    assert "decision_sent_back" in actions and actions.count("decision_proposed") == 2


def test_returned_goes_back_with_the_comment(client, tokens, make_application):
    app_id = make_application(status="submitted")
    proposal = _propose(client, tokens, app_id, {"decision": "return", "comment": "KPIの根拠を添えてください"})
    body = _confirm(client, tokens, app_id, proposal.get_json()["decision"]["proposal"]).get_json()
    assert body["status"] == "returned" and body["revision"] == 2
    mine = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert mine["reviews"][0]["comment"] == "KPIの根拠を添えてください"
    assert client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"],
                      json={"values": COMPLETE_VALUES}).status_code == 200


def test_rejected_stays_on_record(client, tokens, make_application):
    app_id = make_application(status="rejected")
    body = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert body["status"] == "rejected"
    assert [r["decision"] for r in body["reviews"]] == ["reject"]
    assert client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"], json={"values": {}}).status_code == 409
    assert [a["id"] for a in client.get("/api/v1/applications", headers=tokens["alice"]).get_json()["applications"]
            ] == [app_id]


@pytest.mark.parametrize(("body", "field"), [
    ({"proposal": "x"}, "proposal"),
    ({}, "proposal"),
    ({"proposal": 1, "note": "x" * 5001}, "note"),
])
def test_bad_confirmations_are_422(client, tokens, make_application, body, field):
    app_id = make_application(status="submitted")
    _propose(client, tokens, app_id)
    response = client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["dave"], json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_refusals_come_in_the_users_language(client, tokens, make_application):
    app_id = make_application(status="submitted")
    proposal = _propose(client, tokens, app_id).get_json()["decision"]["proposal"]
    ja = _confirm(client, tokens, app_id, proposal, who="carol").get_json()
    en = client.post(f"/api/v1/applications/{app_id}/decision/confirm",
                     headers={**tokens["carol"], "Accept-Language": "en"}, json={"proposal": proposal}).get_json()
    assert "own proposal" in en["message"]
    assert "自分の判定案" in ja["message"]


def test_the_review_page_shows_the_proposal_and_refuses_its_proposer(auth, client, users, make_application):
    app_id = make_application(status="proposed")
    auth.login(users["carol"])
    html = client.get(f"/review/{app_id}?lang=en").get_data(as_text=True)
    assert "Proposed decision awaiting confirmation" in html and "Confirm this decision" not in html
    auth.logout()
    auth.login(users["dave"])
    html = client.get(f"/review/{app_id}?lang=en").get_data(as_text=True)
    assert "Confirm this decision" in html
    token = auth.csrf(f"/review/{app_id}")
    empty = client.post(f"/review/{app_id}/send-back", data={"csrf_token": token, "proposal": "1", "note": ""})
    assert empty.status_code == 422
    assert 'class="field-errors"' in empty.get_data(as_text=True)


def test_openapi_declares_the_confirmation(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    confirm = paths["/api/v1/applications/{application_id}/decision/confirm"]["post"]
    assert confirm["operationId"] == "confirmDecision"
    assert {"200", "403", "404", "409", "422"} <= set(confirm["responses"])
    assert "/api/v1/applications/{application_id}/decision/send-back" in paths
    assert "/api/v1/notices" in paths
