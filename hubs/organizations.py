"""Questions about organisations, asked once and answered for both HTML pages and the API.

``OrganizationQuery.from_args`` turns request arguments into a validated query;
``find_organizations`` runs it; the ``*_feature``/``*_csv`` functions shape the answer.
Coordinates are EPSG:4326 longitude/latitude.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from flask import url_for
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from geo.clusters import grid_aggregate, in_bbox
from hubs.certification.operations import certification_tier
from hubs.errors import ParameterError
from hubs.extensions import db
from hubs.models import Organization, OrganizationField, Prefecture
from hubs.organization_frame import fresh_frame
from hubs.records import COLUMN_LABELS, COLUMNS
from hubs.tables import csv_bytes
from hubs.vocabulary import FIELDS, KINDS, PREFECTURE_CODES, REGIONS, SINET_STATES, label

MAX_QUERY_LENGTH = 200


def _list_arg(args: MultiDict, name: str, allowed) -> list[str]:  # noqa: ANN001
    values = [v.strip() for raw in args.getlist(name) for v in raw.split(",") if v.strip()]
    bad = [v for v in values if v not in allowed]
    if bad:
        msg = f"unknown value(s) {', '.join(map(repr, bad))}; allowed: {', '.join(allowed)}"
        raise ParameterError(name, msg)
    return values


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``minlon,minlat,maxlon,maxlat`` (EPSG:4326) → a tuple; :class:`ParameterError` if malformed."""
    parts = text.split(",")
    try:
        box = tuple(float(p) for p in parts)
    except ValueError:
        box = ()
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        raise ParameterError("bbox", "expected four numbers: minlon,minlat,maxlon,maxlat")
    minlon, minlat, maxlon, maxlat = box
    if not (-180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90):
        raise ParameterError("bbox", "need -180 ≤ minlon ≤ maxlon ≤ 180 and -90 ≤ minlat ≤ maxlat ≤ 90")
    return box  # type: ignore[return-value]


@dataclass
class OrganizationQuery:
    """Filters on organisations; an empty list means no filter on that attribute."""

    kinds: list[str] = field(default_factory=list)
    prefectures: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    sinet: list[str] = field(default_factory=list)
    text: str = ""
    bbox: tuple[float, float, float, float] | None = None
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
        """The same filters (but ``sinet`` and ``text``) over :mod:`hubs.organization_frame`'s table."""
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


def organization_properties(org: Organization, lang: str = "ja") -> dict[str, Any]:
    """The record as plain JSON-ready data (no geometry)."""
    return {
        "id": org.id,
        "key": org.key,
        "kind": org.kind,
        "kind_label": label(KINDS, org.kind, lang),
        "name_ja": org.name_ja,
        "name_en": org.name_en,
        "name": (org.name_en or org.name_ja) if lang == "en" else (org.name_ja or org.name_en),
        "prefecture_code": org.prefecture_code,
        "prefecture": org.prefecture.name_en if lang == "en" else org.prefecture.name_ja,
        "region": org.prefecture.region,
        "city": org.city,
        "address": org.address,
        "fields": org.fields,
        "sinet_connected": org.sinet_connected,
        "website": org.website,
        "parent_id": org.parent_id,
        "ror_id": org.ror_id,
        "corporate_number": org.corporate_number,
        "source": org.source,
        "location_precision": org.location_precision,
        "synthetic": org.synthetic,
        "hub_track": org.hub_track,
        "selected_on": org.selected_on,
        "certification_tier": certification_tier(org.id),
        "url": url_for("web.organization", org_id=org.id),
    }


def organization_feature(org: Organization, lang: str = "ja") -> dict[str, Any]:
    """One organisation as an RFC 7946 Feature (Point, EPSG:4326 lon/lat)."""
    return {
        "type": "Feature",
        "id": org.id,
        "geometry": {"type": "Point", "coordinates": [org.lon, org.lat]},
        "properties": organization_properties(org, lang),
    }


def feature_collection(orgs: list[Organization], lang: str = "ja") -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [organization_feature(o, lang) for o in orgs]}


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


def organizations_csv(orgs: list[Organization], encoding: str = "utf-8", header: str = "keys") -> bytes:
    """The rows in the columns that imports read back (:data:`hubs.records.COLUMNS`), plus ``id``.

    UTF-8 with BOM so that Excel shows Japanese correctly, or cp932 on request. The header
    row holds the column keys, or their Japanese or English labels (which imports read too).
    """
    def row(org: Organization) -> list[Any]:
        values = {name: getattr(org, name, "") for name in COLUMNS}
        values["fields"] = ";".join(org.fields)
        values["parent_key"] = org.parent.key if org.parent and org.parent.key else ""
        return [org.id, *("" if values[name] is None else values[name] for name in COLUMNS)]

    names = ("id", *COLUMNS)
    if header != "keys":
        names = tuple(COLUMN_LABELS[name][1 if header == "en" else 0] for name in names)
    return csv_bytes(names, (row(o) for o in orgs), encoding)


