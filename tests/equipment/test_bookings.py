"""Booking requests through the API and the CLI: object-level access route by route, no
overlapping approvals (also in the database), bad input named by field, the iCal feed."""
from __future__ import annotations

import pytest
from sqlalchemy import exc, func, select

from hubs.core.extensions import db
from hubs.equipment.models import Booking
from tests.equipment.conftest import machine_of as _machine
from tests.fixtures_accounts import PASSWORD

SLOT = {"start": "2030-01-15T09:00:00+09:00", "end": "2030-01-15T12:00:00+09:00", "purpose": "薄膜試料の断面観察"}




def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booking))


def test_request_approve_and_calendar_without_personal_data(client, tokens, staff, machine, users):
    asked = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"])
    assert asked.status_code == 201, asked.get_json()
    booking = asked.get_json()
    assert booking["status"] == "requested" and booking["start"] == "2030-01-15T00:00:00+00:00"
    assert booking["fee"]["units"] == 3
    listed = client.get("/api/v1/bookings", headers=staff["tohoku"]).get_json()["bookings"]
    assert [b["id"] for b in listed] == [booking["id"]]
    approved = client.post(f"/api/v1/bookings/{booking['id']}/decision", json={"decision": "approve"},
                           headers=staff["tohoku"])
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    feed = client.get(f"/api/v1/equipment/{machine}/calendar.ics")
    text = feed.get_data(as_text=True)
    assert feed.mimetype == "text/calendar"
    assert "DTSTART:20300115T000000Z" in text and "DTEND:20300115T030000Z" in text
    assert users["alice"] not in text and "薄膜" not in text


def test_only_the_labs_staff_decide_others_get_404_on_every_route(client, tokens, staff, machine):
    booking = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"]).get_json()
    url = f"/api/v1/bookings/{booking['id']}"
    for outsider in (staff["chiba"], tokens["bob"], tokens["carol"], tokens["dave"]):
        assert client.get(url, headers=outsider).status_code == 404
        assert client.post(f"{url}/decision", json={"decision": "approve"}, headers=outsider).status_code == 404
        assert booking["id"] not in [b["id"] for b in client.get("/api/v1/bookings", headers=outsider).get_json()[
            "bookings"]]
    # The requester sees the request but cannot decide it.
    assert client.get(url, headers=tokens["alice"]).status_code == 200
    assert client.post(f"{url}/decision", json={"decision": "approve"}, headers=tokens["alice"]).status_code == 404
    assert client.get(url, headers=staff["tohoku"]).status_code == 200
    assert client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT).status_code == 401
    assert client.get(url).status_code == 401


def test_overlapping_approvals_are_refused_and_change_nothing(app, client, tokens, staff, machine):
    first = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"]).get_json()
    later = {**SLOT, "start": "2030-01-15T11:00:00+09:00", "end": "2030-01-15T13:00:00+09:00"}
    second = client.post(f"/api/v1/equipment/{machine}/bookings", json=later, headers=tokens["bob"]).get_json()
    assert client.post(f"/api/v1/bookings/{first['id']}/decision", json={"decision": "approve"},
                       headers=staff["tohoku"]).status_code == 200
    refused = client.post(f"/api/v1/bookings/{second['id']}/decision", json={"decision": "approve"},
                          headers=staff["tohoku"] | {"Accept-Language": "ja"})
    assert refused.status_code == 409 and "重なって" in refused.get_json()["message"]
    assert client.get(f"/api/v1/bookings/{second['id']}", headers=tokens["bob"]).get_json()["status"] == "requested"
    again = client.post(f"/api/v1/equipment/{machine}/bookings", json=later, headers=tokens["bob"])
    assert again.status_code == 409
    # Touching ends do not overlap.
    after = {**SLOT, "start": "2030-01-15T12:00:00+09:00", "end": "2030-01-15T13:00:00+09:00"}
    assert client.post(f"/api/v1/equipment/{machine}/bookings", json=after, headers=tokens["bob"]).status_code == 201


