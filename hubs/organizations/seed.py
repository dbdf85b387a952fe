"""Loading the shipped reference data: prefectures, their boundaries and organisations.

``flask seed`` and the first start of the portal call :func:`seed_database`. It is
idempotent: seeded records are matched by their ``key`` and updated in place, and the
whole load is one transaction, so a bad row leaves the database as it was.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from hubs.core.config import SEED_DIR
from hubs.core.extensions import db
from hubs.core.registry import hooks
from hubs.organizations.models import Organization, Prefecture
from hubs.organizations.records import validate_row



class SeedError(ValueError):
    """The seed data are inconsistent; the message lists every bad row."""


@dataclass
class SeedReport:
    prefectures: int = 0
    created: int = 0
    updated: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _seed_prefectures(seed_dir: Path) -> int:
    boundaries = {
        feature["properties"]["code"]: json.dumps(feature["geometry"], separators=(",", ":"))
        for feature in json.loads((seed_dir / "prefectures.geojson").read_text(encoding="utf-8"))["features"]
    }
    rows = _read_csv(seed_dir / "prefectures.csv")
    for row in rows:
        prefecture = db.session.get(Prefecture, row["code"]) or Prefecture(code=row["code"])
        prefecture.name_ja = row["name_ja"]
        prefecture.name_en = row["name_en"]
        prefecture.region = row["region"]
        prefecture.population_2020 = int(row["population_2020"]) if row.get("population_2020") else None
        prefecture.capital_ja = row.get("capital_ja") or None
        prefecture.capital_lat = float(row["capital_lat"]) if row.get("capital_lat") else None
        prefecture.capital_lon = float(row["capital_lon"]) if row.get("capital_lon") else None
        prefecture.boundary_geojson = boundaries.get(row["code"])
        db.session.add(prefecture)
    return len(rows)


def _organization_rows(seed_dir: Path) -> list[tuple[str, dict]]:
    rows, problems = [], []
    for path in sorted((seed_dir / "organizations").glob("*.csv")):
        for line, raw in enumerate(_read_csv(path), start=2):
            result = validate_row(raw)
            where = f"{path.name}:{line}"
            if not result.values.get("key"):
                problems.append(f"{where}: key: is required for seed rows")
            # Every shipped row cites a page that lists it, and says when that was checked.
            if not result.values.get("source", "").startswith(("https://", "http://")):
                problems.append(f"{where}: source: must start with the URL of a page that lists the organisation")
            if not raw.get("checked_on"):
                problems.append(f"{where}: checked_on: is required for seed rows")
            problems.extend(f"{where}: {e.field}: {e.text('en')}" for e in result.errors)
            rows.append((where, result.values))
    keys = [values["key"] for _, values in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        problems.append(f"duplicate keys: {', '.join(duplicates)}")
    known = set(keys)
    problems.extend(
        f"{where}: parent_key: unknown key {values['parent_key']!r}"
        for where, values in rows
        if values["parent_key"] and values["parent_key"] not in known
    )
    if problems:
        raise SeedError("seed data rejected:\n" + "\n".join(problems))
    return rows


def seed_database(seed_dir: Path = SEED_DIR) -> SeedReport:
    """Load (or refresh) the reference data in one transaction.

    Raises
    ------
    SeedError
        If any row is invalid; nothing is written then.
    """
    report = SeedReport()
    rows = _organization_rows(seed_dir)
    try:
        report.prefectures = _seed_prefectures(seed_dir)
        existing = {o.key: o for o in db.session.scalars(select(Organization).where(Organization.key.is_not(None)))}
        for _, values in rows:
            org = existing.get(values["key"])
            if org is None:
                org = Organization(key=values["key"])
                existing[org.key] = org
                report.created += 1
            else:
                report.updated += 1
            for name, value in values.items():
                if name not in ("key", "parent_key"):
                    setattr(org, name, value)
            db.session.add(org)
            report.by_kind[values["kind"]] = report.by_kind.get(values["kind"], 0) + 1
        db.session.flush()
        for _, values in rows:
            parent = existing.get(values["parent_key"]) if values["parent_key"] else None
            existing[values["key"]].parent_id = parent.id if parent else None
        for step in hooks("seed.steps"):  # features' reference data (the SINET model), same transaction
            step()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def seed_on_first_start(app: Flask) -> None:
    """Bring the schema up to date (Alembic) and load the seed data into an empty database."""
    if not app.config.get("ATLAS_SEED_ON_START"):
        return
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count()).select_from(Prefecture)) == 0:
            seed_database()
        for step in hooks("seed.first_start", app):  # features' own first-start data
            step()
        # Under gunicorn's preload the master must not hand open connections to workers.
        db.engine.dispose()
