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
import re
from collections.abc import Iterable, Sequence
from typing import Any

from charset_normalizer import from_bytes
from flask_babel import lazy_gettext as _l

from hubs.core.errors import AtlasError, FieldError

ENCODINGS = ("utf-8", "cp932")
#: Text that a spreadsheet would run: OWASP's formula triggers, after any quotes we added.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
MAX_XLSX_ROWS = 200_000


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


def read_rows(filename: str, data: bytes) -> list[list[Any]]:
    """The rows of a ``.csv`` or ``.xlsx`` file (first sheet), blank rows kept as ``[]``."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        return [[restore(c) for c in row] for row in csv.reader(io.StringIO(decode_text(data), newline=""))]
    if suffix == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise TableError("not_xlsx", _l("Not a readable Excel (.xlsx) file.")) from None
        try:
            sheet = workbook.worksheets[0]
            return [["" if c is None else restore(c) for c in row]
                    for row in sheet.iter_rows(max_row=MAX_XLSX_ROWS, values_only=True)]
        finally:
            workbook.close()
    raise TableError("file_type", _l("Upload a CSV or Excel (.xlsx) file."))


def read_records(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Header row → dicts, each with its line number in the file (header is line 1)."""
    rows = read_rows(filename, data)
    if not rows:
        raise TableError("empty", _l("The file is empty."))
    header = [str(c).strip() for c in rows[0]]
    return [
        (line, dict(zip(header, ["" if c is None else c for c in row])))
        for line, row in enumerate(rows[1:], start=2)
        if any(str(c).strip() for c in row if c is not None)
    ]


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (CRLF lines) with every cell passed through :func:`neutralise`; no BOM."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in header])
    writer.writerows([neutralise(c) for c in row] for row in rows)
    return out.getvalue()


def encode_csv(text: str, encoding: str = "utf-8") -> bytes:
    """CSV text for Excel: UTF-8 with BOM, or ``cp932`` (characters it lacks become ``?``)."""
    if encoding not in ENCODINGS:
        msg = f"encoding must be one of {', '.join(ENCODINGS)}"
        raise ValueError(msg)
    if encoding == "cp932":
        return text.encode("cp932", errors="replace")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    """CSV for Excel (see :func:`csv_text`, :func:`encode_csv`); the one CSV writer."""
    if encoding not in ENCODINGS:
        msg = f"encoding must be one of {', '.join(ENCODINGS)}"
        raise ValueError(msg)
    return encode_csv(csv_text(header, rows), encoding)
