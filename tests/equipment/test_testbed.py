"""The testbed composer through the HTTP interface: machines across labs joined by modelled SINET
paths, the cost for a requester, the shareable page and its JSON twin, bad input named by field."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hubs.core.extensions import db
from hubs.equipment.models import Equipment
from hubs.organizations.models import Organization

API = "/api/v1/equipment/testbed"


@pytest.fixture
def machines(app) -> dict[str, int]:
    """One machine per site, by organisation key: Nagoya Tech (23), Mie (24), Chiba (12, with a fee)."""
    out = {}
    with app.app_context():
        for key, category in (("univ-nitech", "emc_chamber"), ("lab-24-mie", "emc_chamber"),
                              ("lab-12-chiba", "universal_tester")):
            out[key] = db.session.scalar(select(Equipment.id).join(Equipment.organization).where(
                Organization.key == key, Equipment.category == category).order_by(Equipment.id).limit(1))
        out["chiba-2"] = db.session.scalar(select(Equipment.id).join(Equipment.organization).where(
            Organization.key == "lab-12-chiba", Equipment.id != out["lab-12-chiba"],
            Equipment.rate_jpy.is_not(None)).order_by(Equipment.id).limit(1))
    assert all(out.values()), out
    return out


def _ids(machines, *keys):
    return [("machine", machines[k]) for k in keys]


def test_three_machines_in_three_prefectures_show_modelled_paths_and_cost(client, machines):
    three = _ids(machines, "univ-nitech", "lab-24-mie", "lab-12-chiba")
    response = client.get(API, query_string=[*three, ("requester_prefecture", "23")])
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert [m["id"] for m in data["machines"]] == [v for _, v in three]
    assert {s["prefecture_code"] for s in data["sites"]} == {"23", "24", "12"}
    assert data["layout"] == "chain" and len(data["links"]) == 2  # a chain of three sites
    for link in data["links"]:
        assert link["status"] == "ok" and link["modelled"] is True
        assert link["latency_ms"] > 0 and link["bottleneck_gbps"] > 0 and len(link["coordinates"]) >= 2
        assert link["path"].startswith("/paths?")
    assert data["modelled"] is True and "モデル" in data["notice"]
    assert data["chain_latency_ms"] == pytest.approx(sum(link["latency_ms"] for link in data["links"]), abs=1e-3)
    assert data["max_latency_ms"] == max(link["latency_ms"] for link in data["links"])
    chiba = data["machines"][2]
    # The cost is the fee engine's: Chiba's universal tester, 2,870 yen setup + 920 yen for the hour.
    assert chiba["fee"]["total_jpy"] == 2870 + 920
    cost = data["cost"]
    assert cost["total_jpy"] == sum(m["fee"]["total_jpy"] for m in data["machines"] if m["fee"])
    assert cost["requester_prefecture"] == "23" and cost["hours"] == 1
    assert cost["complete"] is False and set(cost["without_fee"]) == {machines["univ-nitech"], machines["lab-24-mie"]}
    assert data["url"] == (f"/equipment/testbed?machine={machines['univ-nitech']}&machine={machines['lab-24-mie']}"
                           f"&machine={machines['lab-12-chiba']}&requester_prefecture=23")


def test_pairwise_joins_every_two_sites_and_one_site_needs_no_path(client, machines):
    three = _ids(machines, "univ-nitech", "lab-24-mie", "lab-12-chiba")
    data = client.get(API, query_string=[*three, ("layout", "pairwise")]).get_json()
    assert len(data["links"]) == 3 and data["chain_latency_ms"] is None
    same_site = client.get(API, query_string=_ids(machines, "lab-12-chiba", "chiba-2"))
    assert same_site.status_code == 200
    data = same_site.get_json()
    assert data["links"] == [] and len(data["sites"]) == 1 and data["sites"][0]["machines"] == [
        machines["lab-12-chiba"], machines["chiba-2"]]


def test_out_of_prefecture_requester_pays_the_labs_rule_in_the_testbed_cost(client, machines):
    pair = _ids(machines, "lab-12-chiba", "chiba-2")
    inside = client.get(API, query_string=[*pair, ("requester_prefecture", "12"), ("hours", "3")]).get_json()
    assert inside["cost"]["hours"] == 3
    assert inside["machines"][0]["fee"]["total_jpy"] == 2870 + 3 * 920
    search = client.get("/api/v1/equipment", query_string={"requester_prefecture": "23", "hours": 3,
                                                           "prefecture": "12"}).get_json()
    by_id = {item["id"]: item["fee"]["total_jpy"] for item in search["items"] if item["fee"]}
    outside = client.get(API, query_string=[*pair, ("requester_prefecture", "23"), ("hours", "3")]).get_json()
    assert outside["cost"]["total_jpy"] == sum(by_id[m] for _, m in pair)


@pytest.mark.parametrize(("params", "status", "code"), [
    ([("machine", "1")], 400, "too_short"),
    ([("machine", str(n)) for n in range(1, 8)], 400, "too_long"),
    ([("machine", "1"), ("machine", "1")], 400, "duplicate"),
    ([("machine", "1"), ("machine", "x")], 400, "int_parsing"),
    ([("machine", "1"), ("machine", str(2**31))], 400, "less_than_equal"),
    ([], 400, "missing"),
])
def test_bad_machine_lists_are_400_naming_the_field(client, params, status, code):
    response = client.get(API, query_string=[*params, ("lang", "en")])
    assert response.status_code == status
    problem = response.get_json()
    assert problem["parameter"] == "machine" and problem["errors"]["machine"][0]["code"] == code


def test_unknown_machines_are_404_listing_each_in_the_readers_language(client, machines):
    response = client.get(API, query_string=[("machine", machines["lab-12-chiba"]), ("machine", 999_998),
                                             ("machine", 999_999)], headers={"Accept-Language": "ja"})
    assert response.status_code == 404
    errors = response.get_json()["errors"]["machine"]
    assert [e["message_en"] for e in errors] == ["No machine 999998.", "No machine 999999."]
    assert errors[0]["message"] == errors[0]["message_ja"] and "999998" in errors[0]["message_ja"]
    duplicate = client.get(API, query_string=[("machine", 5), ("machine", 5)], headers={"Accept-Language": "ja"})
    assert duplicate.get_json()["errors"]["machine"][0]["message"] == "設備 5 が重複しています。"


def test_testbed_page_is_shareable_with_table_map_and_json_twin(client, machines):
    three = _ids(machines, "univ-nitech", "lab-24-mie", "lab-12-chiba")
    response = client.get("/equipment/testbed", query_string=[*three, ("requester_prefecture", "23")],
                          headers={"Accept-Language": "ja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>テストベッド</h1>" in html and "（モデル）" in html and "千葉県産業支援技術研究所" in html
    assert "/api/v1/equipment/testbed?machine=" in html and "L.polyline" in html and "L.circleMarker" in html
    # Removing a machine is a link to the same page without it (while two remain).
    assert f"/equipment/testbed?machine={machines['lab-24-mie']}&amp;machine={machines['lab-12-chiba']}" in html
    english = client.get("/equipment/testbed", query_string=[*three, ("lang", "en")]).get_data(as_text=True)
    assert "<h1>Testbed</h1>" in english and "modelled" in english


def test_testbed_page_names_bad_input_by_field(client, machines):
    one = client.get("/equipment/testbed", query_string={"machine": machines["lab-12-chiba"]},
                     headers={"Accept-Language": "ja"})
    assert one.status_code == 400 and 'id="err-machine"' in one.get_data(as_text=True)
    assert "2 件以上にしてください。" in one.get_data(as_text=True)
    unknown = client.get("/equipment/testbed", query_string=[("machine", machines["lab-12-chiba"]),
                                                             ("machine", 999_999)])
    assert unknown.status_code == 404 and "999999" in unknown.get_data(as_text=True)
    empty = client.get("/equipment/testbed", headers={"Accept-Language": "ja"})
    assert empty.status_code == 200 and 'href="/equipment' in empty.get_data(as_text=True)


def test_machines_are_added_from_the_search_and_the_machine_page_without_script(client, machines):
    chiba = machines["lab-12-chiba"]
    page = client.get(f"/equipment/{chiba}").get_data(as_text=True)
    assert f'href="/equipment?machine={chiba}"' in page
    search = client.get("/equipment", query_string={"machine": chiba, "prefecture": "24"}).get_data(as_text=True)
    assert 'form id="testbed-form"' in search and 'action="/equipment/testbed"' in search
    assert f'<input type="hidden" name="machine" value="{chiba}">' in search  # kept while searching on
    assert f'name="machine" value="{machines["lab-24-mie"]}" form="testbed-form"' in search
    # The JSON twin and CSV links leave the testbed out (the API refuses parameters it does not know).
    assert "/api/v1/equipment?prefecture=24" in search and "/api/v1/equipment?machine" not in search


def test_testbed_is_declared_in_the_openapi_document(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/equipment/testbed"]["get"]
    assert operation["operationId"] == "composeTestbed"
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"machine", "layout", "requester_prefecture", "hours"} <= set(parameters)
    assert parameters["machine"]["required"] is True
    assert {"200", "400", "404"} <= set(operation["responses"])
