"""The certification API: criteria, applications, revisions, scores, decisions, renewals."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hubs.certification import operations as ops
from hubs.certification.models import ApplicationRevision, AuditLog, Certification, HubApplication, RevisionFrozenError
from hubs.certification.periods import certification_period, fiscal_year
from hubs.core.extensions import db
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC

NEW_HUB = {"name_ja": "東北テスト拠点", "name_en": "Tohoku test hub", "prefecture_code": "04"}
EVALUATION = "地域の中小企業との共同研究を着実に広げている。"


def _decide(client, tokens, app_id, body, proposer="carol", confirmer="dave"):
    """Four eyes: ``proposer`` proposes ``body``, ``confirmer`` confirms; the confirmation's answer."""
    if body.get("decision") == "certify":
        body = {"public_evaluation": EVALUATION, **body}
    proposed = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens[proposer], json=body)
    assert proposed.status_code == 200, proposed.get_json()
    proposal = proposed.get_json()["decision"]["proposal"]
    return client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens[confirmer],
                       json={"proposal": proposal})


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_criteria_is_published_with_four_viewpoints(client):
    body = client.get("/api/v1/criteria").get_json()
    assert [v["key"] for v in body["viewpoints"]] == ["vision", "inputs", "process", "outputs"]
    assert {"global", "regional"} <= {t["key"] for t in body["tracks"]}
    assert body["version"] in body["versions"]
    assert client.get("/api/v1/criteria?version=nope").status_code == 404


def test_criteria_schema_is_published_as_shipped(client):
    response = client.get("/api/v1/criteria/schema")
    assert response.status_code == 200
    body = response.get_json()
    shipped = ops.SEED_CRITERIA.with_name("criteria.schema.json").read_text(encoding="utf-8")
    assert body == json.loads(shipped)
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"version", "viewpoints", "tracks", "indicators", "tiers"} <= set(body["required"])


def test_create_application_for_a_new_hub(client, tokens, app):
    response = client.post("/api/v1/applications", headers=tokens["alice"],
                           json={"hub": NEW_HUB, "track": "regional", "values": {"plan_kpis": 6}})
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] and body["status"] == "draft" and body["values"] == {"plan_kpis": 6}
    assert response.headers["Location"].endswith(f"/api/v1/applications/{body['id']}")


def test_create_application_for_an_existing_hub(client, tokens, existing_hub):
    response = client.post("/api/v1/applications", headers=tokens["alice"],
                           json={"hub_id": existing_hub, "track": "global", "values": {}})
    assert response.status_code == 201
    assert response.get_json()["hub"]["id"] == existing_hub


def test_a_hub_must_be_a_hub(client, tokens, university):
    response = client.post("/api/v1/applications", headers=tokens["alice"], json={"hub_id": university, "track": "global"})
    assert response.status_code == 404  # the hub it names does not exist
    assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize(("payload", "field", "code"), [
    # The API takes JSON numbers within each indicator's published range (declared in its document).
    ({"values": {"plan_kpis": 9999}}, "values.plan_kpis", "less_than_equal"),
    ({"values": {"plan_kpis": -1}}, "values.plan_kpis", "greater_than_equal"),
    ({"values": {"plan_kpis": "many"}}, "values.plan_kpis", "not_integer"),
    ({"values": {"plan_kpis": 2.5}}, "values.plan_kpis", "not_integer"),
    ({"values": {"plan_kpis": True}}, "values.plan_kpis", "not_integer"),
    ({"values": {"castles": 3}}, "values.castles", "extra_forbidden"),
    ({"values": {"vision_strategy": 4}}, "values.vision_strategy", "extra_forbidden"),  # reviewers' rubric
    ({"values": [1, 2]}, "values", "model_type"),
    ({"track": "galactic"}, "track", "literal_error"),
    ({"hub": {"name_ja": "", "prefecture_code": "13"}}, "hub.name_ja", "string_too_short"),
    ({"hub": {"name_ja": "x" * 201, "prefecture_code": "13"}}, "hub.name_ja", "string_too_long"),
    ({"hub": {"name_ja": "x", "prefecture_code": "99"}}, "hub.prefecture_code", "literal_error"),
    ({"hub": None}, "hub", "model_type"),
])
def test_bad_input_is_422_keyed_by_field_and_saves_nothing(client, tokens, app, payload, field, code):
    before = _count(app, HubApplication)
    data = {"hub": NEW_HUB, "track": "regional", "values": {}, **payload}
    response = client.post("/api/v1/applications", headers=tokens["alice"], json=data)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert code in [e["code"] for e in errors[field]]
    assert _count(app, HubApplication) == before


def test_body_that_is_not_a_json_object_is_400(client, tokens):
    for body in ("[1, 2]", "not json", '"text"'):
        response = client.post("/api/v1/applications", headers={**tokens["alice"], "Content-Type": "application/json"},
                               data=body)
        assert response.status_code == 400
        assert "body" in response.get_json()["errors"]


def test_messages_come_in_the_users_language(client, tokens):
    data = {"hub": NEW_HUB, "track": "regional", "values": {"plan_kpis": 9999}}
    ja = client.post("/api/v1/applications", headers=tokens["alice"], json=data).get_json()
    en = client.post("/api/v1/applications", headers={**tokens["alice"], "Accept-Language": "en"}, json=data).get_json()
    assert "以下" in ja["errors"]["values.plan_kpis"][0]["message"]
    assert "at most" in en["errors"]["values.plan_kpis"][0]["message"]
    assert ja["errors"]["values.plan_kpis"][0]["message_en"] == en["errors"]["values.plan_kpis"][0]["message"]


def test_put_changes_a_draft(client, tokens, make_application):
    app_id = make_application(values={"plan_kpis": 3})
    # The API takes JSON numbers; "1,200" and full-width digits are read on the pages and in uploads.
    response = client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"], json={"values": {"plan_kpis": "12"}})
    assert response.status_code == 422
    response = client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"], json={"values": {"plan_kpis": 12}})
    assert response.status_code == 200
    assert response.get_json()["values"] == {"plan_kpis": 12}


def test_bad_put_leaves_the_draft_as_it_was(client, tokens, make_application):
    app_id = make_application(values={"plan_kpis": 3})
    response = client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"],
                          json={"values": {"plan_kpis": 8, "licences": -5}})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"values.licences"}
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["values"] == {"plan_kpis": 3}


def test_submit_needs_every_required_value(client, tokens, make_application):
    app_id = make_application(values={"plan_kpis": 3})
    response = client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"])
    assert response.status_code == 422
    assert response.get_json()["errors"]["licences"][0]["code"] == "required"
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["status"] == "draft"


def test_submitted_application_is_immutable(client, tokens, make_application, app):
    app_id = make_application()
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 200
    response = client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"], json={"values": {"plan_kpis": 1}})
    assert response.status_code == 409
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 409
    with app.app_context():
        revision = db.session.scalar(select(ApplicationRevision).where(ApplicationRevision.application_id == app_id))
        revision.values_json = json.dumps({"plan_kpis": 1})
        with pytest.raises(RevisionFrozenError):
            db.session.commit()
        db.session.rollback()


def test_return_makes_a_new_revision_and_keeps_the_old(client, tokens, make_application):
    app_id = make_application(status="submitted")
    response = _decide(client, tokens, app_id, {"decision": "return", "comment": "Please add the licences of FY2025."})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "returned" and body["revision"] == 2
    changed = {**COMPLETE_VALUES, "licences": 9}
    assert client.put(f"/api/v1/applications/{app_id}", headers=tokens["alice"], json={"values": changed}).status_code == 200
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 200
    body = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert [r["number"] for r in body["revisions"]] == [1, 2]
    assert all(r["submitted_at"] for r in body["revisions"])
    assert body["values"]["licences"] == 9
    assert body["reviews"][0]["comment"] == "Please add the licences of FY2025."


def test_return_needs_a_comment(client, tokens, make_application):
    app_id = make_application(status="submitted")
    response = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json={"decision": "return"})
    assert response.status_code == 422
    assert "comment" in response.get_json()["errors"]


def test_score_of_a_draft_is_provisional(client, tokens, make_application):
    app_id = make_application(values={"plan_kpis": 6})
    body = client.get(f"/api/v1/applications/{app_id}/score", headers=tokens["alice"]).get_json()
    for key in ("total", "maximum", "percent", "tier", "viewpoints", "indicators", "minimums", "next_tier",
                "gap_points", "improvements", "band", "missing_values"):
        assert key in body
    assert body["provisional"] is True
    assert "licences" in body["missing_values"]
    assert 0 <= body["percent"] <= 100


def test_preview_scores_without_saving(client, app):
    before = _count(app, HubApplication)
    response = client.post("/api/v1/criteria/score", json={"track": "regional", "values": COMPLETE_VALUES})
    assert response.status_code == 200
    assert response.get_json()["missing_values"] == []
    assert client.post("/api/v1/criteria/score", json={"track": "x", "values": {}}).status_code == 422
    assert _count(app, HubApplication) == before


