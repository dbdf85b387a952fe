"""Renewal (継続審査, issue 13 item 5): a renewal starts from the certified revision, its result
継続 (continued) extends validity by the next three fiscal years without a gap, the public record
shows the whole history with each one-line evaluation, and every refusal says why and changes
nothing. Time is moved forward by a stand-in for ``today()``."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hubs.certification import decisions
from hubs.certification import operations as ops
from hubs.certification.models import Affiliation, HubApplication
from hubs.core.extensions import db
from tests.certification.test_evidence import NARRATIVE, VISION, upload
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC, csrf_token

FIRST = "産学連携の体制が整い、地域企業との共同研究が始まっている。"
SECOND = "三年間で共同研究を倍増させ、地域の中核拠点に育った。"
JA = {"Accept-Language": "ja"}


@pytest.fixture
def clock(monkeypatch):
    """``clock.set(date)``: the day the portal believes it is (decisions and renewals read it)."""

    class Clock:
        day = date(2026, 6, 10)

        def set(self, day: date) -> None:
            self.day = day

    clock = Clock()
    monkeypatch.setattr(ops, "today", lambda: clock.day)
    monkeypatch.setattr(decisions, "today", lambda: clock.day)
    return clock


def _decide(client, tokens, app_id, evaluation, decision="certify"):
    """Four eyes: carol proposes, dave confirms; the confirmation's answer."""
    proposed = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json={
        "decision": decision, "rubric_scores": GOOD_RUBRIC, "public_evaluation": evaluation, "comment": "見直し"})
    assert proposed.status_code == 200, proposed.get_json()
    confirmed = client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["dave"],
                            json={"proposal": proposed.get_json()["decision"]["proposal"]})
    assert confirmed.status_code == 200, confirmed.get_json()
    return confirmed.get_json()


def _certified_hub(client, tokens, university) -> tuple[int, int, int]:
    """Alice (affiliated with the university, confirmed by a coordinator) applies for a new hub,
    with a narrative and evidence, which is certified: ``(application id, certification id, hub
    organisation id)``."""
    created = client.post("/api/v1/applications", headers=tokens["alice"], json={
        "track": "regional", "values": COMPLETE_VALUES,
        "hub": {"name_ja": "継続試験拠点", "name_en": "Renewal test hub", "university_id": university}})
    assert created.status_code == 201, created.get_json()
    app_id = created.get_json()["id"]
    link = client.get("/api/v1/affiliations", headers=tokens["carol"]).get_json()["pending"][0]["id"]
    assert client.post(f"/api/v1/affiliations/{link}/confirm", headers=tokens["carol"]).status_code == 200
    # With a narrative and an evidence file for the vision, which reviewers read beside its levels.
    assert client.put(f"/api/v1/applications/{app_id}/narratives", headers=tokens["alice"],
                      json={"narratives": {VISION: NARRATIVE}}).status_code == 200
    assert upload(client, tokens, app_id).status_code == 201
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 200
    review_page = client.get(f"/review/{app_id}", headers={**tokens["carol"], **JA}).get_data(as_text=True)
    assert NARRATIVE.splitlines()[0] in review_page and "計画書.pdf" in review_page
    body = _decide(client, tokens, app_id, FIRST)
    cert = body["certifications"][0]
    return app_id, cert["id"], body["hub"]["id"]


def _renew(client, tokens, cert_id, who="alice", **extra):
    return client.post("/api/v1/applications", headers={**tokens[who], **JA},
                       json={"track": "regional", "renewal_of": cert_id, **extra})


def _applications(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(HubApplication))


