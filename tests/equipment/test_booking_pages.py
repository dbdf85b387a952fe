"""Booking through the pages: the request form, the staff's decision buttons, 404 for others."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hubs.core.extensions import db
from hubs.equipment.models import Booking, Equipment
from hubs.organizations.models import Organization
from tests.fixtures_accounts import PASSWORD

FORM = {"start": "2030-01-15T09:00", "end": "2030-01-15T12:00", "purpose": "断面観察"}


@pytest.fixture
def machine(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Equipment.id).join(Equipment.organization).where(
            Organization.key == "univ-tohoku", Equipment.bookable.is_(True)).order_by(Equipment.id).limit(1))


@pytest.fixture
def lab_staff(runner, users):
    for name, key in (("tohoku", "univ-tohoku"), ("chiba", "lab-12-chiba")):
        result = runner.invoke(args=["users", "create", "--email", f"{name}@lab.example.org", "--password", PASSWORD,
                                     "--role", "lab_staff", "--organization", key])
        assert result.exit_code == 0, result.output
    return {"tohoku": "tohoku@lab.example.org", "chiba": "chiba@lab.example.org"}


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booking))


def _booking_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(Booking.id)))


def test_request_on_the_page_and_staff_approve_it(app, client, auth, users, lab_staff, machine):
    page = client.get(f"/equipment/{machine}", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "ログイン" in page and 'name="purpose"' not in page
    auth.login(users["alice"])
    sent = client.post(f"/equipment/{machine}/book", data={**FORM, "csrf_token": auth.csrf(f"/equipment/{machine}")})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/bookings")
    booking = _booking_id(app)
    mine = client.get("/bookings", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "2030-01-15 09:00" in mine and "申込中" in mine and 'value="approve"' not in mine
    auth.logout()
    auth.login(lab_staff["tohoku"])
    assert 'value="approve"' in client.get("/bookings").get_data(as_text=True)
    decided = client.post(f"/bookings/{booking}/decision",
                          data={"decision": "approve", "csrf_token": auth.csrf("/bookings")})
    assert decided.status_code == 302
    assert "DTSTART:20300115T000000Z" in client.get(f"/api/v1/equipment/{machine}/calendar.ics").get_data(
        as_text=True)


def test_other_staff_and_the_requester_get_404_on_the_decision_route(app, client, auth, users, lab_staff, machine):
    auth.login(users["alice"])
    client.post(f"/equipment/{machine}/book", data={**FORM, "csrf_token": auth.csrf(f"/equipment/{machine}")})
    booking = _booking_id(app)
    for email in (users["alice"], users["bob"], users["dave"], lab_staff["chiba"]):
        auth.logout()
        auth.login(email)
        token = auth.csrf("/bookings")
        assert client.post(f"/bookings/{booking}/decision",
                           data={"decision": "approve", "csrf_token": token}).status_code == 404, email
        assert "断面観察" not in client.get("/bookings").get_data(as_text=True) or email == users["alice"]
    with app.app_context():
        assert db.session.get(Booking, booking).status == "requested"


def test_bad_slot_on_the_page_is_named_in_japanese_and_saves_nothing(app, client, auth, users, machine):
    auth.login(users["alice"])
    before = _count(app)
    response = client.post(f"/equipment/{machine}/book", headers={"Accept-Language": "ja"}, data={
        **FORM, "end": "2030-01-15T08:00", "csrf_token": auth.csrf(f"/equipment/{machine}")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="err-end"' in html and "終了日時は開始日時より後にしてください。" in html
    assert 'value="断面観察"' not in html and "断面観察" in html  # the typed purpose is kept in the textarea
    assert _count(app) == before


def test_booking_pages_need_a_login(client, machine):
    assert client.get("/bookings").status_code == 302
    assert client.post(f"/equipment/{machine}/book", data=FORM).status_code == 302
