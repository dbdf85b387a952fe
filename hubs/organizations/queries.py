"""Questions about organisations, asked once and answered for both HTML pages and the API.

``OrganizationQuery.from_args`` turns request arguments into a validated query;
``find_organizations`` runs it; the ``*_feature``/``*_csv`` functions shape the answer.
Coordinates are EPSG:4326 longitude/latitude.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from geo.geodesy import Bbox, check_bbox
from geo.grid import in_bbox
from hubs.core.errors import ParameterError
from hubs.core.extensions import db
from hubs.organizations.models import Organization, OrganizationField, Prefecture
from hubs.organizations.vocabulary import FIELDS, KINDS, PREFECTURE_CODES, REGIONS, SINET_STATES

MAX_QUERY_LENGTH = 200


def _list_arg(args: MultiDict, name: str, allowed) -> list[str]:
    values = [v.strip() for raw in args.getlist(name) for v in raw.split(",") if v.strip()]
    bad = [v for v in values if v not in allowed]
    if bad:
        msg = f"unknown value(s) {', '.join(map(repr, bad))}; allowed: {', '.join(allowed)}"
        raise ParameterError(name, msg)
    return values


def parse_bbox(text: str) -> Bbox:
    """``minlon,minlat,maxlon,maxlat`` (EPSG:4326) → a tuple, by :func:`geo.geodesy.check_bbox`.

    Edges are inclusive and min = max is allowed; :class:`ParameterError` if malformed.
    """
    try:
        return check_bbox(text.split(","))
    except ValueError as error:
        raise ParameterError("bbox", str(error)) from None


@dataclass
class OrganizationQuery:
    """Filters on organisations; an empty list means no filter on that attribute."""

    kinds: list[str] = field(default_factory=list)
    prefectures: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    sinet: list[str] = field(default_factory=list)
    text: str = ""
    bbox: Bbox | None = None
    include_synthetic: bool = True

    @classmethod
    def from_args(cls, args: MultiDict) -> OrganizationQuery:
        """Read ``kind, prefecture, region, field, sinet, q, bbox`` (comma lists or repeated)."""
        prefectures = [p.zfill(2) for raw in args.getlist("prefecture") for p in raw.split(",") if p.strip()]
        bad = [p for p in prefectures if p not in PREFECTURE_CODES]
        if bad:
            raise ParameterError("prefecture", f"unknown prefecture code(s) {', '.join(bad)}; use 01..47")
        text = args.get("q", "").strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise ParameterError("q", f"at most {MAX_QUERY_LENGTH} characters")
        synthetic = args.get("synthetic", "include")
        if synthetic not in ("include", "exclude"):
            raise ParameterError("synthetic", "use include or exclude")
        return cls(
            kinds=_list_arg(args, "kind", tuple(KINDS)),
            prefectures=prefectures,
            regions=_list_arg(args, "region", tuple(REGIONS)),
            fields=_list_arg(args, "field", tuple(FIELDS)),
            sinet=_list_arg(args, "sinet", tuple(SINET_STATES)),
            text=text,
            bbox=parse_bbox(args["bbox"]) if args.get("bbox") else None,
            include_synthetic=synthetic == "include",
        )

    def frame_mask(self, orgs: pd.DataFrame) -> np.ndarray:
        """The same filters (but ``sinet`` and ``text``) over :mod:`hubs.organizations.frame`'s table."""
        mask = np.ones(len(orgs), dtype=bool)
        if self.kinds:
            mask &= orgs["kind"].isin(self.kinds).to_numpy()
        prefectures = set(self.prefectures)
        if self.regions:
            in_regions = set(db.session.scalars(select(Prefecture.code).where(Prefecture.region.in_(self.regions))))
            prefectures = prefectures & in_regions if prefectures else in_regions
        if self.prefectures or self.regions:
            mask &= orgs["prefecture_code"].isin(prefectures).to_numpy()
        if self.fields:
            pattern = "(?:^|;)(?:" + "|".join(self.fields) + ")(?:;|$)"
            mask &= orgs["fields"].str.contains(pattern, regex=True).to_numpy()
        if self.bbox:
            mask &= in_bbox(orgs["lon"].to_numpy(), orgs["lat"].to_numpy(), self.bbox)
        if not self.include_synthetic:
            mask &= ~orgs["synthetic"].to_numpy()
        return mask

    def statement(self) -> Select:
        stmt = select(Organization)
        if self.kinds:
            stmt = stmt.where(Organization.kind.in_(self.kinds))
        if self.prefectures:
            stmt = stmt.where(Organization.prefecture_code.in_(self.prefectures))
        if self.regions:
            stmt = stmt.where(Organization.prefecture_code.in_(
                select(Prefecture.code).where(Prefecture.region.in_(self.regions))
            ))
        if self.fields:
            stmt = stmt.where(Organization.id.in_(
                select(OrganizationField.organization_id).where(OrganizationField.field.in_(self.fields))
            ))
        if self.sinet:
            stmt = stmt.where(Organization.sinet_connected.in_(self.sinet))
        if self.text:
            pattern = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(or_(*(
                column.ilike(pattern, escape="\\")
                for column in (Organization.name_ja, Organization.name_en, Organization.city, Organization.address)
            )))
        if self.bbox:
            minlon, minlat, maxlon, maxlat = self.bbox
            stmt = stmt.where(Organization.lon.between(minlon, maxlon), Organization.lat.between(minlat, maxlat))
        if not self.include_synthetic:
            stmt = stmt.where(Organization.synthetic.is_(False))
        return stmt


def find_organizations(query: OrganizationQuery, limit: int | None = None, offset: int = 0) -> list[Organization]:
    """Organisations matching ``query``, ordered by prefecture, kind and Japanese name."""
    stmt = query.statement().order_by(Organization.prefecture_code, Organization.kind, Organization.name_ja, Organization.id)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(db.session.scalars(stmt.options(selectinload(Organization.parent))))


def count_organizations(query: OrganizationQuery) -> int:
    return db.session.scalar(select(func.count()).select_from(query.statement().subquery()))


def get_organization(org_id: int) -> Organization | None:
    return db.session.get(Organization, org_id)


def parse_encoding(text: str | None) -> str:
    """``encoding`` of a CSV export: UTF-8 with BOM by default, or Shift_JIS (cp932)."""
    value = (text or "utf-8").lower().replace("_", "-")
    if value in ("utf-8", "utf8"):
        return "utf-8"
    if value in ("cp932", "shift-jis", "sjis", "windows-31j"):
        return "cp932"
    raise ParameterError("encoding", "use utf-8 or cp932 (Shift_JIS)")


def parse_header(text: str | None) -> str:
    """``header`` of a CSV export: column ``keys`` (default) or labels in ``ja`` or ``en``."""
    value = text or "keys"
    if value not in ("keys", "ja", "en"):
        raise ParameterError("header", "use keys, ja or en")
    return value


def all_prefectures() -> list[Prefecture]:
    return list(db.session.scalars(select(Prefecture).order_by(Prefecture.code)))


