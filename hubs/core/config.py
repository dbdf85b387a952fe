"""Configuration from the environment.

Every setting has a safe default so that a fresh clone runs with no configuration at all:
SQLite in the instance folder, a secret key generated once and kept there, no base tiles.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

#: The shipped reference data (CSV, GeoJSON, criteria).
SEED_DIR = Path(__file__).resolve().parents[2] / "seed_data"

#: Base-map tile sources the portal knows. Tiles need the internet, so they are off unless
#: ``ATLAS_TILES`` names one; prefecture boundaries draw without them.
TILE_SOURCES: dict[str, dict[str, str]] = {
    "gsi": {
        "url": "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png",
        "attribution": '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
    },
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "&copy; OpenStreetMap contributors",
    },
}


def _secret_key(instance_path: Path) -> str:
    """Return ``SECRET_KEY`` from the environment, else one generated once per instance."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        # Created owner-only, never readable by others even for a moment.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        database = instance_path / "atlas.sqlite3"
        # Owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
        database.chmod(0o600)
        return f"sqlite:///{database}"
    # Hosting platforms still hand out the old scheme; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


#: Upload caps (:class:`hubs.core.tables.TableLimits`) and the environment variables that set them.
UPLOAD_LIMIT_VARIABLES = {
    "rows": "ATLAS_UPLOAD_MAX_ROWS", "columns": "ATLAS_UPLOAD_MAX_COLUMNS", "cells": "ATLAS_UPLOAD_MAX_CELLS",
    "unzipped_bytes": "ATLAS_UPLOAD_MAX_UNZIPPED_BYTES", "zip_members": "ATLAS_UPLOAD_MAX_ZIP_MEMBERS",
    "seconds": "ATLAS_UPLOAD_MAX_SECONDS", "features": "ATLAS_UPLOAD_MAX_FEATURES",
    "coordinates": "ATLAS_UPLOAD_MAX_COORDINATES", "json_depth": "ATLAS_UPLOAD_MAX_JSON_DEPTH",
}


def _upload_limits() -> dict[str, float]:
    """Only the caps set in the environment; the rest keep TableLimits' defaults."""
    limits: dict[str, float] = {}
    for name, variable in UPLOAD_LIMIT_VARIABLES.items():
        if os.environ.get(variable):
            limits[name] = float(os.environ[variable]) if name == "seconds" else int(os.environ[variable])
    return limits


def load_config(instance_path: str) -> dict[str, Any]:
    """Read the settings from the environment: the one place that reads an environment variable
    (the README's configuration table lists them); tests override them with ``test_config``.

    Parameters
    ----------
    instance_path
        Flask's instance folder; created if missing, it holds the SQLite file and the key.
    """
    path = Path(instance_path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)  # owner only: it holds the database, the secret key and compiled catalogues
    tiles = os.environ.get("ATLAS_TILES", "none").lower()
    if tiles not in ("none", *TILE_SOURCES):
        msg = f"ATLAS_TILES must be one of none, {', '.join(TILE_SOURCES)}; got {tiles!r}"
        raise ValueError(msg)
    return {
        "SECRET_KEY": _secret_key(path),
        "SQLALCHEMY_DATABASE_URI": _database_url(path),
        "ATLAS_TILES": tiles,
        "ATLAS_SEED_ON_START": os.environ.get("ATLAS_SEED_ON_START", "1") == "1",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "ATLAS_UPLOAD_LIMITS": _upload_limits(),
        # Certification evidence: where the files are kept (outside the web root), the largest
        # file, and how many files one rubric indicator and one revision may hold.
        "ATLAS_EVIDENCE_DIR": os.environ.get("ATLAS_EVIDENCE_DIR", "") or str(path / "evidence"),
        "ATLAS_EVIDENCE_MAX_BYTES": int(os.environ.get("ATLAS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)),
        "ATLAS_EVIDENCE_MAX_FILES": int(os.environ.get("ATLAS_EVIDENCE_MAX_FILES", 5)),
        "ATLAS_EVIDENCE_MAX_FILES_PER_REVISION": int(os.environ.get("ATLAS_EVIDENCE_MAX_FILES_PER_REVISION", 20)),
        # Proxies in front that append X-Forwarded-For/-Proto (nginx: 1); 0 trusts no header.
        # Most items one API answer lists one by one: the largest page (``limit``) a client may ask for.
        "ATLAS_MAX_FEATURES": int(os.environ.get("ATLAS_MAX_FEATURES", "10000")),
        # Box reads on PostgreSQL use the PostGIS GiST index where it exists; "off" keeps the B-tree.
        "ATLAS_POSTGIS": os.environ.get("ATLAS_POSTGIS", "auto").lower(),
        # Items of a page when the client names no ``limit``.
        "ATLAS_PAGE_SIZE": int(os.environ.get("ATLAS_PAGE_SIZE", "1000")),
        "ATLAS_PROXY_HOPS": int(os.environ.get("ATLAS_PROXY_HOPS", "0")),
        "ATLAS_IMPORT_MAX_BYTES": int(os.environ.get("ATLAS_IMPORT_MAX_BYTES", 8 * 1024 * 1024)),
        "ATLAS_CACHE_BYTES": int(os.environ.get("ATLAS_CACHE_BYTES", 256 * 1024 * 1024)),
        # Rate limits (Flask-Limiter strings), shared by every worker when the storage is Redis.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "ATLAS_LOGIN_RATE_LIMIT": os.environ.get("ATLAS_LOGIN_RATE_LIMIT", "10 per minute"),
        "ATLAS_WRITE_RATE_LIMIT": os.environ.get("ATLAS_WRITE_RATE_LIMIT", "300 per minute"),
        "ATLAS_ANONYMOUS_READ_RATE_LIMIT": os.environ.get("ATLAS_ANONYMOUS_READ_RATE_LIMIT", "300 per minute"),
        # Sessions, tokens and mail.
        "ATLAS_INSECURE_COOKIES": os.environ.get("ATLAS_INSECURE_COOKIES") == "1",
        "ATLAS_TOKEN_LIFETIME_HOURS": float(os.environ.get("ATLAS_TOKEN_LIFETIME_HOURS", 24 * 30)),
        "ATLAS_MAX_TOKENS": int(os.environ.get("ATLAS_MAX_TOKENS", 10)),
        "ATLAS_RESET_LIFETIME_HOURS": float(os.environ.get("ATLAS_RESET_LIFETIME_HOURS", 24)),
        "ATLAS_SMTP_URL": os.environ.get("ATLAS_SMTP_URL", ""),
        "ATLAS_MAIL_FROM": os.environ.get("ATLAS_MAIL_FROM", ""),
        # Without SMTP, mails are written here as .eml files (development and tests read them).
        "ATLAS_OUTBOX_DIR": os.environ.get("ATLAS_OUTBOX_DIR", "") or str(path / "outbox"),
        "JSON_SORT_KEYS": False,
        "BABEL_DEFAULT_LOCALE": "ja",
    }
