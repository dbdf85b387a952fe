"""The partner finder: candidate organisations ranked for one origin, each with its reasons.

:class:`CandidatePool` prepares every candidate once against a backbone (access node, access
leg, masks per kind and field); :func:`rank_partners` and :func:`nearest_of_kind` then rank
100,000 candidates with a handful of numpy operations. Each :class:`PartnerMatch` carries
the figures and the reasons as message codes (:mod:`geo.sinet.messages`), never sentences.

Coordinates are EPSG:4326 lon/lat; distances between organisations are great-circle km
(:func:`geo.geodesy.great_circle_km`); network figures are those of :mod:`geo.sinet.paths`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from geo.geodesy import great_circle_km
from geo.sinet._records import CONNECTED_STATES, attribute, endpoint, field_names, text_value
from geo.sinet.backbone import Backbone
from geo.sinet.messages import Message, message
from geo.sinet.model import FIBRE_MS_PER_KM, LATENCY_RANK_RESOLUTION_MS, PER_HOP_MS

__all__ = ["CandidatePool", "PartnerFilters", "PartnerMatch", "PartnerRanking", "nearest_of_kind", "rank_partners"]

_YES, _UNKNOWN, _NO = 0, 1, 2


class CandidatePool:
    """Candidate organisations prepared once against a backbone for fast ranking.

    Each candidate is mapped to its access node and access-leg length once, and boolean
    masks per kind and per field are built once, so that ranking 100,000 candidates is a
    handful of numpy operations on a node-to-node matrix.

    Parameters
    ----------
    backbone : Backbone
    records : iterable of mappings or objects, or pandas.DataFrame
        Organisations (see :mod:`geo.sinet`), with ``lon``/``lat`` in EPSG:4326.
        Records without valid coordinates raise ValueError naming the record.
    """

    def __init__(self, backbone: Backbone, records: Any) -> None:
        rows = (
            list(records.to_dict("records"))
            if hasattr(records, "to_dict") and hasattr(records, "columns")
            else list(records)
        )
        self.backbone = backbone
        m = len(rows)
        self.ids: list[str] = []
        self.names: list[str] = []
        self.kinds: list[str] = []
        self.fields: list[tuple[str, ...]] = []
        lon = np.empty(m)
        lat = np.empty(m)
        prefectures: list[str | None] = []
        connected = np.empty(m, dtype=np.int8)
        state_code = {"yes": _YES, "unknown": _UNKNOWN, "no": _NO}
        kind_rows: dict[str, list[int]] = {}
        field_rows: dict[str, list[int]] = {}
        search_text: list[str] = []
        for r, record in enumerate(rows):
            e = endpoint(record, f"candidate {r + 1}")
            self.ids.append(e.id)
            lon[r], lat[r] = e.lon, e.lat
            prefectures.append(e.prefecture_code)
            connected[r] = state_code[e.connected]
            kind = text_value(attribute(record, "kind"))
            self.kinds.append(kind)
            kind_rows.setdefault(kind, []).append(r)
            fields = field_names(attribute(record, "fields"))
            self.fields.append(fields)
            for f in fields:
                field_rows.setdefault(f, []).append(r)
            name_ja = text_value(attribute(record, "name_ja"))
            name_en = text_value(attribute(record, "name_en"))
            self.names.append(name_ja or name_en or e.id)
            search_text.append(f"{e.id} {name_ja} {name_en}".lower())
        self._search_text = search_text
        self.prefectures = np.array([p or "" for p in prefectures], dtype=object)
        self.lon, self.lat, self.connected = lon, lat, connected
        self.node, self.leg_km = backbone.access_many(lon, lat, prefectures)
        self._kind_masks = {k: self._mask(ix) for k, ix in kind_rows.items()}
        self._field_masks = {f: self._mask(ix) for f, ix in field_rows.items()}
        self._position = {ident: r for r, ident in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def _mask(self, rows: list[int]) -> np.ndarray:
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[rows] = True
        return mask

    def _any(self, masks: dict[str, np.ndarray], keys: Iterable[str]) -> np.ndarray:
        mask = np.zeros(len(self.ids), dtype=bool)
        for key in set(keys) & masks.keys():
            mask |= masks[key]
        return mask

    def kind_mask(self, kinds: Iterable[str]) -> np.ndarray:
        """Candidates whose kind is one of ``kinds``."""
        return self._any(self._kind_masks, kinds)

    def field_mask(self, fields: Iterable[str]) -> np.ndarray:
        """Candidates that list at least one of ``fields``."""
        return self._any(self._field_masks, fields)

    def text_mask(self, text: str) -> np.ndarray:
        """Candidates whose id or Japanese or English name contains ``text`` (any case)."""
        needle = text.strip().lower()
        return np.fromiter(
            (needle in s for s in self._search_text), dtype=bool, count=len(self.ids)
        )


@dataclass(frozen=True, slots=True)
class PartnerMatch:
    """One ranked candidate, its score components and the reasons as message codes.

    Attributes
    ----------
    rank : int
        1 for the best candidate.
    id, name, kind : str
    fields : tuple of str
        The candidate's fields.
    field_match : bool
        The candidate lists the requested field (or shares one of the origin's fields).
    matched_fields : tuple of str
    latency_ms : float or None
        Estimated one-way latency origin to candidate; None when either is off SINET.
    network_km : float or None
        Fibre km of that path; None when either is off SINET.
    hop_count : int or None
        Backbone links on that path; None when either is off SINET.
    distance_km : float
        Great-circle distance between the two organisations (EPSG:4326 on a sphere).
    access_node : str
    sinet_connected : str
    reasons : list of Message
        Codes with parameters (:mod:`geo.sinet.messages`), in this order: ``outside_filters``
        for an alternative; the field (``shared_fields``, ``in_field``, ``other_fields`` or
        ``no_fields``; only when fields are wanted); ``complementary_kind``, ``programme``,
        ``equipment`` where they earned points; the ``distance``; the network (``not_on_sinet``
        or ``origin_not_on_sinet``; else ``same_node`` or ``hops``, then ``latency``); and
        ``connection_assumed`` / ``origin_connection_assumed`` when a connection is unknown.
        E.g. ``[{"code": "shared_fields", "fields": ["materials"]}, {"code": "complementary_kind",
        "kind": "public_lab"}, {"code": "distance", "km": 40.2}, {"code": "hops", "count": 2},
        {"code": "latency", "ms": 3.1}]``.
    """

    rank: int
    id: str
    name: str
    kind: str
    fields: tuple[str, ...]
    field_match: bool
    matched_fields: tuple[str, ...]
    latency_ms: float | None
    network_km: float | None
    hop_count: int | None
    distance_km: float
    access_node: str
    sinet_connected: str
    reasons: list[Message] = field(default_factory=list)
    #: Points by what a coordinator weighs (:data:`WEIGHTS`); 0 from :func:`nearest_of_kind`.
    score: float = 0.0
    #: For an alternative outside the filters: the filters it does not meet.
    outside_filters: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for JSON."""
        return {
            "score": round(self.score, 2),
            "outside_filters": list(self.outside_filters),
            "rank": self.rank,
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "fields": list(self.fields),
            "field_match": self.field_match,
            "matched_fields": list(self.matched_fields),
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 3),
            "network_km": None if self.network_km is None else round(self.network_km, 1),
            "hop_count": self.hop_count,
            "distance_km": round(self.distance_km, 1),
            "access_node": self.access_node,
            "sinet_connected": self.sinet_connected,
            "reasons": [dict(r) for r in self.reasons],
        }


