"""The equipment JSON API under ``/api/v1``: a thin view over :func:`hubs.equipment.operations.search_equipment`."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from hubs.core.access import current_user, login_required

from hubs.core.i18n import current_language
from hubs.core.limits import expensive_read
from hubs.core.openapi import endpoint
from hubs.core.responses import csv_response
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
@endpoint("listBookings", responses={200: s.BookingList}, secured=True, tags=("equipment",))
def my_bookings() -> ResponseReturnValue:
    """Your requests; for lab staff also every request on their organisation's machines."""
    return jsonify({"bookings": [_booking(b) for b in bookings.bookings_for(current_user())]})


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
    """Lab staff approve or decline a request on their organisation's machine (404 for anybody else)."""
    user = current_user()
    bookings.visible_booking(booking_id, user)  # strangers learn nothing from a 422
    body = s.DecisionInput.from_request()
    return jsonify(_booking(bookings.decide(booking_id, user, body.decision, body.comment)))


@bp.get("/equipment/<int:equipment_id>/calendar.ics")
@endpoint("getEquipmentCalendar", responses={200: None}, errors=(404,), media={200: {"text/calendar": {"type": "string"}}},
          tags=("equipment",))
def calendar(equipment_id: int) -> ResponseReturnValue:
    """The machine's approved bookings as iCalendar: times only, no names or purposes."""
    item = bookings.bookable_equipment(equipment_id)
    return Response(bookings.calendar(item, request.host.split(":")[0] or "atlas"),
                    content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="equipment-{item.id}.ics"'})
