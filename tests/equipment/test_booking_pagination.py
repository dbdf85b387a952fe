"""Keyset pages of ``GET /api/v1/bookings`` (issue 16), as on ``/api/v1/organizations``."""
from __future__ import annotations

from tests.certification.test_pagination import refused, walk


def test_bookings_come_in_pages(client, tokens, machine):
    made = []
    for day in (15, 16, 17):
        slot = {"start": f"2030-01-{day}T09:00:00+09:00", "end": f"2030-01-{day}T12:00:00+09:00", "purpose": "試験"}
        response = client.post(f"/api/v1/equipment/{machine}/bookings", json=slot, headers=tokens["alice"])
        assert response.status_code == 201, response.get_json()
        made.append(response.get_json()["id"])
    assert walk(client, "/api/v1/bookings?limit=1", "bookings", tokens["alice"]) == sorted(made)
    refused(client, "/api/v1/bookings", tokens["alice"])