def test_the_database_itself_refuses_overlapping_approved_bookings(app, users, machine):
    from datetime import UTC, datetime

    from hubs.accounts.operations import find_user

    with app.app_context():
        user = find_user(users["alice"])
        start, end = datetime(2030, 2, 1, 0, tzinfo=UTC), datetime(2030, 2, 1, 3, tzinfo=UTC)
        db.session.add(Booking(equipment_id=machine, user_id=user.id, start_at=start, end_at=end, purpose="a",
                               status="approved"))
        db.session.commit()
        db.session.add(Booking(equipment_id=machine, user_id=user.id, start_at=datetime(2030, 2, 1, 2, tzinfo=UTC),
                               end_at=datetime(2030, 2, 1, 4, tzinfo=UTC), purpose="b", status="approved"))
        with pytest.raises((exc.IntegrityError, exc.OperationalError)):
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize(("change", "field", "ja"), [
    ({"start": "2001-01-01T09:00:00+09:00", "end": "2001-01-01T10:00:00+09:00"}, "start", "未来"),
    ({"end": "2030-01-15T08:00:00+09:00"}, "end", "終了"),
    ({"end": "2030-03-15T08:00:00+09:00"}, "end", "日"),
    ({"purpose": ""}, "purpose", ""),
    ({"start": "next tuesday"}, "start", ""),
])
def test_bad_requests_are_named_by_field_in_japanese_and_save_nothing(app, client, tokens, machine, change, field,
                                                                       ja):
    before = _count(app)
    response = client.post(f"/api/v1/equipment/{machine}/bookings", json={**SLOT, **change},
                           headers=tokens["alice"] | {"Accept-Language": "ja"})
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    assert field in errors and ja in errors[field][0]["message"]
    assert _count(app) == before


def test_a_machine_that_takes_no_requests_or_does_not_exist(app, client, tokens):
    before = _count(app)
    closed = _machine(app, "univ-hokkaido", bookable=False)
    response = client.post(f"/api/v1/equipment/{closed}/bookings", json=SLOT, headers=tokens["alice"])
    assert response.status_code == 422 and "equipment" in response.get_json()["errors"]
    assert client.post("/api/v1/equipment/999999/bookings", json=SLOT, headers=tokens["alice"]).status_code == 404
    assert client.get("/api/v1/equipment/999999/calendar.ics").status_code == 404
    assert _count(app) == before


def test_lab_staff_accounts_need_a_known_organisation(runner):
    missing = runner.invoke(args=["users", "create", "--email", "x@lab.example.org", "--password", PASSWORD,
                                  "--role", "lab_staff"])
    assert missing.exit_code == 1 and "organization" in missing.output
    unknown = runner.invoke(args=["users", "create", "--email", "y@lab.example.org", "--password", PASSWORD,
                                  "--role", "lab_staff", "--organization", "lab-99-nowhere"])
    assert unknown.exit_code == 1 and "organization" in unknown.output


def test_declined_requests_stay_off_the_calendar_and_a_decision_is_final(client, tokens, staff, machine):
    booking = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"]).get_json()
    url = f"/api/v1/bookings/{booking['id']}/decision"
    declined = client.post(url, json={"decision": "decline", "comment": "保守点検日"}, headers=staff["tohoku"])
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    seen = client.get(f"/api/v1/bookings/{booking['id']}", headers=tokens["alice"]).get_json()
    assert seen["comment"] == "保守点検日"
    assert [(step["action"], step["by"], step["comment"]) for step in seen["history"]] == [
        ("requested", "requester", ""), ("declined", "lab_staff", "保守点検日")]
    assert client.post(url, json={"decision": "approve"}, headers=staff["tohoku"]).status_code == 409
    assert "VEVENT" not in client.get(f"/api/v1/equipment/{machine}/calendar.ics").get_data(as_text=True)
    unknown = client.post(url, json={"decision": "maybe"}, headers=staff["tohoku"])
    assert unknown.status_code == 422 and "decision" in unknown.get_json()["errors"]
