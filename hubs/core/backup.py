"""Backups of the embedded SQLite database with SQLite's online backup API.

The backup API copies a consistent snapshot while the portal keeps serving (a plain
``cp`` of a WAL database can miss committed pages). PostgreSQL deployments use
``pg_dump``/``pg_restore`` instead.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

PG_ADVICE = (
    "This database is PostgreSQL: back it up with `pg_dump --format=custom --file=atlas.dump DBNAME` "
    "and restore with `pg_restore --clean --if-exists --dbname=DBNAME atlas.dump`."
)


class BackupError(RuntimeError):
    """The backup or restore cannot be done here; the message says what to do instead."""


def _sqlite_path(engine: Engine) -> str:
    if engine.dialect.name != "sqlite":
        raise BackupError(PG_ADVICE if engine.dialect.name == "postgresql" else
                          f"backups of {engine.dialect.name} are not supported")
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return database


def backup_sqlite(engine: Engine, target: Path) -> int:
    """Copy the live database to ``target``; returns the number of pages copied."""
    source_path = _sqlite_path(engine)
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file")
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
        pages = destination.execute("PRAGMA page_count").fetchone()[0]
    return pages


def restore_sqlite(engine: Engine, backup: Path) -> None:
    """Replace the live database's content by ``backup`` (itself checked first)."""
    target_path = _sqlite_path(engine)
    backup = Path(backup)
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as source:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup} fails SQLite's integrity check; nothing restored")
        engine.dispose()
        with sqlite3.connect(target_path) as destination:
            source.backup(destination)
