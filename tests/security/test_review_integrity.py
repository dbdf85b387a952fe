"""Review integrity (issue 11, class 5): nobody decides on an application they own; parallel
confirmations of one proposal make one certification, enforced by the database; a submit racing an edit never
freezes an incomplete revision."""
from __future__ import annotations

import threading

from hubs.certification.models import ApplicationRevision, Certification
from hubs.core.extensions import db
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC


def _race(calls) -> list:
    """Run the calls at once (a barrier starts them together); their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_coordinator_cannot_decide_on_their_own_application(client, tokens, app):
    created = client.post("/api/v1/applications", headers=tokens["carol"], json={
        "track": "regional", "values": COMPLETE_VALUES, "hub": {"name_ja": "自作拠点", "prefecture_code": "13"}})
    assert created.status_code == 201, created.get_json()
    app_id = created.get_json()["id"]
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["carol"]).status_code == 200
    body = {"decision": "certify", "tier": "bronze", "rubric_scores": GOOD_RUBRIC, "public_evaluation": "良好"}
    response = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json=body)
    assert response.status_code == 403
    assert response.get_json()["error"] == "own_application"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Certification)
                                 .where(Certification.application_id == app_id)) == 0
    # another coordinator may propose, but carol cannot confirm it
    other = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["dave"], json=body)
    assert other.status_code == 200
    proposal = other.get_json()["decision"]["proposal"]
    mine = client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["carol"],
                       json={"proposal": proposal})
    assert mine.status_code == 403 and mine.get_json()["error"] == "own_application"


def test_parallel_confirmations_make_one_certification(app, client, tokens, make_application, more_apps):
    app_id = make_application(status="submitted")
    app.config["RATELIMIT_ENABLED"] = False
    proposed = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json={
        "decision": "certify", "tier": "bronze", "rubric_scores": GOOD_RUBRIC, "comment": "ok",
        "public_evaluation": "良好"})
    body = {"proposal": proposed.get_json()["decision"]["proposal"]}
    workers = [more_apps().test_client() for _ in range(4)]
    statuses = _race([
        (lambda w=w: w.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["dave"],
                            json=body).status_code)
        for w in workers])
    assert sorted(statuses) == [200, 409, 409, 409], statuses
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Certification)
                                 .where(Certification.application_id == app_id)) == 1


def test_the_database_refuses_a_second_certification_of_one_revision(app, make_application):
    app_id = make_application(status="certified", tier="bronze")
    with app.app_context():
        first = db.session.scalar(db.select(Certification).where(Certification.application_id == app_id))
        twin = Certification(application_id=app_id, revision_id=first.revision_id, track=first.track, tier="gold",
                             percent=first.percent, criteria_version=first.criteria_version,
                             valid_from=first.valid_from, valid_to=first.valid_to)
        db.session.add(twin)
        try:
            db.session.commit()
        except Exception as error:  # IntegrityError on SQLite and PostgreSQL
            db.session.rollback()
            assert "unique" in str(error).lower()
        else:
            raise AssertionError("a second certification of one decision was stored")


def test_a_submit_racing_an_edit_never_freezes_an_incomplete_revision(app, tokens, make_application, more_apps):
    app.config["RATELIMIT_ENABLED"] = False
    for _ in range(5):
        app_id = make_application(status="draft")
        editor, submitter = (more_apps().test_client() for _ in range(2))
        edit, submit = _race([
            lambda e=editor, a=app_id: e.put(f"/api/v1/applications/{a}", headers=tokens["alice"],
                                               json={"values": {}}).status_code,
            lambda s=submitter, a=app_id: s.post(f"/api/v1/applications/{a}/submit",
                                                 headers=tokens["alice"]).status_code,
        ])
        assert edit in (200, 409) and submit in (200, 409, 422), (edit, submit)
        with app.app_context():
            frozen = db.session.scalars(db.select(ApplicationRevision).where(
                ApplicationRevision.application_id == app_id, ApplicationRevision.submitted_at.is_not(None))).all()
            for revision in frozen:
                assert revision.values, "an empty revision was frozen"
