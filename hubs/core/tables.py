"""Tables as Excel users hand them over and want them back.

Reading: CSV in UTF-8 (with or without BOM) or cp932 (Shift_JIS as Windows Excel saves
it), detected; Excel ``.xlsx``. Writing: CSV in UTF-8 with BOM (Excel opens it with the
right characters) or cp932 on request.

Every text cell the portal writes is made inert for spreadsheets (OWASP's CSV injection
rule): a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
leading ``'``. Reading strips that one ``'`` again, so that an exported file, edited and
imported back, round-trips unchanged. A text that already starts with ``'`` before such a
character gets one more, so the rule is a bijection on text. Numbers the portal writes as
numbers (``int``, ``float``) stay numbers: ``-1.5`` is not a formula, and a number typed by
a person arrives as text and is prefixed like any other text.
"""
from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import dataclass, field, replace
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from datetime import time as time_of_day
from typing import Any

from charset_normalizer import from_bytes
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from hubs.core.errors import AtlasError, FieldError

ENCODINGS = ("utf-8", "cp932")
#: Text that a spreadsheet would run: OWASP's formula triggers, after any quotes we added.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


class TableError(AtlasError):
    """The file cannot be read as a table (422; 413 when over a cap); ``code`` names why."""

    status = 422

    def __init__(self, code: str, message: Any, status: int | None = None) -> None:
        super().__init__(message, code=code, status=status, errors=[FieldError("file", code, message)])


def decode_text(data: bytes) -> str:
    """Text of a file in UTF-8 (BOM or not) or cp932; :class:`TableError` otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: let charset-normalizer confirm that it reads cleanly as cp932.
    best = from_bytes(data, cp_isolation=["cp932"]).best() if b"\x00" not in data else None
    if best is None:
        raise TableError("encoding", _l("The file must be UTF-8 or Shift_JIS (cp932) text."))
    return str(best)


def neutralise(value: Any) -> Any:
    """``value`` safe to put in a spreadsheet cell: text that would start a formula gets ``'``."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """Undo :func:`neutralise` on a cell read from a file (text only)."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value):
        return value[1:]
    return value


@dataclass(frozen=True)
class TableLimits:
    """Caps on what an uploaded file may make the server do; over any cap → 413, nothing read.

    Checked before parsing where the file allows it (a zip's member count and its declared
    and real uncompressed sizes, a sheet's rows and cells counted on the raw XML stream),
    and again while reading (rows, columns, cells, elapsed time).
    """

    rows: int = 100_000
    columns: int = 100
    cells: int = 2_000_000
    unzipped_bytes: int = 32 * 1024 * 1024
    zip_members: int = 100
    seconds: float = 20.0
    features: int = 100_000
    coordinates: int = 200_000
    json_depth: int = 32

    @classmethod
    def current(cls, **overrides: Any) -> TableLimits:
        """The limits configured for this app (``ATLAS_UPLOAD_MAX_*``), with ``overrides``."""
        configured = current_app.config.get("ATLAS_UPLOAD_LIMITS", {}) if has_app_context() else {}
        return replace(cls(), **{**configured, **overrides})


def _too_big(code: str, message: Any) -> TableError:
    return TableError(code, message, status=413)


class _Clock:
    """Elapsed time of one read, checked every so many rows."""

    def __init__(self, limits: TableLimits) -> None:
        self.deadline = time.monotonic() + limits.seconds
        self.seconds = limits.seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _too_big("too_slow", _l("Reading the file took more than %(n)s seconds; split it into "
                                          "smaller files.", n=format(self.seconds, "g")))


def _check_shape(rows: int, width: int, cells: int, limits: TableLimits) -> None:
    if rows > limits.rows:
        raise _too_big("too_many_rows", _l("The file has more than %(n)s rows.", n=format(limits.rows, ",")))
    if width > limits.columns:
        raise _too_big("too_many_columns", _l("A row has more than %(n)s columns.", n=format(limits.columns, ",")))
    if cells > limits.cells:
        raise _too_big("too_many_cells", _l("The file has more than %(n)s cells.", n=format(limits.cells, ",")))


def _bounded(rows: Iterable[Sequence[Any]], limits: TableLimits, clock: _Clock) -> list[list[Any]]:
    """Rows with restored text cells, stopped at the first cap crossed."""
    kept: list[list[Any]] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        _check_shape(number, len(row), cells, limits)
        if number % 1000 == 0:
            clock.check()
        kept.append(["" if c is None else restore(c) for c in row])
    clock.check()
    return kept


