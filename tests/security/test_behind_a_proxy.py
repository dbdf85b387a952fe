"""Behind a proxy (issue 11, class 7): with ``ATLAS_PROXY_HOPS`` the client address comes from
the trusted proxy's ``X-Forwarded-For``, so one client's bad logins do not lock out everyone
behind the same nginx; without it the header is ignored and cannot be used to dodge limits."""
from __future__ import annotations

from tests.conftest import make_app


def _bad_logins(client, address: str, count: int) -> list[int]:
    return [client.post("/api/v1/auth/token", json={"email": "x@example.org", "password": "wrong password!"},
                        headers={"X-Forwarded-For": address}, environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code
            for _ in range(count)]


def test_limits_count_per_client_behind_one_proxy(app, tmp_path):
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_PROXY_HOPS=1,
                       ATLAS_LOGIN_RATE_LIMIT="3 per minute")
    client = proxied.test_client()
    assert _bad_logins(client, "203.0.113.7", 4) == [401, 401, 401, 429]
    assert _bad_logins(client, "198.51.100.9", 1) == [401]  # another person behind the same nginx


def test_only_the_configured_number_of_hops_is_trusted(app, tmp_path):
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_PROXY_HOPS=1,
                       ATLAS_LOGIN_RATE_LIMIT="3 per minute")
    client = proxied.test_client()
    # The client forges a first address; nginx appends the real one, which is what counts.
    codes = [_bad_logins(client, f"192.0.2.{n}, 203.0.113.7", 1)[0] for n in range(4)]
    assert codes == [401, 401, 401, 429]


def test_without_hops_forwarded_headers_are_ignored(app, tmp_path):
    direct = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_LOGIN_RATE_LIMIT="3 per minute")
    client = direct.test_client()
    codes = [_bad_logins(client, f"192.0.2.{n}", 1)[0] for n in range(4)]
    assert codes == [401, 401, 401, 429]


def test_the_scheme_comes_from_the_proxy(app, tmp_path):
    proxied = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_PROXY_HOPS=1)
    response = proxied.test_client().get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    assert "Strict-Transport-Security" in response.headers
