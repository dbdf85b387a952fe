"""Operating the portal: backups that round-trip, schema migrations, restarts."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hubs.core.extensions import db
from hubs.organizations.models import Organization


def names(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(Organization.id, Organization.name_ja)).all())


def test_backup_and_restore_round_trip(app, runner, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        result = runner.invoke(args=["backup", str(tmp_path / "b.sqlite3")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    before = names(app)
    backup = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.execute(Organization.__table__.update().values(name_ja="壊れた名前"))
        db.session.commit()
    assert set(names(app).values()) == {"壊れた名前"}
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert names(app) == before
    again = runner.invoke(args=["backup", str(backup)])
    assert again.exit_code != 0 and "exists" in again.output


def test_restore_refuses_a_damaged_file(app, runner, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite backups only")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = names(app)
    result = runner.invoke(args=["restore", str(bad), "--yes"])
    assert result.exit_code != 0
    assert names(app) == before


def test_a_saved_record_survives_a_restart(app, more_apps):
    """What one process committed, a new process (after a crash or restart) reads back."""
    with app.app_context():
        org = db.session.get(Organization, 1)
        org.name_en = "Renamed before restart"
        db.session.commit()
        db.engine.dispose()
    restarted = more_apps()
    with restarted.app_context():
        assert db.session.get(Organization, 1).name_en == "Renamed before restart"


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    """`flask db upgrade` on an empty database gives exactly the models' schema."""
    from tests.conftest import make_app

    fresh = make_app(tmp_path / "fresh.sqlite3", tmp_path)
    runner = fresh.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    with fresh.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 0
        db.engine.dispose()


def test_a_saved_draft_survives_a_server_restart(app, client, tokens, more_apps):
    """The server dies right after saving a draft: the restarted server has every value."""
    from tests.fixtures_accounts import COMPLETE_VALUES

    created = client.post("/api/v1/applications", headers=tokens["alice"], json={
        "track": "regional", "values": COMPLETE_VALUES,
        "hub": {"name_ja": "再起動テスト拠点", "prefecture_code": "13"}})
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["id"]
    with app.app_context():
        db.engine.dispose()  # the old process is gone; nothing of it is reused
    restarted = more_apps().test_client()
    again = restarted.get(f"/api/v1/applications/{application_id}", headers=tokens["alice"])
    assert again.status_code == 200
    body = again.get_json()
    assert body["status"] == "draft"
    assert {k: float(v) for k, v in body["values"].items() if v is not None} == {
        k: float(v) for k, v in COMPLETE_VALUES.items() if v is not None}


def test_every_foreign_key_is_indexed(tmp_path):
    """Deleting a row looks up the rows that point at it: each foreign key column leads an index
    (or a unique or primary key), else a bulk delete scans a table per deleted row (issue 16)."""
    from sqlalchemy import inspect

    from tests.conftest import make_app

    fresh = make_app(tmp_path / "fresh.sqlite3", tmp_path)
    result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        inspector = inspect(db.engine)
        missing = []
        for table in inspector.get_table_names():
            leading = {index["column_names"][0] for index in inspector.get_indexes(table)}
            leading |= {unique["column_names"][0] for unique in inspector.get_unique_constraints(table)}
            leading |= set(inspector.get_pk_constraint(table)["constrained_columns"][:1])
            missing += [f"{table}.{fk['constrained_columns'][0]}" for fk in inspector.get_foreign_keys(table)
                        if fk["constrained_columns"][0] not in leading]
        indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes("organization")}
        db.engine.dispose()
    assert missing == []
    assert indexes["ix_organization_lon_lat_kind"] == ["lon", "lat", "kind"]
