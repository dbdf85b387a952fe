"""Benchmark of the national map against the two maps a user would build by hand.

Run from the repository root (not collected by pytest: the name does not start with test_)::

    .venv/bin/pip install -r requirements-bench.txt     # explore() needs matplotlib, mapclassify
    .venv/bin/python tests/bench/bench_map.py [--sizes 1000 10000 100000] [--timeout 600]

For each N it builds a temporary SQLite database through the app (the shipped seed, whose
prefectures the generator needs, plus N synthetic organisations from
``hubs.organizations.synthetic.add_synthetic``) and measures, in one run, over the same points:

* **ours**: ``GET /`` (the map page) plus ``GET /api/v1/organizations?zoom=5`` (the national
  view's data, aggregated on the server), both with ``Accept-Encoding: gzip`` through the
  Flask test client: server time (median of 3 requests each) and bytes on the wire;
* **explore()**: ``GeoDataFrame.explore()`` of the points rendered to an HTML string, then
  gzipped (level 6, as Flask-Compress does);
* **MarkerCluster**: a folium map with one ``Marker`` (with a popup) per organisation in a
  ``MarkerCluster``, rendered to HTML and gzipped.

Baseline times count building and rendering the map only, not reading the points from the
database (which favours the baselines). Each baseline runs in a child process bounded by
``--timeout`` seconds; a baseline that does not finish is reported as "> timeout".
Targets at 100,000: at least 20x less server time and 5x fewer bytes than explore().
"""
from __future__ import annotations

import argparse
import gzip
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _build(folder: Path, n: int):
    from app import create_app
    from hubs.core.extensions import db
    from hubs.organizations.seed import seed_database
    from hubs.organizations.synthetic import add_synthetic

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "ATLAS_SEED_ON_START": False, "ATLAS_TILES": "none",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'atlas.sqlite3'}"}, instance_path=str(folder))
    with app.app_context():
        db.create_all()
        seed_database()
        add_synthetic(n)
    return app


def _points(app):
    import geopandas as gpd
    from sqlalchemy import select

    from hubs.core.extensions import db
    from hubs.organizations.models import Organization

    with app.app_context():
        rows = db.session.execute(select(Organization.id, Organization.name_ja, Organization.kind,
                                         Organization.prefecture_code, Organization.lon, Organization.lat)).all()
    lon = [r[4] for r in rows]
    lat = [r[5] for r in rows]
    return gpd.GeoDataFrame({"id": [r[0] for r in rows], "name": [r[1] for r in rows], "kind": [r[2] for r in rows],
                             "prefecture": [r[3] for r in rows]},
                            geometry=gpd.points_from_xy(lon, lat), crs=4326)


def _ours(app) -> tuple[float, int, dict]:
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    client.get("/", headers=headers)  # first request: app start-up, not the map
    parts = {}
    for name, url in (("page", "/"), ("data", "/api/v1/organizations?zoom=5")):
        times, size = [], 0
        for _ in range(4):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            assert response.headers.get("Content-Encoding") == "gzip", url
            size = len(response.data)
        # The first request after a data change computes the answer (cold); later ones are
        # served from the per-version cache (warm).
        parts[name] = (statistics.median(times[1:]), size, times[0])
    return sum(p[0] for p in parts.values()), sum(p[1] for p in parts.values()), parts


def _explore(gdf, queue) -> None:
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    html = gdf.explore(tooltip=["name", "kind"]).get_root().render()
    elapsed = time.perf_counter() - started
    queue.put((elapsed, len(gzip.compress(html.encode("utf-8"), 6)), len(html.encode("utf-8"))))


def _marker_cluster(gdf, queue) -> None:
    import html as html_lib

    import folium
    from folium.plugins import MarkerCluster

    warnings.simplefilter("ignore")
    started = time.perf_counter()
    fmap = folium.Map(location=[37.5, 137.5], zoom_start=5)
    cluster = MarkerCluster().add_to(fmap)
    for name, kind, x, y in zip(gdf["name"], gdf["kind"], gdf.geometry.x, gdf.geometry.y):
        folium.Marker([y, x], popup=folium.Popup(html_lib.escape(f"{name} ({kind})"))).add_to(cluster)
    html = fmap.get_root().render()
    elapsed = time.perf_counter() - started
    queue.put((elapsed, len(gzip.compress(html.encode("utf-8"), 6)), len(html.encode("utf-8"))))


def _bounded(target, gdf, timeout: float) -> tuple[float, int, int] | None:
    """Run a baseline in a child process; ``None`` if it does not finish within ``timeout``."""
    queue = mp.get_context("fork").Queue()
    process = mp.get_context("fork").Process(target=target, args=(gdf, queue))
    process.start()
    try:
        return queue.get(timeout=timeout)
    except Exception:
        return None
    finally:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()


def _fmt_time(value: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if value is None else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s")


def _fmt_bytes(value: int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} kB"


def _ratio(baseline: float | None, ours: float, timeout: float | None = None) -> str:
    if baseline is None:
        return f"> {timeout / ours:.0f}x" if timeout else "n/a"
    return f"{baseline / ours:.0f}x" if baseline / ours >= 10 else f"{baseline / ours:.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=600.0, help="bound on each baseline, seconds")
    args = parser.parse_args()

    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            app = _build(Path(tmp), n)
            gdf = _points(app)
            print(f"N={n:,}: {len(gdf):,} points (seed + synthetic), built in {time.perf_counter() - started:.1f} s",
                  flush=True)
            ours_t, ours_b, parts = _ours(app)
            print(f"  ours: page {_fmt_time(parts['page'][0], 0)} / {_fmt_bytes(parts['page'][1])}, "
                  f"data {_fmt_time(parts['data'][0], 0)} / {_fmt_bytes(parts['data'][1])}", flush=True)
            explore = _bounded(_explore, gdf, args.timeout)
            print(f"  explore(): {explore}", flush=True)
            cluster = _bounded(_marker_cluster, gdf, args.timeout)
            print(f"  MarkerCluster: {cluster}", flush=True)
            cold = parts["page"][2] + parts["data"][2]
            rows.append((n, len(gdf), ours_t, ours_b, explore, cluster, cold))
            from hubs.core.extensions import db
            with app.app_context():
                db.engine.dispose()

    t = args.timeout
    print()
    print("| N synthetic | points | ours: cold / warm time | ours: gzip bytes | explore(): time | explore(): gzip bytes "
          "| time ratio (cold) | bytes ratio | MarkerCluster: time | MarkerCluster: gzip bytes | time ratio (cold) "
          "| bytes ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, points, ours_t, ours_b, explore, cluster, cold in rows:
        e_t, e_b = (explore[0], explore[1]) if explore else (None, None)
        c_t, c_b = (cluster[0], cluster[1]) if cluster else (None, None)
        print(f"| {n:,} | {points:,} | {_fmt_time(cold, t)} / {_fmt_time(ours_t, t)} | {_fmt_bytes(ours_b)} "
              f"| {_fmt_time(e_t, t)} | {_fmt_bytes(e_b)} | {_ratio(e_t, cold, t)} | {_ratio(e_b, ours_b)} "
              f"| {_fmt_time(c_t, t)} | {_fmt_bytes(c_b)} | {_ratio(c_t, cold, t)} | {_ratio(c_b, ours_b)} |")
    print("\nours = GET / + GET /api/v1/organizations?zoom=5 with gzip: cold = first request after the data "
          "changed (nothing cached), warm = median of the next 3 (per-version cache); ratios use "
          "cold. Baselines = build + render to HTML (points already in memory), gzip level 6.")


if __name__ == "__main__":
    main()
