"""Smaller holes (issue 11, class 8): login timing, ``next=``, weak passwords, embed mode,
malformed parameters and bodies, staff emails in applicants' history, ``no-store``, file
modes of the instance folder, and the audit log of admin actions."""
from __future__ import annotations

import io
import stat
import statistics
import time

import pytest

from hubs.certification.models import AuditLog
from hubs.core.extensions import db
from tests.fixtures_accounts import PASSWORD


def _login_time(client, email: str) -> float:
    start = time.perf_counter()
    response = client.post("/api/v1/auth/token", json={"email": email, "password": "not the password at all"})
    assert response.status_code == 401
    return time.perf_counter() - start


def test_login_takes_as_long_for_an_unknown_email(app, client, users):
    from hubs.accounts.operations import find_user

    with app.app_context():  # a real (scrypt) hash, as create_user makes it
        user = find_user(users["alice"])
        user.set_password(PASSWORD)
        db.session.commit()
    app.config["RATELIMIT_ENABLED"] = False
    known = statistics.median(_login_time(client, users["alice"]) for _ in range(5))
    unknown = statistics.median(_login_time(client, "nobody@example.org") for _ in range(5))
    assert unknown > known * 0.5, (known, unknown)


@pytest.mark.parametrize("target", [
    "/%09/evil.example/", "/%0a/evil.example/", "/\t/evil.example/", "//evil.example/", "/\\evil.example/",
    "/%5cevil.example/", "https://evil.example/", "/%2F/evil.example", "/\r\nSet-Cookie:x=1", "javascript:alert(1)",
    " /x", "/%E3%80%80/evil.example",
])
def test_next_goes_only_to_paths_on_this_site(client, auth, users, target):
    from tests.fixtures_accounts import csrf_token

    token = csrf_token(client, "/account/login")
    response = client.post("/account/login", query_string={"next": target},
                           data={"email": users["alice"], "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/applications", target


def test_next_to_a_page_of_the_portal_is_kept(client, users):
    from tests.fixtures_accounts import csrf_token

    token = csrf_token(client, "/account/login")
    response = client.post("/account/login?next=/review%3Fstatus%3Dsubmitted",
                           data={"email": users["alice"], "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/review?status=submitted"


@pytest.mark.parametrize("password", ["1234567890", " " * 12, "password123", "qwertyuiop", "aaaaaaaaaaaa",
                                      "new@example.org1"])
def test_common_and_blank_passwords_are_refused(client, password):
    response = client.post("/api/v1/auth/register", json={"email": "new@example.org", "password": password})
    assert response.status_code == 422, password
    assert "password" in response.get_json()["errors"]


def test_a_strong_password_is_accepted(client):
    response = client.post("/api/v1/auth/register", json={"email": "new@example.org", "password": PASSWORD})
    assert response.status_code == 201


def test_weak_password_message_in_japanese(client):
    response = client.post("/api/v1/auth/register?lang=ja", json={"email": "n@example.org", "password": "1234567890"},
                           headers={"Accept-Language": "ja"})
    assert "推測" in response.get_json()["errors"]["password"][0]["message_ja"]


@pytest.mark.parametrize("path", ["/?embed=1", "/org/1?embed=1", "/explore?embed=1", "/paths?embed=1"])
def test_public_map_pages_may_be_embedded(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/admin/import?embed=1", "/review?embed=1", "/admin/users?embed=1",
                                  "/account/login?embed=1", "/applications?embed=1", "/organizations?embed=1"])
def test_other_pages_are_never_framed(client, auth, users, path):
    auth.login(users["dave"])
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", [
    "/api/v1/organizations?zoom=%C2%B2", "/api/v1/organizations?zoom=100000000000000000000000",
    "/api/v1/paths?from=%C2%B2&to=1", "/api/v1/paths?from=100000000000000000000000&to=1",
    "/api/v1/partners?org=%C2%B2", "/api/v1/partners?org=%D9%A3", "/api/v1/clusters?radius_km=%C2%B2",
    "/api/v1/organizations?bbox=1,2,3,%C2%B2",
])
def test_odd_digits_and_huge_integers_in_parameters_answer_400(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("url", ["/paths?from=%C2%B2&to=1", "/partners?org=%C2%B2",
                                 "/partners?org=100000000000000000000000"])
def test_pages_read_odd_digits_as_search_text_without_failing(client, url):
    assert client.get(url).status_code < 500


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/register"])
def test_deeply_nested_json_answers_400(client, path):
    body = '{"email":' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400


def test_applicants_see_roles_not_staff_emails_in_their_history(client, auth, users, make_application):
    app_id = make_application(status="returned")
    auth.login(users["alice"])
    html = client.get(f"/applications/{app_id}?lang=en").get_data(as_text=True)
    assert users["carol"] not in html
    assert "Coordinator" in html
    auth.logout()
    auth.login(users["carol"])
    assert users["carol"] in client.get(f"/applications/{app_id}?lang=en").get_data(as_text=True)


def test_authenticated_answers_are_not_stored(client, auth, users, tokens):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert client.get("/api/v1/applications", headers=tokens["alice"]).headers["Cache-Control"] == "no-store"
    auth.login(users["alice"])
    for path in ("/applications", "/", "/api/v1/organizations?kind=hub"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_instance_folder_and_files_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from app import create_app

    instance = tmp_path / "instance"
    app = create_app({"TESTING": True, "ATLAS_SEED_ON_START": False}, instance_path=str(instance))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    for name in ("atlas.sqlite3", "secret_key"):
        assert stat.S_IMODE((instance / name).stat().st_mode) == 0o600, name


def _actions(app) -> list[str]:
    with app.app_context():
        return [a.action for a in db.session.scalars(db.select(AuditLog).order_by(AuditLog.id))]


def test_admin_actions_are_audited(app, client, auth, users, runner, tmp_path):
    auth.login(users["dave"])
    token = auth.csrf("/admin/users")
    client.post("/admin/users", data={"csrf_token": token, "email": "new-staff@example.org",
                                      "password": PASSWORD, "role": "coordinator"})
    token = auth.csrf("/admin/import")
    data = "key,kind,name_ja,prefecture_code,lat,lon,location_precision,source,fields\n" \
           "aud-1,public_lab,監査試験場,13,35.68,139.76,city,test,materials\n"
    client.post("/admin/import", data={"csrf_token": token, "dry_run": "",
                                       "file": (io.BytesIO(data.encode()), "orgs.csv")},
                content_type="multipart/form-data")
    path = tmp_path / "orgs.csv"
    path.write_text(data.replace("aud-1", "aud-2"))
    assert runner.invoke(args=["import", "organizations", str(path)]).exit_code == 0
    from hubs.collaboration.backbone import SEED_LINKS, SEED_NODES

    assert runner.invoke(args=["sinet", "import", str(SEED_NODES), str(SEED_LINKS)]).exit_code == 0
    actions = _actions(app)
    assert "staff_created" in actions
    assert actions.count("organizations_imported") == 2
    assert "backbone_imported" in actions
