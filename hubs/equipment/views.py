"""The ``/equipment`` page: search form, table and a map layer of the labs.

Its JSON twin is ``GET /api/v1/equipment`` (:mod:`hubs.equipment.api`) over the same service.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from hubs.core.access import current_user, login_required
from hubs.accounts.forms import EmptyForm
from hubs.core.errors import Conflict, InvalidInput, NotFound, ParameterError
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.core.params import parse_body, parse_query
from hubs.equipment import bookings, operations
from hubs.core.routing import MAX_ID
from hubs.equipment.maps import equipment_map, testbed_map
from hubs.equipment.models import BOOKING_ACTIONS, BOOKING_STATUSES, Equipment
from hubs.equipment.schemas import MAX_TESTBED, MIN_TESTBED, BookingInput, EquipmentQuery, TestbedQuery
from hubs.equipment.vocabulary import CATEGORIES, category_label, rate_unit_label
from hubs.organizations.models import Organization

bp = Blueprint("equipment", __name__)


@bp.app_template_filter("jst")
def jst(moment) -> str:
    """A stored UTC time as Japan time, ``2030-01-15 09:00``."""
    from hubs.equipment.bookings import JST, _stored

    return _stored(moment).astimezone(JST).strftime("%Y-%m-%d %H:%M")


def _origins(lang: str) -> list[tuple[int, str]]:
    """Organisations to measure distance from (real ones, by prefecture and name)."""
    rows = db.session.execute(select(Organization.id, Organization.name_ja, Organization.name_en,
                                     Organization.prefecture_code)
                              .where(Organization.synthetic.is_(False))
                              .order_by(Organization.prefecture_code, Organization.name_ja)).all()
    return [(r.id, f"{r.prefecture_code} {(r.name_en or r.name_ja) if lang == 'en' else r.name_ja}") for r in rows]


@bp.get("/equipment")
def search() -> ResponseReturnValue:
    """Find a machine and what it costs this requester; bad parameters are named on the form."""
    lang = current_language()
    errors: dict[str, list[str]] = {}
    results, query, status = None, EquipmentQuery(), 200
    try:
        query = parse_query(EquipmentQuery, request.args, form=True)
        results = operations.search_equipment(query, lang)
    except (ParameterError, NotFound) as error:
        errors, status = error.messages(), 400
    api_args = {key: values for key in request.args if key not in ("format", "encoding", "machine")
                if (values := [v for v in request.args.getlist(key) if v.strip()])}
    page = equipment_map(current_app.config["ATLAS_TILES"], lang, {
        "api": url_for("equipment_api.equipment", **api_args) if not errors else None})
    return render_template(
        "equipment/search.html", page=page, query=query, results=results, errors=errors, args=api_args,
        categories=[(key, category_label(key, lang)) for key in CATEGORIES], origins=_origins(lang),
        json_twin=url_for("equipment_api.equipment", **api_args), chosen=_chosen(lang),
        max_testbed=MAX_TESTBED), status


def _chosen(lang: str) -> list[tuple[int, str]]:
    """The machines already picked for a testbed (``machine`` in the URL): id and name, known ones only."""
    ids: list[int] = []
    for raw in request.args.getlist("machine"):
        for part in raw.split(","):
            part = part.strip()
            if part.isascii() and part.isdigit() and 0 < int(part) <= MAX_ID and int(part) not in ids:
                ids.append(int(part))
    found = {item.id: item for item in db.session.scalars(select(Equipment).where(Equipment.id.in_(ids[:50])))}
    return [(i, found[i].name_ja if lang == "ja" else (found[i].name_en or found[i].name_ja))
            for i in ids if i in found]


@bp.get("/equipment/testbed")
def testbed() -> ResponseReturnValue:
    """A testbed of two to six machines: paths between their sites and the cost; the URL is the testbed.

    Without ``machine`` the page explains how to compose one; bad parameters answer 400 (unknown
    machines 404), named by field in the reader's language.
    """
    lang = current_language()
    errors: dict[str, list[str]] = {}
    answer, query, status = None, None, 200
    if request.args.getlist("machine"):
        try:
            query = parse_query(TestbedQuery, request.args, form=True)
            answer = operations.compose_testbed(query, lang)
        except (ParameterError, NotFound) as error:
            errors, status = error.messages(), error.status
    args = {key: values for key in request.args if (values := [v for v in request.args.getlist(key) if v.strip()])}
    page = testbed_map(current_app.config["ATLAS_TILES"], lang, answer)
    return render_template(
        "equipment/testbed.html", page=page, testbed=answer, query=query, errors=errors, args=args,
        chosen=_chosen(lang), min_testbed=MIN_TESTBED, max_testbed=MAX_TESTBED,
        without=lambda machine: operations.testbed_args(query, [m for m in query.machine if m != machine])
        if query is not None else {},
        json_twin=url_for("equipment_api.testbed", **args) if answer else None), status


@bp.get("/equipment/coverage")
def coverage() -> ResponseReturnValue:
    """Which labs and machines the shipped data cover, the fee rules, and what was left out."""
    return render_template("equipment/coverage.html", data=operations.coverage(current_language()),
                           json_twin=url_for("equipment_api.coverage"))


@bp.get("/equipment/<int:equipment_id>")
def machine(equipment_id: int) -> ResponseReturnValue:
    """One machine: facts, published fee, its calendar feed and, for signed-in users, a request form."""
    return _machine_page(bookings.bookable_equipment(equipment_id))


def _machine_page(item: Equipment, errors: dict[str, list[str]] | None = None, status: int = 200,
                  values: dict[str, str] | None = None) -> ResponseReturnValue:
    lang = current_language()
    return render_template("equipment/machine.html", item=item, category=category_label(item.category, lang),
                           rate_unit=rate_unit_label(item.rate_unit, lang), form=EmptyForm(), errors=errors or {},
                           values=values or {}, calendar=url_for("equipment_api.calendar", equipment_id=item.id),
                           me=current_user()), status


@bp.post("/equipment/<int:equipment_id>/book")
@login_required
def book(equipment_id: int) -> ResponseReturnValue:
    """Ask for a slot; bad input is named by field on the same page and nothing is saved."""
    item = bookings.bookable_equipment(equipment_id)
    if not EmptyForm().validate_on_submit():
        abort(400, description=_("The form has expired; please try again."))
    values = {k: request.form.get(k, "") for k in ("start", "end", "purpose")}
    try:
        body = parse_body(BookingInput, {k: v for k, v in values.items() if v.strip()} | {
            "purpose": values["purpose"]})
        bookings.request_booking(item, current_user(), body.model_dump())
    except (InvalidInput, Conflict) as error:
        return _machine_page(item, error.messages() or {"start": [error.text()]}, error.status, values)
    flash(_("Your request was sent to the lab."), "info")
    return redirect(url_for("equipment.my_bookings"))


@bp.get("/bookings")
@login_required
def my_bookings(feed_url: str | None = None) -> ResponseReturnValue:
    """Your requests; lab staff also see and decide the requests on their organisation's machines."""
    user = current_user()
    return render_template("equipment/bookings.html", bookings=bookings.bookings_for(user), me=user,
                           form=EmptyForm(), statuses=BOOKING_STATUSES, actions=BOOKING_ACTIONS,
                           staff_of=lambda b: bookings.is_staff_of(user, b.equipment),
                           has_feed=bookings.has_feed(user), feed_url=feed_url,
                           json_twin=url_for("equipment_api.my_bookings"))


