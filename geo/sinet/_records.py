"""Reading the engine's input: node and link tables, and organisation records.

Tables are lists of mappings or pandas DataFrames; an organisation is a mapping or an object
with ``id`` (or ``key``), ``lon``, ``lat`` (EPSG:4326) and optionally ``prefecture_code``,
``sinet_connected``, ``kind``, ``fields``, ``name_ja`` and ``name_en``. Every problem is a
ValueError naming the row or the organisation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from geo.geodesy import check_lonlat

CONNECTED_STATES: Final = ("yes", "unknown", "no")
_TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", ""})


def table_rows(table: Any, what: str) -> list[Mapping[str, Any]]:
    """Rows of a list of dicts or a pandas DataFrame, as a list of mappings."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        return list(table.to_dict("records"))
    try:
        rows = list(table)
    except TypeError:
        msg = f"{what} must be a list of mappings or a DataFrame, got {type(table).__name__}"
        raise ValueError(msg) from None
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            msg = f"{what} row {number}: expected a mapping, got {type(row).__name__}"
            raise ValueError(msg)
    return rows


def is_missing(value: Any) -> bool:
    """None, NaN and blank text are missing."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def text_field(row: Mapping[str, Any], key: str, default: str = "") -> str:
    """``row[key]`` as stripped text, ``default`` if missing."""
    return text_value(row.get(key), default)


def text_value(value: Any, default: str = "") -> str:
    """``value`` as stripped text, ``default`` if missing."""
    return default if is_missing(value) else str(value).strip()


def float_field(row: Mapping[str, Any], key: str, where: str, *, positive: bool = False) -> float:
    """``row[key]`` as a finite float (positive if asked); ValueError naming ``where``."""
    value: Any = row.get(key)
    if is_missing(value):
        msg = f"{where}: missing {key}"
        raise ValueError(msg)
    try:
        number = float(value)
    except (TypeError, ValueError):
        msg = f"{where}: {key} is not a number: {value!r}"
        raise ValueError(msg) from None
    if not math.isfinite(number):
        msg = f"{where}: {key} is not finite: {value!r}"
        raise ValueError(msg)
    if positive and number <= 0:
        msg = f"{where}: {key} must be positive, got {value!r}"
        raise ValueError(msg)
    return number


def flag_field(row: Mapping[str, Any], key: str, where: str) -> bool:
    """``row[key]`` as a yes/no flag (missing means no); ValueError naming ``where``."""
    value = row.get(key)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if is_missing(value):
        return False
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    msg = f"{where}: {key} must be yes or no, got {value!r}"
    raise ValueError(msg)


def two_digit_code(value: Any) -> str | None:
    """A JIS X 0401 code as two digits (``1`` and ``1.0`` give ``"01"``), None if missing."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().zfill(2)


def attribute(record: Any, name: str, default: Any = None) -> Any:
    """``record[name]`` of a mapping, ``record.name`` of an object."""
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def connected_state(value: Any, where: str) -> str:
    """``sinet_connected`` as ``"yes"``, ``"no"`` or ``"unknown"`` (missing means unknown)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if is_missing(value):
        return "unknown"
    word = str(value).strip().lower()
    if word not in CONNECTED_STATES:
        msg = f"{where}: sinet_connected must be yes, no or unknown, got {value!r}"
        raise ValueError(msg)
    return word


def field_names(value: Any) -> tuple[str, ...]:
    """Field names from a list or a ``;``-separated string, stripped, blanks dropped."""
    if is_missing(value):
        return ()
    if isinstance(value, str):
        parts = value.split(";")
    else:
        parts = [str(v) for v in value]
    return tuple(p.strip() for p in parts if p.strip())


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a path or a ranking: an organisation reduced to what the engine reads."""

    id: str
    lon: float
    lat: float
    prefecture_code: str | None
    connected: str


def endpoint(record: Any, role: str) -> Endpoint:
    """The organisation ``record`` as an :class:`Endpoint`; ValueError naming ``role`` and its id."""
    # Called twice per path query: plain look-ups first, the general parsers only when
    # a value is not already in its usual form.
    if isinstance(record, Mapping):
        get: Callable[[str], Any] = record.get
    else:

        def get(name: str) -> Any:
            return getattr(record, name, None)

    ident = get("id")
    if is_missing(ident):
        ident = get("key")
    if is_missing(ident):
        msg = f"organisation {role}: missing id"
        raise ValueError(msg)
    ident = str(ident)
    try:
        lon, lat = float(get("lon")), float(get("lat"))
    except (TypeError, ValueError):
        msg = f"organisation {role} ({ident}): lon/lat missing or not numbers"
        raise ValueError(msg) from None
    lon, lat = check_lonlat(lon, lat, f"organisation {role} ({ident})")
    prefecture = get("prefecture_code")
    if not (isinstance(prefecture, str) and len(prefecture) == 2):
        prefecture = two_digit_code(prefecture)
    connected = get("sinet_connected")
    if connected not in CONNECTED_STATES:
        connected = connected_state(connected, f"organisation {role} ({ident})")
    return Endpoint(
        id=ident, lon=lon, lat=lat, prefecture_code=prefecture, connected=connected
    )


