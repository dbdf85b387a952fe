"""Tables as Excel users hand them over and want them back.

Reading: CSV in UTF-8 (with or without BOM) or cp932 (Shift_JIS as Windows Excel saves
it), detected; Excel ``.xlsx``. Writing: CSV in UTF-8 with BOM (Excel opens it with the
right characters) or cp932 on request.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from charset_normalizer import from_bytes

ENCODINGS = ("utf-8", "cp932")
MAX_XLSX_ROWS = 200_000


class TableError(ValueError):
    """The file cannot be read as a table; ``code`` names why, messages in ja and en."""

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en


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
        raise TableError("encoding", "文字コードは UTF-8 または Shift_JIS (cp932) にしてください。",
                         "The file must be UTF-8 or Shift_JIS (cp932) text.")
    return str(best)


def read_rows(filename: str, data: bytes) -> list[list[Any]]:
    """The rows of a ``.csv`` or ``.xlsx`` file (first sheet), blank rows kept as ``[]``."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        return [list(row) for row in csv.reader(io.StringIO(decode_text(data)))]
    if suffix == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise TableError("not_xlsx", "Excel (.xlsx) ファイルとして読めません。",
                             "Not a readable Excel (.xlsx) file.") from None
        try:
            sheet = workbook.worksheets[0]
            return [["" if c is None else c for c in row]
                    for row in sheet.iter_rows(max_row=MAX_XLSX_ROWS, values_only=True)]
        finally:
            workbook.close()
    raise TableError("file_type", "CSV または Excel (.xlsx) にしてください。", "Upload a CSV or Excel (.xlsx) file.")


def read_records(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Header row → dicts, each with its line number in the file (header is line 1)."""
    rows = read_rows(filename, data)
    if not rows:
        raise TableError("empty", "ファイルが空です。", "The file is empty.")
    header = [str(c).strip() for c in rows[0]]
    return [
        (line, dict(zip(header, ["" if c is None else c for c in row])))
        for line, row in enumerate(rows[1:], start=2)
        if any(str(c).strip() for c in row if c is not None)
    ]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    """CSV for Excel: UTF-8 with BOM, or ``cp932`` (characters it lacks become ``?``)."""
    if encoding not in ENCODINGS:
        msg = f"encoding must be one of {', '.join(ENCODINGS)}"
        raise ValueError(msg)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    if encoding == "cp932":
        return out.getvalue().encode("cp932", errors="replace")
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
