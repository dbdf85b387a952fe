"""Booking requests: a signed-in user asks for a slot, the lab's staff approve, decline or propose
another slot, and the requester accepts or declines that proposal.

Object-level access is decided here once: a booking is visible to the person who asked and to
staff of the organisation holding the machine; to anybody else it does not exist (404), so
ids reveal nothing. Approved bookings never overlap: checked here for a clear message, and
enforced by the database (see :class:`hubs.equipment.models.Booking`) for concurrent approvals.
Each operation commits once or raises having written nothing; the people it concerns get a
notice (:mod:`hubs.equipment.notices`), mailed after the commit.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import exc, select

from hubs.accounts.models import User
from hubs.core.errors import Conflict, FieldError, InvalidInput, NotFound
from hubs.core.extensions import db
from hubs.equipment import notices
from hubs.equipment.models import BOOKING_ACTIONS, BOOKING_STATUSES, Booking, BookingEvent, BookingFeed, Equipment

JST = timezone(timedelta(hours=9), "JST")
#: Longest slot one request may ask for.
MAX_SLOT = timedelta(days=31)


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a time without an offset is Japan time, where the labs are."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JST)
    return moment.astimezone(UTC)


def _stored(moment: datetime) -> datetime:
    """As the database gives it back: SQLite drops the offset of a UTC time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def bookable_equipment(equipment_id: int) -> Equipment:
    item = db.session.get(Equipment, equipment_id)
    if item is None:
        raise NotFound(_l("No machine %(id)s.", id=equipment_id))
    return item


def _overlapping(equipment_id: int, start: datetime, end: datetime, exclude: int | None = None) -> bool:
    statement = select(Booking.id).where(
        Booking.equipment_id == equipment_id, Booking.status == "approved",
        Booking.start_at < end, Booking.end_at > start)
    if exclude is not None:
        statement = statement.where(Booking.id != exclude)
    return db.session.scalar(statement.limit(1)) is not None


def _slot_problems(start: datetime, end: datetime, now: datetime) -> list[FieldError]:
    errors = []
    if start <= now:
        errors.append(FieldError("start", "past", _l("The slot must start in the future.")))
    if end <= start:
        errors.append(FieldError("end", "before_start", _l("The end must be after the start.")))
    elif end - start > MAX_SLOT:
        errors.append(FieldError("end", "too_long", _l("One request may cover at most %(days)s days.",
                                                       days=MAX_SLOT.days)))
    return errors


def request_booking(item: Equipment, user: User, values: dict[str, Any], now: datetime | None = None) -> Booking:
    """A new request on ``item``; :class:`InvalidInput` naming the field (nothing saved) or
    :class:`Conflict` if the slot overlaps an approved booking."""
    now = now or datetime.now(UTC)
    start, end = _utc(values["start"]), _utc(values["end"])
    errors = []
    if not item.bookable:
        errors.append(FieldError("equipment", "not_bookable",
                                 _l("This machine does not take booking requests; contact the lab.")))
    errors += _slot_problems(start, end, now)
    if errors:
        raise InvalidInput(errors=errors)
    if _overlapping(item.id, start, end):
        raise Conflict(_l("This slot overlaps a booking already approved; choose another time."),
                       errors=[FieldError("start", "overlap", _l(
                           "This slot overlaps a booking already approved; choose another time."))])
    booking = Booking(equipment_id=item.id, user_id=user.id, start_at=start, end_at=end,
                      purpose=values["purpose"], status="requested")
    booking.history.append(BookingEvent(actor_id=user.id, actor_role="requester", action="requested"))
    db.session.add(booking)
    db.session.flush()
    booking.equipment = item
    notices.tell(booking, "booking_requested")
    _commit(None)
    return booking


def is_staff_of(user: User | None, item: Equipment) -> bool:
    return user is not None and user.role == "lab_staff" and user.organization_id == item.organization_id


