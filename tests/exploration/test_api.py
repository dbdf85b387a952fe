"""Exploration API on a small hand-built data set: choropleths, location quotients, clusters,
areas, regions, CSV exports and bad parameters.

The data set (every seeded organisation removed first), EPSG:4326 lon/lat:

=====  ===========  ====  ======================  ===================
name   kind         pref  fields                  where
=====  ===========  ====  ======================  ===================
T1     university   13    ai_it                   139.700, 35.680
T2     public_lab   13    ai_it; materials        139.705, 35.680
T3     hub          13    bio                     139.710, 35.680
O1     university   27    materials               135.500, 34.690
O2     public_lab   27    materials               135.505, 34.690
AIST   aist_centre  08    measurement             140.130, 36.060
=====  ===========  ====  ======================  ===================

Organisation-field pairs: Tokyo ai_it 2, materials 1, bio 1 (4); Osaka materials 2 (2);
Ibaraki measurement 1 (1); nation ai_it 2, materials 3, bio 1, measurement 1 (7). So by hand:
LQ(Tokyo, ai_it) = (2/4)/(2/7) = 1.75, LQ(Tokyo, materials) = (1/4)/(3/7) = 7/12,
LQ(Tokyo, bio) = (1/4)/(1/7) = 1.75, LQ(Osaka, materials) = (2/2)/(3/7) = 7/3,
LQ(Ibaraki, measurement) = 7. The top quartile of the five LQs is 7/3 and the bottom quartile
of the counts is 1, so only Osaka-materials is strong (Ibaraki's count of 1 is not above 1).
Neighbours are ≈ 450 m apart, so at 1 km Tokyo's three and Osaka's two form clusters.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
import shapely
from sqlalchemy import delete

from hubs.exploration import operations as ops
from hubs.core.extensions import db
from hubs.organizations.models import Organization, OrganizationField

TOKYO_POPULATION = 14_047_594


def create_org(name: str, kind: str, prefecture: str, lon: float, lat: float, fields: list[str],
               synthetic: bool = False) -> Organization:
    org = Organization(kind=kind, name_ja=name, name_en=name, prefecture_code=prefecture, lon=lon, lat=lat,
                       location_precision="campus", source="test", synthetic=synthetic)
    org.fields = fields
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def small_world(app):
    """Replace the seeded organisations by the six of the module docstring."""
    with app.app_context():
        db.session.execute(delete(OrganizationField))
        db.session.execute(delete(Organization))
        db.session.commit()
        orgs = {
            "T1": create_org("T1", "university", "13", 139.700, 35.680, ["ai_it"]),
            "T2": create_org("T2", "public_lab", "13", 139.705, 35.680, ["ai_it", "materials"]),
            "T3": create_org("T3", "hub", "13", 139.710, 35.680, ["bio"]),
            "O1": create_org("O1", "university", "27", 135.500, 34.690, ["materials"]),
            "O2": create_org("O2", "public_lab", "27", 135.505, 34.690, ["materials"]),
            "AIST": create_org("AIST", "aist_centre", "08", 140.130, 36.060, ["measurement"]),
        }
        return {key: org.id for key, org in orgs.items()}


def by_code(data: dict) -> dict[str, dict]:
    return {row["code"]: row for row in data["prefectures"]}


def test_choropleth_totals_per_prefecture(client, small_world):
    data = client.get("/api/v1/choropleth?measure=total").get_json()
    rows = by_code(data)
    assert len(rows) == 47
    assert (rows["13"]["value"], rows["27"]["value"], rows["08"]["value"], rows["01"]["value"]) == (3, 2, 1, 0)
    assert data["total"] == 6
    # Zero is its own grey class; the others get the ramp, darker for more.
    assert rows["01"]["colour"] == ops.ZERO_COLOUR
    assert rows["13"]["colour"] == data["classes"][-1]["colour"] != rows["08"]["colour"]
    assert "every kind" in client.get("/api/v1/choropleth?measure=total&lang=en").get_json()["counts"]


def test_choropleth_per_100k_inhabitants_uses_the_2020_census(client, small_world):
    rows = by_code(client.get("/api/v1/choropleth?measure=per_100k").get_json())
    assert rows["13"]["population"] == TOKYO_POPULATION
    assert rows["13"]["count"] == 3
    assert rows["13"]["value"] == pytest.approx(3 / TOKYO_POPULATION * 100_000, abs=1e-3)


@pytest.mark.parametrize(("measure", "expected"), [
    ("kind:university", {"13": 1, "27": 1, "08": 0}),
    ("kind:aist_centre", {"13": 0, "27": 0, "08": 1}),
    ("field:ai_it", {"13": 2, "27": 0}),
    ("field:materials", {"13": 1, "27": 2}),
    ("hubs", {"13": 1, "27": 0}),
])
def test_choropleth_by_kind_field_and_hubs(client, small_world, measure, expected):
    rows = by_code(client.get(f"/api/v1/choropleth?measure={measure}").get_json())
    assert {code: rows[code]["value"] for code in expected} == expected


def test_hub_measure_adds_organisations_certified_today(client, small_world, monkeypatch):
    monkeypatch.setattr(ops, "certified_ids", lambda: {small_world["T1"], small_world["T3"]})
    data = client.get("/api/v1/choropleth?measure=hubs&lang=en").get_json()
    tokyo = by_code(data)["13"]
    # T3 is a hub (and certified), T1 a certified university: two, both certified.
    assert (tokyo["count"], tokyo["certified"]) == (2, 2)
    assert "certification valid today" in data["counts"]


def test_location_quotients_and_the_strong_flag(client, small_world):
    data = client.get("/api/v1/specialisation?min_count=1").get_json()  # the quartile rule alone
    lq = {(r["prefecture_code"], r["field"]): r for r in data["rows"]}
    assert set(lq) == {("13", "ai_it"), ("13", "materials"), ("13", "bio"), ("27", "materials"), ("08", "measurement")}
    assert lq["13", "ai_it"]["lq"] == pytest.approx(1.75)
    assert lq["13", "materials"]["lq"] == pytest.approx(7 / 12, abs=1e-4)
    assert lq["13", "bio"]["lq"] == pytest.approx(1.75)
    assert lq["27", "materials"]["lq"] == pytest.approx(7 / 3, abs=1e-4)
    assert lq["08", "measurement"]["lq"] == pytest.approx(7)
    assert [key for key, row in lq.items() if row["strong"]] == [("27", "materials")]
    assert data["lq_q3"] == pytest.approx(7 / 3, abs=1e-4)
    assert data["count_q1"] == 1
    # Strong first, then by LQ.
    assert (data["rows"][0]["prefecture_code"], data["rows"][0]["field"]) == ("27", "materials")
    assert [r["field"] for r in client.get("/api/v1/specialisation?strong=1&min_count=1").get_json()["rows"]] == [
        "materials"]
    assert {r["prefecture_code"] for r in client.get("/api/v1/specialisation?field=ai_it").get_json()["rows"]} == {"13"}


def test_a_strong_cluster_needs_a_minimum_size_and_says_why(client, small_world):
    """Osaka's two materials organisations pass the quartile rule, but two are not a cluster:
    by default a ★ needs five organisations of the field in the prefecture, and the method says so."""
    data = client.get("/api/v1/specialisation").get_json()
    assert data["min_count"] == 5 and not any(row["strong"] for row in data["rows"])
    assert client.get("/api/v1/specialisation?strong=1").get_json()["rows"] == []
    assert "5" in data["strong_rule"] and data["strong_rule"] in data["method"]
    assert "2.33" in data["strong_rule"]  # this data's top-quarter LQ, so the reader sees the bar
    two = client.get("/api/v1/specialisation?min_count=2&lang=en").get_json()
    assert [(r["prefecture_code"], r["field"]) for r in two["rows"] if r["strong"]] == [("27", "materials")]
    assert "at least 2 organisations" in two["strong_rule"]
    japanese = client.get("/api/v1/specialisation?lang=ja").get_json()["strong_rule"]
    assert "組織が5件以上" in japanese
    assert client.get("/api/v1/specialisation?min_count=0").status_code == 400


def test_csv_exports_are_utf8_with_bom(client, small_world):
    response = client.get("/api/v1/specialisation?format=csv&min_count=1")
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0]["prefecture"] == "大阪府" and rows[0]["strong"] == "yes"
    assert float(rows[0]["lq"]) == pytest.approx(7 / 3, abs=1e-3)

    response = client.get("/api/v1/choropleth?measure=field:materials&format=csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = {r["prefecture_code"]: r for r in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}
    assert len(rows) == 47
    assert (rows["27"]["count"], rows["27"]["prefecture"]) == ("2", "大阪府")


def test_clusters_found_on_the_constructed_case(client, small_world):
    fc = client.get("/api/v1/clusters?radius_km=1&min_size=2").get_json()
    assert fc["type"] == "FeatureCollection"
    assert fc["total_clusters"] == 2
    first, second = fc["features"]
    assert (first["properties"]["size"], first["properties"]["prefecture_code"]) == (3, "13")
    assert (second["properties"]["size"], second["properties"]["prefecture_code"]) == (2, "27")
    assert first["properties"]["counts_by_kind"] == {"hub": 1, "public_lab": 1, "university": 1}
    assert first["geometry"]["type"] == "Polygon"
    assert first["properties"]["url"].startswith("/clusters/view?")
    # Larger minimum: only Tokyo; smaller radius than the spacing: nothing.
    assert [f["properties"]["size"] for f in client.get("/api/v1/clusters?radius_km=1&min_size=3").get_json()["features"]] == [3]
    assert client.get("/api/v1/clusters?radius_km=0.3&min_size=2").get_json()["features"] == []
    # Counting only universities leaves T1 and O1, 500 km apart.
    assert client.get("/api/v1/clusters?radius_km=1&min_size=2&kind=university").get_json()["features"] == []
    materials = client.get("/api/v1/clusters?radius_km=1&min_size=2&field=materials").get_json()["features"]
    assert [f["properties"]["prefecture_code"] for f in materials] == ["27"]


def test_cluster_detail_has_members_aist_centre_and_sinet_node(client, small_world):
    data = client.get("/api/v1/clusters/view?radius_km=1&min_size=2&id=1&lang=en").get_json()
    assert data["size"] == 3
    assert sorted(m["name"] for m in data["members"]) == ["T1", "T2", "T3"]
    assert {k["key"]: k["count"] for k in data["by_field"]} == {"ai_it": 2, "materials": 1, "bio": 1}
    assert data["nearest_aist_centre"]["id"] == small_world["AIST"]
    assert 50 < data["nearest_aist_centre"]["distance_km"] < 65
    assert data["sinet_node"]["code"] == "tokyo"
    assert data["sinet_node"]["modelled"] is True
    assert data["key"] == "radius_km=1&min_size=2&id=1"
    # The HTML twin shows the same cluster.
    page = client.get("/clusters/view?radius_km=1&min_size=2&id=1&lang=en")
    assert page.status_code == 200
    assert "T2" in page.get_data(as_text=True)
    assert client.get("/api/v1/clusters/view?radius_km=1&min_size=2&id=9").status_code == 404


def test_synthetic_members_are_labelled(client, app, small_world):
    with app.app_context():
        create_org("S1", "public_lab", "13", 139.7075, 35.681, ["bio"], synthetic=True)
    data = client.get("/api/v1/clusters/view?radius_km=1&min_size=2&id=1").get_json()
    assert data["synthetic_members"] == 1
    assert [m["name"] for m in data["members"] if m["synthetic"]] == ["S1"]
    assert "synthetic" in client.get("/clusters/view?radius_km=1&min_size=2&id=1&lang=en").get_data(as_text=True)
    # Excluding synthetic records changes the count and the cluster's key.
    excluded = client.get("/api/v1/clusters?radius_km=1&min_size=2&synthetic=exclude").get_json()
    assert excluded["features"][0]["properties"]["size"] == 3
    assert "synthetic=exclude" in excluded["features"][0]["properties"]["key"]


def test_cached_frame_follows_new_data(client, app, small_world):
    assert by_code(client.get("/api/v1/choropleth").get_json())["01"]["value"] == 0
    with app.app_context():
        create_org("H1", "university", "01", 141.35, 43.06, ["agri_food"])
    assert by_code(client.get("/api/v1/choropleth").get_json())["01"]["value"] == 1
    with app.app_context():
        org = db.session.get(Organization, small_world["O1"])
        org.fields = ["bio"]
        db.session.commit()
    rows = by_code(client.get("/api/v1/choropleth?measure=field:materials").get_json())
    assert rows["27"]["value"] == 1


def test_innovation_areas_count_what_lies_inside(client, small_world):
    fc = client.get("/api/v1/areas?lang=en").get_json()
    areas = {f["properties"]["key"]: f["properties"] for f in fc["features"]}
    assert set(areas) == {"tokyo-sdgs", "osaka-sdgs"}
    assert all(a["modelled"] and "MODEL" in a["source"] for a in areas.values())
    assert areas["tokyo-sdgs"]["stats"]["organisations"] == 3
    assert areas["osaka-sdgs"]["stats"]["organisations"] == 2
    assert areas["osaka-sdgs"]["stats"]["in_focus_fields"] == 0
    # The 23 wards cover ≈ 627 km²; the hand-drawn outline is within 15 % of that.
    assert 530 < areas["tokyo-sdgs"]["stats"]["area_km2"] < 720


def _right_hand_rule(geometry: dict) -> bool:
    """RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise."""
    polygons = shapely.get_parts(shapely.from_geojson(json.dumps(geometry)))
    return len(polygons) > 0 and all(
        shapely.is_ccw(p.exterior) and not any(shapely.is_ccw(hole) for hole in p.interiors) for p in polygons)


def test_polygons_follow_the_right_hand_rule(client, small_world):
    clusters = client.get("/api/v1/clusters?radius_km=1&min_size=2").get_json()["features"]
    areas = client.get("/api/v1/areas").get_json()["features"]
    assert clusters and areas
    assert all(_right_hand_rule(f["geometry"]) for f in clusters + areas)
    one = client.get("/api/v1/clusters/view?radius_km=1&min_size=2&id=1").get_json()
    assert _right_hand_rule(one["geometry"])


def test_region_overview_lists_gaps_and_largest_clusters(client, small_world):
    data = client.get("/api/v1/regions/kanto?lang=en").get_json()
    assert data["totals"]["organisations"] == 4
    assert "13" not in data["lacking_hub"] and "08" in data["lacking_hub"]
    assert "13" in data["lacking_certified_hub"]
    tokyo = next(p for p in data["prefectures"] if p["code"] == "13")
    assert tokyo["by_kind"]["university"] == 1
    assert "energy" in {f["key"] for f in tokyo["fields_missing"]}
    assert data["largest_clusters"] == []  # default minimum size 5
    page = client.get("/regions/kanto?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Tokyo" in html
    # The region's map: its prefectures (those with no hub marked) and its organisations from the API.
    config = json.loads(html.split('id="explore-config">')[1].split("</script>")[0])
    assert config["mode"] == "region" and "08" in config["lackingHub"] and "13" in config["codes"]
    assert client.get(config["api"]["organizations"]).get_json()["total"] == 4
    assert 'href="/regions"' in client.get("/").get_data(as_text=True)  # in the navigation
    assert client.get("/api/v1/regions").get_json()["regions"][0]["key"] == "hokkaido"
    assert client.get("/regions/atlantis").status_code == 404
    assert client.get("/api/v1/regions/atlantis").status_code == 404


@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/v1/choropleth?measure=cats", "measure"),
    ("/api/v1/choropleth?measure=kind:castle", "measure"),
    ("/api/v1/choropleth?synthetic=maybe", "synthetic"),
    ("/api/v1/choropleth?format=xml", "format"),
    ("/api/v1/specialisation?field=alchemy", "field"),
    ("/api/v1/specialisation?strong=maybe", "strong"),
    ("/api/v1/specialisation?prefecture=99", "prefecture"),
    ("/api/v1/clusters?radius_km=abc", "radius_km"),
    ("/api/v1/clusters?radius_km=0", "radius_km"),
    ("/api/v1/clusters?radius_km=500", "radius_km"),
    ("/api/v1/clusters?radius_km=nan", "radius_km"),
    ("/api/v1/clusters?min_size=1", "min_size"),
    ("/api/v1/clusters?min_size=2.5", "min_size"),
    ("/api/v1/clusters?kind=castle", "kind"),
    ("/api/v1/clusters?field=alchemy", "field"),
    ("/api/v1/clusters/view?radius_km=1", "id"),
    ("/api/v1/clusters/view?id=-1", "id"),
    ("/api/v1/areas?synthetic=no", "synthetic"),
])
def test_bad_parameters_answer_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_pages_render_and_link_their_json_twins(client):
    page = client.get("/explore")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/explore" in html and 'id="measure"' in html
    assert len(page.data) < 150_000
    overview = client.get("/api/v1/explore").get_json()
    assert {"total", "per_100k", "hubs", "kind:hub", "field:bio"} <= {m["key"] for m in overview["measures"]}
    assert client.get("/explore?radius_km=-3").status_code == 400
    assert client.get("/regions").status_code == 200


def test_openapi_lists_the_exploration_paths(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/choropleth", "/api/v1/specialisation", "/api/v1/clusters", "/api/v1/clusters/view",
            "/api/v1/regions/{key}", "/api/v1/areas"} <= set(paths)
