"""JSON answers of the API: GeoJSON with ETags, and read-only answers computed once per
data version and sent many times.

A map pans and zooms through the same few views; the answers change only when the data
do. Each answer is kept (JSON and gzip) in the per-process memo of
:mod:`hubs.core.cache`, keyed by its parameters and the data version, with a
strong ETag derived from the same key, so a client that already has it gets a 304
without anything being computed.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from flask import Response, request

from hubs.core.tables import csv_bytes
from hubs.core.cache import memo

GEOJSON = "application/geo+json"


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str,
                 encoding: str = "utf-8") -> Response:
    """A CSV download for Excel (UTF-8 with BOM, or Shift_JIS), every cell safe to open."""
    return Response(csv_bytes(header, rows, encoding),
                    content_type=f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def geojson_response(data: dict) -> Response:
    """A GeoJSON response with an ETag, answered 304 when the client already has it."""
    response = Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), mimetype=GEOJSON)
    response.add_etag()
    return response.make_conditional(request)


def _encode(document: Any, headers: Callable[[Any], dict[str, str]] | None) -> tuple[bytes, bytes, dict[str, str]]:
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw, gzip.compress(raw, compresslevel=6), headers(document) if headers else {}


def next_link(document: Mapping[str, Any]) -> dict[str, str]:
    """A page's ``next`` member as an RFC 8288 ``Link: <…>; rel="next"`` header (none on the last page)."""
    return {"Link": f'<{document["next"]}>; rel="next"'} if document.get("next") else {}


def cached_json(name: str, params: Hashable, version: Hashable, compute: Callable[[], Any],
                mimetype: str = "application/json",
                headers: Callable[[Any], dict[str, str]] | None = None) -> Response:
    """``compute()``'s JSON for (``name``, ``params``) at ``version``, with ETag and gzip;
    ``headers(document)`` adds headers drawn from the answer (:func:`next_link`), kept with it."""
    etag = hashlib.sha1(repr((name, params, version)).encode()).hexdigest()
    zipped = request.accept_encodings["gzip"] > 0
    tag = f"{etag}:gzip" if zipped else etag
    if tag in request.if_none_match or etag in request.if_none_match:
        response = Response(status=304)
    else:
        raw, compressed, extra = memo(name, params, version, lambda: _encode(compute(), headers))
        response = Response(compressed if zipped else raw, mimetype=mimetype, headers=extra)
        if zipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(tag)
    response.vary.add("Accept-Encoding")
    return response