def test_certify_with_tier_sets_three_fiscal_years(client, tokens, make_application, app):
    app_id = make_application(status="submitted")
    response = _decide(client, tokens, app_id, {"decision": "certify", "tier": "bronze", "comment": "Well done",
                                                "rubric_scores": GOOD_RUBRIC})
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "certified"
    cert = body["certifications"][0]
    assert cert["public_evaluation"] == EVALUATION
    assert cert["tier"] == "bronze"
    start = date.fromisoformat(cert["valid_from"])
    assert date.fromisoformat(cert["valid_to"]) == date(fiscal_year(start) + 3, 3, 31)
    score = client.get(f"/api/v1/applications/{app_id}/score", headers=tokens["alice"]).get_json()
    assert score["provisional"] is False


def test_certify_without_tier_uses_the_computed_tier(client, tokens, make_application):
    app_id = make_application(status="submitted")
    body = _decide(client, tokens, app_id, {"decision": "certify", "rubric_scores": GOOD_RUBRIC}).get_json()
    assert body["certifications"][0]["tier"] == "silver"  # the shipped Silver sample's values


def test_a_hub_below_every_tier_needs_an_explicit_tier(client, tokens, make_application):
    app_id = make_application(status="submitted")
    response = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"],
                           json={"decision": "certify", "public_evaluation": EVALUATION})
    assert response.status_code == 422  # rubric not reviewed: 0 points there, no tier reached
    assert "tier" in response.get_json()["errors"]


@pytest.mark.parametrize(("payload", "field"), [
    ({"decision": "promote"}, "decision"),
    ({}, "decision"),
    ({"decision": "certify", "tier": "platinum", "rubric_scores": GOOD_RUBRIC, "public_evaluation": EVALUATION}, "tier"),
    ({"decision": "certify", "tier": "none", "rubric_scores": GOOD_RUBRIC, "public_evaluation": EVALUATION}, "tier"),
    ({"decision": "certify", "rubric_scores": GOOD_RUBRIC}, "public_evaluation"),
    ({"decision": "certify", "rubric_scores": GOOD_RUBRIC, "public_evaluation": "x" * 201}, "public_evaluation"),
    ({"decision": "reject", "rubric_scores": {"vision_strategy": 9}}, "rubric_scores.vision_strategy"),
    ({"decision": "reject", "rubric_scores": {"plan_kpis": 3}}, "plan_kpis"),
    ({"decision": "reject", "comment": "x" * 5001}, "comment"),
])
def test_bad_decisions_are_422_and_change_nothing(client, tokens, make_application, payload, field):
    app_id = make_application(status="submitted")
    response = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["carol"]).get_json()["status"] == "submitted"


def test_decisions_only_on_submitted_applications(client, tokens, make_application):
    draft = make_application()
    response = client.post(f"/api/v1/applications/{draft}/decision", headers=tokens["carol"], json={"decision": "reject"})
    assert response.status_code == 409


def test_applicants_cannot_decide_even_their_own(client, tokens, make_application):
    app_id = make_application(status="submitted")
    response = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["alice"],
                           json={"decision": "certify", "tier": "gold"})
    assert response.status_code == 403


def test_certifying_a_new_hub_puts_it_on_the_map_with_its_tier(client, tokens, make_application, university):
    app_id = make_application(status="certified", tier="silver",
                              hub={"name_ja": "地図の拠点", "name_en": "Mapped hub", "university_id": university})
    body = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    org_id = body["hub"]["id"]
    feature = client.get(f"/api/v1/organizations/{org_id}").get_json()
    assert feature["properties"]["kind"] == "hub"
    assert feature["properties"]["parent_id"] == university
    assert feature["properties"]["certification_tier"] == "silver"
    history = client.get(f"/api/v1/organizations/{org_id}/certifications").get_json()["certifications"]
    assert [c["tier"] for c in history] == ["silver"]


def test_every_state_change_is_audited(app, make_application):
    app_id = make_application(status="certified", tier="bronze")
    with app.app_context():
        actions = db.session.scalars(select(AuditLog.action).where(
            AuditLog.object_type == "HubApplication", AuditLog.object_id == app_id).order_by(AuditLog.id)).all()
        actors = db.session.scalars(select(AuditLog.actor_id).where(AuditLog.object_id == app_id,
                                                                    AuditLog.object_type == "HubApplication")).all()
    assert actions == ["application_created", "submitted", "reviewed", "decision_proposed", "decision_confirmed",
                       "certified"]
    assert all(actors)


