"""Synthetic load-test data (issue 16): `flask seed --synthetic N` writes N flagged rows in bulk,
`flask seed --drop-synthetic` removes them with set-based deletes, and neither touches real
records beyond what their foreign keys say (a real child of a removed parent loses the link)."""
from __future__ import annotations

import shapely

from hubs.core.extensions import db
from hubs.organizations.models import Organization, OrganizationField
from hubs.organizations.vocabulary import FIELDS

N = 3000


def stamped(runner):
    """The fixture's database is built from the models; tell Alembic it is at head, as
    `flask seed` first brings the schema up to date."""
    assert runner.invoke(args=["db", "stamp", "head"]).exit_code == 0
    return runner


def everything(client) -> list[dict]:
    found, url = [], "/api/v1/organizations?limit=10000"
    while url:
        body = client.get(url).get_json()
        found += body["features"]
        url = body["next"]
    return found


def test_seed_adds_flagged_rows_inside_their_prefectures_and_drop_removes_only_them(app, client, runner):
    real = everything(client)
    stamped(runner)
    result = runner.invoke(args=["seed", "--synthetic", str(N)])
    assert result.exit_code == 0, result.output
    assert f"synthetic organisations added: {N}" in result.output
    after = everything(client)
    added = [f for f in after if f["properties"]["synthetic"]]
    assert len(after) == len(real) + N and len(added) == N
    assert min(f["id"] for f in added) > max(f["id"] for f in real)
    boundaries = {f["properties"]["code"]: shapely.geometry.shape(f["geometry"]).buffer(1e-4)
                  for f in client.get("/api/v1/prefectures").get_json()["features"]}
    for feature in added:
        properties = feature["properties"]
        assert "テスト用" in properties["name_ja"] and "(test)" in properties["name_en"]
        assert 1 <= len(properties["fields"]) == len(set(properties["fields"])) <= 3
        assert set(properties["fields"]) <= set(FIELDS)
        assert boundaries[properties["prefecture_code"]].contains(shapely.Point(feature["geometry"]["coordinates"]))
    kinds = {f["properties"]["kind"] for f in added}
    assert {"public_lab", "university", "hub"} <= kinds

    child = real[0]["id"]
    with app.app_context():  # a real organisation placed under a synthetic one
        db.session.get(Organization, child).parent_id = added[0]["id"]
        db.session.commit()
    dropped = runner.invoke(args=["seed", "--drop-synthetic"])
    assert dropped.exit_code == 0, dropped.output
    assert f"synthetic organisations removed: {N}" in dropped.output
    remaining = everything(client)
    assert [f["id"] for f in remaining] == [f["id"] for f in real]
    assert client.get(f"/api/v1/organizations/{child}").get_json()["properties"]["parent_id"] is None
    with app.app_context():
        orphans = db.session.scalar(db.select(db.func.count()).select_from(OrganizationField).where(
            OrganizationField.organization_id.not_in(db.select(Organization.id))))
    assert orphans == 0


def test_seeding_twice_continues_the_ids(app, runner, client):
    stamped(runner)
    real = client.get("/api/v1/organizations?synthetic=exclude&limit=1").get_json()["total"]
    for _ in range(2):
        assert runner.invoke(args=["seed", "--synthetic", "500"]).exit_code == 0
    ids = [f["id"] for f in everything(client) if f["properties"]["synthetic"]]
    assert len(ids) == len(set(ids)) == 1000
    assert client.get("/api/v1/organizations?synthetic=exclude&limit=1").get_json()["total"] == real
