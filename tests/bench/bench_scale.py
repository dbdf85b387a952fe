"""Benchmark of the portal at scale (issue 16): bulk writes, map views, pages and exports; a script, not a test.

Run from the repository root (not collected by pytest: the name does not start with test_)::

    .venv/bin/pip install -r requirements-bench.txt     # explore() needs matplotlib, mapclassify
    nice .venv/bin/python tests/bench/bench_scale.py [--sizes 10000 100000] [--postgres URL] [--timeout 600]
    ATLAS_BENCH_MILLION=1 nice .venv/bin/python tests/bench/bench_scale.py   # adds N = 1,000,000

For each N and database (SQLite always; PostgreSQL with ``--postgres`` or
``ATLAS_BENCH_POSTGRES_URL``, an admin URL that may create databases, once with the B-tree on
(lon, lat, kind) alone and once with PostGIS's GiST index where the server offers PostGIS) a fresh worker process
builds an empty database from the models, loads the shipped seed, and measures in one run:

* **seed** and **drop**: ``add_synthetic(N)`` and ``drop_synthetic()``, what ``flask seed
  --synthetic N`` and ``flask seed --drop-synthetic`` run (the drop comes last);
* **national view**: ``GET /api/v1/organizations?zoom=5`` with gzip, cold (the first request
  after the data changed) and warm (median of the next 3, served from the per-version cache);
  the map page ``GET /`` in gzip bytes;
* **zoomed views**: Tokyo and Osaka at zoom 8, 11 and 14, the box a 1280 × 900 px window
  shows there, each cold (first request for that box);
* **walk**: every page of ``GET /api/v1/organizations?limit=10000`` through ``next``;
* **exports**: ``GET /api/v1/organizations/export`` as GeoJSON and as CSV, cold (the file is
  written from the database), and the Python heap's peak while the GeoJSON is written
  (``tracemalloc``, a second, traced run): flat in N means the export streams;
* **worker peak**: the worker process's peak resident memory at the end (``ru_maxrss``),
  with the per-process answer cache (``ATLAS_CACHE_BYTES``, 256 MB) holding what the walk left;
* **explore()**: ``GeoDataFrame.explore()`` of the same points rendered to HTML and gzipped,
  the baseline, in a child process bounded by ``--timeout`` (points already in memory).

Requests go through the Flask test client (server time, no network). Targets (issue 16):
national view under 500 ms cold and 10 ms warm at 1,000,000; zoomed views under 200 ms cold;
the map page as small as with 300 organisations; a worker under 1 GB.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import multiprocessing as mp
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_map import _bounded, _explore, _fmt_bytes, _fmt_time, _points  # noqa: E402

CITIES = {"Tokyo": (139.6917, 35.6895), "Osaka": (135.5023, 34.6937)}
ZOOMS = (8, 11, 14)
GZIP = {"Accept-Encoding": "gzip"}


def view_box(lon: float, lat: float, zoom: int, width: int = 1280, height: int = 900) -> str:
    """The lon/lat box a ``width`` × ``height`` px Web-Mercator window centred on (lon, lat) shows."""
    degrees_per_px = 360 / (256 * 2 ** zoom)
    half_w = width / 2 * degrees_per_px
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    half_h = height / 2 * degrees_per_px * math.pi / 180

    def lat_of(v: float) -> float:
        return math.degrees(2 * math.atan(math.exp(v)) - math.pi / 2)

    return f"{lon - half_w:.5f},{lat_of(y - half_h):.5f},{lon + half_w:.5f},{lat_of(y + half_h):.5f}"


def _timed(client, url: str, headers: dict | None = None) -> tuple[float, object]:
    started = time.perf_counter()
    response = client.get(url, headers=headers or {})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
    return elapsed, response


def _app(database: str, folder: Path, postgis: str = "off"):
    from app import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "bench", "ATLAS_SEED_ON_START": False, "ATLAS_TILES": "none",
                       "RATELIMIT_ENABLED": False, "SQLALCHEMY_DATABASE_URI": database, "ATLAS_POSTGIS": postgis},
                      instance_path=str(folder))


def measure(database: str, n: int, timeout: float, light_from: int, postgis: str, queue) -> None:
    """One N on one database, in a worker process of its own; puts a dict of figures on ``queue``."""
    from hubs.core.extensions import db
    from hubs.organizations.seed import seed_database
    from hubs.organizations.synthetic import add_synthetic, drop_synthetic

    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = _app(database or f"sqlite:///{folder / 'atlas.sqlite3'}", folder, postgis)
        with app.app_context():
            db.create_all()
            seed_database()
            started = time.perf_counter()
            add_synthetic(n)
            figures["seed"] = time.perf_counter() - started
        client = app.test_client()
        client.get("/healthz")

        national = "/api/v1/organizations?zoom=5"
        cold, response = _timed(client, national, GZIP)
        warm = statistics.median(_timed(client, national, GZIP)[0] for _ in range(3))
        figures["national"] = (cold, warm, len(response.data))
        figures["page"] = len(_timed(client, "/", GZIP)[1].data)
        for city, (lon, lat) in CITIES.items():
            for zoom in ZOOMS:
                elapsed, response = _timed(client, f"/api/v1/organizations?zoom={zoom}&bbox={view_box(lon, lat, zoom)}")
                body = response.get_json()
                figures[(city, zoom)] = (elapsed, body["total"], body["aggregated"])

        if n >= light_from:
            # The map's figures only (the walk, exports and explore() take an hour at 1,000,000
            # on a loaded 2-core machine); the worker's peak so far, then the drop.
            figures["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            with app.app_context():
                started = time.perf_counter()
                assert drop_synthetic() == n
                figures["drop"] = time.perf_counter() - started
                db.engine.dispose()
            queue.put(figures)
            return
        started, url, pages, rows = time.perf_counter(), "/api/v1/organizations?limit=10000", 0, 0
        while url:
            body = json.loads(client.get(url).data)  # the client's parse, not the app's bounded one
            pages, rows, url = pages + 1, rows + len(body["features"]), body["next"]
        figures["walk"] = (time.perf_counter() - started, pages, rows)

        exports = folder / "cache" / "exports"
        for name, url in (("geojson", "/api/v1/organizations/export"),
                          ("csv", "/api/v1/organizations/export?format=csv")):
            started = time.perf_counter()
            response = client.get(url, buffered=False)
            size = sum(len(chunk) for chunk in response.response)  # read as a client would, not kept
            response.close()
            figures[name] = (time.perf_counter() - started, size)
        for stale in exports.glob("*.export"):
            stale.unlink()
        tracemalloc.start()
        client.get("/api/v1/organizations/export", buffered=False).close()  # written, not read back
        figures["export_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

        gdf = _points(app)
        figures["explore"] = _bounded(_explore, gdf, timeout)
        del gdf
        with app.app_context():
            started = time.perf_counter()
            removed = drop_synthetic()
            figures["drop"] = time.perf_counter() - started
            assert removed == n, removed
            db.engine.dispose()
    queue.put(figures)


def _postgres_database(admin: str, name: str, create: bool) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


def in_worker(backend: str, admin: str, name: str, target, *args):
    """What ``target(database, *args, queue)`` puts on its queue, run in a forked worker (its
    memory is its own, for peak figures) on a fresh database: a PostgreSQL database ``name``,
    dropped afterwards, or for SQLite ``""`` (the target makes its own file)."""
    database = _postgres_database(admin, name, True) if backend != "sqlite" else ""
    queue = mp.get_context("fork").Queue()
    worker = mp.get_context("fork").Process(target=target, args=(database, *args, queue))
    worker.start()
    try:
        return queue.get()
    finally:
        worker.join()
        if backend != "sqlite":
            _postgres_database(admin, name, False)


def run(backend: str, admin: str, n: int, timeout: float, light_from: int) -> dict | None:
    # "postgresql": the B-tree on (lon, lat, kind) alone (ATLAS_POSTGIS=off: no GiST index is made);
    # "postgis": the same server with the PostGIS GiST index on the points, which box reads then use.
    return in_worker(backend, admin, f"atlas_bench_{os.getpid()}_{n}", measure, n, timeout, light_from,
                     "auto" if backend == "postgis" else "off")


def _postgis(admin: str) -> str:
    """Which index the PostgreSQL bounding-box reads can use here (issue 16 asks for both)."""
    import psycopg

    with psycopg.connect(admin) as connection:
        row = connection.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
    return (f"PostGIS {row[0]} is available: 'postgis' rows read boxes by its GiST index, 'postgresql' rows by "
            "the B-tree on (lon, lat, kind)" if row
            else "B-tree on (lon, lat, kind) only: PostGIS is not installed on this server "
                 "(pg_available_extensions has no 'postgis' row; the 'postgis' backend cannot run)")


def _ms(value: float) -> str:
    return _fmt_time(value, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = [10_000, 100_000] + ([1_000_000] if os.environ.get("ATLAS_BENCH_MILLION") == "1" else [])
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    parser.add_argument("--postgres", default=os.environ.get("ATLAS_BENCH_POSTGRES_URL", ""),
                        help="admin URL of a PostgreSQL server: also measure there")
    parser.add_argument("--timeout", type=float, default=600.0, help="bound on each explore() baseline, seconds")
    parser.add_argument("--map-only-from", type=int, default=10**12,
                        help="from this N on, measure seed, drop, map views and the worker only (no walk, exports, explore())")
    parser.add_argument("--backends", nargs="+", choices=("sqlite", "postgresql", "postgis"), default=None,
                        help="databases to measure (default: SQLite, and PostgreSQL with the B-tree and with PostGIS "
                             "when --postgres is given)")
    args = parser.parse_args()

    backends = args.backends or (["sqlite"] + (["postgresql", "postgis"] if args.postgres else []))
    if set(backends) & {"postgresql", "postgis"}:
        print(f"PostgreSQL bounding-box index: {_postgis(args.postgres)}", flush=True)
    print(f"Load average at start (1, 5, 15 min; 2 cores): {os.getloadavg()}", flush=True)
    results = []
    for backend in backends:
        for n in args.sizes:
            figures = run(backend, args.postgres, n, args.timeout, args.map_only_from)
            results.append((backend, n, figures))
            f = figures
            print(f"{backend} N={n:,}: seed {_ms(f['seed'])}, drop {_ms(f['drop'])}, national "
                  f"{_ms(f['national'][0])} / {_ms(f['national'][1])} ({_fmt_bytes(f['national'][2])} gzip), "
                  f"page {_fmt_bytes(f['page'])}, worker {_fmt_bytes(f['rss'])}", flush=True)
            if "walk" in f:
                print(f"  walk {_ms(f['walk'][0])} ({f['walk'][1]} pages), GeoJSON {_ms(f['geojson'][0])} "
                      f"({_fmt_bytes(f['geojson'][1])}), CSV {_ms(f['csv'][0])}, export peak "
                      f"{_fmt_bytes(f['export_peak'])}, explore() {f['explore']}", flush=True)
            print("  zoomed: " + ", ".join(f"{city} z{zoom} {_ms(f[(city, zoom)][0])} ({f[(city, zoom)][1]:,})"
                                           for city in CITIES for zoom in ZOOMS), flush=True)

    print()
    print("| database | N synthetic | seed | drop | national: cold / warm | national: gzip | map page: gzip "
          "| walk (pages of 10,000) | GeoJSON export | CSV export | export heap peak | worker peak RSS "
          "| `explore()` | `explore()`: gzip | time ratio (cold) | bytes ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend, n, f in results:
        if "walk" not in f:
            print(f"| {backend} | {n:,} | {_ms(f['seed'])} | {_ms(f['drop'])} | {_ms(f['national'][0])} / "
                  f"{_ms(f['national'][1])} | {_fmt_bytes(f['national'][2])} | {_fmt_bytes(f['page'])} "
                  f"| not run | not run | not run | not run | {_fmt_bytes(f['rss'])} | not run | | | |")
            continue
        explore = f["explore"]
        e_t, e_b = (explore[0], explore[1]) if explore else (None, None)
        time_ratio = f"{e_t / f['national'][0]:.0f}x" if e_t else f"> {args.timeout / f['national'][0]:.0f}x"
        bytes_ratio = f"{e_b / f['national'][2]:.0f}x" if e_b else "n/a"
        print(f"| {backend} | {n:,} | {_ms(f['seed'])} | {_ms(f['drop'])} | {_ms(f['national'][0])} / "
              f"{_ms(f['national'][1])} | {_fmt_bytes(f['national'][2])} | {_fmt_bytes(f['page'])} "
              f"| {_ms(f['walk'][0])} ({f['walk'][1]}) | {_ms(f['geojson'][0])}, {_fmt_bytes(f['geojson'][1])} "
              f"| {_ms(f['csv'][0])}, {_fmt_bytes(f['csv'][1])} | {_fmt_bytes(f['export_peak'])} "
              f"| {_fmt_bytes(f['rss'])} | {_fmt_time(e_t, args.timeout)} | {_fmt_bytes(e_b)} | {time_ratio} "
              f"| {bytes_ratio} |")
    print()
    print("| database | N synthetic | " + " | ".join(f"{c} z{z}" for c in CITIES for z in ZOOMS) + " |")
    print("|---|---:|" + "---:|" * (len(CITIES) * len(ZOOMS)))
    for backend, n, f in results:
        cells = []
        for city in CITIES:
            for zoom in ZOOMS:
                elapsed, total, aggregated = f[(city, zoom)]
                cells.append(f"{_ms(elapsed)} ({total:,} {'in cells' if aggregated else 'points'})")
        print(f"| {backend} | {n:,} | " + " | ".join(cells) + " |")
    print(f"\nLoad average at the end: {os.getloadavg()}")
    print("\nCold = first request after the data changed (nothing cached); warm = median of the next 3. "
          "Zoomed views: the box a 1280 x 900 px window shows, cold. explore() = build + render to HTML with "
          "the points already in memory, gzip level 6; ratios against our national view, cold.")


if __name__ == "__main__":
    main()
