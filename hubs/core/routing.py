"""URL converters shared by every blueprint."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

#: Largest id a route accepts: the databases' 32-bit INTEGER primary keys.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` bounded to 1..MAX_ID: a larger number is a 404, not a database overflow."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter
