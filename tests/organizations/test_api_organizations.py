"""The organisations and prefectures API: GeoJSON, filters, CSV, errors, OpenAPI."""
from __future__ import annotations

import csv
import io

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi


def schema_validator(client, name: str) -> Draft202012Validator:
    document = client.get("/api/v1/openapi.json").get_json()
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": document["components"]})


def features(client, query: str = "") -> list[dict]:
    """Every matching organisation: the first page, then each ``next`` page (keyset pages)."""
    url, found = f"/api/v1/organizations{query}", []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.data
        assert response.mimetype == "application/geo+json"
        body = response.get_json()
        found += body["features"]
        url = body.get("next")
    return found


def test_organizations_are_a_valid_feature_collection(client):
    response = client.get("/api/v1/organizations")
    body = response.get_json()
    assert body["type"] == "FeatureCollection"
    schema_validator(client, "OrganizationCollection").validate(body)
    feature = body["features"][0]
    lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
    assert 122 <= lon <= 154 and 20 <= lat <= 46
    for key in ("id", "kind", "name_ja", "name_en", "prefecture_code", "fields", "sinet_connected",
                "source", "location_precision"):
        assert key in feature["properties"]


@pytest.mark.parametrize("kind", ["aist_centre", "aist_oil", "public_lab", "university", "hub"])
def test_kind_filter(client, kind):
    found = features(client, f"?kind={kind}")
    assert found and all(f["properties"]["kind"] == kind for f in found)


def test_several_values_in_one_filter(client):
    found = features(client, "?kind=aist_centre,hub")
    assert {f["properties"]["kind"] for f in found} == {"aist_centre", "hub"}


def test_prefecture_and_region_filters(client):
    tokyo = features(client, "?prefecture=13")
    assert tokyo and all(f["properties"]["prefecture_code"] == "13" for f in tokyo)
    assert features(client, "?prefecture=1") == features(client, "?prefecture=01")
    kyushu = features(client, "?region=kyushu_okinawa")
    assert {f["properties"]["prefecture_code"] for f in kyushu} <= {f"{n}" for n in range(40, 48)}
    assert "47" in {f["properties"]["prefecture_code"] for f in kyushu}


def test_field_filter(client):
    found = features(client, "?field=energy")
    assert found and all("energy" in f["properties"]["fields"] for f in found)


def test_text_search_matches_japanese_and_english_names(client):
    ja = features(client, "?q=東北大学")
    assert any(f["properties"]["name_ja"].startswith("東北大学") for f in ja)
    en = features(client, "?q=tohoku university")
    assert any("Tohoku University" in f["properties"]["name_en"] for f in en)
    assert features(client, "?q=%25%25%25") == []  # % is a literal, not a wildcard


def test_bbox_is_exact_and_inclusive(client):
    everything = features(client)
    box = (139.5, 35.5, 140.0, 36.2)
    inside = features(client, "?bbox=" + ",".join(map(str, box)))
    expected = {f["id"] for f in everything
                if box[0] <= f["geometry"]["coordinates"][0] <= box[2]
                and box[1] <= f["geometry"]["coordinates"][1] <= box[3]}
    assert expected and {f["id"] for f in inside} == expected
    lon, lat = inside[0]["geometry"]["coordinates"]
    on_edge = features(client, f"?bbox={lon},{lat},{lon},{lat}")
    assert inside[0]["id"] in {f["id"] for f in on_edge}


@pytest.mark.parametrize("box", ["139,35,139,36", "139,35.5,140,35.5", "139.7,35.7,139.7,35.7"])
@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm frame"])
def test_a_box_of_no_area_is_valid_and_holds_what_lies_on_it(client, box, warm):
    # Regression: with the national map's frame built, zoom=5 and min == max answered 500.
    if warm:
        assert client.get("/api/v1/choropleth").status_code == 200  # builds the in-memory frame
    minlon, minlat, maxlon, maxlat = map(float, box.split(","))
    for zoom in ("&zoom=5", "&zoom=14", ""):
        response = client.get(f"/api/v1/organizations?bbox={box}{zoom}")
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        for f in body["features"]:
            lon, lat = f["geometry"]["coordinates"]
            assert minlon <= lon <= maxlon and minlat <= lat <= maxlat
    assert client.get("/api/v1/organizations?bbox=139,35,139,36&zoom=5").status_code == 200


@pytest.mark.parametrize(("query", "parameter"), [
    ("kind=castle", "kind"),
    ("prefecture=48", "prefecture"),
    ("region=kanto,mars", "region"),
    ("field=alchemy", "field"),
    ("bbox=1,2,3", "bbox"),
    ("bbox=140,36,139", "bbox"),
    ("bbox=140,95,141,36", "bbox"),
    ("bbox=a,b,c,d", "bbox"),
    ("q=" + "x" * 201, "q"),
    ("format=xml", "format"),
])
def test_bad_parameters_answer_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/organizations?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter
    assert body["message"]


def test_one_organization_and_unknown_ids(client):
    first = features(client)[0]
    response = client.get(f"/api/v1/organizations/{first['id']}")
    assert response.status_code == 200
    schema_validator(client, "OrganizationFeature").validate(response.get_json())
    missing = client.get("/api/v1/organizations/999999")
    assert missing.status_code == 404
    assert missing.get_json()["message"]


def test_csv_has_the_same_rows_as_geojson(client):
    query = "?kind=university&region=tohoku"
    geo = features(client, query)
    response = client.get(f"/api/v1/organizations/export{query}&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert sorted(int(r["id"]) for r in rows) == sorted(f["id"] for f in geo)
    assert {"key", "kind", "name_ja", "lat", "lon", "fields", "source", "location_precision"} <= set(rows[0])


def test_prefectures_have_polygons_and_counts(client):
    body = client.get("/api/v1/prefectures").get_json()
    assert len(body["features"]) == 47
    total = 0
    for feature in body["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert set(feature["properties"]["counts"]) == {"aist_centre", "aist_oil", "public_lab", "university", "hub",
                                                        "kosen", "national_rd", "inter_university", "aist_joint_lab"}
        assert feature["properties"]["counts"]["public_lab"] >= 1
        total += feature["properties"]["total"]
    assert total == len(features(client))


def test_openapi_document_is_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate_openapi(document)
    assert "/api/v1/organizations" in document["paths"]
