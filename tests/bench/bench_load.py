"""Load benchmark: gunicorn on loopback driven by wrk; a script, not a test.

    python tests/bench/bench_load.py [--seconds 10] [--connections 64] [--workers 4]

Seeds a temporary SQLite database, starts gunicorn with this repository's
``gunicorn.conf.py`` on 127.0.0.1, and drives each endpoint with ``wrk`` (Debian's
package) for a bounded time at 64 concurrent connections. Prints requests per second,
p50/p99 latency and errors per endpoint, and the ratio to the trivial view ``/healthz``
served by the same server in the same run. Targets: no errors at 64 connections; the
organisations API and the score API at least 30% of the trivial view's throughput.
Only loopback addresses are contacted.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(database: Path) -> dict[str, str]:
    """Seed the database; make an applicant with one scored application. Returns ids/tokens."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    from app import create_app
    from hubs.accounts.operations import create_user, issue_token
    from hubs.certification import operations as certification
    from hubs.core.extensions import db

    app = create_app({"ATLAS_SEED_ON_START": True}, instance_path=str(database.parent))
    info: dict[str, str] = {}
    with app.app_context():
        user = create_user("load@example.org", "load-test-password", "applicant")
        info["token"] = issue_token(user)
        from sqlalchemy import select

        from hubs.core.config import SEED_DIR
        from hubs.organizations.models import Organization

        samples = json.loads((SEED_DIR / "sample_applications.json").read_text(encoding="utf-8"))["applications"]
        sample = next(a for a in samples if a["track"] == "regional")
        university = db.session.scalar(select(Organization.id).where(Organization.kind == "university"))
        data = {"hub": {"name_ja": "負荷試験拠点 (synthetic)", "university_id": university},
                "track": sample["track"], "values": sample["values"]}
        try:
            application = certification.create_application(user, data)
            info["application"] = str(application.id)
        except Exception as error:  # the score endpoint is then skipped, and said so
            print(f"note: could not create an application for the score API ({error})")
        db.session.commit()
        db.engine.dispose()
    return info


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if match:
        errors += sum(int(g) for g in match.groups())
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency("50"), "p99": latency("99"), "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    folder = Path(tempfile.mkdtemp(prefix="atlas-load-"))
    info = prepare(folder / "atlas.sqlite3")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'atlas.sqlite3'}", "SECRET_KEY": "load-test",
           "ATLAS_SEED_ON_START": "0", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "ATLAS_ANONYMOUS_READ_RATE_LIMIT": "1000000 per second",  # measure the server, not the limiter
           "GUNICORN_WORKERS": str(args.workers), "GUNICORN_ACCESSLOG": "/dev/null"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                               "app:create_app()"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        auth = {"Authorization": f"Bearer {info['token']}"}
        endpoints = [
            ("trivial view /healthz", "/healthz", {}),
            ("map page /", "/", {}),
            ("organisations API", "/api/v1/organizations", {"Accept-Encoding": "gzip"}),
            ("path API", "/api/v1/paths?from=1&to=200", {}),
        ]
        # The least an authenticated API request costs (token lookup, a tiny answer): the floor
        # under the score API, which is cached per state of what it is computed from.
        endpoints.append(("account API (auth floor)", "/api/v1/auth/account", auth))
        if "application" in info:
            endpoints.append(("score API", f"/api/v1/applications/{info['application']}/score", auth))
        print(f"gunicorn, {args.workers} workers; wrk 2 threads, {args.connections} connections, "
              f"{args.seconds} s each; SQLite with the shipped seed data\n")
        print(f"{'endpoint':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs trivial':>10}")
        baseline = None
        for name, path, headers in endpoints:
            result = wrk(base + path, args.seconds, args.connections, headers)
            baseline = baseline or result["rps"]
            print(f"{name:28} {result['rps']:9.0f} {result['p50']:8.1f} {result['p99']:8.1f} "
                  f"{result['errors']:7d} {result['rps'] / baseline:9.0%}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
