"""Questions about collaboration over SINET, each answered once for a page and its JSON twin.

* :func:`path_between` — the SINET path between two organisations (``/paths``,
  ``/api/v1/paths``);
* :func:`find_partners` — ranked partner candidates and the nearest public test lab
  (``/partners``, ``/api/v1/partners``);
* :func:`suggest_organizations` — the organisation search boxes;
* :func:`backbone_layers` — the backbone as GeoJSON (``/api/v1/sinet/nodes`` and ``links``).

Coordinates are EPSG:4326 lon/lat. The computation itself is :mod:`geo.sinet`; this module
turns request arguments into validated queries, reads the database and shapes answers, with
the engine's message codes put into the reader's language by
:class:`hubs.collaboration.messages.MessageText` (the codes stay in the JSON beside the text).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import func, or_, select

from geo.sinet import (
    Backbone, CandidatePool, PartnerFilters, PartnerMatch, PartnerRanking, SinetPath, access_node, backbone_geojson,
    nearest_of_kind, rank_partners, sinet_path
)
from geo.sinet.partners import DISTANCE_HALF_KM, WEIGHTS
from hubs.collaboration.backbone import backbone_generation, current_backbone
from hubs.collaboration.messages import MessageText
from hubs.core.errors import NotFound
from hubs.core.routing import MAX_ID
from hubs.collaboration.schemas import PartnerQuery
from hubs.core.extensions import db
from hubs.core.registry import hooks
from hubs.organizations.models import Organization, OrganizationField, Prefecture
from hubs.organizations.vocabulary import KINDS, SINET_STATES, label



# --------------------------------------------------------------------------- organisations


def organization_or_404(org_id: int, parameter: str) -> Organization:
    """The organisation, or a 404 that names the parameter."""
    org = db.session.get(Organization, org_id) if 0 < org_id <= MAX_ID else None  # no overflow in SQL
    if org is None:
        raise NotFound(_l("%(parameter)s: no organisation with id %(id)s.", parameter=parameter, id=org_id))
    return org


def _record(org: Organization) -> dict[str, Any]:
    """The fields :mod:`geo.sinet` reads from an organisation (EPSG:4326 lon/lat)."""
    return {"id": str(org.id), "lon": org.lon, "lat": org.lat, "prefecture_code": org.prefecture_code,
            "sinet_connected": org.sinet_connected, "kind": org.kind, "fields": org.fields,
            "name_ja": org.name_ja, "name_en": org.name_en}


def display_name(org: Any, lang: str) -> str:
    if lang == "en":
        return org.name_en or org.name_ja
    return org.name_ja or org.name_en


def _summary(org: Organization, lang: str, backbone: Backbone | None = None) -> dict[str, Any]:
    summary = {
        "id": org.id, "name": display_name(org, lang), "name_ja": org.name_ja, "name_en": org.name_en,
        "kind": org.kind, "kind_label": label(KINDS, org.kind, lang), "prefecture_code": org.prefecture_code,
        "prefecture": org.prefecture.name_en if lang == "en" else org.prefecture.name_ja,
        "sinet_connected": org.sinet_connected,
        "sinet_connected_label": label(SINET_STATES, org.sinet_connected or "unknown", lang), "lon": org.lon, "lat": org.lat,
        "url": url_for("web.organization", org_id=org.id),
    }
    if backbone is not None:
        access = access_node(backbone, org.lon, org.lat, org.prefecture_code)
        summary["access_node"] = access.node
        summary["access_node_name"] = MessageText(backbone, lang).node(access.node)
    return summary


def suggest_organizations(text: str, limit: int = 10, lang: str = "ja") -> list[dict[str, Any]]:
    """Organisations whose name contains ``text`` (any case), real ones first, for search boxes."""
    text = text.strip()
    if not text:
        return []
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    stmt = (select(Organization)
            .where(or_(Organization.name_ja.ilike(pattern, escape="\\"),
                       Organization.name_en.ilike(pattern, escape="\\")))
            .order_by(Organization.synthetic, Organization.prefecture_code, Organization.name_ja, Organization.id)
            .limit(limit))
    return [_summary(org, lang) for org in db.session.scalars(stmt)]


# --------------------------------------------------------------------------- backbone


def backbone_layers(layer: str, lang: str = "ja") -> dict[str, Any]:
    """The nodes or the links of the current backbone as a GeoJSON FeatureCollection.

    ``modelled`` is set at the top level and on every feature; ``notice`` says what the
    model is. Coordinates are EPSG:4326 lon/lat.
    """
    backbone = current_backbone()
    collection = backbone_geojson(backbone)
    wanted = {"nodes": "sinet_node", "links": "sinet_link"}[layer]
    features = [f for f in collection["features"] if f["properties"]["layer"] == wanted]
    if layer == "links":
        # A link's ends by name in the reader's language (a_name, b_name), not only by node code.
        names = {n.code: n.name_en if lang == "en" else n.name_ja or n.name_en for n in backbone.nodes}
        features = [{**f, "properties": {**f["properties"], "a_name": names.get(f["properties"]["a"], f["properties"]["a"]),
                                         "b_name": names.get(f["properties"]["b"], f["properties"]["b"])}}
                    for f in features]
    return {
        "type": "FeatureCollection",
        "modelled": backbone.modelled,
        "notice": _notice(backbone, lang),
        "generation": backbone_generation(),
        "features": features,
    }


# --------------------------------------------------------------------------- paths


@dataclass
class PathAnswer:
    """The path between two organisations, with what a page or the API needs to show it."""

    origin: Organization
    destination: Organization
    path: SinetPath
    backbone: Backbone
    lang: str

    def hop_details(self, route: Any) -> list[dict[str, Any]]:
        if route is None:
            return []
        out = []
        for position, code in enumerate(route.hops):
            node = self.backbone.node(code)
            out.append({"code": code, "name": node.name_en if self.lang == "en" else (node.name_ja or node.name_en),
                        "city": node.city, "prefecture_code": node.prefecture_code, "lon": node.lon,
                        "lat": node.lat, "capacity_gbps": node.capacity_gbps,
                        "link_km": None if position == 0 else round(float(
                            self.backbone.distance_km[self.backbone.index(route.hops[position - 1]),
                                                      self.backbone.index(code)]), 1)})
        return out

    def feature(self) -> dict[str, Any]:
        """A GeoJSON Feature: LineString (organisation, nodes, organisation) or null geometry.

        ``message`` and ``backup_reason`` are text in the reader's language;
        ``message_codes`` and ``backup_reason_code`` keep the engine's codes beside it.
        """
        feature = self.path.to_geojson_feature()
        props = feature["properties"]
        words = MessageText(self.backbone, self.lang, {
            str(org.id): display_name(org, self.lang) for org in (self.origin, self.destination)})
        messages = props.pop("messages")
        props["message"] = words.sentence(messages)
        props["message_codes"] = [words.detail(m) for m in messages]
        reason = props["backup_reason"]
        props["backup_reason"] = None if reason is None else words.text(reason)
        props["backup_reason_code"] = None if reason is None else words.detail(reason)
        props["from"] = _summary(self.origin, self.lang)
        props["to"] = _summary(self.destination, self.lang)
        props["hop_details"] = self.hop_details(self.path.route)
        if props["backup"] is not None:
            props["backup"]["hop_details"] = self.hop_details(self.path.backup)
        props["notice"] = _notice(self.backbone, self.lang)
        props["assumptions"] = {
            "fibre_ms_per_km": 0.005, "route_factor": 1.3, "per_hop_ms": 0.05,
            "note": "latency = 0.005 ms/km x fibre km (great-circle x 1.3 on access legs and modelled links) "
                    "+ 0.05 ms per SINET node passed",
        }
        return feature


def path_between(a_id: int, b_id: int, lang: str = "ja") -> PathAnswer:
    """The SINET path between the organisations ``a_id`` and ``b_id``.

    Raises
    ------
    hubs.core.errors.NotFound
        When there is no organisation with that id.
    """
    a = organization_or_404(a_id, "from")
    b = organization_or_404(b_id, "to")
    backbone = current_backbone()
    return PathAnswer(a, b, sinet_path(backbone, _record(a), _record(b)), backbone, lang)


# --------------------------------------------------------------------------- candidate pool


#: Seconds between full checks of the organisations behind a cached pool (see
#: :func:`candidate_pool`); ``ATLAS_POOL_RECHECK_SECONDS`` overrides it, tests use 0.
POOL_RECHECK_SECONDS = 30.0


@dataclass
class _PoolEntry:
    quick: tuple
    full: tuple
    checked_at: float
    pool: CandidatePool


_pool_lock = threading.Lock()
_pools: dict[str, _PoolEntry] = {}


def _quick_version() -> tuple:
    # Newest organisation id and newest field-row id: both answered from the primary-key
    # index in well under a millisecond. Any insert changes them, and so does any edit of
    # an organisation's fields (the rows are replaced).
    return tuple(db.session.execute(select(
        select(func.max(Organization.id)).scalar_subquery(),
        select(func.max(OrganizationField.id)).scalar_subquery())).one())


def _full_version() -> tuple:
    # Count, newest update and field-row count catch deletions and edits too, but scan
    # the tables (about 100 ms at 100,000 organisations), so they are checked less often.
    return tuple(db.session.execute(select(
        select(func.count(Organization.id)).scalar_subquery(),
        select(func.max(Organization.updated_at)).scalar_subquery(),
        select(func.count(OrganizationField.id)).scalar_subquery())).one())


def _pool_records() -> list[dict[str, Any]]:
    fields: dict[int, list[str]] = {}
    for org_id, value in db.session.execute(
            select(OrganizationField.organization_id, OrganizationField.field)
            .order_by(OrganizationField.organization_id, OrganizationField.position)):
        fields.setdefault(org_id, []).append(value)
    rows = db.session.execute(select(
        Organization.id, Organization.lon, Organization.lat, Organization.prefecture_code,
        Organization.sinet_connected, Organization.kind, Organization.name_ja, Organization.name_en,
    ).order_by(Organization.id))
    return [{"id": str(r.id), "lon": r.lon, "lat": r.lat, "prefecture_code": r.prefecture_code,
             "sinet_connected": r.sinet_connected, "kind": r.kind, "fields": fields.get(r.id, ()),
             "name_ja": r.name_ja, "name_en": r.name_en} for r in rows]


def candidate_pool(backbone: Backbone | None = None) -> CandidatePool:
    """Every organisation prepared for ranking, built once per process and data version.

    Rebuilt when the backbone changes (an import: at once), when organisations or field
    rows are added (at once: newest ids), and when organisations are edited or deleted
    (count and newest ``updated_at``, checked at most every ``ATLAS_POOL_RECHECK_SECONDS``,
    default :data:`POOL_RECHECK_SECONDS`; 0 under ``TESTING``).
    """
    backbone = backbone or current_backbone()
    url = str(db.engine.url)
    default = 0.0 if current_app.testing else POOL_RECHECK_SECONDS
    interval = float(current_app.config.get("ATLAS_POOL_RECHECK_SECONDS", default))
    quick = _quick_version()
    entry = _pools.get(url)
    if entry is not None and entry.pool.backbone is backbone and entry.quick == quick:
        now = time.monotonic()
        if now - entry.checked_at < interval:
            return entry.pool
        if _full_version() == entry.full:
            entry.checked_at = now
            return entry.pool
    with _pool_lock:
        full = _full_version()
        entry = _pools.get(url)
        if entry is not None and entry.pool.backbone is backbone and (entry.quick, entry.full) == (quick, full):
            return entry.pool
        pool = CandidatePool(backbone, _pool_records())
        _pools[url] = _PoolEntry(quick, full, time.monotonic(), pool)
        return pool


# --------------------------------------------------------------------------- partners


@dataclass
class PartnerAnswer:
    query: PartnerQuery
    origin: Organization
    ranking: PartnerRanking
    nearest_lab: PartnerMatch | None
    organizations: dict[int, Organization]
    backbone: Backbone
    lang: str

    @property
    def matches(self) -> list[PartnerMatch]:
        return self.ranking.matches

    def candidate(self, match: PartnerMatch) -> dict[str, Any]:
        """One candidate for a page or the API: ``reasons`` as text, ``reason_codes`` as codes."""
        org = self.organizations[int(match.id)]
        data = match.to_dict()
        words = MessageText(self.backbone, self.lang)
        data.update(
            reasons=[words.text(r) for r in match.reasons], reason_codes=[words.detail(r) for r in match.reasons],
            access_node_name=words.node(match.access_node),
            id=org.id, name=display_name(org, self.lang), name_ja=org.name_ja, name_en=org.name_en,
            kind_label=label(KINDS, org.kind, self.lang), prefecture_code=org.prefecture_code,
            lon=org.lon, lat=org.lat, website=org.website or None,
            synthetic=org.synthetic, url=url_for("web.organization", org_id=org.id),
            path_url=url_for("collaboration.paths", **{"from": self.origin.id, "to": org.id}),
        )
        return data

    def to_dict(self) -> dict[str, Any]:
        q = self.query
        with force_locale(self.lang):
            ranking = _("Filters are strict. Ranked by points: fields in common (up to %(fields)s), a "
                        "complementary kind (%(kind)s), closeness (%(distance)s, half at %(half)s km), a shared "
                        "programme (%(programme)s), machines open to outside users (%(equipment)s); ties go to "
                        "the lower estimated SINET latency, then the shorter distance.",
                        fields=_points(WEIGHTS["fields"]), kind=_points(WEIGHTS["complementary"]),
                        distance=_points(WEIGHTS["distance"]), half=format(DISTANCE_HALF_KM, "g"),
                        programme=_points(WEIGHTS["programme"]), equipment=_points(WEIGHTS["equipment"]))
        return {
            "origin": _summary(self.origin, self.lang, self.backbone),
            "query": {"org": q.org, "field": list(q.field), "kind": list(q.kind), "prefecture": list(q.prefecture),
                      "region": list(q.region), "within_km": q.within_km, "q": q.q, "limit": q.limit},
            "ranking": ranking,
            "weights": dict(WEIGHTS),
            "modelled": self.backbone.modelled,
            "notice": _notice(self.backbone, self.lang),
            "total": self.ranking.total,
            "count": len(self.matches),
            "candidates": [self.candidate(m) for m in self.matches],
            "alternatives": [self.candidate(m) for m in self.ranking.alternatives],
            "nearest_public_lab": None if self.nearest_lab is None else self.candidate(self.nearest_lab),
        }


def _points(value: float) -> str:
    return _("%(n)s points", n=format(value, "g"))


def _notice(backbone: Backbone, lang: str) -> str:
    with force_locale(lang):
        return model_notice() if backbone.modelled else ""


def model_notice() -> str:
    """What the page and the API say about the modelled backbone, in the request's language."""
    return _("The SINET backbone shown is a model built from NII's public facts (a node in every prefecture, "
             "400 Gbps, Okinawa 100 Gbps, a ladder-shaped core); the real link list is not published.")