class _XmlCounter:
    """Rows and cells of a sheet (or strings of a shared-strings part) counted on the raw XML
    stream, in constant memory, before any parser builds them."""

    def __init__(self, limits: TableLimits) -> None:
        self.limits = limits
        self.tail = b""
        self.prefix: bytes | None = None
        self.rows = self.cells = self.width = 0
        self.strings = False

    def feed(self, chunk: bytes) -> None:
        buffer = self.tail + chunk
        if self.prefix is None:
            root = re.search(rb"<(\w+:)?(worksheet|sst)[\s>]", buffer)
            if root is None and len(buffer) < 4096:
                self.tail = buffer
                return
            self.prefix = (root.group(1) or b"") if root else b""
            self.strings = bool(root) and root.group(2) == b"sst"
        cut = buffer.rfind(b"<")
        if cut <= 0 or len(buffer) - cut > 1 << 20:
            cut = len(buffer)
        body, self.tail = buffer[:cut], buffer[cut:]
        p = self.prefix
        pieces = re.split(b"<" + re.escape(p) + rb"(?:row|si)[\s/>]", body)
        for index, piece in enumerate(pieces):
            if index:
                self.rows += 1
                self.width = 0
            found = piece.count(b"<" + p + b"c ") + piece.count(b"<" + p + b"c>") + piece.count(b"<" + p + b"c/>")
            self.width += found
            self.cells += found
            if self.strings:  # shared strings: as many as cells at most
                _check_shape(0, 0, self.rows, self.limits)
            else:
                _check_shape(self.rows, self.width, self.cells, self.limits)


#: Unused shared strings tolerated (Excel keeps some after cells are deleted).
_SPARE_STRINGS = 10_000


def _check_zip(data: bytes, limits: TableLimits) -> None:
    """Refuse an xlsx whose parts are too many or unpack too large, declared or real."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError("not_xlsx", _l("Not a readable Excel (.xlsx) file.")) from None
    too_large = _too_big("too_large_unpacked", _l("The Excel file unpacks to more than %(n)s MB.",
                                                  n=limits.unzipped_bytes // (1024 * 1024)))
    if len(members) > limits.zip_members:
        raise _too_big("too_many_parts", _l("The Excel file holds more than %(n)s parts.", n=limits.zip_members))
    if sum(m.file_size for m in members) > limits.unzipped_bytes:
        raise too_large
    clock = _Clock(limits)
    real = sheet_cells = strings = 0
    try:
        for member in members:
            counted = member.filename.startswith("xl/worksheets/") or member.filename == "xl/sharedStrings.xml"
            counter = _XmlCounter(limits) if counted else None
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 20):
                    real += len(chunk)
                    if real > limits.unzipped_bytes:
                        raise too_large
                    if counter is not None:
                        counter.feed(chunk)
                    clock.check()
            if counter is not None and counter.strings:
                strings += counter.rows
            elif counter is not None:
                sheet_cells += counter.cells
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise TableError("not_xlsx", _l("Not a readable Excel (.xlsx) file.")) from None
    # Shared strings are loaded whole before the first row: far more of them than cells
    # that could use them is a bomb, not a spreadsheet.
    if strings > sheet_cells + _SPARE_STRINGS:
        raise _too_big("too_many_strings", _l("The Excel file holds far more texts than cells."))


def _trimmed(row: Sequence[Any]) -> Sequence[Any]:
    """A sheet row without the empty cells openpyxl pads it with up to ``max_col``."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def read_rows(filename: str, data: bytes, limits: TableLimits | None = None) -> list[list[Any]]:
    """The rows of a ``.csv`` or ``.xlsx`` file (first sheet), blank rows kept as ``[]``.

    Text cells come back as typed before export (:func:`restore`). A file over any of
    ``limits`` (by default :meth:`TableLimits.current`) raises :class:`TableError` with
    status 413 before anything is built from it.
    """
    limits = limits or TableLimits.current()
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        clock = _Clock(limits)
        try:
            return _bounded(csv.reader(io.StringIO(decode_text(data), newline="")), limits, clock)
        except csv.Error:
            raise TableError("not_csv", _l("Not a readable CSV file.")) from None
    if suffix == "xlsx":
        from openpyxl import load_workbook

        _check_zip(data, limits)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise TableError("not_xlsx", _l("Not a readable Excel (.xlsx) file.")) from None
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(max_row=limits.rows + 1, max_col=limits.columns + 1, values_only=True)
            return _bounded((_trimmed(row) for row in rows), limits, _Clock(limits))
        except TableError:
            raise
        except Exception:
            raise TableError("not_xlsx", _l("Not a readable Excel (.xlsx) file.")) from None
        finally:
            workbook.close()
    raise TableError("file_type", _l("Upload a CSV or Excel (.xlsx) file."))


