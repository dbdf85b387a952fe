"""Organisations as the answers send them: JSON properties, GeoJSON features, CSV rows.

Features may add properties (the certification tier, for instance) through the
``organization.properties`` hook, called once per answer with every organisation id.
Coordinates are EPSG:4326 longitude/latitude.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from operator import itemgetter
from typing import IO, Any

import shapely
from flask import url_for
from sqlalchemy import ARRAY, Integer, Select, any_, bindparam, func, select

from geo.prefectures import label_point
from hubs.core.bulk import fetch_rows
from hubs.core.cache import memo
from hubs.core.extensions import db
from hubs.core.registry import hooks
from hubs.core.responses import GEOJSON, GEOJSON_SEQ, json_bytes
from hubs.core.tables import csv_chunks
from hubs.organizations.frame import data_version
from hubs.organizations.models import Organization, OrganizationField, Prefecture
from hubs.organizations.queries import OrganizationQuery, count_organizations
from hubs.organizations.records import COLUMN_LABELS, COLUMNS
from hubs.organizations.vocabulary import KINDS, label

#: The organisation columns answers are built from: read as plain rows, never ORM objects
#: (loading 100,000 objects cost seconds; the rows a fraction of that).
RECORD_COLUMNS = (
    Organization.id, Organization.key, Organization.kind, Organization.name_ja, Organization.name_en,
    Organization.prefecture_code, Organization.city, Organization.address, Organization.lat, Organization.lon,
    Organization.location_precision, Organization.website, Organization.sinet_connected, Organization.parent_id,
    Organization.ror_id, Organization.corporate_number, Organization.source, Organization.synthetic,
    Organization.checked_on, Organization.lab_domain, Organization.agency, Organization.company,
    Organization.started_on, Organization.ended_on, Organization.hub_track, Organization.selected_on,
    Organization.valid_until, Organization.renewal_state,
)
_NAMES = tuple(column.key for column in RECORD_COLUMNS)
_PARENT = _NAMES.index("parent_id")
#: Above this many ids, fields are read for the id range rather than an IN list.
_IN_LIST = 5000


def _iso(value: Any) -> str | None:
    """A date as ISO text, whether the driver gave a date (PostgreSQL) or its text (SQLite)."""
    return (value if isinstance(value, str) else value.isoformat()) if value else None


def extra_properties(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    """``{id: {name: value}}`` that features add to organisations (hook ``organization.properties``)."""
    extra: dict[int, dict[str, Any]] = {}
    for provide in hooks("organization.properties"):
        for org_id, values in provide(org_ids).items():
            extra.setdefault(org_id, {}).update(values)
    return extra


def _id_filters(column: Any, ids: Sequence[int], dialect: str) -> list[Any]:
    """Conditions that together select ``ids`` (ascending) of ``column``, one statement each: a
    dense run as one range (which also selects the ids between them: callers keep theirs); a
    sparse set on PostgreSQL as one array parameter (``= ANY``: psycopg spent longer converting
    an IN list of 2,000 placeholders than the database answering it), elsewhere as IN lists of
    bounded length."""
    if ids[-1] - ids[0] < 2 * len(ids):
        return [column.between(ids[0], ids[-1])]
    if dialect == "postgresql":
        return [column == any_(bindparam("ids", list(ids), type_=ARRAY(Integer)))]
    return [column.in_(ids[i:i + _IN_LIST]) for i in range(0, len(ids), _IN_LIST)]


def fields_of(org_ids: Sequence[int]) -> dict[int, list[str]]:
    """``{id: [field, ...]}`` of the organisations ``org_ids`` (ascending), in their order."""
    if not org_ids:
        return {}
    column = OrganizationField.organization_id
    stmt = select(column, OrganizationField.field).order_by(column, OrganizationField.position)
    connection = db.session.connection()
    found: dict[int, list[str]] = {}
    for condition in _id_filters(column, org_ids, connection.dialect.name):
        for org_id, name in fetch_rows(connection, stmt.where(condition)):
            found.setdefault(org_id, []).append(name)
    return found


def rows_of_ids(ids: Sequence[int]) -> list[tuple]:
    """:data:`RECORD_COLUMNS` tuples of the organisations ``ids`` (ascending), in that order."""
    if not ids:
        return []
    connection = db.session.connection()
    wanted = set(ids)  # a dense run is read as a range, which may hold ids between them
    rows = [row for condition in _id_filters(Organization.id, ids, connection.dialect.name)
            for row in fetch_rows(connection, select(*RECORD_COLUMNS).where(condition)) if row[0] in wanted]
    rows.sort(key=itemgetter(0))
    return rows


def url_template(endpoint: str, argument: str) -> Callable[[int], str]:
    """``url_for(endpoint, argument=n)`` as a string template, built once: ``url_for`` per row
    was a third of the time of a large answer."""
    marker = 987654321
    before, after = url_for(endpoint, **{argument: marker}).split(str(marker))
    return lambda value: f"{before}{value}{after}"


class Records:
    """Builds answers from :data:`RECORD_COLUMNS` rows in bulk: one query for the fields, one
    call of each feature's properties hook per batch of rows, a URL template, and the
    prefecture names and labels looked up once per answer."""

    def __init__(self, lang: str = "ja") -> None:
        self.lang = lang
        self.today = date.today().isoformat()
        self.prefectures = {code: (name_en if lang == "en" else name_ja, region) for code, name_ja, name_en, region
                            in db.session.execute(select(Prefecture.code, Prefecture.name_ja, Prefecture.name_en,
                                                         Prefecture.region))}
        self.kind_labels = {kind: label(KINDS, kind, lang) for kind in KINDS}
        self.url = url_template("web.organization", "org_id")

    def features(self, rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
        """``rows`` (ascending ids) as RFC 7946 Features (Point, EPSG:4326 lon/lat) with the
        record as properties; a missing text is ``null``, never ``""``. Rows are unpacked by
        position: attribute access per column was a third of the time."""
        ids = [row[0] for row in rows]
        fields = fields_of(ids)
        extra = extra_properties(ids)
        en = self.lang == "en"
        today, prefectures, kind_labels, url = self.today, self.prefectures, self.kind_labels, self.url
        out = []
        for (org_id, key, kind, name_ja, name_en, prefecture_code, city, address, lat, lon, precision, website,
             sinet, parent_id, ror_id, corporate_number, source, synthetic, checked_on, lab_domain, agency, company,
             started_on, ended_on, hub_track, selected_on, valid_until, renewal_state) in rows:
            prefecture, region = prefectures.get(prefecture_code, (prefecture_code, None))
            out.append({"type": "Feature", "id": org_id, "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {
                "id": org_id,
                "key": key,
                "kind": kind,
                "kind_label": kind_labels.get(kind, kind),
                "name_ja": name_ja,
                "name_en": name_en or None,
                "name": (name_en or name_ja) if en else (name_ja or name_en),
                "prefecture_code": prefecture_code,
                "prefecture": prefecture,
                "region": region,
                "city": city or None,
                "address": address or None,
                "fields": fields.get(org_id, []),
                "sinet_connected": sinet,
                "website": website or None,
                "parent_id": parent_id,
                "ror_id": ror_id or None,
                "corporate_number": corporate_number or None,
                "source": source,
                "location_precision": precision,
                "synthetic": bool(synthetic),
                "checked_on": _iso(checked_on),
                "lab_domain": lab_domain or None,
                "agency": agency or None,
                "company": company or None,
                "started_on": started_on or None,
                "ended_on": ended_on or None,
                "hub_track": hub_track or None,
                "selected_on": selected_on or None,
                "valid_until": _iso(valid_until),
                "renewal_state": renewal_state or None,
                # An expired J-Innovation HUB selection is never shown as current.
                "selection_current": (_iso(valid_until) >= today) if hub_track and valid_until else None,
                "url": url(org_id),
                **extra.get(org_id, {}),
            }})
        return out

    def csv_rows(self, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """``rows`` in the columns imports read back (:func:`csv_header`)."""
        fields = fields_of([r[0] for r in rows])
        parents = {r[_PARENT] for r in rows if r[_PARENT] is not None}
        parent_keys = dict(db.session.execute(select(Organization.id, Organization.key).where(
            Organization.id.in_(sorted(parents)))).all()) if parents else {}
        out = []
        for r in rows:
            values = dict(zip(_NAMES, r))
            line: list[Any] = [r[0]]
            for name in COLUMNS:
                if name == "fields":
                    value: Any = ";".join(fields.get(r[0], []))
                elif name == "parent_key":
                    value = parent_keys.get(r[_PARENT]) or ""
                else:
                    value = values[name]
                line.append("" if value is None else value)
            out.append(line)
        return out


def record_rows(statement: Select, after: int = 0, limit: int | None = None,
                batch: int = 2000) -> Iterator[list[tuple]]:
    """The organisations ``statement`` selects, as :data:`RECORD_COLUMNS` tuples in ascending id
    order, ``batch`` at a time: each batch one keyset query (``id > last``), so memory stays
    flat however many match and no cursor is held open between batches. The values are the
    driver's (:func:`hubs.core.bulk.fetch_rows`): dates may be ISO text, flags 0 and 1."""
    base = statement.with_only_columns(*RECORD_COLUMNS).order_by(Organization.id)
    connection = db.session.connection()
    remaining = limit
    while remaining is None or remaining > 0:
        size = batch if remaining is None else min(batch, remaining)
        rows = fetch_rows(connection, base.where(Organization.id > after).limit(size))
        if rows:
            yield rows
        if len(rows) < size:
            return
        after = rows[-1][0]
        if remaining is not None:
            remaining -= len(rows)


