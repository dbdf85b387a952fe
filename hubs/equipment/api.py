"""The equipment JSON API under ``/api/v1``: a thin view over :func:`hubs.equipment.operations.search_equipment`."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from flask.typing import ResponseReturnValue

from hubs.core.access import current_user, login_required

from hubs.core.errors import NotFound
from hubs.core.i18n import current_language
from hubs.core.limits import expensive_read
from hubs.core.openapi import endpoint
from hubs.core.responses import csv_response, keyset_page, page_response
from hubs.equipment import bookings, operations
from hubs.equipment.models import Booking
from hubs.equipment import schemas as s

bp = Blueprint("equipment_api", __name__, url_prefix="/api/v1")


@bp.get("/equipment")
@endpoint("listEquipment", query=s.EquipmentQuery, responses={200: s.Results}, errors=(404,),
          media={200: {"application/json": s.Results, "text/csv": {"type": "string"}}}, tags=("equipment",))
def equipment(query: s.EquipmentQuery) -> ResponseReturnValue:
    """Machines by category, keyword (with synonyms), field, prefecture or region, distance and fee ceiling.

    Fees are for ``hours`` of use by a requester from ``requester_prefecture``, with the lab's
    out-of-prefecture rule; ``format=csv`` exports the same rows.

    A search, not a collection paged by id: the first ``limit`` machines (default 1000, at most
    5000) in the listing's order, or nearest first with ``near`` (by latency with ``within_ms``),
    and ``count``, how many match; narrow the filters for the rest. An id cursor would break
    the ranking by distance or latency.
    """
    lang = current_language()
    results = operations.search_equipment(query, lang)
    if query.format == "csv":
        header, rows = operations.csv_table(results, lang)
        return csv_response(header, rows, "equipment.csv", query.encoding)
    return jsonify(results)


@bp.get("/equipment/testbed")
@endpoint("composeTestbed", query=s.TestbedQuery, responses={200: s.Testbed}, errors=(404,), tags=("equipment",))
@expensive_read
def testbed(query: s.TestbedQuery) -> ResponseReturnValue:
    """Two to six machines joined over SINET: each site, the modelled paths between the sites (a chain in
    the order given, or every pair) with estimated one-way latency and bottleneck bandwidth, and what the
    machines cost a requester from ``requester_prefecture`` for ``hours`` (1: the hourly cost).

    400 naming ``machine``: fewer than two, more than six, a repeated id; 404 naming every unknown id.
    """
    return jsonify(operations.compose_testbed(query, current_language()))


@bp.get("/equipment/coverage")
@endpoint("getEquipmentCoverage", responses={200: s.Coverage}, tags=("equipment",))
def coverage() -> ResponseReturnValue:
    """The JSON twin of ``/equipment/coverage``: machines per organisation, fee rules, rows left out."""
    return jsonify(operations.coverage(current_language()))


def _booking(booking: Booking) -> dict:
    hours = (booking.end_at - booking.start_at).total_seconds() / 3600
    return bookings.booking_to_dict(booking, current_language(), operations.slot_fee(booking.equipment, hours))


@bp.post("/equipment/<int:equipment_id>/bookings")
@login_required
@endpoint("requestBooking", body=s.BookingInput, responses={201: s.BookingOut}, secured=True,
          errors=(404, 409, 429), tags=("equipment",), body_after_checks=True)
def request_booking(equipment_id: int) -> ResponseReturnValue:
    """Ask for a slot on a machine (422 naming the field: past, reversed, too long, not bookable; 409: overlaps)."""
    item = bookings.bookable_equipment(equipment_id)
    body = s.BookingInput.from_request()
    booking = bookings.request_booking(item, current_user(), body.model_dump())
    return jsonify(_booking(booking)), 201


@bp.get("/bookings")
@login_required
@endpoint("listBookings", query=s.BookingsRequest, responses={200: s.BookingList}, secured=True, tags=("equipment",))
def my_bookings(query: s.BookingsRequest) -> ResponseReturnValue:
    """Your requests, in pages (ascending id); for lab staff also every request on their organisation's machines."""
    page, after = keyset_page(bookings.bookings_for(current_user()), query, "equipment_api.my_bookings", lambda b: b.id)
    return page_response({"bookings": [_booking(b) for b in page], "next": after})


@bp.get("/bookings/<int:booking_id>")
@login_required
@endpoint("getBooking", responses={200: s.BookingOut}, secured=True, errors=(404,), tags=("equipment",))
def booking(booking_id: int) -> ResponseReturnValue:
    """One request, to the person who made it and the lab's staff (404 to anybody else)."""
    return jsonify(_booking(bookings.visible_booking(booking_id, current_user())))


