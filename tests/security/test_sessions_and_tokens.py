"""Sessions and tokens (issue 11, class 4): log-out ends the session on the server, a
password change ends the other sessions and every token, tokens expire, can be listed and
revoked and do not pile up, admins deactivate accounts and issue one-time reset links."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hubs.accounts.models import ApiToken, User
from hubs.core.extensions import db
from tests.fixtures_accounts import PASSWORD, AuthActions, bearer

NEW_PASSWORD = "violet marmot under quiet rain"


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_saved_before_logout_no_longer_works(app, client, auth, users):
    auth.login(users["alice"])
    saved = _cookie(client)
    assert client.get("/applications").status_code == 200
    auth.logout()
    other = app.test_client()
    other.set_cookie("session", saved)
    response = other.get("/applications")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_password_change_ends_other_sessions_and_tokens_but_not_this_one(app, client, auth, users):
    other = app.test_client()
    AuthActions(other).login(users["alice"])
    headers = bearer(client, users["alice"])
    auth.login(users["alice"])
    token = auth.csrf("/account/password")
    response = client.post("/account/password", data={
        "csrf_token": token, "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    assert client.get("/applications").status_code == 200  # this session goes on
    assert other.get("/applications").status_code == 302  # the other one is over
    assert client.get("/api/v1/applications", headers=headers).status_code == 401
    assert client.post("/api/v1/auth/token", json={"email": users["alice"], "password": NEW_PASSWORD}).status_code == 200


def test_password_change_needs_the_current_password_and_a_strong_new_one(client, auth, users):
    auth.login(users["alice"])
    for current, new, field in ((" wrong one ", NEW_PASSWORD, "current_password"), (PASSWORD, "1234567890", "password")):
        token = auth.csrf("/account/password")
        response = client.post("/account/password?lang=en", data={
            "csrf_token": token, "current_password": current, "password": new, "confirm": new})
        assert response.status_code == 422, field


def test_tokens_expire(app, client, users):
    headers = bearer(client, users["alice"])
    assert client.get("/api/v1/applications", headers=headers).status_code == 200
    with app.app_context():
        for row in db.session.scalars(db.select(ApiToken)):
            row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/applications", headers=headers).status_code == 401


def test_token_lifetime_is_configurable(app, client, users):
    app.config["ATLAS_TOKEN_LIFETIME_HOURS"] = 2
    headers = bearer(client, users["alice"])
    listed = client.get("/api/v1/auth/tokens", headers=headers).get_json()["tokens"]
    expires = datetime.fromisoformat(listed[0]["expires_at"])
    expires = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    assert timedelta(hours=1.9) < expires - datetime.now(UTC) < timedelta(hours=2.1)


def test_tokens_are_listed_and_revoked_over_the_api(client, users):
    first = bearer(client, users["alice"])
    second = bearer(client, users["alice"])
    listed = client.get("/api/v1/auth/tokens", headers=first).get_json()["tokens"]
    assert len(listed) == 2 and "token" not in listed[0]
    # Pages come in ascending id order: the first token made is listed first.
    assert client.delete(f"/api/v1/auth/tokens/{listed[0]['id']}", headers=second).status_code == 204
    assert client.get("/api/v1/applications", headers=first).status_code == 401
    assert client.get("/api/v1/applications", headers=second).status_code == 200
    others = bearer(client, users["bob"])
    mine = client.get("/api/v1/auth/tokens", headers=second).get_json()["tokens"][0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{mine}", headers=others).status_code == 404


def test_tokens_are_listed_and_revoked_on_a_page(client, auth, users):
    headers = bearer(client, users["alice"])
    auth.login(users["alice"])
    html = client.get("/account/tokens").get_data(as_text=True)
    token_id = re.search(r"/account/tokens/(\d+)/revoke", html).group(1)
    response = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": auth.csrf("/account/tokens")})
    assert response.status_code == 302
    assert client.get("/api/v1/applications", headers=headers).status_code == 401


def test_tokens_do_not_pile_up(app, client, users):
    app.config["RATELIMIT_ENABLED"] = False
    app.config["ATLAS_MAX_TOKENS"] = 3
    for _ in range(8):
        bearer(client, users["alice"])
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 3


def test_admin_deactivates_an_account(app, client, users):
    alice = app.test_client()
    AuthActions(alice).login(users["alice"])
    headers = bearer(alice, users["alice"])
    admin = AuthActions(client)
    admin.login(users["dave"])
    with app.app_context():
        alice_id = db.session.scalar(db.select(User.id).where(User.email == users["alice"]))
    response = client.post(f"/admin/users/{alice_id}/active",
                           data={"csrf_token": admin.csrf("/admin/users"), "active": "0"})
    assert response.status_code == 302
    assert alice.get("/applications").status_code == 302
    assert alice.get("/api/v1/applications", headers=headers).status_code == 401
    assert alice.post("/api/v1/auth/token", json={"email": users["alice"], "password": PASSWORD}).status_code == 401
    with app.app_context():
        assert db.session.get(User, alice_id).active is False


def _admin_resets_alice(app, client, users):
    """The admin asks for a password reset link for Alice: the admin page's answer."""
    admin = AuthActions(client)
    admin.login(users["dave"])
    with app.app_context():
        alice_id = db.session.scalar(db.select(User.id).where(User.email == users["alice"]))
    return client.post(f"/admin/users/{alice_id}/reset", data={"csrf_token": admin.csrf("/admin/users")})


def test_admin_reset_link_is_shown_without_smtp_and_works_once(app, client, users):
    shown = _admin_resets_alice(app, client, users)
    assert shown.status_code == 200
    link = re.search(r"http://localhost(/account/reset/[\w-]+)", shown.get_data(as_text=True)).group(1)
    person = app.test_client()
    form = person.get(link)
    assert form.status_code == 200
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    done = person.post(link, data={"csrf_token": csrf, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert person.get(link).status_code == 404  # one time only
    assert client.post("/api/v1/auth/token", json={"email": users["alice"], "password": NEW_PASSWORD}).status_code == 200


def test_reset_link_is_mailed_when_smtp_is_configured(app, client, users, smtp_server):
    app.config["ATLAS_SMTP_URL"] = "smtp://mail.invalid:2525"
    response = _admin_resets_alice(app, client, users)
    assert response.status_code == 302
    assert smtp_server.connections == [("mail.invalid", 2525)]
    [mail] = smtp_server.messages
    assert "/account/reset/" in mail.get_content() and mail["To"] == users["alice"]
    assert "/account/reset/" not in client.get("/admin/users").get_data(as_text=True)
