"""Upload bombs (issue 11, class 1): every way a file comes in (application upload, the
admin import page, ``flask import``, the SINET import) refuses files over the configured
caps with a clear message in the reader's language, 413 to API clients, and changes nothing."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from hubs.core.extensions import db
from hubs.organizations.models import Organization
from tests.security import hostile_files as hostile

#: Small versions of issue 11's attacks; each crosses one default cap.
BOMBS = {
    "wide_row.xlsx": lambda: hostile.wide_row_xlsx(200_000),
    "tall.xlsx": lambda: hostile.tall_xlsx(200_000),
    "strings.xlsx": lambda: hostile.shared_strings_bomb(200_000),
    "parts.xlsx": lambda: hostile.many_members_xlsx(500),
    "unpacked.xlsx": lambda: hostile.shared_strings_bomb(3_000_000),
    "tall.csv": lambda: hostile.tall_csv(150_000),  # web uploads stay under the test client's 500 KB spool
    "huge.csv": lambda: hostile.tall_csv(3_400_000),  # issue 11's 6.8 MB, 3.4 M rows
    "wide.csv": lambda: hostile.wide_csv(5_000),
}
GEOJSON_BOMBS = {
    "deep.geojson": lambda: hostile.deep_geojson(100_000),
    "features.geojson": lambda: hostile.many_features_geojson(100_001),
    "coordinates.geojson": lambda: hostile.many_coordinates_geojson(200_001),
}


def _organisations(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Organization))


@pytest.mark.parametrize("name", [*BOMBS, *GEOJSON_BOMBS])
def test_cli_import_refuses_each_bomb_and_writes_nothing(app, runner, tmp_path, name):
    before = _organisations(app)
    path = tmp_path / name
    path.write_bytes({**BOMBS, **GEOJSON_BOMBS}[name]())
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code != 0
    assert "more than" in result.output or "nested too deeply" in result.output or "far more" in result.output, \
        result.output
    assert _organisations(app) == before


@pytest.mark.parametrize("name", ["wide_row.xlsx", "tall.csv", "deep.geojson", "strings.xlsx"])
def test_admin_import_page_answers_413_in_the_readers_language(app, client, auth, users, name):
    auth.login(users["dave"])
    before = _organisations(app)
    for lang, words in (("en", ("more than", "nested too deeply", "far more")), ("ja", ("超え", "深すぎ", "はるかに"))):
        token = auth.csrf(f"/admin/import?lang={lang}")
        response = client.post(f"/admin/import?lang={lang}", data={
            "csrf_token": token, "dry_run": "", "file": (io.BytesIO({**BOMBS, **GEOJSON_BOMBS}[name]()), name)},
            content_type="multipart/form-data")
        assert response.status_code == 413
        assert any(w in response.get_data(as_text=True) for w in words), (lang, name)
    assert _organisations(app) == before


@pytest.mark.parametrize("name", ["wide_row.xlsx", "tall.csv", "parts.xlsx"])
def test_application_upload_refuses_bombs(client, auth, users, make_application, tokens, name):
    app_id = make_application(values={})
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}/edit")
    response = client.post(f"/applications/{app_id}/upload", data={
        "csrf_token": token, "file": (io.BytesIO(BOMBS[name]()), name)}, content_type="multipart/form-data")
    assert response.status_code == 413
    values = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert not values["values"]


def test_application_upload_refuses_deep_json(client, auth, users, make_application):
    app_id = make_application(values={})
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}/edit")
    response = client.post(f"/applications/{app_id}/upload", data={
        "csrf_token": token, "file": (io.BytesIO(hostile.deep_json(200_000)), "values.json")},
        content_type="multipart/form-data")
    assert response.status_code == 413


def test_caps_are_configurable(app, runner, tmp_path):
    path = tmp_path / "ten.csv"
    path.write_text("key\n" + "a\n" * 10)
    app.config["ATLAS_UPLOAD_LIMITS"] = {"rows": 5}
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert "more than 5 rows" in result.output
    app.config["ATLAS_IMPORT_MAX_BYTES"] = 10
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert "at most" in result.output


def test_parse_time_is_bounded(app, runner, tmp_path):
    app.config["ATLAS_UPLOAD_LIMITS"] = {"seconds": 0.0}
    path = tmp_path / "slow.csv"
    path.write_text("key\n" + "a\n" * 2000)
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code != 0 and "seconds" in result.output


def test_sinet_import_refuses_bombs(runner, tmp_path):
    nodes, links = tmp_path / "nodes.csv", tmp_path / "links.csv"
    nodes.write_bytes(b"code,lat,lon,capacity_gbps\n" + hostile.tall_csv(3_400_000))
    links.write_text("a,b,capacity_gbps,length_km\n")
    result = runner.invoke(args=["sinet", "import", str(nodes), str(links)])
    assert result.exit_code != 0 and "more than" in result.output
    status = runner.invoke(args=["sinet", "import", str(nodes), str(links)])
    assert "nothing imported" in status.output


def test_a_valid_small_xlsx_still_imports(app, runner, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(hostile.valid_xlsx([
        ["key", "kind", "name_ja", "prefecture_code", "lat", "lon", "location_precision", "source", "fields"],
        ["ok-lab", "public_lab", "正常試験場", "13", 35.68, 139.76, "city", "test", "materials"]]))
    result = runner.invoke(args=["import", "organizations", str(path)])
    assert result.exit_code == 0, result.output