def test_three_fiscal_years_later_the_renewal_continues_the_certification(client, tokens, app, university, clock,
                                                                          runner):
    app_id, first, hub = _certified_hub(client, tokens, university)
    cert = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["certifications"][0]
    assert (cert["valid_from"], cert["valid_to"]) == ("2026-06-10", "2029-03-31")
    assert cert["result"] == "certified" and cert["public_evaluation"] == FIRST

    # Three fiscal years on, in the last months of the period: reminded, the applicant renews.
    clock.set(date(2028, 12, 1))
    assert runner.invoke(args=["certification", "remind", "--day", "2028-12-01"]).exit_code == 0
    kinds = [n["kind"] for n in client.get("/api/v1/notices", headers=tokens["alice"]).get_json()["notices"]]
    assert "expiring" in kinds
    renewal = _renew(client, tokens, first)
    assert renewal.status_code == 201, renewal.get_json()
    body = renewal.get_json()
    # Pre-filled from the certified revision, for the same hub.
    assert body["values"] == COMPLETE_VALUES and body["hub"]["id"] == hub and body["renewal_of"] == first
    renewal_id = body["id"]
    changed = {**COMPLETE_VALUES, "licences": COMPLETE_VALUES["licences"] + 3}
    assert client.put(f"/api/v1/applications/{renewal_id}", headers=tokens["alice"],
                      json={"values": changed}).status_code == 200
    assert client.post(f"/api/v1/applications/{renewal_id}/submit", headers=tokens["alice"]).status_code == 200
    # Reviewers see it as a renewal and decide 継続.
    review_page = client.get(f"/review/{renewal_id}", headers={**tokens["carol"], **JA}).get_data(as_text=True)
    assert "継続とする" in review_page
    decided = _decide(client, tokens, renewal_id, SECOND)
    assert decided["status"] == "certified"
    second = decided["certifications"][0]
    assert second["result"] == "continued"
    assert second["renewal_of"] == first
    assert (second["valid_from"], second["valid_to"]) == ("2029-04-01", "2032-03-31")  # no gap, no overlap
    history = client.get(f"/api/v1/review/decisions?application={renewal_id}", headers={**tokens["carol"], **JA})
    assert history.get_json()["decisions"][0]["decision_label"] == "継続"

    # The applicant is told: continued (継続), in Japanese.
    notice = client.get("/api/v1/notices", headers={**tokens["alice"], **JA}).get_json()["notices"][0]
    assert notice["kind"] == "continued" and "継続" in notice["title"] and "2032-03-31" in notice["detail"]
    assert SECOND in notice["detail"]

    # The public record: both periods, their results and one-line evaluations, page and JSON.
    public = client.get(f"/api/v1/organizations/{hub}/certifications").get_json()["certifications"]
    assert [(c["result"], c["valid_from"], c["public_evaluation"]) for c in public] == [
        ("continued", "2029-04-01", SECOND), ("certified", "2026-06-10", FIRST)]
    page = client.get(f"/org/{hub}/certification?lang=ja").get_data(as_text=True)
    assert page.count("<td>継続</td>") == 1 and page.count("<td>認定</td>") == 1
    assert FIRST in page and SECOND in page and "2029年度〜2031年度" in page and "2026年度〜2028年度" in page
    assert "percent" not in str(public)  # the score stays private

    # Once the old period is over the continuation is the hub's certification on the map.
    clock.set(date(2029, 4, 2))
    current = client.get("/api/v1/certifications").get_json()["certifications"]
    assert [(c["id"], c["result"]) for c in current if c["organization_id"] == hub] == [(second["id"], "continued")]
    # ... and it can itself be renewed in turn; the first one cannot be continued twice.
    assert _renew(client, tokens, first).get_json()["error"] == "already_renewed"
    assert _renew(client, tokens, second["id"]).status_code == 201


def test_a_renewal_starts_from_the_certified_revision_not_a_later_attempt(client, tokens, app, university, clock):
    _app_id, first, _hub = _certified_hub(client, tokens, university)
    clock.set(date(2028, 11, 1))
    attempt = _renew(client, tokens, first, values={**COMPLETE_VALUES, "licences": 0}).get_json()["id"]
    assert client.post(f"/api/v1/applications/{attempt}/submit", headers=tokens["alice"]).status_code == 200
    _decide(client, tokens, attempt, "", decision="reject")
    again = _renew(client, tokens, first)
    assert again.status_code == 201  # a rejected renewal leaves the way open
    assert again.get_json()["values"] == COMPLETE_VALUES  # the certified values, not the rejected attempt's