@bp.post("/bookings/<int:booking_id>/decision")
@login_required
@endpoint("decideBooking", body=s.DecisionInput, responses={200: s.BookingOut}, secured=True,
          errors=(404, 409, 429), tags=("equipment",), body_after_checks=True)
def decision(booking_id: int) -> ResponseReturnValue:
    """Lab staff approve, decline or propose another slot (``start``, ``end``) on their organisation's machine.

    404 for anybody else; 422 naming ``start``/``end`` for a proposal without a slot or with a past, reversed or
    too long one; 409 when already decided or the slot overlaps an approved booking.
    """
    user = current_user()
    bookings.visible_booking(booking_id, user)  # strangers learn nothing from a 422
    body = s.DecisionInput.from_request()
    return jsonify(_booking(bookings.decide(booking_id, user, body.decision, body.comment, body.start, body.end)))


@bp.post("/bookings/<int:booking_id>/response")
@login_required
@endpoint("respondToProposal", body=s.ResponseInput, responses={200: s.BookingOut}, secured=True,
          errors=(404, 409, 429), tags=("equipment",), body_after_checks=True)
def response(booking_id: int) -> ResponseReturnValue:
    """The requester accepts the slot the lab proposed (approved at that slot unless another booking took it
    meanwhile: 409, nothing changes) or declines it. 404 for anybody but the requester."""
    user = current_user()
    bookings.visible_booking(booking_id, user)
    body = s.ResponseInput.from_request()
    return jsonify(_booking(bookings.respond(booking_id, user, body.answer, body.comment)))


@bp.post("/bookings/feed")
@login_required
@endpoint("newBookingFeed", responses={201: s.FeedOut}, secured=True, tags=("equipment",))
def new_feed() -> ResponseReturnValue:
    """A secret iCalendar URL of your own bookings, for a calendar program to subscribe to (shown only in this
    answer; asking again makes a new one and ends the old)."""
    secret = bookings.new_feed_secret(current_user())
    return jsonify(url=url_for("equipment_api.feed", secret=secret, _external=True)), 201


@bp.delete("/bookings/feed")
@login_required
@endpoint("endBookingFeed", responses={204: None}, secured=True, errors=(404,), tags=("equipment",))
def end_feed() -> ResponseReturnValue:
    """Stop your calendar feed (404 if there is none)."""
    if not bookings.end_feed(current_user()):
        raise NotFound(_l("No such calendar."))
    return "", 204


#: A feed secret as :func:`hubs.equipment.bookings.new_feed_secret` makes it (``secrets.token_urlsafe(32)``).
FEED_SECRET_SCHEMA = {"type": "string", "minLength": 43, "maxLength": 43, "pattern": "^[A-Za-z0-9_-]{43}$"}


def document_feed_secret(document: dict[str, Any]) -> None:
    """Hook ``openapi.document``: the feed's path parameter has the secret's exact shape (spectree only says string)."""
    operation = document["paths"].get("/api/v1/bookings/feed/{secret}.ics", {}).get("get", {})
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "path" and parameter.get("name") == "secret":
            parameter["schema"] = dict(FEED_SECRET_SCHEMA)


@bp.get("/bookings/feed/<string:secret>.ics")
@endpoint("getBookingFeed", responses={200: None}, errors=(404,), media={200: {"text/calendar": {"type": "string"}}},
          tags=("equipment",))
def feed(secret: str) -> ResponseReturnValue:
    """Your own bookings as iCalendar, opened by the secret in the URL (calendar programs send no login):
    approved ones confirmed, open requests and proposed slots tentative, declined ones left out."""
    user = bookings.feed_owner(secret)
    return Response(bookings.personal_calendar(user, request.host.split(":")[0] or "atlas"),
                    content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="bookings.ics"', "Cache-Control": "private, no-store",
                             "Referrer-Policy": "no-referrer"})


@bp.get("/equipment/<int:equipment_id>/calendar.ics")
@endpoint("getEquipmentCalendar", responses={200: None}, errors=(404,), media={200: {"text/calendar": {"type": "string"}}},
          tags=("equipment",))
def calendar(equipment_id: int) -> ResponseReturnValue:
    """The machine's approved bookings as iCalendar: times only, no names or purposes."""
    item = bookings.bookable_equipment(equipment_id)
    return Response(bookings.calendar(item, request.host.split(":")[0] or "atlas"),
                    content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="equipment-{item.id}.ics"'})
