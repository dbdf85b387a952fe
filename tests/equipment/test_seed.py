"""The shipped equipment data: only cited rows of seeded organisations, the rest listed as gaps."""
from __future__ import annotations

import csv
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hubs.core.extensions import db
from hubs.equipment.seed import EQUIPMENT_DIR, equipment_rows, known_gaps
from tests.conftest import make_app

SEED = Path(__file__).resolve().parents[2] / "seed_data"


def _seed_keys() -> set[str]:
    keys = set()
    for path in (SEED / "organizations").glob("*.csv"):
        with path.open(encoding="utf-8") as fh:
            keys |= {row["key"] for row in csv.DictReader(fh)}
    return keys


def test_known_gaps_lists_exactly_the_rows_the_seed_leaves_out():
    rows, skipped = equipment_rows(_seed_keys())
    assert skipped == known_gaps()
    with (EQUIPMENT_DIR / "equipment.csv").open(encoding="utf-8") as fh:
        assert len(rows) + len(skipped) == sum(1 for _ in csv.DictReader(fh))
    assert all(row["source"].startswith(("https://", "http://")) for row in rows)


def test_coverage_page_and_twin_say_what_is_shipped(client):
    data = client.get("/api/v1/equipment/coverage").get_json()
    rows, _ = equipment_rows(_seed_keys())
    assert data["machines"] == len(rows) and len(data["organizations"]) >= 15
    assert data["with_fee"] == sum(row["rate_jpy"] is not None for row in rows)
    assert {r["prefecture_code"] for r in data["fee_rules"]} >= {"31", "32", "33", "34", "35", "36"}
    html = client.get("/equipment/coverage", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "収録している機関" in html and "調査済みで未収録のもの" in html


def test_flask_seed_on_a_fresh_database_migrates_loads_and_is_idempotent(tmp_path):
    """The Alembic migration creates the tables the models describe; seeding twice changes nothing."""
    app = make_app(tmp_path / "fresh.sqlite3", tmp_path)
    runner, client = app.test_cli_runner(), app.test_client()
    rows, _ = equipment_rows(_seed_keys())
    try:
        for _ in range(2):
            result = runner.invoke(args=["seed"])
            assert result.exit_code == 0, result.output
            assert client.get("/api/v1/equipment/coverage").get_json()["machines"] == len(rows)
        with app.app_context(), db.engine.connect() as connection:
            assert not compare_metadata(MigrationContext.configure(connection), db.metadata)
    finally:
        with app.app_context():
            db.engine.dispose()
