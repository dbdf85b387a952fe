"""Hostile upload files, built in memory: used by the upload-bomb tests (small sizes) and by
``tests/bench/bench_uploads.py`` (the sizes of issue 11's attacks)."""
from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
_CHUNK = 1 << 20


def _write_streamed(archive: zipfile.ZipFile, name: str, parts: Iterable[str]) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as stream:
        buffer: list[str] = []
        size = 0
        for part in parts:
            buffer.append(part)
            size += len(part)
            if size > _CHUNK:
                stream.write("".join(buffer).encode())
                buffer, size = [], 0
        stream.write("".join(buffer).encode())


def xlsx(sheet: Iterable[str], shared_strings: Iterable[str] | None = None, extra_members: int = 0) -> bytes:
    """An .xlsx whose first sheet's ``<sheetData>`` is ``sheet`` (XML pieces), deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        _write_streamed(archive, "xl/worksheets/sheet1.xml", [_SHEET_HEAD, *sheet, _SHEET_TAIL])
        strings = shared_strings if shared_strings is not None else iter(["<si><t>x</t></si>"])
        _write_streamed(archive, "xl/sharedStrings.xml", [
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', *strings, "</sst>"])
        for number in range(extra_members):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")
    return out.getvalue()


def valid_xlsx(rows: list[list[object]]) -> bytes:
    """A small well-formed sheet of numbers and inline strings."""
    def cell(value: object) -> str:
        if isinstance(value, (int, float)):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'
    return xlsx("<row>" + "".join(cell(v) for v in row) + "</row>" for row in rows)


def wide_row_xlsx(cells: int) -> bytes:
    """One row of ``cells`` numeric cells (issue 11: 20 million cells in a 587 KB file)."""
    return xlsx(["<row>", *("<c><v>1</v></c>" * 10_000 for _ in range(cells // 10_000)), "</row>"])


def tall_xlsx(rows: int) -> bytes:
    """``rows`` rows of one cell each."""
    return xlsx("<row><c><v>1</v></c></row>" * 10_000 for _ in range(rows // 10_000))


def shared_strings_bomb(strings: int, length: int = 1) -> bytes:
    """A sheet of one cell whose shared-strings part holds ``strings`` strings."""
    text = "<si><t>" + "x" * length + "</t></si>"
    return xlsx(['<row><c t="s"><v>0</v></c></row>'], (text * 1000 for _ in range(strings // 1000)))


def many_members_xlsx(members: int) -> bytes:
    return xlsx(["<row><c><v>1</v></c></row>"], extra_members=members)


def tall_csv(rows: int) -> bytes:
    """Issue 11's 6.8 MB CSV of 3.4 million rows when ``rows`` = 3,400,000."""
    return b"a\n" * rows


def wide_csv(columns: int) -> bytes:
    return b",".join([b"a"] * columns) + b"\n"


def deep_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_geojson(depth: int) -> bytes:
    """A FeatureCollection whose one feature's coordinates nest ``depth`` deep."""
    coordinates = "[" * depth + "1,2" + "]" * depth
    return ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            '"geometry":{"type":"Point","coordinates":' + coordinates + "}}]}").encode()


def many_features_geojson(features: int) -> bytes:
    feature = {"type": "Feature", "properties": {}, "geometry": None}
    return json.dumps({"type": "FeatureCollection", "features": [feature] * features}).encode()


def many_coordinates_geojson(points: int) -> bytes:
    line = {"type": "LineString", "coordinates": [[139.7, 35.6]] * points}
    feature = {"type": "Feature", "properties": {}, "geometry": line}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
