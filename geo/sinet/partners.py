"""The partner finder: candidate organisations ranked for one origin, each with its reasons.

:class:`CandidatePool` prepares every candidate once against a backbone (access node, access
leg, masks per kind and field); :func:`rank_partners` and :func:`nearest_of_kind` then rank
100,000 candidates with a handful of numpy operations. Each :class:`PartnerMatch` carries
the figures and the reasons as message codes (:mod:`geo.sinet.messages`), never sentences.

Coordinates are EPSG:4326 lon/lat; distances between organisations are great-circle km
(:func:`geo.geodesy.great_circle_km`); network figures are those of :mod:`geo.sinet.paths`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from geo.geodesy import great_circle_km
from geo.sinet._records import CONNECTED_STATES, attribute, endpoint, field_names, text_value
from geo.sinet.backbone import Backbone
from geo.sinet.messages import Message, message
from geo.sinet.model import FIBRE_MS_PER_KM, LATENCY_RANK_RESOLUTION_MS, PER_HOP_MS

__all__ = ["CandidatePool", "PartnerMatch", "nearest_of_kind", "rank_partners"]

_YES, _UNKNOWN, _NO = 0, 1, 2
#: How the ranking reads a field match: the requested field, the origin's own, or a filter.
_FIELD_CODES: Final = {"requested": "same_field", "own": "shared_fields", "filter": "in_field"}


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
        Codes with parameters (:mod:`geo.sinet.messages`), in this order: the field
        (``same_field``, ``shared_fields``, ``in_field``, ``other_fields`` or
        ``no_fields``; only when fields were asked for), the network (``not_on_sinet`` or
        ``origin_not_on_sinet``; else ``same_node`` or ``hops``, then ``latency``), the
        ``distance``, and ``connection_assumed`` / ``origin_connection_assumed`` when a
        connection is unknown. E.g. ``[{"code": "same_field", "fields": ["materials"]},
        {"code": "hops", "count": 2}, {"code": "latency", "ms": 3.1},
        {"code": "distance", "km": 40.2}]``.
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

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for JSON."""
        return {
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
    field_match: str,
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

    oi, o_leg, _ = backbone.access_index(o.lon, o.lat, o.prefecture_code)
    nodes = pool.node[rows]
    network_km = (o_leg + backbone.distance_km[oi, nodes]) + pool.leg_km[rows]
    hop_count = backbone.hop_count[oi, nodes]
    latency = FIBRE_MS_PER_KM * network_km + PER_HOP_MS * (hop_count + 1)
    off = pool.connected[rows] == _NO
    if o.connected == "no":
        off[:] = True
    latency = np.where(off, np.inf, latency)
    distance = great_circle_km(o.lon, o.lat, pool.lon[rows], pool.lat[rows])
    distance = np.atleast_1d(distance)
    field_group = np.where(matches[rows], 0, 1)

    # One float key ordering lexicographically by (field group, latency bucket, distance):
    # distance < 1e4 km, buckets < 1e5, so the terms never overlap.
    bucket = np.where(
        off, 99_999.0, np.minimum(np.floor(latency / LATENCY_RANK_RESOLUTION_MS), 99_998.0)
    )
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

    result = []
    for rank, t in enumerate(top, start=1):
        r = int(rows[t])
        state = CONNECTED_STATES[pool.connected[r]]
        cand_fields = pool.fields[r]
        matched = tuple(f for f in (wanted_fields or ()) if f in cand_fields)
        reasons: list[Message] = []
        if wanted_fields:
            if matched:
                reasons.append(message(_FIELD_CODES[field_match], fields=list(matched)))
            elif cand_fields:
                reasons.append(message("other_fields", fields=list(cand_fields)))
            else:
                reasons.append(message("no_fields"))
        node_code = backbone.codes[int(pool.node[r])]
        lat_ms: float | None
        net: float | None
        hops: int | None
        if off[t]:
            reasons.append(message("origin_not_on_sinet" if o.connected == "no" else "not_on_sinet"))
            lat_ms = net = hops = None
        else:
            hops = int(hop_count[t])
            lat_ms = float(latency[t])
            net = float(network_km[t])
            reasons.append(message("same_node", node=node_code) if hops == 0 else message("hops", count=hops))
            reasons.append(message("latency", ms=round(lat_ms, 3)))
        reasons.append(message("distance", km=round(float(distance[t]), 1)))
        if not off[t]:
            if state == "unknown":
                reasons.append(message("connection_assumed"))
            if o.connected == "unknown":
                reasons.append(message("origin_connection_assumed"))
        result.append(
            PartnerMatch(
                rank=rank,
                id=pool.ids[r],
                name=pool.names[r],
                kind=pool.kinds[r],
                fields=cand_fields,
                field_match=bool(matches[r]),
                matched_fields=matched,
                latency_ms=lat_ms,
                network_km=net,
                hop_count=hops,
                distance_km=float(distance[t]),
                access_node=node_code,
                sinet_connected=state,
                reasons=reasons,
            )
        )
    return result


def rank_partners(
    backbone: Backbone,
    origin: Any,
    candidates: CandidatePool | Any,
    field: str | None = None,
    kinds: str | Iterable[str] | None = None,
    text: str | None = None,
    limit: int = 20,
) -> list[PartnerMatch]:
    """Candidate partners for ``origin``, best first, each with its reasons.

    Ranking is lexicographic:

    1. field match: candidates listing ``field`` come first (when ``field`` is None, those
       sharing any of the origin's own ``fields``);
    2. estimated one-way SINET latency, compared at
       :data:`LATENCY_RANK_RESOLUTION_MS`; candidates off SINET (or every candidate, when
       the origin is off SINET) have no latency and come after the connected ones of the
       same field group; an unknown connection is assumed connected and says so;
    3. great-circle distance between the organisations; then the candidate's order.

    Parameters
    ----------
    backbone : Backbone
    origin : mapping or object
        The organisation looking for partners (EPSG:4326 ``lon``/``lat``); it is never
        its own candidate.
    candidates : CandidatePool or records
        Prefer a :class:`CandidatePool` built once; records are pooled on every call.
    field : str, optional
        The research field wanted (e.g. ``"materials"``).
    kinds : str or iterable of str, optional
        Keep only candidates of these kinds (e.g. ``["public_lab", "university"]``).
    text : str, optional
        Keep only candidates whose id or name contains this text (any case).
    limit : int
        Most candidates returned.

    Returns
    -------
    list of PartnerMatch
    """
    pool = _pool_for(backbone, candidates)
    if field is not None:
        wanted: tuple[str, ...] = (field,)
        match = "requested"
    else:
        wanted = field_names(attribute(origin, "fields"))
        match = "own"
    return _score(
        backbone,
        origin,
        pool,
        wanted_fields=wanted,
        require_field=False,
        kinds=_as_names(kinds),
        text=text,
        order="latency",
        limit=_check_limit(limit),
        field_match=match,
    )


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
        field_match="filter",
    )
