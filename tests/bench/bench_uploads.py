"""Upload-bomb benchmark: a worker's peak memory and time per hostile file; a script, not a test.

    python tests/bench/bench_uploads.py [--small]

Builds issue 11's corpus in memory (a row of 20 million cells, a shared-strings bomb, a
3.4-million-row CSV, deeply nested and oversized GeoJSON, an xlsx of many parts) and, for
each file, starts a fresh worker process that builds the app and reads the file through
``hubs.organizations.imports.read_file`` (the reader behind ``/admin/import`` and
``flask import``) inside an app context, as a request would. It prints the worker's peak
resident memory (``resource.getrusage``, KB on Linux) and the time until the file was read
or refused, against a small valid file as baseline. Target: every worker under 300 MB.
"""
from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGET_MB = 300


def corpus(small: bool) -> dict[str, bytes]:
    from tests.security import hostile_files as hostile

    scale = 100 if small else 1
    return {
        "baseline.xlsx (valid, 3 rows)": hostile.valid_xlsx([
            ["key", "kind", "name_ja"], ["a", "public_lab", "試験場"], ["b", "university", "大学"]]),
        "baseline.csv (valid, 3 rows)": "key,kind,name_ja\na,public_lab,試験場\nb,university,大学\n".encode(),
        "wide_row.xlsx (20M cells in one row)": hostile.wide_row_xlsx(20_000_000 // scale),
        "wide_row.xlsx (2M cells in one row, under the unpacked cap)": hostile.wide_row_xlsx(2_000_000 // scale),
        "strings.xlsx (shared-strings bomb, 2M strings)": hostile.shared_strings_bomb(2_000_000 // scale),
        "long_strings.xlsx (30 MB of shared strings)": hostile.shared_strings_bomb(30_000 // scale, 1000),
        "tall.xlsx (1M rows)": hostile.tall_xlsx(1_000_000 // scale),
        "parts.xlsx (10,000 parts)": hostile.many_members_xlsx(10_000 // scale),
        "tall.csv (3.4M rows, 6.8 MB)": hostile.tall_csv(3_400_000 // scale),
        "wide.csv (1M columns)": hostile.wide_csv(1_000_000 // scale),
        "deep.geojson (depth 1M)": hostile.deep_geojson(1_000_000 // scale),
        "features.geojson (100,001 features)": hostile.many_features_geojson(100_001 // scale),
        "coordinates.geojson (250k points)": hostile.many_coordinates_geojson(250_000 // scale),
        "features.geojson (300k features, 17 MB)": hostile.many_features_geojson(300_000 // scale),
    }


def _build(small: bool, folder: str, results: multiprocessing.Queue) -> None:
    """Write the corpus to ``folder`` in a process of its own, so no worker inherits its peak."""
    names = []
    for number, (name, data) in enumerate(corpus(small).items()):
        (Path(folder) / f"{number:02d}").write_bytes(data)
        names.append(name)
    results.put(names)


def _worker(name: str, path: str, instance: str, results: multiprocessing.Queue) -> None:
    data = Path(path).read_bytes()
    from app import create_app
    from hubs.core.tables import TableError
    from hubs.organizations.imports import read_file

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "ATLAS_SEED_ON_START": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.sqlite3"}, instance_path=instance)
    filename = name.split(" ", 1)[0]
    start = time.perf_counter()
    with app.test_request_context("/admin/import?lang=en"):
        try:
            outcome = f"read {len(read_file(filename, data))} records"
        except TableError as error:
            outcome = f"{error.status} {error.code}: {error.text('en')}"
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results.put((elapsed, peak_kb, outcome))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="a corpus 100x smaller (a quick check)")
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")  # a clean worker per file, nothing inherited
    print(f"{'file':60} {'bytes':>10} {'seconds':>8} {'peak MB':>8}  outcome")
    worst = 0.0
    with tempfile.TemporaryDirectory() as instance, tempfile.TemporaryDirectory() as folder:
        results: multiprocessing.Queue = context.Queue()
        builder = context.Process(target=_build, args=(args.small, folder, results))
        builder.start()
        names = results.get(timeout=600)
        builder.join()
        for number, name in enumerate(names):
            path = Path(folder) / f"{number:02d}"
            process = context.Process(target=_worker, args=(name, str(path), instance, results))
            process.start()
            elapsed, peak_kb, outcome = results.get(timeout=600)
            process.join()
            peak_mb = peak_kb / 1024
            worst = max(worst, peak_mb)
            print(f"{name:60} {path.stat().st_size:>10,} {elapsed:>8.2f} {peak_mb:>8.1f}  {outcome}")
    verdict = "met" if worst < TARGET_MB else "NOT met"
    print(f"\nworst worker peak: {worst:.1f} MB (target under {TARGET_MB} MB: {verdict})")


if __name__ == "__main__":
    main()
