"""Keyset pages of ``GET /api/v1/auth/tokens`` (issue 16), as on ``/api/v1/organizations``."""
from __future__ import annotations

from tests.certification.test_pagination import refused, walk
from tests.fixtures_accounts import bearer


def test_tokens_come_in_pages(client, users):
    headers = [bearer(client, users["alice"]) for _ in range(3)]
    ids = sorted(t["id"] for t in client.get("/api/v1/auth/tokens", headers=headers[0]).get_json()["tokens"])
    assert len(ids) >= 3
    assert walk(client, "/api/v1/auth/tokens?limit=1", "tokens", headers[0]) == ids
    refused(client, "/api/v1/auth/tokens", headers[0])
