"""Equipment search through the JSON API and the page: synonyms, places, distance, fees, CSV."""
from __future__ import annotations

import csv
import io

API = "/api/v1/equipment"


def search(client, **params):
    response = client.get(API, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_electron_microscope_in_japanese_finds_sem_and_tem(client):
    data = search(client, q="電子顕微鏡")
    assert data["matched_categories"] == ["sem", "tem"]
    assert {item["category"] for item in data["items"]} == {"sem", "tem"}
    assert data["count"] >= 20


def test_latin_abbreviation_matches_whole_words_only(client):
    data = search(client, q="TEM")
    assert data["matched_categories"] == ["tem"]  # not dry etching "system"
    assert "dry_etching" not in {item["category"] for item in data["items"]}


def test_full_width_keyword_reads_as_ascii(client):
    assert search(client, q="ＳＥＭ")["matched_categories"] == ["sem"]


def test_category_prefecture_and_region_filter(client):
    data = search(client, category="nmr", region="hokkaido")
    assert data["count"] > 0
    assert {i["organization"]["prefecture_code"] for i in data["items"]} == {"01"}
    assert {i["category"] for i in data["items"]} == {"nmr"}
    assert all(i["organization"]["prefecture_code"] == "04" for i in search(client, prefecture="4")["items"])


def test_field_search_uses_the_category_when_the_lab_lists_no_fields(client):
    data = search(client, field="electronics")
    assert data["count"] > 0
    assert all("electronics" in item["fields"] for item in data["items"])


def test_within_km_of_an_organisation_sorted_by_great_circle_distance(client, org_id):
    nagoya = org_id("univ-nagoya")
    data = search(client, near=nagoya, within_km=100)
    distances = [item["distance_km"] for item in data["items"]]
    assert distances and distances == sorted(distances) and max(distances) <= 100
    assert {"23"} <= {item["organization"]["prefecture_code"] for item in data["items"]}
    assert {item["organization"]["prefecture_code"] for item in data["items"]} <= {"21", "22", "23", "24"}


def test_fee_for_a_requester_follows_the_labs_rule(client):
    data = search(client, requester_prefecture="33", hours=3, max_fee=10_000)
    by_key = {item["name"]: item for item in data["items"]}
    food = next(i for i in data["items"] if i["organization"]["name"].endswith("食品工業技術センター"))
    # Hiroshima charges other prefectures twice, but not the five Chugoku prefectures (since 2016-04).
    assert food["fee"]["waived"] and food["fee"]["total_jpy"] == food["fee"]["base_jpy"]
    assert food["fee_rule_source"].startswith("https://www.pref.hiroshima.lg.jp/")
    assert all(item["fee"]["total_jpy"] <= 10_000 for item in data["items"])
    assert by_key  # the ceiling keeps some machines
    chiba = search(client, requester_prefecture="12", hours=3, category="universal_tester", prefecture="12")
    assert chiba["items"][0]["fee"]["total_jpy"] == 2870 + 3 * 920


def test_out_of_prefecture_requester_pays_more_where_the_lab_says_so(client):
    inside = search(client, requester_prefecture="36", prefecture="36", max_fee=10**9)["items"]
    outside = search(client, requester_prefecture="13", prefecture="36", max_fee=10**9)["items"]
    assert inside and [i["fee"]["total_jpy"] * 2 for i in inside] == [i["fee"]["total_jpy"] for i in outside]
    kansai = search(client, requester_prefecture="27", prefecture="36", max_fee=10**9)["items"]
    assert all(i["fee"]["waived"] for i in kansai)


def test_csv_export_in_japanese_with_bom_and_in_shift_jis(client):
    response = client.get(API, query_string={"q": "電子顕微鏡", "format": "csv"})
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "名称", "分類"]
    assert len(rows) - 1 == search(client, q="電子顕微鏡")["count"]
    sjis = client.get(API, query_string={"category": "sem", "format": "csv", "encoding": "cp932"})
    assert "shift_jis" in sjis.content_type and sjis.data.decode("cp932").startswith("id,名称")


def test_bad_parameters_are_named_in_the_readers_language(client):
    response = client.get(API, query_string={"category": "bogus", "lang": "ja"})
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["parameter"] == "category" and "使えません" in problem["errors"]["category"][0]["message"]
    response = client.get(API, query_string={"within_km": 50, "lang": "en"})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert set(errors) == {"near"}
    assert errors["near"][0]["message_ja"] == "距離を測る起点の組織を選んでください。"
    assert errors["near"][0]["message"] == "Choose the organisation to measure the distance from."
    unknown = client.get(API, query_string={"near": 2_000_000_000, "within_km": 5})
    assert unknown.status_code == 404 and "near" in unknown.get_json()["errors"]
    for bad in ({"within_km": "-1", "near": 1}, {"hours": "0"}, {"max_fee": "-5"}, {"prefecture": "48"}):
        assert client.get(API, query_string=bad).status_code == 400, bad