def visible_booking(booking_id: int, user: User) -> Booking:
    """The booking if ``user`` asked for it or works for the machine's lab; 404 otherwise."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or not (booking.user_id == user.id or is_staff_of(user, booking.equipment)):
        raise NotFound(_l("No booking %(id)s.", id=booking_id))
    return booking


def decide(booking_id: int, user: User, decision: str, comment: str = "", start: datetime | None = None,
           end: datetime | None = None, now: datetime | None = None) -> Booking:
    """Staff of the machine's organisation approve, decline or propose another slot (``start``-``end``);
    anybody else gets 404.

    Raises
    ------
    NotFound
        Not this user's organisation's booking.
    InvalidInput
        A proposal without a slot, or with a past, reversed or too long one (named by field).
    Conflict
        Already decided, or approving (or proposing) a slot that overlaps another approved booking.
    """
    booking = db.session.get(Booking, booking_id)
    if booking is None or not is_staff_of(user, booking.equipment):
        raise NotFound(_l("No booking %(id)s.", id=booking_id))
    if booking.status != "requested":
        raise Conflict(_l("This request has already been decided."))
    overlap = _l("This slot overlaps a booking already approved; choose another time.")
    if decision == "propose":
        return _propose(booking, user, comment, start, end, now or datetime.now(UTC))
    start, end = _stored(booking.start_at), _stored(booking.end_at)
    if decision == "approve" and _overlapping(booking.equipment_id, start, end, exclude=booking.id):
        raise Conflict(overlap)
    booking.status = "approved" if decision == "approve" else "declined"
    booking.comment = comment
    booking.decided_by_id = user.id
    booking.decided_at = datetime.now(UTC)
    booking.history.append(BookingEvent(actor_id=user.id, actor_role="lab_staff", action=booking.status,
                                        comment=comment))
    notices.tell(booking, notices.ANSWERS[booking.status])
    _commit(overlap)
    return booking


def _commit(overlap: Any) -> None:
    """Commit, then mail the notices it made; on failure nothing is written and nothing mailed."""
    try:
        db.session.commit()
    except (exc.IntegrityError, exc.OperationalError) as error:
        # Another approval won the race: the database's own rule refused this one.
        db.session.rollback()
        notices.discard()
        if overlap is not None and ("booking_overlap" in str(error) or "booking_no_overlap" in str(error)):
            raise Conflict(overlap) from None
        raise
    notices.deliver()


def _propose(booking: Booking, user: User, comment: str, start: datetime | None, end: datetime | None,
             now: datetime) -> Booking:
    missing = [FieldError(name, "missing", _l("Give the slot you propose."))
               for name, value in (("start", start), ("end", end)) if value is None]
    if missing:
        raise InvalidInput(errors=missing)
    assert start is not None and end is not None
    start, end = _utc(start), _utc(end)
    problems = _slot_problems(start, end, now)
    if problems:
        raise InvalidInput(errors=problems)
    if _overlapping(booking.equipment_id, start, end):
        message = _l("This slot overlaps a booking already approved; choose another time.")
        raise Conflict(message, errors=[FieldError("start", "overlap", message)])
    booking.status = "proposed"
    booking.proposed_start_at, booking.proposed_end_at = start, end
    booking.comment = comment
    booking.decided_by_id = user.id
    booking.decided_at = now
    booking.history.append(BookingEvent(actor_id=user.id, actor_role="lab_staff", action="proposed",
                                        comment=comment, start_at=start, end_at=end))
    notices.tell(booking, "booking_proposed")
    _commit(None)
    return booking


def respond(booking_id: int, user: User, answer: str, comment: str = "", now: datetime | None = None) -> Booking:
    """The requester accepts the slot lab staff proposed (the request is then approved at that slot) or
    declines it (the request ends). Anybody but the requester gets 404.

    Raises
    ------
    Conflict
        No proposal is open, the proposed slot has begun, or another booking was approved over it
        meanwhile (checked here and by the database); nothing changes.
    """
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.user_id != user.id:
        raise NotFound(_l("No booking %(id)s.", id=booking_id))
    if booking.status != "proposed" or booking.proposed_start_at is None or booking.proposed_end_at is None:
        raise Conflict(_l("No other slot is proposed for this request."))
    start, end = _stored(booking.proposed_start_at), _stored(booking.proposed_end_at)
    now = now or datetime.now(UTC)
    if answer == "decline":
        booking.status = "declined"
        booking.history.append(BookingEvent(actor_id=user.id, actor_role="requester", action="declined",
                                            comment=comment))
        db.session.commit()
        return booking
    if start <= now:
        raise Conflict(_l("The proposed slot has already begun; ask the lab for another."))
    overlap = _l("The proposed slot has been booked by someone else meanwhile; ask the lab for another.")
    if _overlapping(booking.equipment_id, start, end, exclude=booking.id):
        raise Conflict(overlap)
    booking.start_at, booking.end_at = start, end
    booking.proposed_start_at = booking.proposed_end_at = None
    booking.status = "approved"
    booking.history.append(BookingEvent(actor_id=user.id, actor_role="requester", action="accepted",
                                        comment=comment, start_at=start, end_at=end))
    notices.tell(booking, "booking_accepted")
    _commit(overlap)
    return booking


def bookings_for(user: User) -> list[Booking]:
    """A person's own requests, and for lab staff also every request on their organisation's machines."""
    statement = select(Booking).join(Booking.equipment)
    if user.role == "lab_staff" and user.organization_id is not None:
        statement = statement.where((Booking.user_id == user.id)
                                    | (Equipment.organization_id == user.organization_id))
    else:
        statement = statement.where(Booking.user_id == user.id)
    return list(db.session.scalars(statement.order_by(Booking.start_at, Booking.id)))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else _stored(moment).isoformat()


def booking_to_dict(booking: Booking, lang: str, fee: dict[str, Any] | None) -> dict[str, Any]:
    item = booking.equipment
    return {
        "id": booking.id, "equipment_id": item.id,
        "equipment_name": (item.name_en or item.name_ja) if lang == "en" else item.name_ja,
        "organization_id": item.organization_id,
        "start": _stored(booking.start_at).isoformat(), "end": _stored(booking.end_at).isoformat(),
        "purpose": booking.purpose, "status": booking.status,
        "status_label": BOOKING_STATUSES[booking.status][1 if lang == "en" else 0],
        "comment": booking.comment, "fee": fee,
        "proposed_start": _iso(booking.proposed_start_at), "proposed_end": _iso(booking.proposed_end_at),
        "history": [{"at": _stored(e.at).isoformat(), "action": e.action,
                     "action_label": BOOKING_ACTIONS[e.action][1 if lang == "en" else 0], "by": e.actor_role,
                     "comment": e.comment, "start": _iso(e.start_at), "end": _iso(e.end_at)}
                    for e in booking.history],
        "calendar": url_for("equipment_api.calendar", equipment_id=item.id),
    }


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(lines: list[str]) -> str:
    """Content lines as RFC 5545 wants them: CRLF-ended, folded at 75 octets (never inside a character)."""
    out = []
    for line in lines:
        chunk, size = "", 0
        for char in line:
            width = len(char.encode())
            if size + width > 75:
                out.append(chunk)
                chunk, size = " ", 1
            chunk += char
            size += width
        out.append(chunk)
    return "\r\n".join(out) + "\r\n"


def _ics_time(moment: datetime) -> str:
    return _stored(moment).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(item: Equipment, host: str, now: datetime | None = None) -> str:
    """The machine's approved bookings as iCalendar (RFC 5545): times only, nobody's name or purpose."""
    stamp = _ics_time(now or datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Innovation Hub Atlas//equipment//JA", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_text(item.name_ja)}"]
    approved = db.session.scalars(select(Booking).where(Booking.equipment_id == item.id,
                                                        Booking.status == "approved").order_by(Booking.start_at))
    for booking in approved:
        lines += ["BEGIN:VEVENT", f"UID:booking-{booking.id}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_ics_time(booking.start_at)}", f"DTEND:{_ics_time(booking.end_at)}",
                  "SUMMARY:予約済み (Booked)", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return _fold(lines)


# --------------------------------------------------------------------------- a person's own feed


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_feed_secret(user: User) -> str:
    """A new secret for ``user``'s own calendar feed; the previous one stops working. Only its digest is kept."""
    secret = secrets.token_urlsafe(32)
    feed = db.session.scalar(select(BookingFeed).where(BookingFeed.user_id == user.id))
    if feed is None:
        feed = BookingFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = _digest(secret)
    feed.created_at = datetime.now(UTC)
    db.session.commit()
    return secret


