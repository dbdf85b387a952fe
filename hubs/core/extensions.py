"""Flask extensions, created unbound and bound to an app in :func:`init_extensions`."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import Flask
from pathlib import Path

from flask_compress import Compress
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
compress = Compress()
#: Alembic migrations live inside the package; batch mode lets SQLite alter tables.
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
migrate = Migrate(directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)


def utcnow() -> datetime:
    """Now, timezone-aware UTC: the one clock of stored timestamps."""
    return datetime.now(UTC)


def one_of(column: str, values: Iterable[str]) -> str:
    """A CHECK constraint's SQL: ``column`` holds one of ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while one writer commits; the busy timeout makes a second
    # writer wait instead of failing at once with "database is locked".
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_extensions(app: Flask) -> None:
    """Bind every extension to ``app``."""
    db.init_app(app)
    migrate.init_app(app, db)
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/csv", "application/javascript", "text/javascript",
        "application/json", "application/geo+json",
    ])
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip", "br"])
    # Streamed (static) files are left alone: compressing them leaves their handles open.
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
