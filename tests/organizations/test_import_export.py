"""Excel-friendly export and import: BOM and cp932 CSV, xlsx, GeoJSON, dry runs, atomicity."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from hubs.core.extensions import db
from hubs.organizations.models import Organization


def export(client, query: str = "", encoding: str | None = None) -> bytes:
    suffix = f"&encoding={encoding}" if encoding else ""
    response = client.get(f"/api/v1/organizations/export?format=csv{query}{suffix}")
    assert response.status_code == 200
    return response.data


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Organization))


def test_csv_export_is_utf8_with_bom_by_default(client):
    data = export(client)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "東北大学" in data.decode("utf-8-sig")


def test_csv_export_in_shift_jis_on_request(client):
    data = export(client, "&kind=university", "cp932")
    text = data.decode("cp932")
    assert "東北大学" in text
    assert not data.startswith(b"\xef\xbb\xbf")
    response = client.get("/api/v1/organizations/export?format=csv&encoding=latin-1")
    assert response.status_code == 400 and response.get_json()["parameter"] == "encoding"


def test_export_respects_filters(client):
    rows = list(csv.DictReader(io.StringIO(export(client, "&prefecture=47").decode("utf-8-sig"))))
    assert rows and {r["prefecture_code"] for r in rows} == {"47"}


def edited_in_excel(data: bytes, tmp_path: Path, name_change: tuple[str, str], encoding: str) -> Path:
    """What Excel does to an export: rows re-saved, here in the chosen encoding."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    name = header.index("name_ja")
    for row in rows[1:]:
        if row[name] == name_change[0]:
            row[name] = name_change[1]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "edited.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def test_exported_csv_edited_and_reimported_round_trips(app, client, runner, tmp_path):
    data = export(client, "&kind=aist_centre")
    first = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    new_name = first["name_ja"] + "（改称）"
    path = edited_in_excel(data, tmp_path, (first["name_ja"], new_name), "utf-8-sig")  # Excel "CSV UTF-8"
    before = count(app)

    dry = runner.invoke(args=["import", "organizations", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "update" in dry.output and "name_ja" in dry.output
    assert "created 0, updated 1, unchanged 10, errors 0" in dry.output
    assert new_name not in export(client).decode("utf-8-sig")  # dry run wrote nothing

    real = runner.invoke(args=["import", "organizations", str(path)])
    assert real.exit_code == 0, real.output
    assert new_name in export(client).decode("utf-8-sig")
    assert count(app) == before

    again = runner.invoke(args=["import", "organizations", str(path)])
    assert "created 0, updated 0, unchanged 11, errors 0" in again.output


def test_a_file_with_bad_rows_imports_nothing_and_names_each(app, runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "key,kind,name_ja,prefecture_code,lat,lon,location_precision,source,fields\n"
        "new-good,public_lab,新しい試験場,13,35.68,139.76,city,test,materials\n"
        "new-bad,castle,城,48,95,139.76,city,test,alchemy\n"
        "new-bad-2,university,,13,35.6,139.7,nowhere,,\n",
        encoding="utf-8-sig",
    )
    before = count(app)
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code == 1
    for expected in ("line 3: kind", "line 3: prefecture_code", "line 3: lat", "line 3: fields",
                     "line 4: name_ja", "line 4: location_precision", "line 4: source"):
        assert expected in result.output
    assert "line 2:" not in result.output.replace("line 2: create", "")
    assert "nothing imported" in result.output
    assert count(app) == before


def test_xlsx_import(app, runner, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["key", "kind", "name_ja", "name_en", "prefecture_code", "lat", "lon", "location_precision",
                  "source", "fields"])
    sheet.append(["xlsx-lab", "public_lab", "エクセル試験場", "Excel Lab", 1, 43.06, 141.35, "city",
                  "test upload", "materials;energy"])
    path = tmp_path / "orgs.xlsx"
    book.save(path)
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        org = db.session.scalar(select(Organization).where(Organization.key == "xlsx-lab"))
        assert org.prefecture_code == "01" and org.fields == ["materials", "energy"]


def test_geojson_export_imports_back_unchanged(client, runner, tmp_path):
    body = client.get("/api/v1/organizations?region=shikoku").get_json()
    path = tmp_path / "shikoku.geojson"
    path.write_text(json.dumps(body), encoding="utf-8")
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code == 0, result.output
    assert f"created 0, updated 0, unchanged {len(body['features'])}, errors 0" in result.output


def test_not_a_table_is_refused(runner, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x01\x02\xff\xfe")
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code != 0
    assert "UTF-8 or Shift_JIS" in result.output


def test_import_page_is_for_admins_only(client, auth, users):
    assert client.get("/admin/import").status_code == 302
    auth.login(users["alice"])
    assert client.get("/admin/import").status_code == 403


def test_admin_uploads_with_a_row_report(client, auth, users):
    auth.login(users["dave"])
    token = auth.csrf("/admin/import")
    data = "key,kind,name_ja,prefecture_code,lat,lon,location_precision,source\n" \
           "page-lab,public_lab,<script>alert(1)</script>試験場,13,35.68,139.76,city,test\n"
    response = client.post("/admin/import", data={
        "csrf_token": token, "dry_run": "y", "file": (io.BytesIO(data.encode("cp932")), "orgs.csv"),
    }, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;試験場" in html
    assert "<script>alert(1)" not in html
    bad = client.post("/admin/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"key,kind\nx,castle\n"), "orgs.csv"),
    }, content_type="multipart/form-data")
    assert bad.status_code == 422
    missing_csrf = client.post("/admin/import", data={"file": (io.BytesIO(b"a"), "orgs.csv")},
                               content_type="multipart/form-data")
    assert missing_csrf.status_code == 400


def test_export_with_japanese_headings_imports_back(client, runner, tmp_path):
    data = export(client, "&kind=aist_centre&header=ja")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("ID,キー,種別,名称（日本語）")
    path = tmp_path / "ja.csv"
    path.write_bytes(data)
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code == 0, result.output
    assert "created 0, updated 0, unchanged 11, errors 0" in result.output
    assert client.get("/api/v1/organizations/export?format=csv&header=xx").status_code == 400
