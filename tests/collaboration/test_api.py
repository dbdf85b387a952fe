"""SINET backbone, paths and partner finder through the JSON API."""
from __future__ import annotations

import csv
import io

import pytest

from hubs.collaboration.operations import candidate_pool
from hubs.core.extensions import db
from hubs.organizations.models import Organization


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def set_connected(app, org_id: int, state: str) -> None:
    with app.app_context():
        db.session.get(Organization, org_id).sinet_connected = state
        db.session.commit()


def ids_by_key(app, *keys: str) -> list[int]:
    with app.app_context():
        return [db.session.query(Organization).filter_by(key=k).one().id for k in keys]


@pytest.fixture
def three(app) -> list[int]:
    """Three organisations far apart: Tsukuba, Nagoya and Kyushu."""
    with app.app_context():
        rows = db.session.query(Organization).filter(Organization.kind == "university",
                                                     Organization.sinet_connected == "yes")
        by_pref = {}
        for org in rows:
            by_pref.setdefault(org.prefecture_code, org.id)
    return [by_pref["08"], by_pref["23"], by_pref["40"]]


@pytest.mark.parametrize("layer, geometry", [("nodes", "Point"), ("links", "LineString")])
def test_backbone_layers_are_geojson_marked_as_a_model(client, layer, geometry):
    response = client.get(f"/api/v1/sinet/{layer}")
    assert response.mimetype == "application/geo+json"
    body = response.get_json()
    assert body["type"] == "FeatureCollection"
    assert body["modelled"] is True and body["notice"]
    assert {f["geometry"]["type"] for f in body["features"]} == {geometry}
    assert all(f["properties"]["modelled"] is True and f["properties"]["source"] for f in body["features"])
    if layer == "nodes":
        assert len({f["properties"]["prefecture_code"] for f in body["features"]}) == 47
        okinawa = next(f for f in body["features"] if f["properties"]["prefecture_code"] == "47")
        assert okinawa["properties"]["capacity_gbps"] == 100


def test_path_is_a_linestring_feature_with_figures(client, three):
    a, b, _ = three
    feature = get(client, f"/api/v1/paths?from={a}&to={b}")
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "LineString"
    props = feature["properties"]
    for key in ("latency_ms", "distance_km", "hops", "hop_count", "bottleneck_gbps", "backup", "status", "message",
                "message_codes", "backup_reason", "backup_reason_code"):
        assert key in props
    assert props["message_codes"][0]["code"] == "path_summary"
    assert props["message_codes"][0]["params"]["hops"] == props["hop_count"]
    assert props["backup_reason"] is None and props["backup_reason_code"] is None
    assert props["status"] == "ok" and props["modelled"] is True
    assert props["latency_ms"] > 0 and props["distance_km"] > 0 and props["bottleneck_gbps"] == 400
    assert props["hop_count"] == len(props["hops"]) - 1 == len(props["hop_details"]) - 1
    # The line runs from one organisation through the nodes to the other (lon, lat).
    coords = feature["geometry"]["coordinates"]
    assert coords[0] == [props["from"]["lon"], props["from"]["lat"]]
    assert coords[-1] == [props["to"]["lon"], props["to"]["lat"]]
    assert len(coords) == len(props["hops"]) + 2
    # The backup shares no backbone link with the main route.
    main = {frozenset(p) for p in zip(props["hops"], props["hops"][1:])}
    spare = props["backup"]["hops"]
    assert not main & {frozenset(p) for p in zip(spare, spare[1:])}
    assert props["backup"]["latency_ms"] >= props["latency_ms"]


def test_paths_are_symmetric(client, three):
    a, b, c = three
    for x, y in ((a, b), (b, c), (a, c)):
        there = get(client, f"/api/v1/paths?from={x}&to={y}")["properties"]
        back = get(client, f"/api/v1/paths?from={y}&to={x}")["properties"]
        assert there["latency_ms"] == back["latency_ms"]
        assert there["distance_km"] == back["distance_km"]
        assert there["hops"] == back["hops"][::-1]


def test_latencies_obey_the_triangle_inequality(client, three):
    a, b, c = three
    latency = {(x, y): get(client, f"/api/v1/paths?from={x}&to={y}")["properties"]["latency_ms"]
               for x in three for y in three if x != y}
    assert latency[(a, c)] <= latency[(a, b)] + latency[(b, c)] + 1e-6


