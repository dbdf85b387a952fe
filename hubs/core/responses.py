"""Answers of the API: GeoJSON with ETags, read-only answers computed once per data version
and sent many times, and exports written once per data version into a file.

A map pans and zooms through the same few views; the answers change only when the data
do. Each answer is kept (JSON and gzip) in the per-process memo of
:mod:`hubs.core.cache`, keyed by its parameters and the data version, with a
strong ETag derived from the same key, so a client that already has it gets a 304
without anything being computed.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import orjson
from flask import Response, current_app, jsonify, request, send_file, url_for

from hubs.core.tables import csv_bytes
from hubs.core.cache import database_key, memo
from hubs.core.params import PageQuery

T = TypeVar("T")

GEOJSON = "application/geo+json"
#: RFC 8142 GeoJSON Text Sequences: one RS-prefixed, newline-ended GeoJSON text per record.
GEOJSON_SEQ = "application/geo+json-seq"


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str,
                 encoding: str = "utf-8") -> Response:
    """A CSV download for Excel (UTF-8 with BOM, or Shift_JIS), every cell safe to open."""
    return Response(csv_bytes(header, rows, encoding),
                    content_type=f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def json_bytes(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON (Japanese unescaped), by orjson: the standard library's
    encoder was a quarter of the time of a large map answer (65 ms for 2,700 features)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)


def geojson_response(data: dict) -> Response:
    """A GeoJSON response with an ETag, answered 304 when the client already has it."""
    response = Response(json_bytes(data), mimetype=GEOJSON)
    response.add_etag()
    return response.make_conditional(request)


def _encode(document: Any, headers: Callable[[Any], dict[str, str]] | None) -> tuple[bytes, bytes, dict[str, str]]:
    raw = json_bytes(document)
    return raw, gzip.compress(raw, compresslevel=6), headers(document) if headers else {}


def next_link(document: Mapping[str, Any]) -> dict[str, str]:
    """A page's ``next`` member as an RFC 8288 ``Link: <…>; rel="next"`` header (none on the last page)."""
    return {"Link": f'<{document["next"]}>; rel="next"'} if document.get("next") else {}


def keyset_page(items: Iterable[T], query: PageQuery, endpoint: str, key: Callable[[T], int],
                newest_first: bool = False, **values: Any) -> tuple[list[T], str | None]:
    """One :class:`~hubs.core.params.PageQuery` page of a collection computed whole (one
    person's applications, bookings, notices): at most ``query.page_size`` items after the
    cursor in ascending ``key`` (id) order (descending with ``newest_first``: a feed), and the
    URL of the next page of ``endpoint`` (``values``: its path arguments), or None on the last page."""
    if newest_first:
        rest = sorted((item for item in items if query.cursor is None or key(item) < query.after), key=key,
                      reverse=True)
    else:
        rest = sorted((item for item in items if key(item) > query.after), key=key)
    page = rest[:query.page_size]
    more = len(rest) > len(page)
    return page, url_for(endpoint, **values, **query.next_args(key(page[-1]))) if more else None


def page_response(document: Mapping[str, Any]) -> Response:
    """A page as JSON with its ``next`` also in a ``Link`` header (:func:`next_link`)."""
    response = jsonify(document)
    response.headers.update(next_link(document))
    return response


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


#: Export files kept in ``instance/cache/exports`` (least recently used go first).
EXPORT_FILES = 32


def _prune(folder: Path, keep: int) -> None:
    files = sorted(folder.glob("*.export"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in files[keep:]:
        stale.unlink(missing_ok=True)


def cached_file(name: str, params: Hashable, version: Hashable, write: Callable[[IO[bytes]], None],
                mimetype: str, download_name: str) -> Response:
    """An export of any size, written by ``write`` once per (``name``, ``params``, data
    ``version``) into the instance folder and sent from there.

    The file is written a batch at a time (memory stays flat) and renamed into place when
    complete, so no reader ever sees half of it. Sent by ``send_file``: a strong ETag from the
    key (``If-None-Match`` answers 304 without building anything), ``Last-Modified``, and
    byte ranges (``Range``, ``If-Range``: 206), which is what GDAL's ``/vsicurl`` reads with.
    """
    key, path = _export_path(name, params, version)
    if key in request.if_none_match:
        response = Response(status=304)
        response.set_etag(key)
        return response
    folder = path.parent
    if path.exists():
        os.utime(path)  # recently used: pruned last
    else:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as out:
                write(out)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder, EXPORT_FILES)
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=download_name,
                         conditional=True, etag=key, max_age=0)
    response.response = _ClosingAtEnd(response.response)
    return response


def _export_path(name: str, params: Hashable, version: Hashable) -> tuple[str, Path]:
    """The ETag and file of :func:`cached_file`'s export for (``name``, ``params``, ``version``)."""
    key = hashlib.sha1(repr((database_key(), name, params, version)).encode()).hexdigest()
    return key, Path(current_app.instance_path) / "cache" / "exports" / f"{key}.export"


def cached_file_ready(name: str, params: Hashable, version: Hashable) -> bool:
    """Whether :func:`cached_file` would send an export already written (nothing to build)."""
    return _export_path(name, params, version)[1].exists()


class _ClosingAtEnd:
    """A sent file's body that closes the file as soon as its last byte is read, not only when
    the server calls ``close()`` (which some never do for a dropped or unread answer)."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.ended = False

    def __iter__(self) -> _ClosingAtEnd:
        return self

    def __next__(self) -> bytes:
        # Asked again after the end (an empty file ends at once, and some callers start the
        # body before they read it), it stays ended rather than reading the closed file.
        if self.ended:
            raise StopIteration
        try:
            return next(self.body)  # type: ignore[no-any-return]
        except StopIteration:
            self.ended = True
            self.close()
            raise

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close is not None:
            close()
