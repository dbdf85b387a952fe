"""Lab staff propose another slot, the requester accepts or declines, the history keeps each step;
each person's own bookings as a private iCalendar feed. Through the API and the pages."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hubs.core.extensions import db
from hubs.equipment.models import Booking, BookingFeed
from tests.equipment.test_bookings import SLOT, _machine
from tests.fixtures_accounts import PASSWORD, bearer

OTHER = {"start": "2030-01-16T13:00:00+09:00", "end": "2030-01-16T15:00:00+09:00"}


@pytest.fixture
def staff(app, runner, users):
    headers = {}
    for name, key in (("tohoku", "univ-tohoku"), ("chiba", "lab-12-chiba")):
        result = runner.invoke(args=["users", "create", "--email", f"{name}@lab.example.org", "--password", PASSWORD,
                                     "--role", "lab_staff", "--organization", key])
        assert result.exit_code == 0, result.output
        headers[name] = bearer(app.test_client(), f"{name}@lab.example.org")
    return headers


@pytest.fixture
def machine(app) -> int:
    return _machine(app, "univ-tohoku")


def _ask(client, tokens, machine, who="alice", slot=SLOT):
    response = client.post(f"/api/v1/equipment/{machine}/bookings", json=slot, headers=tokens[who])
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _propose(client, staff, booking, slot=OTHER, comment="午前は保守"):
    return client.post(f"/api/v1/bookings/{booking}/decision",
                       json={"decision": "propose", "comment": comment, **slot}, headers=staff["tohoku"])


def test_staff_propose_the_requester_accepts_and_it_is_approved_at_the_new_slot(client, tokens, staff, machine):
    booking = _ask(client, tokens, machine)
    proposed = _propose(client, staff, booking)
    assert proposed.status_code == 200, proposed.get_json()
    data = proposed.get_json()
    assert data["status"] == "proposed" and data["proposed_start"] == "2030-01-16T04:00:00+00:00"
    assert data["start"] == "2030-01-15T00:00:00+00:00"  # the asked slot stands until accepted
    assert "VEVENT" not in client.get(f"/api/v1/equipment/{machine}/calendar.ics").get_data(as_text=True)
    accepted = client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "accept", "comment": "了解"},
                           headers=tokens["alice"])
    assert accepted.status_code == 200, accepted.get_json()
    data = accepted.get_json()
    assert data["status"] == "approved" and data["start"] == "2030-01-16T04:00:00+00:00"
    assert data["end"] == "2030-01-16T06:00:00+00:00" and data["proposed_start"] is None
    assert [(s["action"], s["by"], s["comment"], s["start"]) for s in data["history"]] == [
        ("requested", "requester", "", None),
        ("proposed", "lab_staff", "午前は保守", "2030-01-16T04:00:00+00:00"),
        ("accepted", "requester", "了解", "2030-01-16T04:00:00+00:00")]
    feed = client.get(f"/api/v1/equipment/{machine}/calendar.ics").get_data(as_text=True)
    assert "DTSTART:20300116T040000Z" in feed
    again = client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "accept"}, headers=tokens["alice"])
    assert again.status_code == 409


def test_requester_declines_the_proposal_and_the_request_ends(client, tokens, staff, machine):
    booking = _ask(client, tokens, machine)
    _propose(client, staff, booking)
    declined = client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "decline"},
                           headers=tokens["alice"])
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert [s["action"] for s in declined.get_json()["history"]] == ["requested", "proposed", "declined"]
    assert declined.get_json()["history"][-1]["by"] == "requester"
    assert "VEVENT" not in client.get(f"/api/v1/equipment/{machine}/calendar.ics").get_data(as_text=True)


def test_accepting_a_slot_taken_meanwhile_is_409_and_changes_nothing(app, client, tokens, staff, machine):
    booking = _ask(client, tokens, machine)
    _propose(client, staff, booking)
    # Bob asks for an overlapping slot and the lab approves it before Alice answers.
    bob = _ask(client, tokens, machine, "bob", {**OTHER, "purpose": "振動試験"})
    assert client.post(f"/api/v1/bookings/{bob}/decision", json={"decision": "approve"},
                       headers=staff["tohoku"]).status_code == 200
    refused = client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "accept"},
                          headers=tokens["alice"] | {"Accept-Language": "ja"})
    assert refused.status_code == 409 and "他の予約" in refused.get_json()["message"]
    with app.app_context():
        kept = db.session.get(Booking, booking)
        assert kept.status == "proposed" and [e.action for e in kept.history] == ["requested", "proposed"]


def test_a_proposal_needs_a_free_future_slot_named_by_field(app, client, tokens, staff, machine):
    booking = _ask(client, tokens, machine)
    missing = client.post(f"/api/v1/bookings/{booking}/decision", json={"decision": "propose"},
                          headers=staff["tohoku"] | {"Accept-Language": "ja"})
    assert missing.status_code == 422 and set(missing.get_json()["errors"]) == {"start", "end"}
    assert missing.get_json()["errors"]["start"][0]["message"] == "提案する日時を入力してください。"
    past = _propose(client, staff, booking, {"start": "2001-01-01T09:00:00+09:00", "end": "2001-01-01T10:00:00+09:00"})
    assert past.status_code == 422 and "start" in past.get_json()["errors"]
    reversed_slot = _propose(client, staff, booking, {"start": OTHER["end"], "end": OTHER["start"]})
    assert reversed_slot.status_code == 422 and "end" in reversed_slot.get_json()["errors"]
    taken = _ask(client, tokens, machine, "bob", {**OTHER, "purpose": "x"})
    client.post(f"/api/v1/bookings/{taken}/decision", json={"decision": "approve"}, headers=staff["tohoku"])
    overlapping = _propose(client, staff, booking)
    assert overlapping.status_code == 409
    with app.app_context():
        assert db.session.get(Booking, booking).status == "requested"


def test_only_the_labs_staff_propose_and_only_the_requester_answers(client, tokens, staff, machine):
    booking = _ask(client, tokens, machine)
    for outsider in (staff["chiba"], tokens["bob"], tokens["alice"]):
        response = client.post(f"/api/v1/bookings/{booking}/decision", json={"decision": "propose", **OTHER},
                               headers=outsider)
        assert response.status_code == 404
    _propose(client, staff, booking)
    for outsider in (staff["tohoku"], staff["chiba"], tokens["bob"]):
        response = client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "accept"}, headers=outsider)
        assert response.status_code == 404
    bad = client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "maybe"}, headers=tokens["alice"])
    assert bad.status_code == 422 and "answer" in bad.get_json()["errors"]
    assert client.post(f"/api/v1/bookings/{booking}/response", json={"answer": "accept"}).status_code == 401
    # A request nobody proposed anything for cannot be "accepted".
    other = _ask(client, tokens, machine, slot={**SLOT, "start": "2030-02-01T09:00:00+09:00",
                                                "end": "2030-02-01T10:00:00+09:00"})
    assert client.post(f"/api/v1/bookings/{other}/response", json={"answer": "accept"},
                       headers=tokens["alice"]).status_code == 409


def test_personal_feed_by_secret_url_lists_only_your_own_bookings(app, client, tokens, staff, machine):
    mine = _ask(client, tokens, machine)
    _ask(client, tokens, machine, "bob", {**OTHER, "purpose": "他人の予約"})
    client.post(f"/api/v1/bookings/{mine}/decision", json={"decision": "approve"}, headers=staff["tohoku"])
    made = client.post("/api/v1/bookings/feed", headers=tokens["alice"])
    assert made.status_code == 201
    url = made.get_json()["url"]
    path = url[url.index("/api/"):]
    feed = client.get(path)  # no cookie, no token: the URL is the key
    text = feed.get_data(as_text=True)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert text.count("BEGIN:VEVENT") == 1 and "DTSTART:20300115T000000Z" in text and "STATUS:CONFIRMED" in text
    assert "他人の予約" not in text and "薄膜" not in text  # nobody else's, and no purpose
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    with app.app_context():
        assert db.session.scalar(select(BookingFeed.token_hash)) not in url  # only the digest is stored
    # A new address ends the old one; stopping ends it too; a wrong secret is a 404.
    newer = client.post("/api/v1/bookings/feed", headers=tokens["alice"]).get_json()["url"]
    assert client.get(path).status_code == 404
    assert client.get(newer[newer.index("/api/"):]).status_code == 200
    assert client.delete("/api/v1/bookings/feed", headers=tokens["alice"]).status_code == 204
    assert client.get(newer[newer.index("/api/"):]).status_code == 404
    assert client.delete("/api/v1/bookings/feed", headers=tokens["alice"]).status_code == 404
    assert client.get("/api/v1/bookings/feed/" + "x" * 43 + ".ics").status_code == 404
    assert client.post("/api/v1/bookings/feed").status_code == 401


def test_open_and_proposed_requests_are_tentative_in_the_feed(client, tokens, staff, machine):
    booking = _ask(client, tokens, machine)
    _propose(client, staff, booking)
    url = client.post("/api/v1/bookings/feed", headers=tokens["alice"]).get_json()["url"]
    text = client.get(url[url.index("/api/"):]).get_data(as_text=True)
    assert "STATUS:TENTATIVE" in text and "DTSTART:20300116T040000Z" in text  # at the proposed slot


def test_propose_accept_and_feed_on_the_pages(app, client, auth, users, runner, machine):
    runner.invoke(args=["users", "create", "--email", "tohoku@lab.example.org", "--password", PASSWORD,
                        "--role", "lab_staff", "--organization", "univ-tohoku"])
    auth.login(users["alice"])
    client.post(f"/equipment/{machine}/book", data={"start": "2030-01-15T09:00", "end": "2030-01-15T12:00",
                                                    "purpose": "断面観察", "csrf_token": auth.csrf(f"/equipment/{machine}")})
    with app.app_context():
        booking = db.session.scalar(select(Booking.id).order_by(Booking.id.desc()).limit(1))
    auth.logout()
    auth.login("tohoku@lab.example.org")
    page = client.get("/bookings", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert 'value="propose"' in page and "別の日時を提案" in page
    bad = client.post(f"/bookings/{booking}/decision", data={"decision": "propose", "start": "",
                                                             "csrf_token": auth.csrf("/bookings")},
                      headers={"Accept-Language": "ja"}, follow_redirects=True)
    assert "提案する日時を入力してください。" in bad.get_data(as_text=True)
    sent = client.post(f"/bookings/{booking}/decision", data={
        "decision": "propose", "start": "2030-01-16T13:00", "end": "2030-01-16T15:00", "comment": "午前は保守",
        "csrf_token": auth.csrf("/bookings")})
    assert sent.status_code == 302
    auth.logout()
    auth.login(users["alice"])
    page = client.get("/bookings", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "2030-01-16 13:00" in page and 'value="accept"' in page and "別日時の提案あり" in page
    accepted = client.post(f"/bookings/{booking}/response", data={"answer": "accept",
                                                                  "csrf_token": auth.csrf("/bookings")})
    assert accepted.status_code == 302
    page = client.get("/bookings", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "提案を承諾" in page and "承認" in page
    made = client.post("/bookings/feed", data={"action": "new", "csrf_token": auth.csrf("/bookings")},
                       headers={"Accept-Language": "ja"})
    html = made.get_data(as_text=True)
    assert made.status_code == 200
    url = re.search(r'id="feed-url" readonly size="80" value="([^"]+)"', html).group(1)
    assert "DTSTART:20300116T040000Z" in client.get(url[url.index("/api/"):]).get_data(as_text=True)
    # Strangers cannot answer on the page either.
    auth.logout()
    auth.login(users["bob"])
    assert client.post(f"/bookings/{booking}/response", data={"answer": "decline",
                                                              "csrf_token": auth.csrf("/bookings")}).status_code == 404
