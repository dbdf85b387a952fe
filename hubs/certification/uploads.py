"""Application values uploaded as a file: JSON, CSV (UTF-8 or cp932) or Excel (.xlsx).

Two table layouts are read: a header row of indicator keys (or their Japanese or English
names) with one row of values below, or two columns ``key,value``. Only reading happens
here; the values are checked by the scoring engine like any other input.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from hubs.certification.scoring import Criteria
from hubs.core.tables import TableError, TableLimits, read_json, read_rows
from hubs.core.errors import InvalidInput

MAX_UPLOAD = 1024 * 1024


#: Rows an application file may hold: one header and one row of values, or key,value pairs.
MAX_ROWS = 500


def _bad(code: str, message: Any, status: int = 400) -> InvalidInput:
    return InvalidInput.single("file", code, message, status=status)


def _refused(error: TableError) -> InvalidInput:
    # Over a cap stays 413; an unreadable file is a bad request.
    return _bad(error.code, error.message, 413 if error.status == 413 else 400)


def _rows_to_values(rows: list[list[Any]], criteria: Criteria) -> dict[str, Any]:
    names = {}
    for indicator in criteria.indicators:
        for name in (indicator.key, indicator.name_ja, indicator.name_en):
            names[str(name).strip().lower()] = indicator.key
    rows = [[("" if c is None else c) for c in row] for row in rows if any(str(c or "").strip() for c in row)]
    if not rows:
        raise _bad("empty", _l("The file holds no values."))

    def key_of(cell: Any) -> str:
        text = str(cell).strip()
        return names.get(text.lower(), text)

    header = [str(c).strip().lower() for c in rows[0]]
    if header[:2] == ["key", "value"] or (len(rows[0]) == 2 and len(rows) > 2):
        body = rows[1:] if header[:2] == ["key", "value"] else rows
        return {key_of(row[0]): (row[1] if len(row) > 1 else "") for row in body if str(row[0]).strip()}
    if len(rows) < 2:
        raise _bad("no_values", _l("A row of values is needed below the header row."))
    return {key_of(k): v for k, v in zip(rows[0], rows[1]) if str(k).strip()}


def read_values(filename: str, data: bytes, criteria: Criteria) -> dict[str, Any]:
    """Indicator key → raw value from an uploaded file; :class:`InvalidInput` (400) if unreadable."""
    if len(data) > MAX_UPLOAD:
        raise _bad("too_large", _l("The file must be at most 1 MB."), 413)
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "json":
        try:
            parsed = read_json(data)
        except TableError as error:
            raise _refused(error) from None
        except (ValueError, RecursionError):
            raise _bad("not_json", _l("Not valid JSON.")) from None
        if isinstance(parsed, dict) and isinstance(parsed.get("values"), dict):
            parsed = parsed["values"]
        if not isinstance(parsed, dict):
            raise _bad("not_object", _l("Expected a JSON object of indicator keys and numbers."))
        return parsed
    if suffix not in ("csv", "xlsx"):
        raise _bad("file_type", _l("Upload a CSV, Excel (.xlsx) or JSON file."))
    try:
        rows = read_rows(filename, data, TableLimits.current(rows=MAX_ROWS))
    except TableError as error:
        raise _refused(error) from None
    return _rows_to_values(rows, criteria)
