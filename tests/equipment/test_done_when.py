"""Issue 15's "done when", through HTTP on the shipped seed data: a company in Aichi (requester
prefecture 23) looks for an EMC chamber within 100 km of Nagoya that it can afford, asks for a
slot, lab staff approve it, the calendar feed shows it, and a testbed of three machines in three
prefectures shows its paths and cost.

The shipped data hold EMC chambers within 100 km of Nagoya (三重県工業研究所, 名古屋工業大学), but
none of their labs publishes a fee that could be read (``seed_data/equipment/gaps.md``): the
"can afford" step is marked as an expected failure (strict, so it fails loudly once such a fee is
added), and the rest of the scenario runs on the nearest machine that takes requests at a
published fee within the same 100 km.
"""
from __future__ import annotations

import pytest

from tests.fixtures_accounts import PASSWORD

SLOT = {"start": "2030-02-04T10:00:00+09:00", "end": "2030-02-04T13:00:00+09:00", "purpose": "EMC 予備試験"}
AICHI = "23"


def _near_nagoya(client, org_id, **params) -> dict:
    query = {"near": org_id("univ-nagoya"), "within_km": 100, "requester_prefecture": AICHI, "hours": 3, **params}
    response = client.get("/api/v1/equipment", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_emc_chambers_within_100_km_of_nagoya_are_found(client, org_id):
    body = _near_nagoya(client, org_id, q="電波暗室")
    assert body["count"] >= 1 and "emc_chamber" in body["matched_categories"]
    assert all(row["category"] == "emc_chamber" and row["distance_km"] <= 100 for row in body["items"])
    distances = [row["distance_km"] for row in body["items"]]
    assert distances == sorted(distances)


@pytest.mark.xfail(strict=True, reason="no lab within 100 km of Nagoya publishes an EMC chamber fee the "
                                       "researchers could read (seed_data/equipment/gaps.md)")
def test_an_emc_chamber_within_100_km_of_nagoya_is_affordable_and_bookable(client, org_id):
    body = _near_nagoya(client, org_id, q="電波暗室", max_fee=200_000, bookable=1)
    assert body["count"] >= 1


def test_find_ask_approve_feed_and_testbed(app, client, runner, tokens, org_id):
    # Find: the nearest machine within 100 km of Nagoya that takes requests at a fee the company can pay.
    found = _near_nagoya(client, org_id, bookable=1, max_fee=100_000)
    assert found["count"] >= 1
    chosen = found["items"][0]
    assert chosen["distance_km"] <= 100 and chosen["fee"]["total_jpy"] <= 100_000
    assert chosen["fee"]["requester_prefecture"] == AICHI

    # Ask for a slot.
    asked = client.post(f"/api/v1/equipment/{chosen['id']}/bookings", json=SLOT, headers=tokens["alice"])
    assert asked.status_code == 201, asked.get_json()
    booking = asked.get_json()
    assert booking["status"] == "requested"

    # The lab's staff (an account the admin makes for that organisation) approve it.
    with app.app_context():
        from sqlalchemy import select

        from hubs.core.extensions import db
        from hubs.organizations.models import Organization

        lab_key = db.session.scalar(select(Organization.key).where(Organization.id == chosen["organization"]["id"]))
    made = runner.invoke(args=["users", "create", "--email", "emc@lab.example.org", "--password", PASSWORD,
                               "--role", "lab_staff", "--organization", lab_key])
    assert made.exit_code == 0, made.output
    staff = {"Authorization": "Bearer " + client.post("/api/v1/auth/token", json={
        "email": "emc@lab.example.org", "password": PASSWORD}).get_json()["token"]}
    notices = client.get("/api/v1/notices", headers=staff).get_json()
    assert notices["unread"] == 0  # made after the request: nobody to tell then
    approved = client.post(f"/api/v1/bookings/{booking['id']}/decision", json={"decision": "approve"}, headers=staff)
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert client.get("/api/v1/notices", headers=tokens["alice"]).get_json()["notices"][0]["kind"] == "booking_approved"

    # The calendar feed shows it (UTC times of 10:00-13:00 JST).
    feed = client.get(f"/api/v1/equipment/{chosen['id']}/calendar.ics").get_data(as_text=True)
    assert "DTSTART:20300204T010000Z" in feed and "DTEND:20300204T040000Z" in feed

    # A testbed of three machines in three prefectures, with a published fee: the chosen one and the
    # cheapest for this requester in two other prefectures.
    priced = client.get("/api/v1/equipment", query_string={"requester_prefecture": AICHI, "max_fee": 1_000_000,
                                                            "limit": 5000}).get_json()["items"]
    picks, prefectures = [chosen["id"]], {chosen["organization"]["prefecture_code"]}
    for row in sorted(priced, key=lambda r: (r["fee"]["total_jpy"], r["id"])):
        if row["organization"]["prefecture_code"] not in prefectures:
            picks.append(row["id"])
            prefectures.add(row["organization"]["prefecture_code"])
        if len(picks) == 3:
            break
    assert len(prefectures) == 3
    testbed = client.get("/api/v1/equipment/testbed", query_string={"machine": picks, "requester_prefecture": AICHI})
    assert testbed.status_code == 200, testbed.get_json()
    body = testbed.get_json()
    assert len(body["sites"]) == 3 and len(body["links"]) == 2  # a chain joins three sites with two paths
    assert all(link["modelled"] and link["hops"] for link in body["links"])
    assert body["cost"]["complete"] and body["cost"]["total_jpy"] == sum(m["fee"]["total_jpy"] for m in body["machines"])
    page = client.get("/equipment/testbed", query_string={"machine": picks, "requester_prefecture": AICHI})
    assert page.status_code == 200 and "SINET" in page.get_data(as_text=True)
