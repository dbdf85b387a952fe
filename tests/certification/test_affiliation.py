"""Affiliation (issue 13, item 2): an applicant is linked to the organisation they apply for,
a matching email domain is suggested, a coordinator confirms the link before any decision,
nobody refused can apply for or renew the hub, and every step is audited."""
from __future__ import annotations

from sqlalchemy import select

from hubs.certification.models import AuditLog
from hubs.core.extensions import db
from hubs.organizations.models import Organization
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC

CERTIFY = {"decision": "certify", "tier": "bronze", "rubric_scores": GOOD_RUBRIC, "public_evaluation": "堅実"}


def _website(app, org_id, website):
    with app.app_context():
        db.session.get(Organization, org_id).website = website
        db.session.commit()


def _apply(client, tokens, who, **hub):
    return client.post("/api/v1/applications", headers=tokens[who], json={"track": "regional", "values": COMPLETE_VALUES, **hub})


def _pending_id(client, tokens, who="carol"):
    return client.get("/api/v1/affiliations", headers=tokens[who]).get_json()["pending"][0]["id"]


def test_a_matching_email_domain_is_suggested(client, tokens, app, university):
    _website(app, university, "https://www.example.org/ja/")
    body = client.get("/api/v1/affiliations", headers=tokens["alice"]).get_json()
    assert [s["id"] for s in body["suggestions"]] == [university]
    _website(app, university, "https://www.example.com/")
    assert client.get("/api/v1/affiliations", headers=tokens["alice"]).get_json()["suggestions"] == []


def test_applying_asks_for_the_link_and_a_decision_waits_for_it(client, tokens, app, existing_hub):
    _website(app, existing_hub, "https://example.org")
    created = _apply(client, tokens, "alice", hub_id=existing_hub)
    assert created.status_code == 201
    app_id = created.get_json()["id"]
    assert created.get_json()["affiliation"] == {"organization_id": existing_hub, "status": "pending"}
    pending = client.get("/api/v1/affiliations", headers=tokens["carol"]).get_json()["pending"]
    assert [(p["email"], p["domain_match"]) for p in pending] == [("alice@example.org", True)]
    assert "affiliation_to_confirm" in [n["kind"] for n in client.get("/api/v1/notices", headers=tokens["carol"]).get_json()["notices"]]
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 200
    refused = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json=CERTIFY)
    assert refused.status_code == 409 and refused.get_json()["error"] == "affiliation_unconfirmed"
    link = pending[0]["id"]
    assert client.post(f"/api/v1/affiliations/{link}/confirm", headers=tokens["alice"]).status_code == 403
    confirmed = client.post(f"/api/v1/affiliations/{link}/confirm", headers=tokens["carol"])
    assert confirmed.status_code == 200 and confirmed.get_json()["status"] == "confirmed"
    assert client.post(f"/api/v1/affiliations/{link}/refuse", headers=tokens["dave"]).status_code == 409
    assert client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json=CERTIFY).status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "Affiliation")).all()
    assert actions == ["affiliation_requested", "affiliation_confirmed"]


def test_nobody_confirms_their_own_link(client, tokens, existing_hub):
    _apply(client, tokens, "carol", hub_id=existing_hub)
    own = _pending_id(client, tokens, "dave")
    response = client.post(f"/api/v1/affiliations/{own}/confirm", headers=tokens["carol"])
    assert response.status_code == 403 and response.get_json()["error"] == "own_affiliation"


def test_a_refused_applicant_cannot_apply_for_the_hub(client, tokens, existing_hub, app):
    _apply(client, tokens, "bob", hub_id=existing_hub)
    link = _pending_id(client, tokens)
    assert client.post(f"/api/v1/affiliations/{link}/refuse", headers=tokens["carol"]).status_code == 200
    again = _apply(client, tokens, "bob", hub_id=existing_hub)
    assert again.status_code == 403 and again.get_json()["error"] == "not_affiliated"
    asked = client.post("/api/v1/affiliations", headers=tokens["bob"], json={"organization_id": existing_hub})
    assert asked.status_code == 409
    assert "refused" in [n["kind"].split("_")[-1] for n in client.get("/api/v1/notices", headers=tokens["bob"]).get_json()["notices"]]


def test_a_new_hub_without_a_university_needs_no_link(client, tokens):
    created = _apply(client, tokens, "alice", hub={"name_ja": "県の拠点", "prefecture_code": "13"})
    assert created.status_code == 201 and created.get_json()["affiliation"] is None


def test_a_certified_new_hub_links_its_applicant_for_the_renewal(client, tokens, make_application, university, app):
    app_id = make_application(status="certified", hub={"name_ja": "大学の拠点", "university_id": university})
    body = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    cert = body["certifications"][0]["id"]
    renewal = client.post("/api/v1/applications", headers=tokens["alice"], json={
        "track": "regional", "values": COMPLETE_VALUES, "renewal_of": cert, "hub_id": body["hub"]["id"]})
    assert renewal.status_code == 201
    assert renewal.get_json()["affiliation"]["status"] == "confirmed"
    # someone else cannot renew it: not their certification, nor affiliated with the hub
    refused = client.post("/api/v1/applications", headers=tokens["bob"], json={"track": "regional", "renewal_of": cert})
    assert refused.status_code == 403 and refused.get_json()["error"] == "not_affiliated"


def test_affiliations_page_requests_and_confirms(client, auth, users, existing_hub, tokens):
    auth.login(users["alice"])
    token = auth.csrf("/affiliations")
    assert client.post("/affiliations", data={"csrf_token": token, "organization_id": str(existing_hub)}).status_code == 302
    bad = client.post("/affiliations", data={"csrf_token": token, "organization_id": "nope"})
    assert bad.status_code == 422 and 'id="err-organization_id"' in bad.get_data(as_text=True)
    auth.logout()
    auth.login(users["carol"])
    html = client.get("/affiliations?lang=en").get_data(as_text=True)
    assert "alice@example.org" in html and "Links awaiting confirmation" in html
    link = _pending_id(client, tokens)
    token = auth.csrf("/affiliations")
    assert client.post(f"/affiliations/{link}/confirm", data={"csrf_token": token}).status_code == 302
    assert client.get("/api/v1/affiliations", headers=tokens["carol"]).get_json()["pending"] == []
    auth.logout()
    auth.login(users["alice"])
    token = auth.csrf("/affiliations")
    assert client.post(f"/affiliations/{link}/confirm", data={"csrf_token": token}).status_code == 403
