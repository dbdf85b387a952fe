"""Access rules, route by route, for pages and API alike.

Another applicant's application is a 404 on every route (never a 403 that would confirm
it exists); applicants never decide (403); anonymous visitors are sent to log in (pages)
or get 401 (API).
"""
from __future__ import annotations

import pytest

from tests.fixtures_accounts import bearer

#: (method, path, who may pass): "read" = owner and reviewers, "owner" = only the owner,
#: "reviewer" = coordinators and admins.
#: What a permitted request gets for a submitted application and an empty form or body:
#: pinned, so that a 500 (or a silent change of behaviour) can never pass as "allowed".
PASSED = {
    ("GET", "/applications/{id}"): 200, ("GET", "/applications/{id}/score"): 200,
    ("GET", "/applications/{id}/edit"): 302,  # a submitted application is no longer editable: back to its page
    ("POST", "/applications/{id}/edit"): 302, ("POST", "/applications/{id}/upload"): 400,  # no file
    ("POST", "/applications/{id}/submit"): 409, ("POST", "/applications/{id}/renew"): 409,  # wrong state
    ("GET", "/review/{id}"): 200, ("POST", "/review/{id}"): 302,
    ("GET", "/api/v1/applications/{id}"): 200, ("GET", "/api/v1/applications/{id}/score"): 200,
    ("PUT", "/api/v1/applications/{id}"): 409, ("POST", "/api/v1/applications/{id}/submit"): 409,
    ("POST", "/api/v1/applications/{id}/decision"): 422,  # no decision given
    # Evidence: sent to the owner and reviewers; frozen once submitted (409 for any change).
    ("GET", "/applications/{id}/evidence/{eid}"): 200, ("GET", "/api/v1/applications/{id}/evidence/{eid}"): 200,
    ("POST", "/applications/{id}/evidence"): 409, ("POST", "/applications/{id}/evidence/{eid}/delete"): 409,
    ("POST", "/api/v1/applications/{id}/evidence"): 409, ("DELETE", "/api/v1/applications/{id}/evidence/{eid}"): 409,
    ("PUT", "/api/v1/applications/{id}/narratives"): 409,
}
APPLICATION_ROUTES = [
    ("GET", "/applications/{id}", "read"),
    ("GET", "/applications/{id}/score", "read"),
    ("GET", "/applications/{id}/edit", "owner"),
    ("POST", "/applications/{id}/edit", "owner"),
    ("POST", "/applications/{id}/upload", "owner"),
    ("POST", "/applications/{id}/submit", "owner"),
    ("POST", "/applications/{id}/renew", "owner"),
    ("GET", "/review/{id}", "reviewer"),
    ("POST", "/review/{id}", "reviewer"),
    ("GET", "/api/v1/applications/{id}", "read"),
    ("GET", "/api/v1/applications/{id}/score", "read"),
    ("PUT", "/api/v1/applications/{id}", "owner"),
    ("POST", "/api/v1/applications/{id}/submit", "owner"),
    ("POST", "/api/v1/applications/{id}/decision", "reviewer"),
    ("GET", "/applications/{id}/evidence/{eid}", "read"),
    ("POST", "/applications/{id}/evidence", "owner"),
    ("POST", "/applications/{id}/evidence/{eid}/delete", "owner"),
    ("GET", "/api/v1/applications/{id}/evidence/{eid}", "read"),
    ("POST", "/api/v1/applications/{id}/evidence", "owner"),
    ("DELETE", "/api/v1/applications/{id}/evidence/{eid}", "owner"),
    ("PUT", "/api/v1/applications/{id}/narratives", "owner"),
]
IDS = [f"{m} {p}" for m, p, _ in APPLICATION_ROUTES]


@pytest.fixture
def submitted(app, users, make_application):
    """Factory: a submitted application of ``owner`` with one evidence file → (id, evidence id)."""
    from hubs.accounts.operations import find_user
    from hubs.certification import evidence
    from hubs.certification import operations as ops

    def make(owner: str = "alice") -> dict[str, int]:
        app_id = make_application(owner=owner, status="draft")
        with app.app_context():
            user = find_user(users[owner])
            application = ops.get_application(app_id, user)
            added = evidence.add_evidence(application, user, "vision_strategy", "plan.pdf", b"%PDF-1.7\n%%EOF\n")
            ops.submit_application(application, user)
            return {"id": app_id, "eid": added.id}

    return make


