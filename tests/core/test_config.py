"""Configuration: one object reads every environment variable (the README lists them)."""
from __future__ import annotations

from app import create_app


def test_rate_limits_and_sessions_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setenv("ATLAS_TOKEN_LIFETIME_HOURS", "2")
    monkeypatch.setenv("ATLAS_CACHE_BYTES", "1048576")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "ATLAS_SEED_ON_START": False},
                     instance_path=str(tmp_path))
    assert app.config["ATLAS_LOGIN_RATE_LIMIT"] == "3 per minute"
    assert app.config["ATLAS_TOKEN_LIFETIME_HOURS"] == 2.0
    assert app.config["ATLAS_CACHE_BYTES"] == 1048576


def test_the_login_limit_is_enforced_at_the_configured_rate(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_LOGIN_RATE_LIMIT", "2 per minute")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                      "ATLAS_SEED_ON_START": True, "RATELIMIT_ENABLED": True}, instance_path=str(tmp_path))
    client = app.test_client()
    statuses = [client.post("/api/v1/auth/token", json={"email": "x@example.org", "password": "wrong"}).status_code
                for _ in range(3)]
    assert statuses == [401, 401, 429]
