"""The equipment network's data: machines at organisations and the labs' out-of-prefecture fee rules.

Models are plain data. Amounts are whole yen (as published, tax as the lab states it);
a multiplier is exact (``Numeric``), never a float.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubs.core.extensions import db, one_of, utcnow
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS
from hubs.organizations.models import Organization


class Equipment(db.Model):
    """A machine a lab, AIST base or university opens to outside users."""

    __tablename__ = "equipment"
    __table_args__ = (
        CheckConstraint(one_of("category", CATEGORIES), name="ck_equipment_category"),
        CheckConstraint(f"rate_unit IS NULL OR {one_of('rate_unit', RATE_UNITS)}", name="ck_equipment_rate_unit"),
        CheckConstraint("setup_fee_jpy IS NULL OR setup_fee_jpy >= 0", name="ck_equipment_setup_fee"),
        CheckConstraint("rate_jpy IS NULL OR rate_jpy >= 0", name="ck_equipment_rate"),
        CheckConstraint("out_of_prefecture_multiplier IS NULL OR out_of_prefecture_multiplier >= 1",
                        name="ck_equipment_multiplier"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Stable key of a seeded record (``eq-chiba-1``); lets ``flask seed`` update in place.
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    name_ja: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[str] = mapped_column(String(30), index=True)
    maker: Mapped[str] = mapped_column(String(200), default="")
    model: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    #: Research field keys (:data:`hubs.organizations.vocabulary.FIELDS`), ``;``-separated.
    fields: Mapped[str] = mapped_column(String(300), default="")
    #: None: the lab does not say.
    training_required: Mapped[bool | None] = mapped_column(Boolean)
    staff_operated: Mapped[bool | None] = mapped_column(Boolean)
    bookable: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The slot the lab lends the machine by, as the lab writes it (1時間, 半日, 1試料).
    booking_unit: Mapped[str] = mapped_column(String(100), default="")
    setup_fee_jpy: Mapped[int | None] = mapped_column(Integer)
    rate_jpy: Mapped[int | None] = mapped_column(Integer)
    rate_unit: Mapped[str | None] = mapped_column(String(20))
    #: This machine's own out-of-prefecture multiplier, where the lab sets one apart from its rule.
    out_of_prefecture_multiplier: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    fee_notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    checked_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True)

    organization: Mapped[Organization] = relationship(lazy="joined")

    @property
    def field_list(self) -> list[str]:
        return [f for f in self.fields.split(";") if f]


class FeeRule(db.Model):
    """A prefecture's (or one lab's) surcharge for requesters from other prefectures.

    ``organization_id`` set: the rule of that lab. Unset: the rule of the prefecture's own
    public test labs (``kind = public_lab``); universities and AIST follow their own tariffs.
    """

    __tablename__ = "fee_rule"
    __table_args__ = (
        CheckConstraint("multiplier >= 1", name="ck_fee_rule_multiplier"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    prefecture_code: Mapped[str] = mapped_column(ForeignKey("prefecture.code"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"),
                                                        index=True)
    lab_name_ja: Mapped[str] = mapped_column(String(200), default="")
    rule_ja: Mapped[str] = mapped_column(Text, default="")
    multiplier: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    #: JIS X 0401 codes of prefectures whose requesters pay the in-prefecture fee, ``;``-separated.
    waived_for: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    checked_on: Mapped[date] = mapped_column(Date)

    @property
    def waived_codes(self) -> list[str]:
        return [c for c in self.waived_for.split(";") if c]


BOOKING_STATUSES: dict[str, tuple[str, str]] = {
    "requested": ("申込中", "Requested"),
    "approved": ("承認", "Approved"),
    "declined": ("不承認", "Declined"),
    #: Lab staff offered another slot; the requester accepts or declines it.
    "proposed": ("別日時の提案あり", "Another slot proposed"),
}

#: Steps a request's history records: each status it can reach, and the requester accepting a proposal.
BOOKING_ACTIONS: dict[str, tuple[str, str]] = {
    **BOOKING_STATUSES,
    "proposed": ("別日時を提案", "Proposed another slot"),
    "accepted": ("提案を承諾", "Accepted the proposal"),
}


class Booking(db.Model):
    """A request for a slot on one machine; times are UTC.

    Approved bookings of one machine never overlap: the database refuses it (a trigger on
    SQLite, an exclusion constraint on PostgreSQL; see :data:`NO_OVERLAP_DDL`), so two staff
    approving at once cannot both win.
    """

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ck_booking_period"),
        CheckConstraint(one_of("status", BOOKING_STATUSES), name="ck_booking_status"),
        CheckConstraint("status != 'proposed' OR (proposed_start_at IS NOT NULL AND proposed_end_at IS NOT NULL "
                        "AND proposed_end_at > proposed_start_at)", name="ck_booking_proposal"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    purpose: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="requested", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The slot lab staff offered instead (status ``proposed``); it becomes ``start_at``/``end_at`` when accepted.
    proposed_start_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    proposed_end_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    equipment: Mapped[Equipment] = relationship(lazy="joined")
    history: Mapped[list[BookingEvent]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                       order_by="BookingEvent.id")


#: What makes overlapping approved bookings impossible, per dialect (created with the table and
#: by the migration). SQLite compares the stored UTC texts, which sort as the times do.
SQLITE_NO_OVERLAP = [
    f"""CREATE TRIGGER IF NOT EXISTS booking_no_overlap_{event.lower()}
BEFORE {event} ON booking
WHEN NEW.status = 'approved' AND EXISTS (
  SELECT 1 FROM booking AS b WHERE b.equipment_id = NEW.equipment_id AND b.status = 'approved'
  AND b.id IS NOT NEW.id AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at)
BEGIN SELECT RAISE(ABORT, 'booking_overlap'); END"""
    for event in ("INSERT", "UPDATE")
]
POSTGRESQL_NO_OVERLAP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
    "(equipment_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (status = 'approved')",
]
NO_OVERLAP_DDL = {"sqlite": SQLITE_NO_OVERLAP, "postgresql": POSTGRESQL_NO_OVERLAP}


@event.listens_for(Booking.__table__, "after_create")
def _no_overlap(_table: Any, connection: Any, **_kw: Any) -> None:
    for statement in NO_OVERLAP_DDL.get(connection.dialect.name, []):
        connection.execute(text(statement))


class BookingEvent(db.Model):
    """One step in a request's history (asked, approved, declined, another slot proposed, the proposal
    accepted), kept when the request changes; a step about a slot records that slot."""

    __tablename__ = "booking_event"
    __table_args__ = (CheckConstraint(one_of("action", BOOKING_ACTIONS), name="ck_booking_event_action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    #: Who acted, by role: ``requester`` or ``lab_staff`` (no names in the history).
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The slot a ``proposed`` or ``accepted`` step is about.
    start_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BookingFeed(db.Model):
    """A person's private calendar feed of their own bookings, reached by a secret URL.

    Calendar programs fetch a subscribed URL on their own, without the portal's session cookie
    or an API token, so the URL itself must carry the credential. Only the SHA-256 of the secret is
    kept (as for API tokens): the URL is shown once, and making a new one ends the old one.
    """

    __tablename__ = "booking_feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