def _pool_for(backbone: Backbone, candidates: Any) -> CandidatePool:
    if isinstance(candidates, CandidatePool):
        if candidates.backbone is not backbone:
            msg = "the candidate pool was prepared for a different backbone"
            raise ValueError(msg)
        return candidates
    return CandidatePool(backbone, candidates)


def _check_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int | np.integer) or limit < 1:
        msg = f"limit must be a positive integer, got {limit!r}"
        raise ValueError(msg)
    return int(limit)


def _as_names(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _score(
    backbone: Backbone,
    origin: Any,
    pool: CandidatePool,
    *,
    wanted_fields: tuple[str, ...] | None,
    require_field: bool,
    kinds: tuple[str, ...] | None,
    text: str | None,
    order: str,
    limit: int,
) -> list[PartnerMatch]:
    o = endpoint(origin, "origin")
    keep = np.ones(len(pool), dtype=bool)
    if o.id in pool._position:
        keep[pool._position[o.id]] = False
    if kinds is not None:
        keep &= pool.kind_mask(kinds)
    if text:
        keep &= pool.text_mask(text)
    matches = pool.field_mask(wanted_fields) if wanted_fields else np.zeros(len(pool), bool)
    if require_field:
        keep &= matches
    rows = np.flatnonzero(keep)
    if rows.size == 0:
        return []

    net = _network(backbone, o, pool, rows)
    distance = np.atleast_1d(great_circle_km(o.lon, o.lat, pool.lon[rows], pool.lat[rows]))
    field_group = np.where(matches[rows], 0, 1)

    # One float key ordering lexicographically by (field group, latency bucket, distance):
    # distance < 1e4 km, buckets < 1e5, so the terms never overlap.
    bucket = net.bucket
    if order == "latency":
        key = field_group * 1e10 + bucket * 1e4 + np.minimum(distance, 9_999.0)
    else:  # nearest by distance, latency as the tie-break
        key = field_group * 1e10 + np.floor(distance * 1e2) * 1e4 + bucket / 10.0
    take = min(limit, rows.size)
    if take < rows.size:
        top = np.argpartition(key, take - 1)[:take]
    else:
        top = np.arange(rows.size)
    top = top[np.lexsort((rows[top], key[top]))]

    return [_match(backbone, o, pool, net, int(rows[t]), int(t), float(distance[t]), rank,
                   wanted_fields=wanted_fields or (), field_code="in_field", lead=[])
            for rank, t in enumerate(top, start=1)]


@dataclass(frozen=True)
class _Network:
    """Origin-to-candidate network figures for some pool rows (aligned with them)."""

    latency: np.ndarray
    network_km: np.ndarray
    hop_count: np.ndarray
    off: np.ndarray
    #: Latency in :data:`LATENCY_RANK_RESOLUTION_MS` steps, off-network last: for ranking.
    bucket: np.ndarray


def _network(backbone: Backbone, o: Any, pool: CandidatePool, rows: np.ndarray) -> _Network:
    oi, o_leg, _ = backbone.access_index(o.lon, o.lat, o.prefecture_code)
    nodes = pool.node[rows]
    network_km = (o_leg + backbone.distance_km[oi, nodes]) + pool.leg_km[rows]
    hop_count = backbone.hop_count[oi, nodes]
    latency = FIBRE_MS_PER_KM * network_km + PER_HOP_MS * (hop_count + 1)
    off = pool.connected[rows] == _NO
    if o.connected == "no":
        off[:] = True
    latency = np.where(off, np.inf, latency)
    bucket = np.where(off, 99_999.0, np.minimum(np.floor(latency / LATENCY_RANK_RESOLUTION_MS), 99_998.0))
    return _Network(latency, network_km, hop_count, off, bucket)


def _match(backbone: Backbone, o: Any, pool: CandidatePool, net: _Network, r: int, t: int, distance: float,
           rank: int, *, wanted_fields: tuple[str, ...], field_code: str, lead: list[Message],
           score: float = 0.0, outside: tuple[str, ...] = ()) -> PartnerMatch:
    """Candidate ``r`` (row ``t`` of ``net``) as a match: ``lead`` reasons first, then the field,
    the network (a tie-break), the distance and any assumed connection."""
    state = CONNECTED_STATES[pool.connected[r]]
    cand_fields = pool.fields[r]
    matched = tuple(f for f in wanted_fields if f in cand_fields)
    reasons: list[Message] = []
    if outside:
        reasons.append(message("outside_filters", filters=list(outside)))
    if wanted_fields:
        if matched:
            reasons.append(message(field_code, fields=list(matched)))
        elif cand_fields:
            reasons.append(message("other_fields", fields=list(cand_fields)))
        else:
            reasons.append(message("no_fields"))
    reasons.extend(lead)
    node_code = backbone.codes[int(pool.node[r])]
    lat_ms: float | None = None
    net_km: float | None = None
    hops: int | None = None
    reasons.append(message("distance", km=round(distance, 1)))
    if net.off[t]:
        reasons.append(message("origin_not_on_sinet" if o.connected == "no" else "not_on_sinet"))
    else:
        hops = int(net.hop_count[t])
        lat_ms = float(net.latency[t])
        net_km = float(net.network_km[t])
        reasons.append(message("same_node", node=node_code) if hops == 0 else message("hops", count=hops))
        reasons.append(message("latency", ms=round(lat_ms, 3)))
        if state == "unknown":
            reasons.append(message("connection_assumed"))
        if o.connected == "unknown":
            reasons.append(message("origin_connection_assumed"))
    return PartnerMatch(
        rank=rank, id=pool.ids[r], name=pool.names[r], kind=pool.kinds[r], fields=cand_fields,
        field_match=bool(matched), matched_fields=matched, latency_ms=lat_ms, network_km=net_km,
        hop_count=hops, distance_km=distance, access_node=node_code, sinet_connected=state,
        reasons=reasons, score=score, outside_filters=outside,
    )


#: What a coordinator weighs when choosing a partner, in points (the score is their sum).
WEIGHTS: Final = {"fields": 3.0, "complementary": 2.0, "distance": 2.0, "programme": 1.0, "equipment": 1.0}
#: The distance term is worth half its points at this great-circle distance (km).
DISTANCE_HALF_KM: Final = 50.0
#: The equipment term is worth all its points from this many machines.
EQUIPMENT_FULL: Final = 5
#: Kinds as partners: academia, labs (public, AIST, national R&D) and hubs complement each other.
KIND_GROUPS: Final = {
    "university": "academic", "kosen": "academic", "inter_university": "academic",
    "public_lab": "lab", "aist_centre": "lab", "aist_oil": "lab", "aist_joint_lab": "lab",
    "national_rd": "lab", "hub": "hub",
}  # fmt: skip


@dataclass(frozen=True)
class PartnerFilters:
    """What a candidate must be: every filter given is strict (an empty one filters nothing).

    ``fields``: the candidate lists at least one of them; ``prefectures``: JIS X 0401 codes;
    ``within_km``: great-circle distance from the origin; ``text``: in its id or names.
    """

    kinds: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    prefectures: tuple[str, ...] = ()
    within_km: float | None = None
    text: str = ""


@dataclass(frozen=True)
class PartnerRanking:
    """The candidates meeting every filter, best first; when none does, ``alternatives``: the
    closest ones outside the filters, each naming the filters it does not meet."""

    matches: list[PartnerMatch]
    alternatives: list[PartnerMatch]
    #: Candidates meeting every filter (before ``limit``).
    total: int


def rank_partners(
    backbone: Backbone,
    origin: Any,
    candidates: CandidatePool | Any,
    filters: PartnerFilters | None = None,
    *,
    programmes: Mapping[str, str] | None = None,
    equipment: Mapping[str, int] | None = None,
    limit: int = 20,
    alternatives: int = 5,
) -> PartnerRanking:
    """Candidate partners for ``origin`` meeting ``filters``, ranked by what a coordinator weighs.

    Score (points, :data:`WEIGHTS`): the share of the wanted fields the candidate lists (the
    filter's fields, else the origin's own); a complementary kind (:data:`KIND_GROUPS`: a
    university finds labs, a lab finds universities; hubs and both); closeness,
    ``1 / (1 + km / DISTANCE_HALF_KM)``; a shared programme (``programmes``: candidate id →
    programme code, e.g. a certified hub or an AIST OIL); machines open to outside users
    (``equipment``: candidate id → count, full points from :data:`EQUIPMENT_FULL`). Ties go to
    the lower estimated SINET latency (in :data:`LATENCY_RANK_RESOLUTION_MS` steps, off-network
    last), then the shorter distance, then the candidate's order.

    Parameters
    ----------
    backbone : Backbone
    origin : mapping or object
        The organisation looking for partners (EPSG:4326 ``lon``/``lat``); never its own candidate.
    candidates : CandidatePool or records
    filters : PartnerFilters, optional
    programmes, equipment : mapping, optional
        Keyed by candidate id (as the pool's ``ids``).
    limit : int
        Most matches returned.
    alternatives : int
        When no candidate meets the filters, at most this many alternatives: those failing
        the fewest filters, best score first.
    """
    pool = _pool_for(backbone, candidates)
    filters = filters or PartnerFilters()
    limit = _check_limit(limit)
    o = endpoint(origin, "origin")
    distance = np.atleast_1d(great_circle_km(o.lon, o.lat, pool.lon, pool.lat))
    tests: dict[str, np.ndarray] = {}
    if filters.kinds:
        tests["kind"] = pool.kind_mask(filters.kinds)
    if filters.fields:
        tests["field"] = pool.field_mask(filters.fields)
    if filters.prefectures:
        tests["prefecture"] = np.isin(pool.prefectures, list(filters.prefectures))
    if filters.within_km is not None:
        tests["within_km"] = distance <= filters.within_km
    if filters.text:
        tests["text"] = pool.text_mask(filters.text)
    candidate = np.ones(len(pool), dtype=bool)
    if o.id in pool._position:
        candidate[pool._position[o.id]] = False
    failed = np.zeros(len(pool), dtype=np.int64)
    for mask in tests.values():
        failed += ~mask
    wanted = filters.fields or field_names(attribute(origin, "fields"))
    programmes = programmes or {}
    equipment = equipment or {}
    origin_group = KIND_GROUPS.get(text_value(attribute(origin, "kind")), "")

    def ranked(rows: np.ndarray, count: int, outside: bool) -> list[PartnerMatch]:
        if rows.size == 0:
            return []
        net = _network(backbone, o, pool, rows)
        share = np.array([len(set(pool.fields[r]) & set(wanted)) / len(wanted) if wanted else 0.0 for r in rows])
        complementary = np.array([_complements(origin_group, KIND_GROUPS.get(pool.kinds[r], "")) for r in rows])
        closeness = 1.0 / (1.0 + distance[rows] / DISTANCE_HALF_KM)
        programme = np.array([pool.ids[r] in programmes for r in rows])
        machines = np.array([min(equipment.get(pool.ids[r], 0), EQUIPMENT_FULL) / EQUIPMENT_FULL for r in rows])
        score = (WEIGHTS["fields"] * share + WEIGHTS["complementary"] * complementary
                 + WEIGHTS["distance"] * closeness + WEIGHTS["programme"] * programme
                 + WEIGHTS["equipment"] * machines)
        # lexsort: the last key is the primary one.
        order = np.lexsort((rows, distance[rows], net.bucket, -np.round(score, 6), failed[rows]))[:count]
        out = []
        for rank, t in enumerate(order, start=1):
            r = int(rows[t])
            lead: list[Message] = []
            if complementary[t]:
                lead.append(message("complementary_kind", kind=pool.kinds[r]))
            if programme[t]:
                lead.append(message("programme", programme=programmes[pool.ids[r]]))
            if machines[t]:
                lead.append(message("equipment", count=int(equipment.get(pool.ids[r], 0))))
            misses = tuple(name for name, mask in tests.items() if not mask[r]) if outside else ()
            out.append(_match(backbone, o, pool, net, r, int(t), float(distance[r]), rank, wanted_fields=wanted,
                              field_code="shared_fields", lead=lead, score=float(score[t]), outside=misses))
        return out

    keep = candidate & (failed == 0)
    matches = ranked(np.flatnonzero(keep), limit, outside=False)
    others = ranked(np.flatnonzero(candidate & (failed > 0)), _check_limit(alternatives), outside=True) \
        if not matches and tests and alternatives else []
    return PartnerRanking(matches, others, int(keep.sum()))


def _complements(origin_group: str, group: str) -> bool:
    """Academia and labs complement each other; hubs complement both (and both complement hubs)."""
    return bool(origin_group and group and origin_group != group)


def nearest_of_kind(
    backbone: Backbone,
    origin: Any,
    candidates: CandidatePool | Any,
    kind: str | Iterable[str],
    field: str | None = None,
    by: str = "distance",
    limit: int = 1,
) -> list[PartnerMatch]:
    """The nearest organisations of a kind, e.g. "the nearest public test lab for field X".

    Parameters
    ----------
    backbone : Backbone
    origin : mapping or object
        Where to measure from (EPSG:4326 ``lon``/``lat``).
    candidates : CandidatePool or records
    kind : str or iterable of str
        Kind(s) to keep, e.g. ``"public_lab"``.
    field : str, optional
        When given, only candidates listing this field qualify.
    by : {"distance", "latency"}
        ``"distance"``: great-circle km (latency breaks ties); ``"latency"``: estimated
        SINET latency, off-network candidates last, then distance.
    limit : int
        How many to return.

    Returns
    -------
    list of PartnerMatch
        Empty when no candidate qualifies.
    """
    if by not in ("distance", "latency"):
        msg = f"by must be 'distance' or 'latency', got {by!r}"
        raise ValueError(msg)
    pool = _pool_for(backbone, candidates)
    return _score(
        backbone,
        origin,
        pool,
        wanted_fields=(field,) if field else None,
        require_field=field is not None,
        kinds=_as_names(kind),
        text=None,
        order=by,
        limit=_check_limit(limit),
    )