def test_off_network_path_says_so_instead_of_drawing_a_route(app, client, three):
    a, b, _ = three
    set_connected(app, b, "no")
    props = get(client, f"/api/v1/paths?from={a}&to={b}&lang=en")
    assert props["geometry"] is None
    props = props["properties"]
    assert props["status"] == "off_network" and props["off_network"] == [str(b)]
    name = props["to"]["name"]
    assert props["message"] == f"{name} is not connected to SINET: no SINET path exists"
    assert props["message_codes"] == [{"code": "not_connected", "params": {"orgs": [str(b)]}, "text": props["message"]}]
    assert props["backup_reason_code"]["code"] == "not_connected"
    assert props["latency_ms"] is None and props["backup"] is None


def test_unknown_connection_is_assumed_and_said(app, client, three):
    a, b, _ = three
    set_connected(app, a, "unknown")
    props = get(client, f"/api/v1/paths?from={a}&to={b}&lang=en")["properties"]
    assert props["status"] == "ok" and props["assumed_connected"] is True
    assert f"assumes {props['from']['name']} connected to SINET (status unknown)" in props["message"]
    assert [m["code"] for m in props["message_codes"]] == ["path_summary", "connection_assumed_for", "modelled_backbone"]


def test_path_text_follows_the_language_and_names_organisations(app, client, three):
    a, b, _ = three
    set_connected(app, a, "unknown")
    props = get(client, f"/api/v1/paths?from={a}&to={b}")["properties"]  # Japanese by default
    assert props["message"].startswith("バックボーン") and props["message"].endswith("。")
    assert f"{props['from']['name']}はSINETに接続しているとみなしています" in props["message"]
    assert not any(word in props["message"] for word in ("hop", "fibre", "assumes", str(a)))


@pytest.mark.parametrize("query, parameter", [
    ("to=1", "from"), ("from=1", "to"), ("from=abc&to=1", "from"), ("from=1&to=-3", "to"), ("from=1.5&to=2", "from"),
])
def test_bad_path_parameters_answer_400_naming_the_parameter(client, query, parameter):
    body = get(client, f"/api/v1/paths?{query}", 400)
    assert body["error"] == "bad_parameter" and body["parameter"] == parameter and body["message"]


@pytest.mark.parametrize("query", ["from=999999&to=1", "from=1&to=999999"])
def test_unknown_organisations_answer_404(client, query):
    body = get(client, f"/api/v1/paths?{query}", 404)
    assert body["error"] == "not_found" and "999999" in body["message"]