def organization_page(query: OrganizationQuery, after: int, size: int, lang: str,
                      next_url: Callable[[int], str]) -> dict[str, Any]:
    """One page of the organisations ``query`` matches: at most ``size`` after id ``after``,
    with ``total`` (matches of the filters, counted once per data version) and ``next``
    (``next_url(last id)``, or ``None`` on the last page)."""
    rows = next(record_rows(query.statement(), after=after, limit=size + 1, batch=size + 1), [])
    more = len(rows) > size
    rows = rows[:size]
    total = memo("organizations.total", query.filters_key(), data_version(), lambda: count_organizations(query))
    return {"type": "FeatureCollection", "features": Records(lang).features(rows), "aggregated": False,
            "total": total, "next": next_url(rows[-1][0]) if more else None}


def organization_feature(org: Organization, lang: str = "ja") -> dict[str, Any]:
    """One organisation as an RFC 7946 Feature (Point, EPSG:4326 lon/lat)."""
    rows = db.session.execute(select(*RECORD_COLUMNS).where(Organization.id == org.id)).all()
    return Records(lang).features(rows)[0]


def csv_header(header: str = "keys") -> tuple[str, ...]:
    """The export's header row: column keys, or their Japanese or English labels (imports read all three)."""
    names = ("id", *COLUMNS)
    if header != "keys":
        names = tuple(COLUMN_LABELS[name][1 if header == "en" else 0] for name in names)
    return names