def read_records(filename: str, data: bytes, limits: TableLimits | None = None) -> list[tuple[int, dict[str, Any]]]:
    """Header row → dicts, each with its line number in the file (header is line 1)."""
    rows = read_rows(filename, data, limits)
    if not rows:
        raise TableError("empty", _l("The file is empty."))
    header = [str(c).strip() for c in rows[0]]
    return [
        (line, dict(zip(header, ["" if c is None else c for c in row])))
        for line, row in enumerate(rows[1:], start=2)
        if any(str(c).strip() for c in row if c is not None)
    ]


def json_depth(text: str) -> int:
    """How deeply ``text`` (JSON) nests arrays and objects, counted without parsing it."""
    import numpy as np

    brackets = re.sub(r"[^\[\]{}]", "", re.sub(r'"(?:[^"\\]|\\.)*"', "", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def read_json(data: bytes, limits: TableLimits | None = None) -> Any:
    """An uploaded JSON document, refused (413) when nested deeper than ``limits.json_depth``.

    Raises ``ValueError`` when it is not JSON and :class:`TableError` when it is not text.
    """
    limits = limits or TableLimits.current()
    text = decode_text(data)
    if json_depth(text) > limits.json_depth:
        raise _too_big("too_deep", _l("The JSON is nested too deeply."))
    return json.loads(text)


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (CRLF lines) with every cell passed through :func:`neutralise`; no BOM."""
    return "".join(_csv_pieces(header, rows))


def _csv_pieces(header: Sequence[Any], rows: Iterable[Sequence[Any]], batch: int = 1000) -> Iterator[str]:
    """:func:`csv_text` a batch of rows at a time, so that any number of rows takes flat memory."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([neutralise(c) for c in row])
        if number % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def encode_csv(text: str, encoding: str = "utf-8") -> bytes:
    """CSV text for Excel: UTF-8 with BOM, or ``cp932`` (characters it lacks become ``?``)."""
    if encoding not in ENCODINGS:
        msg = f"encoding must be one of {', '.join(ENCODINGS)}"
        raise ValueError(msg)
    if encoding == "cp932":
        return text.encode("cp932", errors="replace")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def csv_chunks(header: Sequence[Any], rows: Iterable[Sequence[Any]], encoding: str = "utf-8") -> Iterator[bytes]:
    """The bytes of :func:`csv_bytes`, a batch of rows at a time (for exports of any size)."""
    if encoding not in ENCODINGS:
        msg = f"encoding must be one of {', '.join(ENCODINGS)}"
        raise ValueError(msg)
    if encoding == "utf-8":
        yield b"\xef\xbb\xbf"
    for piece in _csv_pieces(header, rows):
        yield piece.encode("cp932", errors="replace") if encoding == "cp932" else piece.encode("utf-8")


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    """CSV for Excel (see :func:`csv_text`, :func:`encode_csv`); the one CSV writer."""
    return b"".join(csv_chunks(header, rows, encoding))


# ---------------------------------------------------------------------- import reports


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text an import validates: whole numbers without ``.0``, dates
    (Excel's are datetimes at midnight) as ISO dates, the rest stripped; empty for ``None``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time_of_day.min:
        return value.date().isoformat()
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()



@dataclass
class RowOutcome:
    """What an all-or-nothing import does with one row: ``create``, ``update``, ``unchanged`` or ``error``."""

    line: int
    action: str  # create, update, unchanged, error
    id: int | None = None
    key: str = ""
    name: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "action": self.action, "id": self.id, "key": self.key, "name": self.name,
                "changes": self.changes, "errors": [e.to_dict() for e in self.errors]}


@dataclass
class ImportReport:
    """The row-by-row report of an import that writes every row or none (``applied``)."""

    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)
    file_error: FieldError | None = None

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def ok(self) -> bool:
        return self.file_error is None and self.count("error") == 0

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "dry_run": self.dry_run, "applied": self.applied,
            "created": self.count("create"), "updated": self.count("update"),
            "unchanged": self.count("unchanged"), "errors": self.count("error"),
            "file_error": self.file_error.to_dict() if self.file_error else None,
            "rows": [r.to_dict() for r in self.rows],
        }
