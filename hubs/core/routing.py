"""URL rules shared by every blueprint: ids in paths are whole numbers from 1 to MAX_ID."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.exceptions import NotFound

#: Largest id a route accepts: the databases' 32-bit INTEGER primary keys.
MAX_ID = 2**31 - 1


def _ids_in_range(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    # Checked after the route matched, so a number out of range is a 404 for every method
    # (a converter that refused it would turn PUT into a 405 from the GET rule of that path),
    # and never reaches the database as an overflowing integer.
    for value in (values or {}).values():
        if isinstance(value, int) and not 1 <= value <= MAX_ID:
            raise NotFound()


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered."""
    app.url_value_preprocessor(_ids_in_range)
