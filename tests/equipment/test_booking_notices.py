"""Booking notices (issue 15, item 5) through the certification feature's notices: lab staff of the
machine's organisation hear of a request, the requester of the answer; in the portal (API, page,
header count) and by mail, in the reader's language; a refused step tells nobody."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path

from tests.fixtures_accounts import PASSWORD

SLOT = {"start": "2030-01-15T09:00:00+09:00", "end": "2030-01-15T12:00:00+09:00", "purpose": "薄膜試料の断面観察"}
LATER = {"start": "2030-01-16T13:00:00+09:00", "end": "2030-01-16T15:00:00+09:00", "purpose": "再測定"}


def _notices(client, headers, lang="ja") -> dict:
    return client.get("/api/v1/notices", headers={**headers, "Accept-Language": lang}).get_json()


def _mails_to(app, address: str) -> list[email.message.EmailMessage]:
    folder = Path(app.config["ATLAS_OUTBOX_DIR"])
    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
    return [m for m in mails if m["To"] == address]


def test_request_tells_the_labs_staff_and_the_answer_tells_the_requester(app, client, tokens, staff, machine):
    booking = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"]).get_json()
    told = _notices(client, staff["tohoku"], "en")
    assert told["unread"] == 1
    notice = told["notices"][0]
    assert notice["kind"] == "booking_requested" and f"#{booking['id']}" in notice["title"]
    assert "2030-01-15 09:00–12:00 JST" in notice["detail"] and "薄膜試料" in notice["detail"]
    assert notice["url"].endswith(f"/bookings#booking-{booking['id']}")
    assert _notices(client, staff["chiba"])["notices"] == []  # another lab's staff hear nothing
    assert _notices(client, tokens["alice"])["notices"] == []
    mail = _mails_to(app, "tohoku@lab.example.org")
    assert len(mail) == 1 and f"#{booking['id']}" in mail[0]["Subject"]

    decided = client.post(f"/api/v1/bookings/{booking['id']}/decision", headers=staff["tohoku"],
                          json={"decision": "approve", "comment": "当日は9時に受付へ"})
    assert decided.status_code == 200
    answer = _notices(client, tokens["alice"])
    assert answer["unread"] == 1 and answer["notices"][0]["kind"] == "booking_approved"
    assert "承認" in answer["notices"][0]["title"] and "当日は9時に受付へ" in answer["notices"][0]["detail"]
    assert len(_mails_to(app, "alice@example.org")) == 1


def test_decline_and_proposal_reach_the_requester_and_acceptance_the_staff(client, tokens, staff, machine):
    first = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"]).get_json()
    client.post(f"/api/v1/bookings/{first['id']}/decision", headers=staff["tohoku"],
                json={"decision": "decline", "comment": "点検中"})
    second = client.post(f"/api/v1/equipment/{machine}/bookings", json=LATER, headers=tokens["alice"]).get_json()
    proposed = client.post(f"/api/v1/bookings/{second['id']}/decision", headers=staff["tohoku"],
                           json={"decision": "propose", "start": "2030-01-17T10:00:00+09:00",
                                 "end": "2030-01-17T12:00:00+09:00"})
    assert proposed.status_code == 200, proposed.get_json()
    kinds = [(n["kind"], n["detail"]) for n in _notices(client, tokens["alice"], "en")["notices"]]
    assert kinds[0][0] == "booking_proposed" and "2030-01-17 10:00–12:00 JST" in kinds[0][1]
    assert kinds[1][0] == "booking_declined" and "点検中" in kinds[1][1]
    accepted = client.post(f"/api/v1/bookings/{second['id']}/response", headers=tokens["alice"],
                           json={"answer": "accept"})
    assert accepted.status_code == 200, accepted.get_json()
    staff_kinds = [n["kind"] for n in _notices(client, staff["tohoku"])["notices"]]
    assert staff_kinds == ["booking_accepted", "booking_requested", "booking_requested"]


def test_a_refused_step_tells_nobody(client, tokens, staff, machine):
    client.post(f"/api/v1/equipment/{machine}/bookings", json={**SLOT, "start": "2001-01-01T09:00:00+09:00",
                                                                 "end": "2001-01-01T10:00:00+09:00"},
                headers=tokens["alice"])
    assert _notices(client, staff["tohoku"])["notices"] == []
    first = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"]).get_json()
    second = client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["bob"]).get_json()
    client.post(f"/api/v1/bookings/{first['id']}/decision", headers=staff["tohoku"], json={"decision": "approve"})
    refused = client.post(f"/api/v1/bookings/{second['id']}/decision", headers=staff["tohoku"],
                          json={"decision": "approve"})
    assert refused.status_code == 409
    assert _notices(client, tokens["bob"])["notices"] == []


def test_the_header_counts_and_the_page_words_booking_notices(client, auth, tokens, staff, machine):
    client.post(f"/api/v1/equipment/{machine}/bookings", json=SLOT, headers=tokens["alice"])
    auth.login("tohoku@lab.example.org", PASSWORD)
    page = client.get("/notices").get_data(as_text=True)
    assert '<span class="count-badge">1</span>' in page
    assert "新しい予約申込" in page and "/bookings#booking-" in page