def _programmes() -> dict[str, str]:
    """Candidate id → the programme it takes part in: a certification valid today, a J-Innovation HUB
    selection in force, an AIST OIL."""
    today = date.today()
    out = {str(o.id): ("jinnovation_hub" if o.kind == "hub" else "aist_oil") for o in db.session.scalars(
        select(Organization).where(Organization.kind.in_(("hub", "aist_oil"))))
        if o.kind == "aist_oil" or o.selection_current(today)}
    for certified in hooks("organization.certified"):
        out.update({str(org_id): "certified_hub" for org_id in certified()})
    return out


def _equipment() -> dict[str, int]:
    counts: dict[str, int] = {}
    for provide in hooks("organization.equipment"):
        counts.update({str(k): v for k, v in provide().items()})
    return counts


def find_partners(query: PartnerQuery, lang: str = "ja") -> PartnerAnswer:
    """Partner candidates meeting every filter of ``query``, ranked, and the nearest public test
    lab (for its fields); when none meets the filters, the nearest alternatives, marked.

    Raises NotFound when the origin organisation does not exist.
    """
    origin = organization_or_404(query.org, "org")
    backbone = current_backbone()
    pool = candidate_pool(backbone)
    record = _record(origin)
    prefectures = set(query.prefecture)
    if query.region:
        prefectures |= set(db.session.scalars(select(Prefecture.code).where(Prefecture.region.in_(query.region))))
    filters = PartnerFilters(kinds=tuple(query.kind), fields=tuple(query.field), prefectures=tuple(sorted(prefectures)),
                             within_km=query.within_km, text=query.q)
    ranking = rank_partners(backbone, record, pool, filters, programmes=_programmes(), equipment=_equipment(),
                            limit=query.limit)
    nearest = nearest_of_kind(backbone, record, pool, "public_lab", field=query.field[0] if query.field else None,
                              limit=1)
    ids = {int(m.id) for m in (*ranking.matches, *ranking.alternatives, *nearest)}
    organizations = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(ids)))}
    return PartnerAnswer(query, origin, ranking, nearest[0] if nearest else None, organizations, backbone, lang)


