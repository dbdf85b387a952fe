"""Box reads on PostgreSQL through the PostGIS GiST index where the server offers PostGIS, and
the same answers through the B-tree (``ATLAS_POSTGIS=off``); SQLite always uses the B-tree."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from hubs.core import cache
from hubs.core.extensions import db
from hubs.organizations.models import Organization
from hubs.organizations.queries import OrganizationQuery
from hubs.organizations.spatial import GIST_INDEX, postgis_available, uses_gist

#: Boxes of several sizes, and one whose edges pass exactly through a record's point.
BOXES = ["139.5,35.5,140.0,35.9", "135.3,34.5,135.8,34.9", "122,20,154,46", "140.1,36.0,140.2,36.1"]


def _ids(client, bbox: str) -> list[int]:
    answer = client.get(f"/api/v1/organizations?bbox={bbox}&limit=5000").get_json()
    return sorted(f["id"] for f in answer["features"])


def test_box_reads_use_the_gist_index_where_postgis_is_offered(app):
    with app.app_context():
        connection = db.session.connection()
        if not postgis_available(connection):
            assert not uses_gist(connection)  # SQLite, or PostgreSQL without the package
            pytest.skip(f"{connection.dialect.name} without PostGIS: the B-tree serves box reads")
        assert uses_gist(connection)
        statement = OrganizationQuery(bbox=(135.3, 34.5, 135.8, 34.9)).statement().with_only_columns(Organization.id)
        sql = str(statement.compile(connection, compile_kwargs={"literal_binds": True}))
        # The table is small, so the planner is told not to scan it: the point is that the index serves the box.
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in connection.execute(text("EXPLAIN " + sql)))
        assert GIST_INDEX in plan, plan


def test_the_gist_index_and_the_b_tree_give_the_same_answers(app):
    with app.app_context():
        org = db.session.get(Organization, 1)
        lon, lat = org.lon, org.lat
    boxes = [*BOXES, f"{lon},{lat},{lon + 0.1},{lat + 0.1}", f"{lon - 0.1},{lat - 0.1},{lon},{lat}"]
    client = app.test_client()
    with_index = {box: _ids(client, box) for box in boxes}
    app.config["ATLAS_POSTGIS"] = "off"
    cache.clear()  # the answers are kept per data version, which a setting does not move
    with app.app_context():
        assert not uses_gist(db.session.connection())
    without = {box: _ids(client, box) for box in boxes}
    assert with_index == without
    assert all(with_index.values())
    # A point on a box's edge belongs to the box (both edges are inclusive).
    assert 1 in with_index[boxes[-1]] and 1 in with_index[boxes[-2]]