def test_page_reads_in_japanese_with_table_map_and_json_twin(client):
    response = client.get("/equipment", query_string={"q": "電子顕微鏡"}, headers={"Accept-Language": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>設備</h1>" in html and "条件に一致する設備" in html and "equipment-map.js" in html
    assert "/api/v1/equipment?q=" in html
    english = client.get("/equipment?lang=en").get_data(as_text=True)
    assert "<h1>Equipment</h1>" in english


def test_page_names_bad_fields_in_japanese_and_answers_400(client):
    response = client.get("/equipment", query_string={"within_km": "遠く", "max_fee": "5"},
                          headers={"Accept-Language": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="err-within_km"' in html and "数値で入力してください。" in html
    response = client.get("/equipment", query_string={"within_km": "5"}, headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert "距離を測る起点の組織を選んでください。" in response.get_data(as_text=True)


def test_without_a_requester_the_ceiling_applies_to_the_in_prefecture_fee(client):
    data = search(client, max_fee=1000)
    assert data["count"] > 0
    assert all(item["fee"]["total_jpy"] == item["fee"]["base_jpy"] <= 1000 for item in data["items"])


def test_empty_form_fields_mean_not_given(client):
    assert client.get("/equipment?q=&category=&near=&within_km=&max_fee=").status_code == 200


def test_search_is_declared_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    operation = paths["/api/v1/equipment"]["get"]
    assert operation["operationId"] == "listEquipment"
    names = {p["name"] for p in operation["parameters"]}
    assert {"category", "q", "field", "prefecture", "region", "near", "within_km", "within_ms", "requester_prefecture",
            "hours", "max_fee", "format", "encoding"} <= names
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_within_ms_of_an_organisation_uses_the_modelled_sinet_latency(client, org_id):
    nagoya = org_id("univ-nagoya")
    data = search(client, near=nagoya, within_ms=1)
    latencies = [item["latency_ms"] for item in data["items"]]
    assert latencies and latencies == sorted(latencies) and max(latencies) <= 1
    assert data["latency_modelled"] is True and "モデル" in search(client, near=nagoya, within_ms=1, lang="ja")[
        "latency_notice"]
    wider = search(client, near=nagoya, within_ms=5)
    assert wider["count"] > data["count"]
    # Latency is not distance: a site 1 ms away over SINET may be farther than one 100 km away.
    assert {i["id"] for i in data["items"]} <= {i["id"] for i in wider["items"]}
    plain = search(client, q="電子顕微鏡")
    assert plain["latency_modelled"] is None and all(i["latency_ms"] is None for i in plain["items"])
    near_only = search(client, near=nagoya, limit=5)
    assert all(i["latency_ms"] is not None for i in near_only["items"])


def test_within_ms_needs_near_and_a_positive_bound(client):
    response = client.get(API, query_string={"within_ms": 5, "lang": "ja"})
    assert response.status_code == 400
    assert response.get_json()["errors"]["near"][0]["message"] == "距離を測る起点の組織を選んでください。"
    for bad in ({"within_ms": "0", "near": 1}, {"within_ms": "-3", "near": 1}, {"within_ms": "1001", "near": 1},
                {"within_ms": "遅い", "near": 1}):
        response = client.get(API, query_string=bad)
        assert response.status_code == 400 and "within_ms" in response.get_json()["errors"], bad
    assert client.get(API, query_string={"within_ms": "５", "near": 2_000_000_000}).status_code == 404


def test_page_searches_within_ms_and_says_the_latency_is_modelled(client, org_id):
    response = client.get("/equipment", query_string={"near": org_id("univ-nagoya"), "within_ms": "1"},
                          headers={"Accept-Language": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="within_ms"' in html and "遅延（ms、モデル）" in html and "実測ではありません" in html
    csv_text = client.get(API, query_string={"near": org_id("univ-nagoya"), "within_ms": 1, "format": "csv",
                                             "lang": "ja"}).data.decode("utf-8-sig")
    assert "SINET遅延（ms、モデル）" in csv_text.splitlines()[0]


def test_synthetic_machines_are_left_out_unless_asked_and_edits_show_at_once(app, client):
    from hubs.equipment.synthetic import add_synthetic_equipment, drop_synthetic_equipment
    from hubs.organizations.synthetic import add_synthetic, drop_synthetic

    real = client.get("/api/v1/equipment?q=合成").get_json()["count"]
    with app.app_context():
        add_synthetic(20)
        assert add_synthetic_equipment(300) == 300
    assert client.get("/api/v1/equipment?q=合成").get_json()["count"] == real
    body = client.get("/api/v1/equipment?q=合成&synthetic=include&limit=5").get_json()
    assert body["count"] == 300 + real and len(body["items"]) == 5
    assert all("テスト用" in row["name"] for row in body["items"] if row["source"].startswith("synthetic"))
    priced = client.get("/api/v1/equipment?synthetic=include&max_fee=1000&requester_prefecture=13").get_json()
    assert all(row["fee"]["total_jpy"] <= 1000 for row in priced["items"])
    with app.app_context():
        assert drop_synthetic_equipment() == 300
        drop_synthetic()
    assert client.get("/api/v1/equipment?q=合成&synthetic=include").get_json()["count"] == real


def test_keyword_search_over_the_whole_text_finds_what_the_per_machine_search_finds(client, monkeypatch):
    from hubs.equipment import operations

    queries = ["q=電子顕微鏡", "q=ｓｅｍ", "q=島津", "q=試験機&prefecture=12", "q=%E3%80%80", "q=zzz-none"]
    few = [client.get(f"/api/v1/equipment?{q}&limit=5000").get_json() for q in queries]
    monkeypatch.setattr(operations, "FEW", 0)  # as with 100,000 machines: one search of the whole text
    whole = [client.get(f"/api/v1/equipment?{q}&limit=5000").get_json() for q in queries]
    for a, b in zip(few, whole, strict=True):
        assert [row["id"] for row in a["items"]] == [row["id"] for row in b["items"]]
    assert few[0]["count"] > 0 and few[-1]["count"] == 0
