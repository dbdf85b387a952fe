"""Benchmark of the equipment search (issue 15, item 8); a script, not a test.

Run from the repository root (not collected by pytest: the name does not start with test_)::

    nice .venv/bin/python tests/bench/bench_equipment.py [--machines 100000] [--queries 200] [--postgres URL]

For SQLite (always) and PostgreSQL (``--postgres`` or ``ATLAS_BENCH_POSTGRES_URL``, an admin URL
that may create databases) a fresh worker process builds an empty database from the models,
loads the shipped seed, adds synthetic organisations and ``--machines`` synthetic machines at
them (bulk, :mod:`hubs.equipment.synthetic`), and measures in one run:

* **index build**: the first search after the data changed reads every machine into the
  search's in-memory index (:mod:`hubs.equipment.index`); reported apart, then
* **search**: the portal's search service (:func:`hubs.equipment.operations.search_equipment`,
  what ``/equipment`` and ``GET /api/v1/equipment`` call) over ``--queries`` queries drawn from
  four families: a keyword with its synonyms (電子顕微鏡 → SEM and TEM) alone; a keyword within a
  prefecture; a category in a prefecture under a fee ceiling for a requester from another
  prefecture; a keyword and a category nationwide under a fee ceiling. Each answers with its
  first page (``limit`` 50) and the total count, as the page shows it. p50 and p95.
* **API**: the same queries through ``GET /api/v1/equipment`` (Flask test client, server time, JSON).
* **LIKE scan** (the baseline): ``SELECT id FROM equipment WHERE name_ja LIKE '%kw%' OR name_en
  LIKE '%kw%'`` for each query's keyword (its category's label where it has none), all rows
  fetched: what a plain SQL search over the name columns costs in the same database.

Then the synthetic machines and organisations are dropped. Target (issue 15): search p95 under
50 ms at 100,000 machines.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_scale import _app, in_worker  # noqa: E402

#: Synthetic organisations the machines are spread over (about the real network's size, times ten).
ORGANISATIONS = 10_000
PAGE = 50


def queries(count: int, seed: int = 15) -> list[dict]:
    """``count`` search parameter sets, the four families in turn (reproducible)."""
    from hubs.core.config import SEED_DIR
    from hubs.equipment.vocabulary import CATEGORIES

    with (SEED_DIR / "equipment" / "synonyms.csv").open(encoding="utf-8") as fh:
        terms = sorted({row["term_ja"] for row in csv.DictReader(fh)})
    rng = random.Random(seed)
    categories = [c for c in CATEGORIES if c != "other"]
    prefectures = [f"{n:02d}" for n in range(1, 48)]
    made = []
    for n in range(count):
        family = n % 4
        if family == 0:
            made.append({"q": rng.choice(terms)})
        elif family == 1:
            made.append({"q": rng.choice(terms), "prefecture": rng.choice(prefectures)})
        elif family == 2:
            made.append({"category": rng.choice(categories), "prefecture": rng.choice(prefectures),
                         "requester_prefecture": rng.choice(prefectures), "max_fee": rng.choice((3000, 8000, 20000))})
        else:
            made.append({"q": rng.choice(terms), "category": rng.choice(categories),
                         "requester_prefecture": rng.choice(prefectures), "max_fee": rng.choice((3000, 8000, 20000))})
    return made


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure(database: str, machines: int, count: int, out) -> None:
    """One database in a worker process of its own; puts a dict of figures on ``out``."""
    from sqlalchemy import text

    from hubs.core.extensions import db
    from hubs.equipment.operations import search_equipment
    from hubs.equipment.schemas import EquipmentQuery
    from hubs.equipment.synthetic import add_synthetic_equipment, drop_synthetic_equipment
    from hubs.equipment.vocabulary import CATEGORIES
    from hubs.organizations.seed import seed_database
    from hubs.organizations.synthetic import add_synthetic, drop_synthetic

    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = _app(database or f"sqlite:///{folder / 'atlas.sqlite3'}", folder)
        params = queries(count)
        with app.app_context():
            db.create_all()
            seed_database()
            add_synthetic(ORGANISATIONS)
            started = time.perf_counter()
            figures["added"] = add_synthetic_equipment(machines)
            figures["seed"] = time.perf_counter() - started
        with app.test_request_context("/api/v1/equipment"):
            # The first search reads every machine into the in-memory index (once per data version).
            started = time.perf_counter()
            search_equipment(EquipmentQuery.model_validate({"synthetic": "include", "limit": PAGE}))
            figures["build"] = time.perf_counter() - started
            search, found = [], []
            for args in params:
                query = EquipmentQuery.model_validate({**args, "synthetic": "include", "limit": PAGE})
                started = time.perf_counter()
                answer = search_equipment(query)
                search.append(time.perf_counter() - started)
                found.append(answer["count"])
            figures["search"] = _percentiles(search)
            figures["found"] = statistics.median(found)
            scan = []
            connection = db.session.connection().connection.driver_connection
            mark = "?" if db.engine.dialect.name == "sqlite" else "%s"
            sql = f"SELECT id FROM equipment WHERE name_ja LIKE {mark} OR name_en LIKE {mark}"
            for args in params:
                word = args.get("q") or CATEGORIES[args["category"]][0].split(" ")[0]
                started = time.perf_counter()
                cursor = connection.cursor()
                cursor.execute(sql, (f"%{word}%", f"%{word}%"))
                cursor.fetchall()
                cursor.close()
                scan.append(time.perf_counter() - started)
            figures["like"] = _percentiles(scan)
            db.session.execute(text("SELECT 1"))
        client = app.test_client()
        api = []
        for args in params:
            url = "/api/v1/equipment?" + urlencode({**args, "synthetic": "include", "limit": PAGE})
            started = time.perf_counter()
            response = client.get(url)
            api.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        figures["api"] = _percentiles(api)
        with app.app_context():
            started = time.perf_counter()
            figures["dropped"] = drop_synthetic_equipment()
            drop_synthetic()
            figures["drop"] = time.perf_counter() - started
            db.engine.dispose()
    out.put(figures)


def run(backend: str, admin: str, machines: int, count: int) -> dict:
    return in_worker(backend, admin, f"atlas_bench_eq_{os.getpid()}", measure, machines, count)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--machines", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("ATLAS_BENCH_POSTGRES_URL", ""),
                        help="admin URL of a PostgreSQL server: also measure there")
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    rows = []
    for backend in backends:
        f = run(backend, args.postgres, args.machines, args.queries)
        rows.append((backend, f))
        print(f"{backend}: {f['added']:,} synthetic machines added in {_ms(f['seed'])}, dropped {f['dropped']:,} "
              f"in {_ms(f['drop'])}; {args.queries} queries, median {f['found']:,.0f} matches each")
        print(f"  index build {_ms(f['build'])}; search p50 {_ms(f['search'][0])}, p95 {_ms(f['search'][1])}; API p50 {_ms(f['api'][0])}, "
              f"p95 {_ms(f['api'][1])}; LIKE scan p50 {_ms(f['like'][0])}, p95 {_ms(f['like'][1])}; "
              f"search p95 / LIKE p95 = {f['search'][1] / f['like'][1]:.2f}; target p95 < 50 ms: "
              f"{'met' if f['search'][1] < 0.05 else 'NOT met'}")
    print()
    print("| database | machines | index build | search p50 | search p95 | API p95 | LIKE scan p50 | LIKE scan p95 "
          "| search/LIKE p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend, f in rows:
        print(f"| {backend} | {f['added']:,} | {_ms(f['build'])} | {_ms(f['search'][0])} | {_ms(f['search'][1])} | {_ms(f['api'][1])} | "
              f"{_ms(f['like'][0])} | {_ms(f['like'][1])} | {f['search'][1] / f['like'][1]:.2f} |")


if __name__ == "__main__":
    main()
