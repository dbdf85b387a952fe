"""SINET backbone tables: nodes, links and a generation counter.

Models are plain data. Node coordinates are EPSG:4326 longitude/latitude in decimal
degrees; link ``length_km`` is the (modelled or measured) fibre length.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hubs.core.extensions import db, utcnow


class SinetNode(db.Model):
    """One SINET node (data centre), columns as in ``seed_data/sinet_nodes.csv``."""

    __tablename__ = "sinet_node"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    prefecture_code: Mapped[str | None] = mapped_column(String(2), index=True)
    name_ja: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    location_precision: Mapped[str] = mapped_column(String(20), default="city")
    capacity_gbps: Mapped[float] = mapped_column(Float)
    core: Mapped[bool] = mapped_column(Boolean, default=False)
    #: True when the node is part of a model rather than the operator's published data.
    modelled: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text, default="")


class SinetLink(db.Model):
    """One backbone link between two node codes, columns as in ``sinet_links.csv``."""

    __tablename__ = "sinet_link"
    __table_args__ = (UniqueConstraint("a", "b"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a: Mapped[str] = mapped_column(String(40))
    b: Mapped[str] = mapped_column(String(40))
    capacity_gbps: Mapped[float] = mapped_column(Float)
    length_km: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(40), default="")
    modelled: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text, default="")


class SinetBackboneVersion(db.Model):
    """A single row whose ``generation`` goes up on every import.

    Every worker process compares it with the generation of its cached backbone, so an
    import in one process is noticed by all of them on their next request.
    """

    __tablename__ = "sinet_backbone_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(200), default="")
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
