"""The national map's data at scale: aggregated counts add up, bbox filters are exact.

5,000 synthetic organisations (above the aggregation threshold) are added to a copy of the
seeded database; coordinates are EPSG:4326 lon/lat.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hubs.core.extensions import db
from hubs.organizations.models import Organization
from hubs.organizations.synthetic import add_synthetic


@pytest.fixture
def many(app):
    with app.app_context():
        add_synthetic(5_000)
        rows = db.session.execute(select(Organization.id, Organization.lon, Organization.lat, Organization.kind)).all()
    return rows


def test_national_view_is_aggregated_and_counts_add_up_to_the_total(client, many):
    response = client.get("/api/v1/organizations?zoom=5", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["ETag"]
    client.environ_base.pop("HTTP_ACCEPT_ENCODING", None)
    fc = client.get("/api/v1/organizations?zoom=5").get_json()
    assert fc["aggregated"] is True
    assert fc["total"] == len(many)
    assert sum(f["properties"]["count"] for f in fc["features"]) == len(many)
    assert sum(sum(f["properties"]["counts_by_kind"].values()) for f in fc["features"]) == len(many)
    assert len(fc["features"]) < 300  # cells, not 5,000 points


@pytest.mark.parametrize("zoom", [5, 7, 9])
def test_aggregated_counts_in_a_box_match_the_points_in_it(client, many, zoom):
    box = (139.0, 35.0, 140.5, 36.5)
    expected = sum(1 for _, lon, lat, _ in many if box[0] <= lon <= box[2] and box[1] <= lat <= box[3])
    fc = client.get(f"/api/v1/organizations?zoom={zoom}&bbox={','.join(map(str, box))}").get_json()
    assert fc["total"] == expected
    assert sum(f["properties"].get("count", 1) for f in fc["features"]) == expected


def test_zoomed_in_box_returns_exactly_the_points_inside(client, many):
    box = (139.6, 35.6, 139.9, 35.8)
    expected = {i for i, lon, lat, _ in many if box[0] <= lon <= box[2] and box[1] <= lat <= box[3]}
    fc = client.get(f"/api/v1/organizations?zoom=14&bbox={','.join(map(str, box))}").get_json()
    assert fc["aggregated"] is False
    assert {f["id"] for f in fc["features"]} == expected
    # Edges are inclusive: a box that is one organisation's point finds it.
    org_id, lon, lat, _ = many[0]
    ids = {f["id"] for f in client.get(f"/api/v1/organizations?zoom=14&bbox={lon},{lat},{lon},{lat}").get_json()["features"]}
    assert org_id in ids


def test_conditional_request_answers_304(client, many):
    first = client.get("/api/v1/choropleth?measure=total")
    again = client.get("/api/v1/choropleth?measure=total", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_map_page_stays_small_with_many_organisations(client, many):
    assert len(client.get("/").data) < 150_000
    assert len(client.get("/explore").data) < 150_000