def test_partners_are_ranked_with_reasons(client, three):
    origin = three[0]
    body = get(client, f"/api/v1/partners?org={origin}&field=materials&limit=15&lang=en")
    assert body["modelled"] is True and body["origin"]["id"] == origin
    candidates = body["candidates"]
    assert len(candidates) == 15 == body["count"]
    assert [c["rank"] for c in candidates] == list(range(1, 16))
    assert origin not in {c["id"] for c in candidates}
    for c in candidates:
        assert c["reasons"] and any("km" in r for r in c["reasons"])
        assert c["path_url"].startswith("/paths?")
    # The field filter is strict: every candidate lists it; best points first.
    assert all("materials" in c["fields"] and c["field_match"] for c in candidates)
    assert candidates[0]["reasons"][0] == "shared field: Materials"
    assert candidates[0]["reason_codes"][0] == {"code": "shared_fields", "params": {"fields": ["materials"]},
                                                "text": "shared field: Materials"}
    for c in candidates:
        assert [r["text"] for r in c["reason_codes"]] == c["reasons"]
    scores = [c["score"] for c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert body["total"] >= body["count"] and body["alternatives"] == []


def test_partner_filters_are_strict_and_alternatives_are_marked(client, three):
    """Nothing outside the filters is a match; with no match, the nearest alternatives say which
    filters they miss (the issue's case: a field no public lab in reach lists)."""
    origin = three[0]
    near = get(client, f"/api/v1/partners?org={origin}&kind=public_lab&within_km=60&limit=100&lang=en")
    assert near["candidates"] and all(c["kind"] == "public_lab" and c["distance_km"] <= 60 for c in near["candidates"])
    region = get(client, f"/api/v1/partners?org={origin}&region=kyushu_okinawa&limit=100&lang=en")
    assert region["candidates"] and all(c["prefecture_code"] in {"40", "41", "42", "43", "44", "45", "46", "47"}
                                        for c in region["candidates"])
    none = get(client, f"/api/v1/partners?org={origin}&kind=public_lab&field=crafts_design&within_km=1&lang=en")
    assert none["candidates"] == [] and none["total"] == 0
    assert none["alternatives"]
    for alternative in none["alternatives"]:
        assert alternative["outside_filters"]
        assert alternative["reasons"][0].startswith("outside the filters: ")


def test_partner_filters_and_nearest_public_lab(client, three):
    body = get(client, f"/api/v1/partners?org={three[1]}&field=energy&kind=university,hub&q=大学&lang=en")
    assert body["candidates"]
    assert all(c["kind"] in ("university", "hub") and "大学" in c["name_ja"] for c in body["candidates"])
    lab = body["nearest_public_lab"]
    assert lab["kind"] == "public_lab" and "energy" in lab["fields"]
    assert lab["reasons"][0] == "field: Energy"
    assert lab["reason_codes"][0]["code"] == "in_field" and lab["reason_codes"][0]["params"] == {"fields": ["energy"]}


def test_partner_reasons_are_japanese_by_default(client, three):
    body = get(client, f"/api/v1/partners?org={three[0]}&limit=30")
    origin_fields = body["candidates"][0]["reason_codes"][0]["params"]["fields"]
    assert body["candidates"][0]["reasons"][0].startswith("共通の分野：")
    several = [c for c in body["candidates"] if len(c["reason_codes"][0]["params"].get("fields", [])) > 1]
    for c in several:  # Japanese lists are joined with 、
        assert "、" in c["reasons"][0] and ", " not in c["reasons"][0]
    assert origin_fields and all("same field" not in r for c in body["candidates"] for r in c["reasons"])
    assert "ノード" in body["origin"]["access_node_name"]


@pytest.mark.parametrize("query, parameter", [
    ("", "org"), ("org=x", "org"), ("org=1&field=astrology", "field"), ("org=1&kind=castle", "kind"),
    ("org=1&limit=0", "limit"), ("org=1&limit=5000", "limit"), ("org=1&format=xml", "format"),
    ("org=1&q=" + "x" * 201, "q"),
])
def test_bad_partner_parameters_answer_400(client, query, parameter):
    body = get(client, f"/api/v1/partners?{query}", 400)
    assert body["parameter"] == parameter and body["message"]


def test_partners_of_an_unknown_organisation_answer_404(client):
    get(client, "/api/v1/partners?org=999999", 404)


def test_partner_csv_has_a_bom_for_excel(client, three):
    response = client.get(f"/api/v1/partners?org={three[0]}&field=materials&limit=5&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 and rows[0]["rank"] == "1" and rows[0]["reasons"]
    assert rows[0]["modelled_backbone"] == "yes"
    assert any(ord(ch) > 0x3000 for ch in rows[0]["name_ja"])  # Japanese survives the round trip


def test_search_box_suggestions(client):
    found = get(client, "/api/v1/sinet/organizations?q=Tohoku&limit=3")["organizations"]
    assert 1 <= len(found) <= 3 and all("id" in o and "name" in o for o in found)
    assert get(client, "/api/v1/sinet/organizations?q=")["organizations"] == []


def test_candidate_pool_is_reused_and_rebuilt_when_organisations_change(app):
    with app.app_context():
        pool = candidate_pool()
        assert candidate_pool() is pool
        org = Organization(kind="public_lab", name_ja="新しい試験場", name_en="New lab", prefecture_code="13",
                           city="", lat=35.68, lon=139.76, location_precision="city", source="test")
        db.session.add(org)
        db.session.commit()
        fresh = candidate_pool()
        assert fresh is not pool and str(org.id) in fresh.ids


def test_openapi_lists_the_collaboration_endpoints(client):
    paths = get(client, "/api/v1/openapi.json")["paths"]
    for path in ("/api/v1/sinet/nodes", "/api/v1/sinet/links", "/api/v1/paths", "/api/v1/partners"):
        assert path in paths