def test_renewal_continues_the_period(client, tokens, make_application, app):
    app_id = make_application(status="certified", tier="bronze")
    with app.app_context():
        cert = db.session.scalar(select(Certification).where(Certification.application_id == app_id))
        cert_id, old_end = cert.id, cert.valid_to
    response = client.post("/api/v1/applications", headers=tokens["alice"], json={
        "hub": NEW_HUB, "track": "regional", "values": COMPLETE_VALUES, "renewal_of": cert_id})
    assert response.status_code == 201
    renewal = response.get_json()["id"]
    client.post(f"/api/v1/applications/{renewal}/submit", headers=tokens["alice"])
    body = _decide(client, tokens, renewal, {"decision": "certify", "rubric_scores": GOOD_RUBRIC}).get_json()
    new = body["certifications"][0]
    assert new["renewal_of"] == cert_id
    assert date.fromisoformat(new["valid_from"]) == old_end + timedelta(days=1)


def test_someone_elses_certification_cannot_be_renewed(client, tokens, make_application, app):
    app_id = make_application(owner="bob", status="certified", tier="bronze")
    with app.app_context():
        cert_id = db.session.scalar(select(Certification.id).where(Certification.application_id == app_id))
    response = client.post("/api/v1/applications", headers=tokens["alice"], json={
        "hub": NEW_HUB, "track": "regional", "renewal_of": cert_id})
    # not a certification of hers, and she is not affiliated with the hub
    assert response.status_code == 403 and response.get_json()["error"] == "not_affiliated"


def test_standing_needs_ten_certified_peers_of_the_track(client, tokens, make_application):
    # Issue 11, class 6: one peer would make any standing invertible; see tests/security/test_score_privacy.py.
    make_application(owner="bob", status="certified", tier="bronze", values={**COMPLETE_VALUES, "licences": 0})
    mine = make_application(status="submitted")
    body = client.get(f"/api/v1/applications/{mine}/score", headers=tokens["alice"]).get_json()
    assert body["band"] is None and body["peers"] is None
    assert body["band_withheld"] == "too_few_peers"


def test_samples_are_never_peers(client, tokens, make_application):
    mine = make_application(status="submitted")
    body = client.get(f"/api/v1/applications/{mine}/score", headers=tokens["alice"]).get_json()
    assert body["band"] is None and body["peers"] is None


def test_an_application_keeps_its_criteria_version(client, tokens, make_application, app):
    app_id = make_application()
    document = client.get("/api/v1/criteria").get_json()
    document.pop("digest"), document.pop("published_at"), document.pop("versions")
    document["version"] = "2099.1"
    with app.app_context():
        ops.publish_criteria(document, None)
    assert client.get("/api/v1/criteria").get_json()["version"] == "2099.1"
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["criteria_version"] != "2099.1"
    new = client.post("/api/v1/applications", headers=tokens["alice"], json={"hub": NEW_HUB, "track": "regional"})
    assert new.get_json()["criteria_version"] == "2099.1"


def test_public_certifications_list_shows_no_scores(client, make_application):
    make_application(status="certified", tier="bronze")
    body = client.get("/api/v1/certifications").get_json()["certifications"]
    assert body and all("percent" not in c for c in body)


def test_expiring_certifications(app, make_application):
    app_id = make_application(status="certified", tier="bronze")
    with app.app_context():
        cert = db.session.scalar(select(Certification).where(Certification.application_id == app_id))
        assert cert not in ops.expiring_certifications()
        cert.valid_to = ops.today() + timedelta(days=60)
        db.session.commit()
        assert cert in ops.expiring_certifications()


def test_fiscal_year_periods():
    assert fiscal_year(date(2026, 3, 31)) == 2025 and fiscal_year(date(2026, 4, 1)) == 2026
    assert certification_period(date(2025, 6, 10)) == (date(2025, 6, 10), date(2028, 3, 31))
    assert certification_period(date(2026, 2, 1))[1] == date(2028, 3, 31)


def test_certified_hubs_export_as_csv_for_excel(client, make_application):
    make_application(status="certified", hub={"name_ja": "認定テスト拠点", "name_en": "Certified test hub",
                                               "prefecture_code": "13"})
    response = client.get("/api/v1/certifications?format=csv")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("拠点,類型,区分")
    assert "認定テスト拠点" in text
    sjis = client.get("/api/v1/certifications?format=csv&encoding=cp932")
    assert "認定テスト拠点" in sjis.data.decode("cp932")
