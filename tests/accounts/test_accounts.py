"""Accounts: registration, login, roles, tokens, CSRF, rate limits and cookie flags."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hubs.accounts.models import ApiToken, User
from hubs.core.extensions import db
from tests.conftest import make_app
from tests.fixtures_accounts import PASSWORD, bearer, csrf_token


def _user(app, email):
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_register_page_creates_an_applicant_and_logs_in(client, app):
    token = csrf_token(client, "/account/register")
    response = client.post("/account/register", data={
        "email": "New@Example.org", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    user = _user(app, "new@example.org")
    assert user.role == "applicant"
    assert user.password_hash != PASSWORD and PASSWORD not in user.password_hash
    assert "Log out" in client.get("/applications?lang=en").get_data(as_text=True)


def test_register_without_csrf_token_saves_nothing(client, app):
    response = client.post("/account/register", data={"email": "x@example.org", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 400
    assert _user(app, "x@example.org") is None


def test_register_rejects_duplicate_email_and_short_password(client, users):
    token = csrf_token(client, "/account/register?lang=en")
    taken = client.post("/account/register", data={
        "email": users["alice"], "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert taken.status_code == 400
    assert "already registered" in taken.get_data(as_text=True)
    short = client.post("/account/register", data={"email": "s@example.org", "password": "short", "confirm": "short",
                                                    "csrf_token": token})
    assert short.status_code == 400


def test_login_and_logout(auth, client, users):
    assert auth.login(users["alice"], "wrong password!").status_code == 401
    response = auth.login(users["alice"])
    assert response.status_code == 302
    assert client.get("/applications").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/applications").status_code == 302


def test_logout_needs_a_post_with_csrf(auth, client, users):
    auth.login(users["alice"])
    assert client.get("/account/logout").status_code == 405
    client.post("/account/logout", data={})
    assert client.get("/applications").status_code == 200  # still logged in


def test_login_redirect_stays_inside_the_portal(auth, client, users):
    token = csrf_token(client)
    response = client.post("/account/login?next=//evil.example/x", data={
        "email": users["alice"], "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/applications"


def test_login_is_rate_limited(client, users):
    token = csrf_token(client)
    environ = {"REMOTE_ADDR": "198.51.100.7"}
    codes = [client.post("/account/login", data={"email": users["alice"], "password": "wrong password!",
                                                 "csrf_token": token}, environ_base=environ).status_code
             for _ in range(11)]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429


def test_token_endpoint_is_rate_limited(client, users):
    environ = {"REMOTE_ADDR": "198.51.100.8"}
    codes = [client.post("/api/v1/auth/token", json={"email": users["alice"], "password": "nope nope nope"},
                         environ_base=environ).status_code for _ in range(11)]
    assert codes[-1] == 429 and codes[0] == 401


def test_session_cookie_flags(client, auth, users):
    auth.login(users["alice"])
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_cookies_are_secure_outside_tests(tmp_path):
    app = make_app(tmp_path / "db.sqlite3", tmp_path, TESTING=False)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_api_register_and_token(client, app):
    response = client.post("/api/v1/auth/register", json={"email": "api@example.org", "password": PASSWORD})
    assert response.status_code == 201
    assert response.get_json()["role"] == "applicant"
    headers = bearer(client, "api@example.org")
    assert client.get("/api/v1/applications", headers=headers).status_code == 200
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert headers["Authorization"].split()[1] not in stored  # kept hashed only


def test_api_register_bad_input(client, users):
    assert client.post("/api/v1/auth/register", data="not json").status_code == 400
    response = client.post("/api/v1/auth/register", json={"email": "not-an-email", "password": "x"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"email", "password"}
    assert errors["email"][0]["message"] == errors["email"][0]["message_en"]
    duplicate = client.post("/api/v1/auth/register", json={"email": users["bob"], "password": PASSWORD})
    assert duplicate.status_code == 409  # already registered: a conflict with what exists, not malformed
    assert duplicate.get_json()["errors"]["email"][0]["code"] == "taken"
    assert duplicate.get_json()["errors"]["email"][0]["message"].startswith("このメール")  # Japanese by default


def test_api_register_cannot_choose_a_role(client, app):
    response = client.post("/api/v1/auth/register", json={"email": "sneaky@example.org", "password": PASSWORD,
                                                          "role": "admin"})
    assert response.status_code == 422 and response.get_json()["errors"]["role"][0]["code"] == "extra_forbidden"
    assert _user(app, "sneaky@example.org") is None


def test_wrong_token_and_wrong_password(client, users):
    assert client.post("/api/v1/auth/token", json={"email": users["alice"], "password": "wrong"}).status_code == 401
    assert client.get("/api/v1/applications", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_api_changes_need_a_bearer_token_not_the_session_cookie(auth, client, users):
    auth.login(users["alice"])
    assert client.get("/api/v1/applications").status_code == 200  # reading with the session is fine
    response = client.post("/api/v1/applications", json={"track": "regional", "hub": {"name_ja": "x", "prefecture_code": "13"}})
    assert response.status_code == 401


def test_cli_creates_staff_accounts(runner, app, client):
    result = runner.invoke(args=["users", "create", "--email", "coord@example.org", "--password", PASSWORD,
                                 "--role", "coordinator"])
    assert result.exit_code == 0, result.output
    assert _user(app, "coord@example.org").role == "coordinator"
    bad = runner.invoke(args=["users", "create", "--email", "weak@example.org", "--password", "short"])
    assert bad.exit_code == 1
    assert "password" in bad.output
    assert _user(app, "weak@example.org") is None


def test_admin_creates_a_coordinator(auth, client, app, users):
    auth.login(users["dave"])
    token = auth.csrf("/admin/users")
    response = client.post("/admin/users", data={"email": "reviewer@example.org", "password": PASSWORD,
                                                 "role": "coordinator", "csrf_token": token})
    assert response.status_code == 302
    assert _user(app, "reviewer@example.org").role == "coordinator"


def test_only_admins_see_the_accounts_page(auth, client, users):
    auth.login(users["carol"])
    assert client.get("/admin/users").status_code == 403
    auth.logout()
    auth.login(users["alice"])
    assert client.get("/admin/users").status_code == 403


@pytest.mark.parametrize(("name", "home"), [("alice", "/applications"), ("carol", "/review/dashboard"),
                                            ("dave", "/review/dashboard")])
def test_people_land_on_their_own_start_page(auth, client, users, name, home):
    response = auth.login(users[name])
    assert response.headers["Location"] == home


def test_a_coordinator_following_a_link_lands_on_it(client, users):
    token = csrf_token(client)
    response = client.post("/account/login?next=/explore", data={
        "email": users["carol"], "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/explore"


@pytest.mark.parametrize(("name", "ja", "en"), [
    ("alice", "申請者", "Applicant"), ("carol", "コーディネーター (審査員)", "Coordinator (reviewer)"),
    ("dave", "管理者", "Administrator")])
def test_the_header_says_who_is_signed_in_and_as_what(auth, client, users, name, ja, en):
    auth.login(users[name])
    japanese = client.get("/?lang=ja").get_data(as_text=True)
    assert f"{users[name]}" in japanese and f"（{ja}）" in japanese
    english = client.get("/?lang=en").get_data(as_text=True)
    assert f"Signed in as {users[name]} ({en})" in english


def test_first_admin_as_the_readme_says(runner, app, client, auth):
    """README: on a new install the first admin is made with `flask users create --role admin`,
    logs in, lands on the coordinators' dashboard and creates the coordinators at /admin/users."""
    result = runner.invoke(args=["users", "create", "--email", "first-admin@example.org", "--password", PASSWORD,
                                 "--role", "admin"])
    assert result.exit_code == 0 and "created admin first-admin@example.org" in result.output
    assert auth.login("first-admin@example.org").headers["Location"] == "/review/dashboard"
    assert client.get("/admin/users").status_code == 200