def test_the_renewal_page_prefills_and_names_the_continuation(client, auth, users, tokens, app, university, clock):
    app_id, first, _hub = _certified_hub(client, tokens, university)
    clock.set(date(2029, 2, 1))
    auth.login(users["alice"])
    token = csrf_token(client, f"/applications/{app_id}")
    response = client.post(f"/applications/{app_id}/renew?lang=ja", data={"csrf_token": token})
    assert response.status_code == 302 and "/edit" in response.headers["Location"]
    renewal_id = int(response.headers["Location"].split("/applications/")[1].split("/")[0])
    page = client.get(f"/applications/{renewal_id}?lang=ja").get_data(as_text=True)
    assert f"認定 #{first} の継続審査です。" in page
    with app.app_context():
        renewal = db.session.get(HubApplication, renewal_id)
        assert renewal.renewal_of_id == first and renewal.current_revision.values == COMPLETE_VALUES


@pytest.mark.parametrize("when", [date(2029, 4, 1), date(2031, 1, 1)])
def test_an_expired_certification_is_not_continued(client, tokens, app, university, clock, when):
    _app_id, first, _hub = _certified_hub(client, tokens, university)
    clock.set(when)
    before = _applications(app)
    refused = _renew(client, tokens, first)
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_renewable"
    assert "2029-03-31" in refused.get_json()["detail"] and "継続" in refused.get_json()["detail"]
    assert _applications(app) == before


def test_an_expired_certification_is_refused_on_the_page_in_japanese(client, auth, users, tokens, app, university,
                                                                     clock):
    app_id, _first, _hub = _certified_hub(client, tokens, university)
    clock.set(date(2029, 6, 1))
    auth.login(users["alice"])
    token = csrf_token(client, f"/applications/{app_id}")
    before = _applications(app)
    response = client.post(f"/applications/{app_id}/renew?lang=ja", data={"csrf_token": token})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "2029-03-31" in html and "継続できません" in html
    assert _applications(app) == before


def test_one_renewal_at_a_time(client, tokens, app, university, clock):
    _app_id, first, _hub = _certified_hub(client, tokens, university)
    under_way = _renew(client, tokens, first).get_json()["id"]
    refused = _renew(client, tokens, first)
    assert refused.status_code == 409 and refused.get_json()["error"] == "renewal_under_way"
    assert f"#{under_way}" in refused.get_json()["detail"]


def test_only_the_holder_or_an_affiliated_colleague_renews(client, tokens, app, university, clock):
    _app_id, first, hub = _certified_hub(client, tokens, university)
    before = _applications(app)
    refused = _renew(client, tokens, first, who="bob")
    assert refused.status_code == 403 and refused.get_json()["error"] == "not_affiliated"
    assert "所属" in refused.get_json()["detail"]
    assert _applications(app) == before
    with app.app_context():  # a coordinator confirms bob's link to the hub
        bob = db.session.scalar(select(ops.User).where(ops.User.email == "bob@example.org"))
        db.session.add(Affiliation(user_id=bob.id, organization_id=hub, status="confirmed", domain_match=True))
        db.session.commit()
    assert _renew(client, tokens, first, who="bob").status_code == 201


def test_a_hub_never_certified_cannot_be_renewed(client, auth, users, tokens, app, make_application):
    submitted = make_application(status="submitted")
    assert _renew(client, tokens, 999999).get_json()["error"] == "not_found"
    auth.login(users["alice"])
    token = csrf_token(client, f"/applications/{submitted}")
    before = _applications(app)
    response = client.post(f"/applications/{submitted}/renew?lang=ja", data={"csrf_token": token})
    assert response.status_code == 409 and f"申請 {submitted}" in response.get_data(as_text=True)
    assert _applications(app) == before
