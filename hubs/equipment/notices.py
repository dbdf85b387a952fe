"""Booking notices: lab staff hear of a new request (and of a proposal accepted), the requester of
the lab's answer; in the portal with the header's count, and by mail.

The portal's notices (table, page, header count, mail in the recipient's language) belong to
the certification feature; this module reaches them only through hooks of
:mod:`hubs.core.registry` (``notices.notify``, ``notices.deliver``, ``notices.discard``) and
words and links its own kinds for them (``notices.words``, ``notices.link``), so neither
feature imports the other. Without the notices feature the hooks are empty and nothing is sent.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from hubs.accounts.models import User
from hubs.core.extensions import db
from hubs.core.registry import hooks
from hubs.equipment.models import Booking

#: Kinds of booking notice: who gets each is decided in :func:`tell`.
KINDS = ("booking_requested", "booking_accepted", "booking_approved", "booking_declined", "booking_proposed")
#: The lab's answer → the notice its requester gets.
ANSWERS = {"approved": "booking_approved", "declined": "booking_declined", "proposed": "booking_proposed"}


def lab_staff(organization_id: int) -> list[User]:
    """The active lab staff accounts of one organisation."""
    return list(db.session.scalars(select(User).where(User.role == "lab_staff", User.active.is_(True),
                                                      User.organization_id == organization_id)))


def _slot(start: datetime | None, end: datetime | None) -> str:
    """A slot in Japan time, as the labs read it: ``2030-01-15 09:00–12:00 JST``."""
    from hubs.equipment.bookings import JST, _stored

    if start is None or end is None:
        return ""
    start, end = _stored(start).astimezone(JST), _stored(end).astimezone(JST)
    last = end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
    return f"{start:%Y-%m-%d %H:%M}–{last} JST"


def tell(booking: Booking, kind: str) -> None:
    """Queue the notice ``kind`` about ``booking`` for the people it concerns, in the caller's
    transaction (the caller commits, then calls :func:`deliver`; or :func:`discard` on rollback)."""
    item = booking.equipment
    if kind in ("booking_requested", "booking_accepted"):
        people = lab_staff(item.organization_id)
    else:
        people = [db.session.get(User, booking.user_id)]
    if kind == "booking_proposed":
        slot = _slot(booking.proposed_start_at, booking.proposed_end_at)
    else:
        slot = _slot(booking.start_at, booking.end_at)
    params = {"booking_id": booking.id, "machine_ja": item.name_ja, "machine_en": item.name_en or item.name_ja,
              "lab_ja": item.organization.name_ja, "lab_en": item.organization.name_en or item.organization.name_ja,
              "slot": slot, "comment": booking.comment if kind != "booking_requested" else "",
              "purpose": booking.purpose if kind == "booking_requested" else ""}
    for notify in hooks("notices.notify"):
        notify([p for p in people if p is not None], kind, **params)


def deliver() -> None:
    """Mail the queued notices (after the commit)."""
    for send in hooks("notices.deliver"):
        send()


def discard() -> None:
    """Forget the queued notices (the operation was rolled back)."""
    for forget in hooks("notices.discard"):
        forget()


def words(kind: str, params: dict[str, Any], lang: str) -> tuple[str, str] | None:
    """``(title, detail)`` of a booking notice in the current locale; ``None`` for other kinds
    (hook ``notices.words``)."""
    if kind not in KINDS:
        return None
    en = lang == "en"
    number = params.get("booking_id", "")
    machine = params.get("machine_en" if en else "machine_ja", "")
    lab = params.get("lab_en" if en else "lab_ja", "")
    slot, comment = params.get("slot", ""), params.get("comment", "")
    said = _("Comment: %(comment)s", comment=comment) if comment else ""
    if kind == "booking_requested":
        return (_("New booking request #%(id)s for %(machine)s.", id=number, machine=machine),
                _("Slot: %(slot)s. Purpose: %(purpose)s", slot=slot, purpose=params.get("purpose", "")))
    if kind == "booking_accepted":
        return (_("The requester accepted the slot proposed for booking #%(id)s (%(machine)s).", id=number,
                  machine=machine), _("Slot: %(slot)s", slot=slot))
    if kind == "booking_approved":
        return (_("Your booking #%(id)s of %(machine)s at %(lab)s is approved.", id=number, machine=machine, lab=lab),
                " ".join(part for part in (_("Slot: %(slot)s", slot=slot), said) if part))
    if kind == "booking_declined":
        return (_("Your booking request #%(id)s for %(machine)s at %(lab)s was declined.", id=number, machine=machine,
                  lab=lab), said)
    return (_("%(lab)s proposes another slot for your booking #%(id)s (%(machine)s).", lab=lab, id=number,
              machine=machine),
            " ".join(part for part in (_("Proposed slot: %(slot)s", slot=slot), said) if part))


def link(kind: str, params: dict[str, Any], external: bool) -> str | None:
    """The bookings page, for a booking notice (hook ``notices.link``)."""
    if kind not in KINDS:
        return None
    return url_for("equipment.my_bookings", _external=external) + f"#booking-{params.get('booking_id', '')}"