def write_csv(statement: Select, out: IO[bytes], encoding: str = "utf-8", header: str = "keys") -> None:
    """Every organisation ``statement`` selects, into ``out`` as CSV a batch at a time: the
    columns that imports read back (:data:`hubs.organizations.records.COLUMNS`) plus ``id``,
    UTF-8 with BOM (Excel shows Japanese correctly) or cp932, every cell formula-safe."""
    records = Records()
    rows = (line for batch in record_rows(statement) for line in records.csv_rows(batch))
    for chunk in csv_chunks(csv_header(header), rows, encoding):
        out.write(chunk)


def write_geojson(statement: Select, out: IO[bytes], lang: str = "ja", sequence: bool = False) -> None:
    """Every organisation ``statement`` selects, into ``out`` a batch at a time: one RFC 7946
    FeatureCollection, or (``sequence``) RFC 8142 GeoJSON Text Sequences, one Feature per
    record, each after an RS character and before a line feed."""
    records = Records(lang)
    if not sequence:
        out.write(b'{"type":"FeatureCollection","features":[')
    separator = b""
    for batch in record_rows(statement):
        features = records.features(batch)
        if sequence:
            out.write(b"".join(b"\x1e" + json_bytes(f) + b"\n" for f in features))
        else:
            out.write(separator + b",".join(json_bytes(f) for f in features))
            separator = b","
    if not sequence:
        out.write(b"]}\n")


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




def export_file(statement: Select, format: str, lang: str = "ja", encoding: str = "utf-8",
                header: str = "keys") -> tuple[Callable[[IO[bytes]], None], str, str]:
    """How to write the export ``format`` (``geojson``, ``geojsonseq``, ``csv``) of what
    ``statement`` selects: (writer into a binary file, media type, download name)."""
    if format == "csv":
        charset = "shift_jis" if encoding == "cp932" else "utf-8"
        return (lambda out: write_csv(statement, out, encoding, header)), f"text/csv; charset={charset}", \
            "organizations.csv"
    sequence = format == "geojsonseq"
    return ((lambda out: write_geojson(statement, out, lang, sequence)), GEOJSON_SEQ if sequence else GEOJSON,
            "organizations.geojsons" if sequence else "organizations.geojson")
