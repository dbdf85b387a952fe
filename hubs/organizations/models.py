"""The portal's data model: prefectures and organisations.

Models are plain data: no ``url_for``, no queries of their own beyond relationships.
Coordinates are EPSG:4326 longitude/latitude in decimal degrees.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubs.core.extensions import db, one_of, utcnow
from hubs.organizations.vocabulary import (
    FIELDS,
    HUB_TRACKS,
    KINDS,
    LAB_DOMAINS,
    LOCATION_PRECISIONS,
    RENEWAL_STATES,
    SINET_STATES,
)


class Prefecture(db.Model):
    """One of the 47 prefectures (JIS X 0401 code) with its boundary as GeoJSON text."""

    __tablename__ = "prefecture"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_ja: Mapped[str] = mapped_column(String(10))
    name_en: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(20), index=True)
    population_2020: Mapped[int | None] = mapped_column(Integer)
    capital_ja: Mapped[str | None] = mapped_column(String(20))
    capital_lat: Mapped[float | None] = mapped_column(Float)
    capital_lon: Mapped[float | None] = mapped_column(Float)
    #: The main area's boundary, an RFC 7946 geometry object serialised as JSON.
    boundary_geojson: Mapped[str | None] = mapped_column(Text)


class Organization(db.Model):
    """An organisation on the map: AIST base or OIL, public test lab, university or hub."""

    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="ck_organization_kind"),
        CheckConstraint(one_of("location_precision", LOCATION_PRECISIONS), name="ck_organization_precision"),
        CheckConstraint(one_of("sinet_connected", SINET_STATES), name="ck_organization_sinet"),
        CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="ck_organization_lonlat"),
        CheckConstraint(f"lab_domain = '' OR {one_of('lab_domain', LAB_DOMAINS)}", name="ck_organization_lab_domain"),
        CheckConstraint(f"hub_track = '' OR {one_of('hub_track', HUB_TRACKS)}", name="ck_organization_hub_track"),
        CheckConstraint(f"renewal_state = '' OR {one_of('renewal_state', RENEWAL_STATES)}",
                        name="ck_organization_renewal_state"),
        # Bounding-box reads (map views, bbox filters): a B-tree on lon then lat narrows the
        # lon range by the index and checks lat inside it; with kind it covers what the map
        # aggregates, so those reads never visit the table (4x faster on SQLite at 100,000).
        Index("ix_organization_lon_lat_kind", "lon", "lat", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Stable key of a seeded record (``univ-tohoku``); lets ``flask seed`` update in place.
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name_ja: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    prefecture_code: Mapped[str] = mapped_column(ForeignKey("prefecture.code"), index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float] = mapped_column(Float, index=True)
    lon: Mapped[float] = mapped_column(Float)  # leads ix_organization_lon_lat_kind
    location_precision: Mapped[str] = mapped_column(String(10))
    website: Mapped[str] = mapped_column(String(300), default="")
    sinet_connected: Mapped[str] = mapped_column(String(10), default="unknown")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    ror_id: Mapped[str] = mapped_column(String(40), default="")
    corporate_number: Mapped[str] = mapped_column(String(13), default="")
    source: Mapped[str] = mapped_column(Text)
    #: Generated load-test data, never real; shown as such everywhere.
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    #: When the record's facts were last checked against its source.
    checked_on: Mapped[date | None] = mapped_column(Date)
    #: A public test lab's domain (:data:`~hubs.organizations.vocabulary.LAB_DOMAINS`), else "".
    lab_domain: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: The parent agency of a national R&D or inter-university site, in Japanese.
    agency: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: The company that names an AIST 冠ラボ.
    company: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Opening and closing of an OIL or 冠ラボ: ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    started_on: Mapped[str] = mapped_column(String(10), default="", server_default="")
    ended_on: Mapped[str] = mapped_column(String(10), default="", server_default="")
    hub_track: Mapped[str] = mapped_column(String(20), default="")
    #: J-Innovation HUB selection: announced on (ISO, month or day), valid until (last day of
    #: the third fiscal year, or of the renewed period) and the outcome of the review.
    selected_on: Mapped[str] = mapped_column(String(10), default="")
    valid_until: Mapped[date | None] = mapped_column(Date)
    renewal_state: Mapped[str] = mapped_column(String(20), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Indexed: the data version that keys every cache reads max(updated_at) on each request.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True)

    prefecture: Mapped[Prefecture] = relationship(lazy="joined")
    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
    field_rows: Mapped[list[OrganizationField]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OrganizationField.position"
    )

    def selection_current(self, today: date) -> bool | None:
        """Whether a J-Innovation HUB selection is in force on ``today``; None if not a selection."""
        if not self.hub_track or self.valid_until is None:
            return None
        return self.valid_until >= today

    @property
    def sources(self) -> list[str]:
        """The pages ``source`` cites, in order (the page the record is taken from first; later
        ones give its address or coordinate), separated by ``;`` in the column."""
        return [part.strip() for part in self.source.split(";") if part.strip()]

    @property
    def fields(self) -> list[str]:
        return [row.field for row in self.field_rows]

    @fields.setter
    def fields(self, values: list[str]) -> None:
        # Keep the rows of fields that stay: the unit of work inserts before it deletes,
        # so replacing a row by an equal one would break the (organisation, field) key.
        kept = {row.field: row for row in self.field_rows if row.field in values}
        self.field_rows = [kept.get(f) or OrganizationField(field=f) for f in values]
        for position, row in enumerate(self.field_rows):
            row.position = position


class OrganizationField(db.Model):
    """An organisation's research field, from :data:`hubs.organizations.vocabulary.FIELDS`."""

    __tablename__ = "organization_field"
    __table_args__ = (
        UniqueConstraint("organization_id", "field"),
        CheckConstraint(one_of("field", FIELDS), name="ck_organization_field"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class OrganizationCell(db.Model):
    """How many organisations of one kind lie in one map grid cell, at each zoom the map
    aggregates at (:mod:`hubs.organizations.cells`): the national and regional views read
    these few thousand rows instead of every organisation. Kept in step with the
    organisation table on every write; a cell is :func:`geo.grid.cell_index`'s 64-px cell."""

    __tablename__ = "organization_cell"
    __table_args__ = (
        # Bands of rows (the top and bottom edges of a view) read by row first.
        Index("ix_organization_cell_zoom_cy_cx", "zoom", "cy", "cx"),
    )

    zoom: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cy: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    synthetic: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    #: Sums of the members' EPSG:4326 coordinates: a cell is drawn at their mean.
    sum_lon: Mapped[float] = mapped_column(Float)
    sum_lat: Mapped[float] = mapped_column(Float)


class DataStamp(db.Model):
    """A counter moved by every write to the organisations (and their fields), in the writing
    transaction: the cheap core of :func:`hubs.organizations.frame.read_data_version`, which
    otherwise counted a million rows per check."""

    __tablename__ = "data_stamp"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