CSV_COLUMNS = ("rank", "id", "name_ja", "name_en", "kind", "prefecture_code", "fields", "field_match",
               "hop_count", "latency_ms", "network_km", "distance_km", "access_node", "sinet_connected",
               "reasons", "modelled_backbone")


def partners_table(answer: PartnerAnswer) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The ranked candidates as a header and rows, for :func:`hubs.core.responses.csv_response`."""
    rows = []
    for match in answer.matches:
        c = answer.candidate(match)
        rows.append((
            c["rank"], c["id"], c["name_ja"], c["name_en"], c["kind"], c["prefecture_code"], ";".join(c["fields"]),
            "yes" if c["field_match"] else "no", "" if c["hop_count"] is None else c["hop_count"],
            "" if c["latency_ms"] is None else c["latency_ms"], "" if c["network_km"] is None else c["network_km"],
            c["distance_km"], c["access_node"], c["sinet_connected"], "; ".join(c["reasons"]),
            "yes" if answer.backbone.modelled else "no",
        ))
    return CSV_COLUMNS, rows


# --------------------------------------------------------------------------- hooks for other features


def network_path(a_id: int, b_id: int, lang: str = "ja") -> dict[str, Any]:
    """Hook ``network.path``: the SINET path between two organisations as the GeoJSON Feature of
    ``/api/v1/paths`` (latency, bottleneck, hops, ``modelled`` and ``notice`` in its properties),
    with ``page``: the path's page.

    Raises NotFound (naming ``from`` or ``to``) when an organisation does not exist.
    """
    feature = path_between(a_id, b_id, lang).feature()
    feature["properties"]["page"] = url_for("collaboration.paths", **{"from": a_id, "to": b_id})
    return feature


def network_latencies(origin_id: int, org_ids: Any, lang: str = "ja") -> dict[str, Any]:
    """Hook ``network.latency``: estimated one-way latency (ms) over SINET from ``origin_id`` to each
    of ``org_ids``; ``None`` where an end is off the network. ``modelled`` and ``notice`` say what
    the figures rest on.

    Raises NotFound (naming ``near``) when the origin does not exist; unknown targets are left out.
    """
    origin = organization_or_404(origin_id, "near")
    backbone = current_backbone()
    record = _record(origin)
    wanted = sorted({int(i) for i in org_ids})
    latencies: dict[int, float | None] = {}
    for org in db.session.scalars(select(Organization).where(Organization.id.in_(wanted))) if wanted else ():
        path = sinet_path(backbone, record, _record(org))
        latencies[org.id] = None if path.latency_ms is None else round(float(path.latency_ms), 3)
    return {"latency_ms": latencies, "modelled": backbone.modelled, "notice": _notice(backbone, lang)}
