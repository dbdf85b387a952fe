"""Application values uploaded as a file: JSON, CSV (UTF-8 or cp932) or Excel (.xlsx).

Two table layouts are read: a header row of indicator keys (or their Japanese or English
names) with one row of values below, or two columns ``key,value``. Only reading happens
here; the values are checked by the scoring engine like any other input.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from charset_normalizer import from_bytes

from hubs.scoring import Criteria
from hubs.validation import InvalidInput

MAX_UPLOAD = 1024 * 1024
ENCODINGS = ("utf_8", "cp932")


def _bad(code: str, ja: str, en: str) -> InvalidInput:
    return InvalidInput.single("file", code, ja, en, status=400)


def decode_csv(data: bytes) -> str:
    """Text of a CSV in UTF-8 (with or without BOM) or cp932 (Shift_JIS as Windows Excel saves it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: let charset-normalizer confirm that it reads cleanly as cp932.
    best = from_bytes(data, cp_isolation=list(ENCODINGS)).best() if b"\x00" not in data else None
    if best is None:
        raise _bad("encoding", "文字コードは UTF-8 または Shift_JIS (cp932) にしてください。",
                   "The file must be UTF-8 or Shift_JIS (cp932) text.")
    return str(best)


def _rows_to_values(rows: list[list[Any]], criteria: Criteria) -> dict[str, Any]:
    names = {}
    for indicator in criteria.indicators:
        for name in (indicator.key, indicator.name_ja, indicator.name_en):
            names[str(name).strip().lower()] = indicator.key
    rows = [[("" if c is None else c) for c in row] for row in rows if any(str(c or "").strip() for c in row)]
    if not rows:
        raise _bad("empty", "ファイルに値がありません。", "The file holds no values.")

    def key_of(cell: Any) -> str:
        text = str(cell).strip()
        return names.get(text.lower(), text)

    header = [str(c).strip().lower() for c in rows[0]]
    if header[:2] == ["key", "value"] or (len(rows[0]) == 2 and len(rows) > 2):
        body = rows[1:] if header[:2] == ["key", "value"] else rows
        return {key_of(row[0]): (row[1] if len(row) > 1 else "") for row in body if str(row[0]).strip()}
    if len(rows) < 2:
        raise _bad("no_values", "見出し行の下に値の行が必要です。", "A row of values is needed below the header row.")
    return {key_of(k): v for k, v in zip(rows[0], rows[1]) if str(k).strip()}


def read_values(filename: str, data: bytes, criteria: Criteria) -> dict[str, Any]:
    """Indicator key → raw value from an uploaded file; :class:`InvalidInput` (400) if unreadable."""
    if len(data) > MAX_UPLOAD:
        raise _bad("too_large", "ファイルは1MB以内にしてください。", "The file must be at most 1 MB.")
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "json":
        try:
            parsed = json.loads(decode_csv(data))
        except ValueError:
            raise _bad("not_json", "JSON として読めません。", "Not valid JSON.") from None
        if isinstance(parsed, dict) and isinstance(parsed.get("values"), dict):
            parsed = parsed["values"]
        if not isinstance(parsed, dict):
            raise _bad("not_object", "指標キーと数値の JSON オブジェクトにしてください。",
                       "Expected a JSON object of indicator keys and numbers.")
        return parsed
    if suffix == "csv":
        text = decode_csv(data)
        return _rows_to_values([list(r) for r in csv.reader(io.StringIO(text))], criteria)
    if suffix == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise _bad("not_xlsx", "Excel (.xlsx) ファイルとして読めません。", "Not a readable Excel (.xlsx) file.") from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(max_row=500, values_only=True)]
        workbook.close()
        return _rows_to_values(rows, criteria)
    raise _bad("file_type", "CSV・Excel (.xlsx)・JSON のいずれかにしてください。", "Upload a CSV, Excel (.xlsx) or JSON file.")
