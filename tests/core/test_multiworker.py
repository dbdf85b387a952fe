"""Nothing per process that breaks with several workers: with shared storage configured,
two app instances (two gunicorn workers) share login rate limits and sessions."""
from __future__ import annotations

import socket
import uuid

import pytest

REDIS = ("127.0.0.1", 6379)


def redis_running() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379 (CI and deployments have one)")
def test_login_rate_limit_is_shared_between_workers(more_apps):
    # A key prefix of its own, so that runs never share counters.
    config = {"RATELIMIT_STORAGE_URI": f"redis://{REDIS[0]}:{REDIS[1]}/0", "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
              "ATLAS_LOGIN_RATE_LIMIT": "3 per minute"}
    workers = [more_apps(**config) for _ in range(2)]
    statuses = []
    for attempt in range(6):
        client = workers[attempt % 2].test_client()
        statuses.append(client.post("/api/v1/auth/token", json={"email": "x@example.org", "password": "wrong-password"})
                        .status_code)
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429, 429]


def test_a_session_from_one_worker_is_valid_on_another(client, more_apps):
    """Sessions are signed cookies: any worker with the same SECRET_KEY reads them."""
    client.get("/?lang=en")
    other = more_apps().test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert '<html lang="en">' in other.get("/organizations").get_data(as_text=True)