def _slot_field(name: str) -> datetime | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput.single(name, "datetime_parsing", _("Give a date and time.")) from None


@bp.post("/bookings/<int:booking_id>/decision")
@login_required
def decide(booking_id: int) -> ResponseReturnValue:
    """Lab staff approve, decline or propose another slot (404 for anybody else, as in the API)."""
    user = current_user()
    bookings.visible_booking(booking_id, user)
    if not EmptyForm().validate_on_submit():
        abort(400, description=_("The form has expired; please try again."))
    decision = request.form.get("decision", "")
    if decision not in ("approve", "decline", "propose"):
        abort(400)
    try:
        start = end = None
        if decision == "propose":
            start, end = _slot_field("start"), _slot_field("end")
        bookings.decide(booking_id, user, decision, request.form.get("comment", "")[:2000], start, end)
    except (Conflict, InvalidInput) as error:
        for text in [t for texts in error.messages().values() for t in texts] or [error.text()]:
            flash(text, "error")
    else:
        flash(_("Decision recorded."), "info")
    return redirect(url_for("equipment.my_bookings"))


@bp.post("/bookings/<int:booking_id>/response")
@login_required
def respond(booking_id: int) -> ResponseReturnValue:
    """The requester accepts or declines the slot the lab proposed (404 for anybody else)."""
    user = current_user()
    bookings.visible_booking(booking_id, user)
    if not EmptyForm().validate_on_submit():
        abort(400, description=_("The form has expired; please try again."))
    answer = request.form.get("answer", "")
    if answer not in ("accept", "decline"):
        abort(400)
    try:
        booking = bookings.respond(booking_id, user, answer, request.form.get("comment", "")[:2000])
    except Conflict as error:
        flash(error.text(), "error")
    else:
        flash(_("The request is approved for the proposed slot.") if booking.status == "approved"
              else _("You declined the proposed slot; the request is closed."), "info")
    return redirect(url_for("equipment.my_bookings"))


@bp.post("/bookings/feed")
@login_required
def feed() -> ResponseReturnValue:
    """Make (or replace) your private calendar URL and show it once; or stop it (``action=stop``)."""
    user = current_user()
    if not EmptyForm().validate_on_submit():
        abort(400, description=_("The form has expired; please try again."))
    if request.form.get("action") == "stop":
        bookings.end_feed(user)
        flash(_("Your calendar feed is stopped; its URL no longer works."), "info")
        return redirect(url_for("equipment.my_bookings"))
    secret = bookings.new_feed_secret(user)
    return my_bookings(url_for("equipment_api.feed", secret=secret, _external=True))
