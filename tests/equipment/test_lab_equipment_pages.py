"""Keyset pages of ``GET /api/v1/lab/equipment`` (issue 16), as on ``/api/v1/organizations``."""
from __future__ import annotations

from sqlalchemy import select

from hubs.core.extensions import db
from hubs.equipment.models import Equipment
from tests.certification.test_pagination import refused, walk


def _ids(app, org: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Equipment.id).where(Equipment.organization_id == org)))


def test_a_labs_list_comes_in_pages(app, client, staff, tokens, org_id):
    tohoku = org_id("univ-tohoku")
    ids = sorted(_ids(app, tohoku))
    assert len(ids) >= 2
    whole = client.get("/api/v1/lab/equipment", headers=staff["tohoku"]).get_json()
    assert [m["id"] for m in whole["machines"]] == ids and whole["next"] is None
    assert walk(client, "/api/v1/lab/equipment?limit=1", "machines", staff["tohoku"]) == ids
    refused(client, "/api/v1/lab/equipment", staff["tohoku"])
    # An admin names the organisation: every next link keeps naming it.
    assert walk(client, f"/api/v1/lab/equipment?org={tohoku}&limit=1", "machines", tokens["dave"]) == ids
    chiba = org_id("lab-12-chiba")
    assert walk(client, f"/api/v1/lab/equipment?org={chiba}&limit=1", "machines", tokens["dave"]) == sorted(
        _ids(app, chiba))