def call(client, auth, users, actor: str | None, method: str, path: str):
    """Request ``path`` as ``actor`` (a user name, or None for anonymous) the way that
    actor really would: pages with the session and a CSRF token, the API with a token."""
    api = path.startswith("/api/")
    headers: dict[str, str] = {}
    data = None
    if actor is not None:
        if api:
            headers = bearer(client, users[actor])
        else:
            auth.login(users[actor])
            data = {"csrf_token": auth.csrf()}
    if api:
        return client.open(path, method=method, headers=headers, json={} if method in ("POST", "PUT") else None)
    return client.open(path, method=method, data=data if method == "POST" else None)


@pytest.mark.parametrize(("method", "path", "rule"), APPLICATION_ROUTES, ids=IDS)
def test_other_applicant_gets_404(client, auth, users, submitted, method, path, rule):
    response = call(client, auth, users, "bob", method, path.format(**submitted(owner="alice")))
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "path", "rule"), APPLICATION_ROUTES, ids=IDS)
def test_unknown_application_is_404(client, auth, users, method, path, rule):
    for actor in ("alice", "carol"):
        assert call(client, auth, users, actor, method, path.format(id=987654, eid=987654)).status_code == 404


@pytest.mark.parametrize(("method", "path", "rule"), APPLICATION_ROUTES, ids=IDS)
def test_anonymous_must_log_in(client, auth, users, submitted, method, path, rule):
    response = call(client, auth, users, None, method, path.format(**submitted()))
    if path.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/login")


@pytest.mark.parametrize(("method", "path", "rule"), APPLICATION_ROUTES, ids=IDS)
def test_owner(client, auth, users, submitted, method, path, rule):
    response = call(client, auth, users, "alice", method, path.format(**submitted(owner="alice")))
    if rule == "reviewer":
        assert response.status_code == 403  # applicants cannot decide, not even on their own
    else:
        assert response.status_code == PASSED[(method, path)]


@pytest.mark.parametrize("actor", ["carol", "dave"])
@pytest.mark.parametrize(("method", "path", "rule"), APPLICATION_ROUTES, ids=IDS)
def test_reviewers(client, auth, users, submitted, actor, method, path, rule):
    response = call(client, auth, users, actor, method, path.format(**submitted(owner="alice")))
    if rule == "owner":
        assert response.status_code == 403  # reviewers read applications but never fill them in
    else:
        assert response.status_code == PASSED[(method, path)]


#: Routes without an application: who gets what.
OTHER_ROUTES = [
    # method, path, anonymous, applicant, coordinator, admin
    ("GET", "/applications", 302, 200, 200, 200),
    ("GET", "/applications/new", 302, 200, 200, 200),
    ("GET", "/review", 302, 403, 200, 200),
    ("GET", "/review/dashboard", 302, 403, 200, 200),
    ("GET", "/api/v1/review/dashboard", 401, 403, 200, 200),
    ("GET", "/admin/users", 302, 403, 403, 200),
    ("GET", "/admin/criteria", 302, 403, 403, 200),
    ("GET", "/certified", 200, 200, 200, 200),
    ("GET", "/api/v1/applications", 401, 200, 200, 200),
    ("GET", "/api/v1/criteria", 200, 200, 200, 200),
    ("GET", "/api/v1/certifications", 200, 200, 200, 200),
]


@pytest.mark.parametrize(("method", "path", "anonymous", "applicant", "coordinator", "admin"), OTHER_ROUTES,
                         ids=[f"{r[0]} {r[1]}" for r in OTHER_ROUTES])
def test_other_routes(client, auth, users, method, path, anonymous, applicant, coordinator, admin):
    for actor, expected in ((None, anonymous), ("alice", applicant), ("carol", coordinator), ("dave", admin)):
        if actor is None:
            client.delete_cookie("session")
        assert call(client, auth, users, actor, method, path).status_code == expected, actor


def test_applicant_list_shows_only_own_applications(client, users, make_application):
    mine = make_application(owner="alice")
    theirs = make_application(owner="bob")
    ids = [a["id"] for a in client.get("/api/v1/applications", headers=bearer(client, users["alice"])).get_json()["applications"]]
    assert mine in ids and theirs not in ids


def test_applicant_cannot_see_the_queue_through_the_api(client, users, make_application):
    theirs = make_application(owner="bob", status="submitted")
    body = client.get("/api/v1/applications?status=submitted", headers=bearer(client, users["alice"])).get_json()
    assert theirs not in [a["id"] for a in body["applications"]]