def end_feed(user: User) -> bool:
    """Stop ``user``'s calendar feed; whether there was one."""
    feed = db.session.scalar(select(BookingFeed).where(BookingFeed.user_id == user.id))
    if feed is None:
        return False
    db.session.delete(feed)
    db.session.commit()
    return True


def has_feed(user: User) -> bool:
    return db.session.scalar(select(BookingFeed.id).where(BookingFeed.user_id == user.id)) is not None


def feed_owner(secret: str) -> User:
    """The active person whose feed ``secret`` opens; 404 for anything else (no hint which part was wrong)."""
    user = None
    if 20 <= len(secret) <= 100:
        feed = db.session.scalar(select(BookingFeed).where(BookingFeed.token_hash == _digest(secret)))
        user = db.session.get(User, feed.user_id) if feed is not None else None
    if user is None or not user.active:
        raise NotFound(_l("No such calendar."))
    return user


def personal_calendar(user: User, host: str, now: datetime | None = None) -> str:
    """``user``'s own requests as iCalendar: approved ones confirmed, open ones tentative (a proposed
    slot at the time proposed), declined ones left out. The machine and the lab are named; the
    purpose is not, since a feed URL travels further than a page behind a login."""
    stamp = _ics_time(now or datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Innovation Hub Atlas//bookings//JA", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:設備予約 (Equipment bookings)"]
    own = db.session.scalars(select(Booking).where(Booking.user_id == user.id, Booking.status != "declined")
                             .order_by(Booking.start_at, Booking.id))
    for booking in own:
        start, end = booking.start_at, booking.end_at
        if booking.status == "proposed" and booking.proposed_start_at and booking.proposed_end_at:
            start, end = booking.proposed_start_at, booking.proposed_end_at
        ja, en = BOOKING_STATUSES[booking.status]
        item = booking.equipment
        lines += ["BEGIN:VEVENT", f"UID:booking-{booking.id}-user@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_ics_time(start)}", f"DTEND:{_ics_time(end)}",
                  f"SUMMARY:{_ics_text(f'{item.name_ja} ({ja} / {en})')}",
                  f"LOCATION:{_ics_text(item.organization.name_ja)}",
                  "STATUS:" + ("CONFIRMED" if booking.status == "approved" else "TENTATIVE"),
                  "TRANSP:" + ("OPAQUE" if booking.status == "approved" else "TRANSPARENT"), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return _fold(lines)
