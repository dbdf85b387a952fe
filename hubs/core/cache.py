"""Answers computed once per data version and kept in this process, bounded in bytes.

Callers key an entry by a name, their *parsed* parameters (never the raw query string, so
``?junk=1`` shares the entry of the bare request) and a data version that changes whenever
the data do; nothing stale is ever served. The least recently used entries go first when
the entries together pass ``ATLAS_CACHE_BYTES`` (default 256 MB) or 256 entries.

The data versions themselves are read through :func:`fresh_version`: a cheap fingerprint of
some tables, trusted for :data:`VERSION_TTL` seconds and forgotten at once after a commit.
"""
from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from hubs.core.extensions import db

T = TypeVar("T")

MAX_ENTRIES = 256
DEFAULT_BYTES = 256 * 1024 * 1024

_LOCK = threading.Lock()
_ENTRIES: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
_TOTAL = 0
#: Seconds a data version is trusted before it is read again (see :func:`fresh_version`).
VERSION_TTL = 1.0
_VERSIONS: dict[tuple[str, str], tuple[float, Any]] = {}


def sizeof(value: Any) -> int:
    """A fair estimate of ``value``'s memory: exact for bytes and text, deep for frames."""
    if isinstance(value, bytes | bytearray | str):
        return len(value)
    if isinstance(value, tuple | list):
        return sys.getsizeof(value) + sum(sizeof(v) for v in value)
    memory_usage = getattr(value, "memory_usage", None)
    if callable(memory_usage):
        usage = memory_usage(deep=True)
        return int(usage.sum() if hasattr(usage, "sum") else usage)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(sizeof(k) + sizeof(v) for k, v in value.items())
    return sys.getsizeof(value)


def _limit() -> int:
    if has_app_context():
        return int(current_app.config.get("ATLAS_CACHE_BYTES", DEFAULT_BYTES))
    return DEFAULT_BYTES


def database_key() -> str:
    """Which database an entry belongs to (tests run several apps in one process)."""
    return str(db.engine.url)


def memo(name: str, params: Hashable, version: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (database, ``version``, ``name``, ``params``)."""
    global _TOTAL
    key = (database_key(), version, name, params)
    with _LOCK:
        if key in _ENTRIES:
            _ENTRIES.move_to_end(key)
            return _ENTRIES[key][0]  # type: ignore[no-any-return]
    value = compute()
    size = sizeof(value)
    limit = _limit()
    with _LOCK:
        if key not in _ENTRIES and size <= limit:
            _ENTRIES[key] = (value, size)
            _TOTAL += size
        while _ENTRIES and (limit < _TOTAL or len(_ENTRIES) > MAX_ENTRIES):
            _, (_, dropped) = _ENTRIES.popitem(last=False)
            _TOTAL -= dropped
    return value


def cached_bytes() -> int:
    """What the entries hold now, in bytes (for tests and benchmarks)."""
    return _TOTAL


def clear() -> None:
    global _TOTAL
    with _LOCK:
        _ENTRIES.clear()
        _TOTAL = 0


def fresh_version(name: str, read: Callable[[], T]) -> T:
    """``read()`` (a cheap fingerprint of some tables, which changes whenever a row does), re-read
    at most every :data:`VERSION_TTL` seconds and at once after any commit in this process:
    another process's edit is seen within a second, this process's own at once."""
    key = (database_key(), name)
    now = time.monotonic()
    hit = _VERSIONS.get(key)
    if hit is not None and now - hit[0] < VERSION_TTL:
        return hit[1]  # type: ignore[no-any-return]
    version = read()
    _VERSIONS[key] = (now, version)
    return version


@event.listens_for(Session, "after_commit")
def _forget_versions(_session: Session) -> None:
    _VERSIONS.clear()
