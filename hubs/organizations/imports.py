"""Importing organisations from the files the export writes: CSV, Excel or GeoJSON.

An exported file edited in Excel imports back. Rows are matched to existing records by
``id`` (as exported), else by ``key``, else created. The import is all or nothing: a file
with any bad row imports nothing, and the report names every bad row and column. A dry
run reports what would change, row by row, and writes nothing.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from flask_babel import lazy_gettext as _l

from hubs.core.errors import FieldError
from hubs.core.extensions import db
from hubs.core.tables import ImportReport, RowOutcome, cell_text, TableError, TableLimits, read_json, read_records
from hubs.organizations.models import Organization
from hubs.organizations.records import COLUMNS, column_key, validate_row

MAX_IMPORT_BYTES = 8 * 1024 * 1024
#: Columns compared to decide whether a matched row changes anything.
_COMPARED = tuple(c for c in COLUMNS if c not in ("key", "parent_key"))


def _coordinate_count(value: Any) -> int:
    """Numbers in a GeoJSON ``coordinates`` member (nesting already bounded by read_json)."""
    if isinstance(value, list):
        return sum(_coordinate_count(v) for v in value) if value and isinstance(value[0], list) else len(value)
    return 1


def _geojson_records(data: bytes, limits: TableLimits) -> list[tuple[int, dict[str, Any]]]:
    try:
        document = read_json(data, limits)
    except (ValueError, RecursionError):
        raise TableError("not_json", _l("Not valid GeoJSON.")) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise TableError("not_feature_collection", _l("Expected a GeoJSON FeatureCollection."))
    if len(features) > limits.features:
        raise TableError("too_many_features", _l("The file has more than %(n)s features.",
                                                 n=format(limits.features, ",")), status=413)
    coordinates = sum(_coordinate_count(f["geometry"].get("coordinates")) for f in features
                      if isinstance(f, dict) and isinstance(f.get("geometry"), dict))
    if coordinates > limits.coordinates:
        raise TableError("too_many_coordinates", _l("The file has more than %(n)s coordinates.",
                                                    n=format(limits.coordinates, ",")), status=413)
    records = []
    for number, feature in enumerate(features, start=1):
        props = dict(feature.get("properties") or {}) if isinstance(feature, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if len(coordinates) >= 2:
                props["lon"], props["lat"] = coordinates[0], coordinates[1]
        if isinstance(props.get("fields"), list):
            props["fields"] = ";".join(map(str, props["fields"]))
        props.setdefault("id", feature.get("id", "") if isinstance(feature, dict) else "")
        records.append((number, props))
    return records


def read_file(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Records of an uploaded file with their line (CSV/xlsx) or feature number (GeoJSON).

    Headings may be column keys or their Japanese or English labels, as exports write them.
    """
    check_size(len(data))
    limits = TableLimits.current()
    if filename.lower().endswith((".geojson", ".json")):
        return _geojson_records(data, limits)
    return [(line, {column_key(str(k)): v for k, v in row.items()})
            for line, row in read_records(filename, data, limits)]


def check_size(size: int) -> None:
    """Refuse (413) an import file larger than ``ATLAS_IMPORT_MAX_BYTES`` before reading it."""
    cap = current_app.config.get("ATLAS_IMPORT_MAX_BYTES", MAX_IMPORT_BYTES)
    if size > cap:
        raise TableError("too_large", _l("The file must be at most %(n)s MB.", n=format(cap / (1024 * 1024), "g")),
                         status=413)


def _changes(org: Organization, values: dict[str, Any], parent_id: int | None) -> list[str]:
    changed = []
    for name in _COMPARED:
        old = org.fields if name == "fields" else getattr(org, name)
        new = values.get(name)
        if isinstance(old, float) and isinstance(new, float):
            if abs(old - new) > 1e-9:
                changed.append(name)
        elif (old or "") != (new or ""):
            changed.append(name)
    if org.parent_id != parent_id:
        changed.append("parent_key")
    return changed


def import_organizations(records: list[tuple[int, dict[str, Any]]], dry_run: bool = False) -> ImportReport:
    """Validate every record, then apply all of them in one transaction, or none.

    Parameters
    ----------
    records
        ``(line, row)`` pairs; rows use the export's columns (:data:`hubs.organizations.records.COLUMNS`
        plus ``id``). Coordinates are EPSG:4326.
    dry_run
        Report what would change and write nothing.
    """
    report = ImportReport(dry_run=dry_run)
    by_key = {o.key: o for o in db.session.scalars(select(Organization).where(Organization.key.is_not(None)))}
    file_keys = {cell_text(row.get("key")) for _, row in records if cell_text(row.get("key"))}
    plans = []
    for line, raw in records:
        row = {name: cell_text(raw.get(name)) for name in ("id", *COLUMNS)}
        result = validate_row(row)
        outcome = RowOutcome(line=line, action="error", key=row["key"], name=row["name_ja"])
        errors = list(result.errors)
        org = None
        if row["id"]:
            org = db.session.get(Organization, int(row["id"])) if row["id"].isascii() and row["id"].isdigit() else None
            if org is None:
                errors.append(FieldError("id", "unknown_id", _l("No organisation with id %(id)s.", id=row["id"])))
        elif row["key"]:
            org = by_key.get(row["key"])
        if org is not None and row["key"] and org.key not in (None, "", row["key"]):
            errors.append(FieldError("key", "id_key_mismatch", _l("The id and the key name different organisations.")))
        parent_key = row["parent_key"]
        if parent_key and parent_key not in by_key and parent_key not in file_keys:
            errors.append(FieldError("parent_key", "unknown_key", _l("Unknown key %(key)s.", key=parent_key)))
        outcome.errors = errors
        if not errors:
            if org is None:
                outcome.action = "create"
            else:
                parent = by_key.get(parent_key)
                outcome.id = org.id
                if "parent_key" not in raw:  # a file without the column leaves parents alone
                    parent_id = org.parent_id
                elif parent_key and parent is None:  # a parent created by this same file
                    parent_id = -1
                else:
                    parent_id = parent.id if parent else None
                outcome.changes = _changes(org, result.values, parent_id)
                outcome.action = "update" if outcome.changes else "unchanged"
        report.rows.append(outcome)
        result.values["_keep_parent"] = "parent_key" not in raw
        plans.append((outcome, org, result.values))
    if not report.ok or dry_run:
        return report
    try:
        created = []
        for outcome, org, values in plans:
            if outcome.action == "unchanged":
                continue
            if org is None:
                org = Organization(key=values["key"] or None)
                db.session.add(org)
                created.append((outcome, org))
                if org.key:
                    by_key[org.key] = org
            for name, value in values.items():
                if name not in ("key", "parent_key", "_keep_parent"):
                    setattr(org, name, value)
        db.session.flush()
        for outcome, org, values in plans:
            if outcome.action in ("create", "update") and not values["_keep_parent"]:
                target = org if org is not None else next(o for oc, o in created if oc is outcome)
                parent = by_key.get(values["parent_key"]) if values["parent_key"] else None
                target.parent_id = parent.id if parent else None
        for outcome, org in created:
            outcome.id = org.id
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report
