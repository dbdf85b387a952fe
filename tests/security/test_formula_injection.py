"""Formula injection (issue 11, class 3): no cell the portal writes starts a spreadsheet
formula, and the neutralising quote is stripped again on import, so that an export edited
and imported back round-trips unchanged."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

TRIGGERS = ['=HYPERLINK("http://evil.example/","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
            "\tTab", "\rReturn", "'=already quoted"]
#: What the portal stores for each: trimmed, and a leading quote read as Excel's "this is text".
STORED = [t.strip().removeprefix("'") for t in TRIGGERS]
HEADER = "key,kind,name_ja,name_en,prefecture_code,lat,lon,location_precision,source,fields\n"


def _import(runner, tmp_path, text: str, name: str = "evil.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return runner.invoke(args=["import", "organizations", str(path)])


def _hostile_rows() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, name in enumerate(TRIGGERS):
        writer.writerow([f"evil-{number}", "public_lab", name, name, "47", 26.2, 127.68, "city", name, "materials"])
    return out.getvalue()


def _export(client, query: str = "&prefecture=47") -> bytes:
    response = client.get(f"/api/v1/organizations/export?format=csv{query}")
    assert response.status_code == 200
    return response.data


def _cells(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding))))


def test_no_exported_cell_starts_a_formula(client, runner, tmp_path):
    result = _import(runner, tmp_path, HEADER + _hostile_rows())
    assert result.exit_code == 0, result.output
    for encoding, codec in (("", "utf-8-sig"), ("&encoding=cp932", "cp932")):
        rows = _cells(_export(client, "&prefecture=47" + encoding), codec)
        names = {row[3] for row in rows[1:]}
        for name in STORED:
            assert ("'" + name if name[0] in "=+-@" else name) in names
        for row in rows:
            for cell in row:
                assert not cell or cell[0] not in "=+-@\t\r", cell


def test_export_edit_import_round_trips_unchanged(client, runner, tmp_path):
    assert _import(runner, tmp_path, HEADER + _hostile_rows()).exit_code == 0
    exported = tmp_path / "exported.csv"
    exported.write_bytes(_export(client))
    again = runner.invoke(args=["import", "organizations", str(exported)])
    assert again.exit_code == 0, again.output
    assert ", updated 0," in again.output and "created 0" in again.output
    body = client.get("/api/v1/organizations?prefecture=47").get_json()
    names = {f["properties"]["name_ja"] for f in body["features"]}
    assert set(STORED) <= names  # no quote added or lost on the way round


def test_numbers_stay_numbers_and_text_numbers_are_quoted(client, runner, tmp_path):
    assert _import(runner, tmp_path, HEADER + "neg,public_lab,-1.5,-1.5,47,26.2,127.68,city,src,materials\n").exit_code == 0
    rows = _cells(_export(client))
    row = next(r for r in rows if r[1] == "neg")
    assert row[3] == "'-1.5"  # a name typed as text
    assert float(row[rows[0].index("lat")]) == pytest.approx(26.2)  # coordinates are numbers


def test_xlsx_upload_with_quoted_cells_imports_the_text(client, runner, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["x-evil", "public_lab", "'=1+1", "'@cmd", "47", 26.2, 127.68, "city", "src", "materials"])
    path = tmp_path / "orgs.xlsx"
    book.save(path)
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code == 0, result.output
    body = client.get("/api/v1/organizations?q=%3D1%2B1").get_json()
    assert [f["properties"]["name_en"] for f in body["features"]] == ["@cmd"]


def test_partner_and_exploration_csv_cells_are_inert(client, runner, tmp_path):
    assert _import(runner, tmp_path, HEADER + _hostile_rows()).exit_code == 0
    body = client.get("/api/v1/organizations?prefecture=47&kind=university").get_json()
    origin = body["features"][0]["id"]
    for path in (f"/api/v1/partners?org={origin}&format=csv&limit=50",
                 "/api/v1/choropleth?format=csv", "/api/v1/specialisation?format=csv"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
        for row in _cells(response.data):
            for cell in row:
                assert not cell or cell[0] not in "=+-@\t\r", (path, cell)
