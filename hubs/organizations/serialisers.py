"""Organisations as the answers send them: JSON properties, GeoJSON features, CSV rows.

Features may add properties (the certification tier, for instance) through the
``organization.properties`` hook, called once per answer with every organisation id.
Coordinates are EPSG:4326 longitude/latitude.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

import shapely
from flask import url_for
from sqlalchemy import func, select

from geo.prefectures import label_point
from hubs.core.extensions import db
from hubs.core.registry import hooks
from hubs.core.tables import csv_bytes
from hubs.organizations.models import Organization, Prefecture
from hubs.organizations.records import COLUMN_LABELS, COLUMNS
from hubs.organizations.vocabulary import KINDS, label

def _or_none(value: Any) -> Any:
    """GeoJSON answers say ``null`` for a missing value, not an empty string."""
    return None if value == "" else value


def extra_properties(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{id: {name: value}}`` that features add to organisations (hook ``organization.properties``)."""
    extra: dict[int, dict[str, Any]] = {}
    for provide in hooks("organization.properties"):
        for org_id, values in provide(org_ids).items():
            extra.setdefault(org_id, {}).update(values)
    return extra


def organization_properties(org: Organization, lang: str = "ja",
                            extra: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The record as plain JSON-ready data (no geometry), with the features' ``extra`` properties."""
    if extra is None:
        extra = extra_properties([org.id])
    return {
        "id": org.id,
        "key": org.key,
        "kind": org.kind,
        "kind_label": label(KINDS, org.kind, lang),
        "name_ja": org.name_ja,
        "name_en": _or_none(org.name_en),
        "name": (org.name_en or org.name_ja) if lang == "en" else (org.name_ja or org.name_en),
        "prefecture_code": org.prefecture_code,
        "prefecture": org.prefecture.name_en if lang == "en" else org.prefecture.name_ja,
        "region": org.prefecture.region,
        "city": _or_none(org.city),
        "address": _or_none(org.address),
        "fields": org.fields,
        "sinet_connected": org.sinet_connected,
        "website": _or_none(org.website),
        "parent_id": org.parent_id,
        "ror_id": _or_none(org.ror_id),
        "corporate_number": _or_none(org.corporate_number),
        "source": org.source,
        "location_precision": org.location_precision,
        "synthetic": org.synthetic,
        "checked_on": org.checked_on.isoformat() if org.checked_on else None,
        "lab_domain": _or_none(org.lab_domain),
        "agency": _or_none(org.agency),
        "company": _or_none(org.company),
        "started_on": _or_none(org.started_on),
        "ended_on": _or_none(org.ended_on),
        "hub_track": _or_none(org.hub_track),
        "selected_on": _or_none(org.selected_on),
        "valid_until": org.valid_until.isoformat() if org.valid_until else None,
        "renewal_state": _or_none(org.renewal_state),
        # An expired J-Innovation HUB selection is never shown as current.
        "selection_current": org.selection_current(date.today()),
        "url": url_for("web.organization", org_id=org.id),
        **extra.get(org.id, {}),
    }


def organization_feature(org: Organization, lang: str = "ja",
                         extra: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One organisation as an RFC 7946 Feature (Point, EPSG:4326 lon/lat)."""
    return {
        "type": "Feature",
        "id": org.id,
        "geometry": {"type": "Point", "coordinates": [org.lon, org.lat]},
        "properties": organization_properties(org, lang, extra),
    }


def feature_collection(orgs: list[Organization], lang: str = "ja") -> dict[str, Any]:
    extra = extra_properties([o.id for o in orgs])
    return {"type": "FeatureCollection", "features": [organization_feature(o, lang, extra) for o in orgs]}


def organizations_csv(orgs: list[Organization], encoding: str = "utf-8", header: str = "keys") -> bytes:
    """The rows in the columns that imports read back (:data:`hubs.organizations.records.COLUMNS`), plus ``id``.

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
                "label_point": list(label_point(shapely.from_geojson(pref.boundary_geojson)))
                if pref.boundary_geojson else None,
            },
        })
    return {"type": "FeatureCollection", "features": features}