def prefecture_summaries(lang: str = "ja") -> dict[str, Any]:
    """The 47 prefectures as a FeatureCollection with organisation counts per kind."""
    counts: dict[str, dict[str, int]] = {}
    rows = db.session.execute(
        select(Organization.prefecture_code, Organization.kind, func.count()).group_by(
            Organization.prefecture_code, Organization.kind)
    )
    for code, kind, n in rows:
        counts.setdefault(code, {})[kind] = n
    features = []
    for pref in db.session.scalars(select(Prefecture).order_by(Prefecture.code)):
        by_kind = {kind: counts.get(pref.code, {}).get(kind, 0) for kind in KINDS}
        features.append({
            "type": "Feature",
            "id": pref.code,
            "geometry": json.loads(pref.boundary_geojson) if pref.boundary_geojson else None,
            "properties": {
                "code": pref.code,
                "name_ja": pref.name_ja,
                "name_en": pref.name_en,
                "name": pref.name_en if lang == "en" else pref.name_ja,
                "region": pref.region,
                "population_2020": pref.population_2020,
                "counts": by_kind,
                "total": sum(by_kind.values()),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def all_prefectures() -> list[Prefecture]:
    return list(db.session.scalars(select(Prefecture).order_by(Prefecture.code)))


#: Above this many matches a map request with ``zoom`` gets aggregated cells, not points.
AGGREGATE_ABOVE = 3000
#: From this zoom on a map request always gets the individual points of its box.
INDIVIDUAL_FROM_ZOOM = 14
_WORLD = (-180.0, -85.0511287798066, 180.0, 85.0511287798066)


def parse_zoom(text: str | None) -> int | None:
    if text is None or text == "":
        return None
    try:
        zoom = int(text)
    except ValueError:
        raise ParameterError("zoom", "must be a whole number from 0 to 22") from None
    if not 0 <= zoom <= 22:
        raise ParameterError("zoom", "must be a whole number from 0 to 22")
    return zoom


def map_features(query: OrganizationQuery, zoom: int | None, lang: str = "ja") -> dict[str, Any]:
    """What the map draws for ``query`` at ``zoom``.

    Without ``zoom``, or zoomed in (≥ :data:`INDIVIDUAL_FROM_ZOOM`), or with few matches
    (≤ :data:`AGGREGATE_ABOVE`), the individual organisations; otherwise one Point feature
    per occupied 64-px grid cell at that zoom, with ``count`` and ``counts_by_kind``
    (see :func:`geo.clusters.grid_aggregate`). The counts add up to ``total``.
    """
    frame = fresh_frame() if zoom is not None and zoom < INDIVIDUAL_FROM_ZOOM else None
    if frame is not None and not query.sinet and not query.text:
        # The in-memory table (built for the exploration pages) answers a national view
        # without reading every row again; when it is not built, three columns from SQL
        # are cheaper than building it.
        frame = frame.orgs
        mask = query.frame_mask(frame)
        total = int(mask.sum())
        if total > AGGREGATE_ABOVE:
            chosen = frame[mask]
            return _aggregated(total, grid_aggregate(
                chosen["lon"].to_numpy(), chosen["lat"].to_numpy(), query.bbox or _WORLD, zoom,
                kinds=chosen["kind"].to_numpy()))
    if zoom is not None and zoom < INDIVIDUAL_FROM_ZOOM:
        # Three columns of every match: enough to count them, and to aggregate if many.
        rows = db.session.connection().execute(query.statement().with_only_columns(
            Organization.lon, Organization.lat, Organization.kind)).all()
        if len(rows) > AGGREGATE_ABOVE:
            lon = np.fromiter((r[0] for r in rows), float, len(rows))
            lat = np.fromiter((r[1] for r in rows), float, len(rows))
            return _aggregated(len(rows), grid_aggregate(lon, lat, query.bbox or _WORLD, zoom,
                                                         kinds=[r[2] for r in rows]))
    orgs = find_organizations(query)
    collection = feature_collection(orgs, lang)
    collection.update(aggregated=False, total=len(orgs))
    return collection


def _aggregated(total: int, cells: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "aggregated": True,
        "total": total,
        "features": [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(c["lon"], 5), round(c["lat"], 5)]},
            "properties": {"aggregate": True, "count": c["count"], "counts_by_kind": c["counts_by_kind"],
                           "bounds": [round(v, 5) for v in c["bounds"]]},
        } for c in cells],
    }
