"""SINET backbone model, organisation-to-organisation paths and the partner finder.

Everything here is pure computation over plain data: node and link tables in, dataclasses,
numpy arrays, shapely geometry and GeoJSON-ready dicts out. Nothing imports Flask or the
database.

Coordinates are EPSG:4326 longitude/latitude in decimal degrees throughout. Distances are
great-circle distances on a sphere of radius :data:`EARTH_RADIUS_KM` (within about 0.5 % of
the ellipsoidal distance, well inside the uncertainty of a fibre-route model), in kilometres.

The model
---------
A path between two organisations has three parts: an *access leg* from the first
organisation to its SINET node, the *backbone hops* between SINET nodes, and an access leg
from the last node to the second organisation.

* An organisation's access node is the node of its own prefecture (SINET has a data centre
  in every prefecture); if the prefecture is unknown or has no node, the nearest node.
  Where a prefecture has several nodes (an imported network may), the nearest of those.
* An access leg's fibre length is the great-circle distance times :data:`ROUTE_FACTOR`.
  Access legs are not protected: the backup path shares them with the main path.
* The backbone route is the shortest path by fibre length (``length_km`` of the links),
  with each router on the way counted as :data:`PER_HOP_MS` / :data:`FIBRE_MS_PER_KM`
  = 10 km of fibre (``routing="latency"``, the default): the route with the least
  estimated latency, as SINET chooses paths that minimise delay. Latencies then obey the
  triangle inequality. ``routing="fibre"`` takes the pure fibre-length shortest path;
  that route can pass more routers than a slightly longer one, and its latencies can
  break the triangle inequality by a few per-hop costs (on the seed model, 228 of the
  103,823 node triples, by at most 0.09 ms), while the default's fibre km can break it
  instead. Ties are broken deterministically, and the route for (B, A) is exactly the
  reverse of (A, B).
* One-way latency = :data:`FIBRE_MS_PER_KM` x total fibre km (access legs + backbone)
  + :data:`PER_HOP_MS` x the number of SINET nodes (routers) the packet passes through.
  End-host, queueing and serialisation delays are not modelled.
* Bottleneck capacity = the smallest capacity of the links on the backbone route and of
  the two access nodes (the node capacity stands for the access port of the data centre).
* The backup is the shortest route between the same two access nodes that shares no link
  with the main route (remove the main route's links, run Dijkstra again), as SINET keeps
  a link-disjoint backup. Where none exists the result says why: either a link of the main
  route is the only way between the two nodes (a bridge), or the main route blocks every
  disjoint alternative although a disjoint pair of routes exists ("trap" topology).

All node-to-node figures (fibre km, links, nodes, latency, bottleneck, the hop list and its
geometry) are computed once when a :class:`Backbone` is built, so a path query costs two
access-node look-ups, a dictionary look-up and a little arithmetic. Backup routes are
computed on first use for a node pair and cached (or all at once with
:meth:`Backbone.precompute_backups`).

Organisation records
--------------------
Functions that take an organisation accept a mapping or an object with the attributes
``id`` (or ``key``), ``lon``, ``lat``, and optionally ``prefecture_code``,
``sinet_connected`` (``"yes"``, ``"no"``, ``"unknown"``; missing means ``"unknown"``),
``kind``, ``fields`` (a list or a ``;``-separated string), ``name_ja`` and ``name_en``.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from shapely.geometry import LineString

__all__ = [
    "EARTH_RADIUS_KM",
    "FIBRE_MS_PER_KM",
    "LATENCY_RANK_RESOLUTION_MS",
    "PER_HOP_MS",
    "ROUTE_FACTOR",
    "Access",
    "Backbone",
    "BackboneLink",
    "BackboneNode",
    "CandidatePool",
    "PartnerMatch",
    "Route",
    "SinetPath",
    "access_node",
    "backbone_geojson",
    "great_circle_km",
    "load_backbone_csv",
    "nearest_of_kind",
    "rank_partners",
    "sinet_path",
]

#: One-way propagation delay of light in optical fibre, in ms per km. Light travels at
#: about c / 1.47 in silica fibre, i.e. about 204,000 km/s, so about 5 µs per km.
FIBRE_MS_PER_KM = 0.005

#: Ratio of a fibre route's length to the great-circle distance between its ends. Fibre
#: follows roads, railways and coasts, not the geodesic; published studies of terrestrial
#: long-haul routes put the ratio between about 1.2 and 1.5. 1.3 is used for every modelled
#: backbone link and for every access leg.
ROUTE_FACTOR = 1.3

#: Cost of one router on the path, in ms one way: forwarding, plus the optical/electrical
#: conversion and transponder delay of the data centre it sits in. Charged once for each
#: SINET node the packet passes through, the two access nodes included. The figure is a
#: modelling assumption (core routers forward in microseconds; transponders and FEC add
#: tens of microseconds).
PER_HOP_MS = 0.05

#: Mean Earth radius (IUGG), km, for great-circle distances.
EARTH_RADIUS_KM = 6371.0088

#: The partner finder compares latencies at this resolution, so that candidates whose
#: latencies differ by less than the model can tell apart are ordered by distance instead.
LATENCY_RANK_RESOLUTION_MS = 0.1

_CONNECTED_STATES = ("yes", "unknown", "no")
_YES, _UNKNOWN, _NO = 0, 1, 2
_TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", ""})


# --------------------------------------------------------------------------- geometry


def great_circle_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> Any:
    """Great-circle (haversine) distance in km between points in EPSG:4326 lon/lat.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array_like
        Coordinates in decimal degrees (EPSG:4326). Arrays broadcast against each other.

    Returns
    -------
    float or numpy.ndarray
        Distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`.
    """
    lon1, lat1, lon2, lat2 = (np.radians(v) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2.0) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(
        (lon2 - lon1) / 2.0
    ) ** 2
    d = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else d


def _great_circle_scalar_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    # math is several times faster than numpy for one pair, which matters per query.
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2.0
    ) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def _latency_ms(fibre_km: float, routers: int) -> float:
    return FIBRE_MS_PER_KM * fibre_km + PER_HOP_MS * routers


# --------------------------------------------------------------------------- parsing


def _records(table: Any, what: str) -> list[Mapping[str, Any]]:
    """Rows of a list of dicts or a pandas DataFrame, as a list of mappings."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        return list(table.to_dict("records"))
    try:
        rows = list(table)
    except TypeError:
        msg = f"{what} must be a list of mappings or a DataFrame, got {type(table).__name__}"
        raise ValueError(msg) from None
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            msg = f"{what} row {number}: expected a mapping, got {type(row).__name__}"
            raise ValueError(msg)
    return rows


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(row: Mapping[str, Any], key: str, default: str = "") -> str:
    return _text_value(row.get(key), default)


def _text_value(value: Any, default: str = "") -> str:
    return default if _is_missing(value) else str(value).strip()


def _number(row: Mapping[str, Any], key: str, where: str, *, positive: bool = False) -> float:
    value = row.get(key)
    if _is_missing(value):
        msg = f"{where}: missing {key}"
        raise ValueError(msg)
    try:
        number = float(value)
    except (TypeError, ValueError):
        msg = f"{where}: {key} is not a number: {value!r}"
        raise ValueError(msg) from None
    if not math.isfinite(number):
        msg = f"{where}: {key} is not finite: {value!r}"
        raise ValueError(msg)
    if positive and number <= 0:
        msg = f"{where}: {key} must be positive, got {value!r}"
        raise ValueError(msg)
    return number


def _flag(row: Mapping[str, Any], key: str, where: str) -> bool:
    value = row.get(key)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if _is_missing(value):
        return False
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    msg = f"{where}: {key} must be yes or no, got {value!r}"
    raise ValueError(msg)


def _prefecture_code(value: Any) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().zfill(2)


def _check_lon_lat(lon: float, lat: float, where: str) -> None:
    if not -180.0 <= lon <= 180.0 or not -90.0 <= lat <= 90.0:
        msg = f"{where}: lon/lat ({lon}, {lat}) outside EPSG:4326 range"
        raise ValueError(msg)


def _get(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def _connected_state(value: Any, where: str) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if _is_missing(value):
        return "unknown"
    word = str(value).strip().lower()
    if word not in _CONNECTED_STATES:
        msg = f"{where}: sinet_connected must be yes, no or unknown, got {value!r}"
        raise ValueError(msg)
    return word


def _fields(value: Any) -> tuple[str, ...]:
    if _is_missing(value):
        return ()
    if isinstance(value, str):
        parts = value.split(";")
    else:
        parts = [str(v) for v in value]
    return tuple(p.strip() for p in parts if p.strip())


@dataclass(frozen=True, slots=True)
class _Endpoint:
    id: str
    lon: float
    lat: float
    prefecture_code: str | None
    connected: str


def _endpoint(record: Any, role: str) -> _Endpoint:
    # Called twice per path query: plain look-ups first, the general parsers only when
    # a value is not already in its usual form.
    if isinstance(record, Mapping):
        get = record.get
    else:

        def get(name: str, default: Any = None) -> Any:
            return getattr(record, name, default)

    ident = get("id")
    if _is_missing(ident):
        ident = get("key")
    if _is_missing(ident):
        msg = f"organisation {role}: missing id"
        raise ValueError(msg)
    ident = str(ident)
    try:
        lon = float(get("lon"))
        lat = float(get("lat"))
    except (TypeError, ValueError):
        msg = f"organisation {role} ({ident}): lon/lat missing or not numbers"
        raise ValueError(msg) from None
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # also catches NaN
        msg = (
            f"organisation {role} ({ident}): lon/lat ({lon}, {lat}) "
            "missing or outside EPSG:4326 range"
        )
        raise ValueError(msg)
    prefecture = get("prefecture_code")
    if not (isinstance(prefecture, str) and len(prefecture) == 2):
        prefecture = _prefecture_code(prefecture)
    connected = get("sinet_connected")
    if connected not in _CONNECTED_STATES:
        connected = _connected_state(connected, f"organisation {role} ({ident})")
    return _Endpoint(
        id=ident, lon=lon, lat=lat, prefecture_code=prefecture, connected=connected
    )


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True, slots=True)
class BackboneNode:
    """One SINET node (data centre); ``lon``/``lat`` in EPSG:4326."""

    code: str
    prefecture_code: str | None
    name_ja: str
    name_en: str
    city: str
    lon: float
    lat: float
    location_precision: str
    capacity_gbps: float
    core: bool
    modelled: bool
    source: str


@dataclass(frozen=True, slots=True)
class BackboneLink:
    """One backbone link between node codes ``a`` and ``b``; fibre ``length_km``."""

    a: str
    b: str
    capacity_gbps: float
    length_km: float
    kind: str
    modelled: bool
    source: str


@dataclass(frozen=True, slots=True)
class Access:
    """How an organisation reaches SINET.

    Attributes
    ----------
    node : str
        Code of the access node.
    leg_km : float
        Modelled fibre length of the access leg: great-circle km x :data:`ROUTE_FACTOR`.
    rule : str
        ``"prefecture"`` (the node of the organisation's prefecture) or ``"nearest"``.
    """

    node: str
    leg_km: float
    rule: str


@dataclass(frozen=True, slots=True)
class Route:
    """A route with its figures: node-to-node, or organisation-to-organisation.

    Attributes
    ----------
    hops : tuple of str
        SINET node codes in order, both ends included.
    links : tuple of (str, str)
        The backbone links used, as (from, to) node codes in travel order.
    distance_km : float
        Fibre km: backbone links plus, for an organisation route, both access legs.
    latency_ms : float
        Estimated one-way latency (see the module docstring).
    bottleneck_gbps : float
        Smallest capacity of the links used and of the two end nodes.
    coordinates : tuple of (float, float)
        EPSG:4326 (lon, lat) vertices: organisation, nodes, organisation.
    """

    hops: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    distance_km: float
    latency_ms: float
    bottleneck_gbps: float
    coordinates: tuple[tuple[float, float], ...]

    @property
    def hop_count(self) -> int:
        """Number of backbone links on the route (0 when both ends share a node)."""
        return len(self.links)

    @property
    def geometry(self) -> LineString:
        """The route as a shapely LineString in EPSG:4326 lon/lat."""
        coords = self.coordinates
        if len(coords) == 1:
            coords = coords * 2
        return LineString(coords)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form of the figures (no geometry), for JSON."""
        return {
            "hops": list(self.hops),
            "hop_count": self.hop_count,
            "distance_km": round(self.distance_km, 1),
            "latency_ms": round(self.latency_ms, 3),
            "bottleneck_gbps": self.bottleneck_gbps,
        }


@dataclass(frozen=True, slots=True)
class SinetPath:
    """The answer to "what is the SINET path between these two organisations".

    Attributes
    ----------
    a_id, b_id : str
        The two organisations.
    status : str
        ``"ok"`` or ``"off_network"`` (an endpoint has ``sinet_connected == "no"``; no path
        is computed and the route figures are ``None``).
    off_network : tuple of str
        Ids of the endpoints that are not connected to SINET.
    unknown : tuple of str
        Ids of the endpoints whose connection is unknown.
    assumed_connected : bool
        True when a path was computed although an endpoint's connection is unknown.
    message : str
        One sentence for people saying what the result is (or why there is none).
    distance_km, latency_ms, bottleneck_gbps : float or None
        Figures of the main route (see :class:`Route`).
    hops : tuple of str
        Node codes of the main route.
    hop_count : int or None
        Backbone links on the main route.
    access : tuple of Access, or None
        Access of ``a`` and of ``b``.
    route : Route or None
        The main route as a whole.
    backup : Route or None
        The link-disjoint backup route, or None.
    backup_reason : str or None
        Why there is no backup, when there is none.
    modelled : bool
        True when the backbone is a model rather than the operator's real topology.
    """

    a_id: str
    b_id: str
    status: str
    off_network: tuple[str, ...]
    unknown: tuple[str, ...]
    assumed_connected: bool
    message: str
    distance_km: float | None
    latency_ms: float | None
    bottleneck_gbps: float | None
    hops: tuple[str, ...]
    hop_count: int | None
    access: tuple[Access, Access] | None
    route: Route | None
    backup: Route | None
    backup_reason: str | None
    modelled: bool

    @property
    def geometry(self) -> LineString | None:
        """Main route as a LineString in EPSG:4326 lon/lat (org, nodes, org), or None."""
        return None if self.route is None else self.route.geometry

    def to_geojson_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature (EPSG:4326 lon/lat): main route geometry and all figures.

        The backup route's coordinates are in ``properties.backup.coordinates``; the
        geometry is null when the path is off the network.
        """
        backup: dict[str, Any] | None = None
        if self.backup is not None:
            backup = self.backup.to_dict()
            backup["coordinates"] = [list(c) for c in self.backup.coordinates]
        geometry = None
        if self.route is not None:
            geometry = {
                "type": "LineString",
                "coordinates": [list(c) for c in self.route.geometry.coords],
            }
        return {
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "a": self.a_id,
                "b": self.b_id,
                "status": self.status,
                "message": self.message,
                "off_network": list(self.off_network),
                "unknown": list(self.unknown),
                "assumed_connected": self.assumed_connected,
                "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
                "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 3),
                "bottleneck_gbps": self.bottleneck_gbps,
                "hops": list(self.hops),
                "hop_count": self.hop_count,
                "access": None
                if self.access is None
                else [
                    {"node": x.node, "leg_km": round(x.leg_km, 1), "rule": x.rule}
                    for x in self.access
                ],
                "backup": backup,
                "backup_reason": self.backup_reason,
                "modelled": self.modelled,
            },
        }


@dataclass(frozen=True, slots=True)
class _NodeRoute:
    nodes: tuple[int, ...]
    hops: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    km: float
    bottleneck: float
    coords: tuple[tuple[float, float], ...]

    def reversed(self) -> _NodeRoute:
        return _NodeRoute(
            nodes=self.nodes[::-1],
            hops=self.hops[::-1],
            links=tuple((b, a) for a, b in reversed(self.links)),
            km=self.km,
            bottleneck=self.bottleneck,
            coords=self.coords[::-1],
        )


# --------------------------------------------------------------------------- backbone


class Backbone:
    """A SINET backbone (nodes and links) with all node-to-node routes precomputed.

    Parameters
    ----------
    nodes : list of mappings or pandas.DataFrame
        Columns ``code``, ``lat``, ``lon`` (EPSG:4326) and ``capacity_gbps`` are required;
        ``prefecture_code``, ``name_ja``, ``name_en``, ``city``, ``location_precision``,
        ``core``, ``modelled`` and ``source`` are optional.
    links : list of mappings or pandas.DataFrame
        Columns ``a``, ``b`` (node codes), ``capacity_gbps`` and ``length_km`` (fibre km)
        are required; ``kind``, ``modelled`` and ``source`` are optional.
    routing : {"latency", "fibre"}
        ``"latency"`` (default): shortest by fibre length with each router counted as
        ``PER_HOP_MS / FIBRE_MS_PER_KM`` km, i.e. least estimated latency.
        ``"fibre"``: shortest by fibre length alone.

    Raises
    ------
    ValueError
        Naming the offending row: a missing or non-numeric value, a duplicate node code,
        a link to an unknown node, a link from a node to itself, a duplicate link (in
        either direction), a non-positive length or capacity, an empty table, or a
        backbone that is not connected.

    Attributes
    ----------
    nodes : tuple of BackboneNode
    links : tuple of BackboneLink
    codes : tuple of str
        Node codes in matrix order.
    distance_km : numpy.ndarray
        n x n fibre km of the shortest route between nodes (read-only).
    hop_count : numpy.ndarray
        n x n number of links on that route (read-only).
    latency_ms : numpy.ndarray
        n x n one-way latency of that route, node to node (read-only).
    bottleneck_gbps : numpy.ndarray
        n x n bottleneck capacity of that route (read-only).
    modelled : bool
        True if any node or link is marked as modelled.
    """

    def __init__(self, nodes: Any, links: Any, *, routing: str = "latency") -> None:
        if routing not in ("latency", "fibre"):
            msg = f"routing must be 'latency' or 'fibre', got {routing!r}"
            raise ValueError(msg)
        self.routing = routing
        self.nodes = tuple(self._parse_nodes(_records(nodes, "nodes")))
        self.codes = tuple(n.code for n in self.nodes)
        self._index = {code: i for i, code in enumerate(self.codes)}
        self.links = tuple(self._parse_links(_records(links, "links")))
        self.modelled = any(n.modelled for n in self.nodes) or any(
            link.modelled for link in self.links
        )

        n = len(self.nodes)
        self._lon = np.array([node.lon for node in self.nodes], dtype=float)
        self._lat = np.array([node.lat for node in self.nodes], dtype=float)
        self._node_capacity = np.array([node.capacity_gbps for node in self.nodes], dtype=float)
        by_prefecture: dict[str, list[int]] = {}
        for i, node in enumerate(self.nodes):
            if node.prefecture_code is not None:
                by_prefecture.setdefault(node.prefecture_code, []).append(i)
        self._prefecture_nodes = {p: np.array(ix) for p, ix in by_prefecture.items()}

        self._length = np.zeros((n, n))
        self._capacity = np.zeros((n, n))
        for link in self.links:
            i, j = self._index[link.a], self._index[link.b]
            self._length[i, j] = self._length[j, i] = link.length_km
            self._capacity[i, j] = self._capacity[j, i] = link.capacity_gbps
        # Dijkstra's weights: fibre km, plus each router's cost in km of fibre.
        router_km = PER_HOP_MS / FIBRE_MS_PER_KM if routing == "latency" else 0.0
        self._weight = np.where(self._length > 0, self._length + router_km, 0.0)
        self._graph = csr_matrix(self._weight)

        count, labels = connected_components(self._graph, directed=False)
        if count > 1:
            stranded = [
                code for code, label in zip(self.codes, labels, strict=True) if label != labels[0]
            ]
            msg = (
                f"backbone is not connected: {', '.join(stranded[:10])}"
                f"{' ...' if len(stranded) > 10 else ''} cannot be reached from {self.codes[0]}"
            )
            raise ValueError(msg)

        self._routes: dict[tuple[int, int], _NodeRoute] = {}
        self._backups: dict[tuple[int, int], tuple[_NodeRoute | None, str | None]] = {}
        self._precompute_routes()

    # ---- construction

    @staticmethod
    def _parse_nodes(rows: list[Mapping[str, Any]]) -> list[BackboneNode]:
        if not rows:
            msg = "nodes: the table is empty"
            raise ValueError(msg)
        seen: dict[str, int] = {}
        nodes = []
        for number, row in enumerate(rows, start=1):
            code = _text(row, "code")
            where = f"nodes row {number} (code={code!r})"
            if not code:
                msg = f"{where}: missing code"
                raise ValueError(msg)
            if code in seen:
                msg = f"{where}: duplicate node code, first in row {seen[code]}"
                raise ValueError(msg)
            seen[code] = number
            lon = _number(row, "lon", where)
            lat = _number(row, "lat", where)
            _check_lon_lat(lon, lat, where)
            nodes.append(
                BackboneNode(
                    code=code,
                    prefecture_code=_prefecture_code(row.get("prefecture_code")),
                    name_ja=_text(row, "name_ja"),
                    name_en=_text(row, "name_en", code),
                    city=_text(row, "city"),
                    lon=lon,
                    lat=lat,
                    location_precision=_text(row, "location_precision", "city"),
                    capacity_gbps=_number(row, "capacity_gbps", where, positive=True),
                    core=_flag(row, "core", where),
                    modelled=_flag(row, "modelled", where),
                    source=_text(row, "source"),
                )
            )
        return nodes

    def _parse_links(self, rows: list[Mapping[str, Any]]) -> list[BackboneLink]:
        if not rows:
            msg = "links: the table is empty"
            raise ValueError(msg)
        seen: dict[frozenset[str], int] = {}
        links = []
        for number, row in enumerate(rows, start=1):
            a, b = _text(row, "a"), _text(row, "b")
            where = f"links row {number} (a={a!r}, b={b!r})"
            for end in (a, b):
                if end not in self._index:
                    msg = f"{where}: unknown node {end!r}"
                    raise ValueError(msg)
            if a == b:
                msg = f"{where}: a link must join two different nodes"
                raise ValueError(msg)
            pair = frozenset((a, b))
            if pair in seen:
                msg = f"{where}: duplicate link, first in row {seen[pair]}"
                raise ValueError(msg)
            seen[pair] = number
            links.append(
                BackboneLink(
                    a=a,
                    b=b,
                    capacity_gbps=_number(row, "capacity_gbps", where, positive=True),
                    length_km=_number(row, "length_km", where, positive=True),
                    kind=_text(row, "kind"),
                    modelled=_flag(row, "modelled", where),
                    source=_text(row, "source"),
                )
            )
        return links

    def _node_route(self, nodes: Sequence[int]) -> _NodeRoute:
        nodes = tuple(int(i) for i in nodes)
        pairs = list(zip(nodes[:-1], nodes[1:], strict=True))
        capacities = [self._capacity[i, j] for i, j in pairs]
        capacities += [self._node_capacity[nodes[0]], self._node_capacity[nodes[-1]]]
        return _NodeRoute(
            nodes=nodes,
            hops=tuple(self.codes[i] for i in nodes),
            links=tuple((self.codes[i], self.codes[j]) for i, j in pairs),
            # fsum over the canonical order keeps (a, b) and (b, a) bit-identical.
            km=math.fsum(self._length[i, j] for i, j in pairs),
            bottleneck=float(min(capacities)),
            coords=tuple((float(self._lon[i]), float(self._lat[i])) for i in nodes),
        )

    def _precompute_routes(self) -> None:
        n = len(self.codes)
        _, predecessors = dijkstra(self._graph, directed=False, return_predecessors=True)
        distance = np.zeros((n, n))
        hops = np.zeros((n, n), dtype=np.int64)
        bottleneck = np.zeros((n, n))
        for i in range(n):
            for j in range(i, n):
                # Walk back from j along the tree rooted at i: canonical route i -> j.
                path = [j]
                while path[-1] != i:
                    path.append(int(predecessors[i, path[-1]]))
                route = self._node_route(path[::-1])
                self._routes[(i, j)] = route
                if i != j:
                    self._routes[(j, i)] = route.reversed()
                distance[i, j] = distance[j, i] = route.km
                hops[i, j] = hops[j, i] = len(route.links)
                bottleneck[i, j] = bottleneck[j, i] = route.bottleneck
        latency = FIBRE_MS_PER_KM * distance + PER_HOP_MS * (hops + 1)
        for matrix in (distance, hops, latency, bottleneck):
            matrix.flags.writeable = False
        self.distance_km = distance
        self.hop_count = hops
        self.latency_ms = latency
        self.bottleneck_gbps = bottleneck

    # ---- look-ups

    def index(self, code: str) -> int:
        """Matrix index of node ``code``; ValueError if there is no such node."""
        try:
            return self._index[code]
        except KeyError:
            msg = f"unknown SINET node {code!r}"
            raise ValueError(msg) from None

    def node(self, code: str) -> BackboneNode:
        """The node with code ``code``."""
        return self.nodes[self.index(code)]

    def _access_index(
        self, lon: float, lat: float, prefecture_code: str | None
    ) -> tuple[int, float, str]:
        own = self._prefecture_nodes.get(prefecture_code) if prefecture_code else None
        if own is None:
            i = int(np.argmin(great_circle_km(lon, lat, self._lon, self._lat)))
            rule = "nearest"
        elif len(own) == 1:
            i = int(own[0])
            rule = "prefecture"
        else:  # several nodes in the prefecture: the nearest of them
            k = int(np.argmin(great_circle_km(lon, lat, self._lon[own], self._lat[own])))
            i = int(own[k])
            rule = "prefecture"
        leg = ROUTE_FACTOR * _great_circle_scalar_km(
            lon, lat, float(self._lon[i]), float(self._lat[i])
        )
        return i, leg, rule

    def access_many(
        self,
        lon: Sequence[float] | np.ndarray,
        lat: Sequence[float] | np.ndarray,
        prefecture_codes: Sequence[str | None] | None = None,
        *,
        chunk: int = 20_000,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Access node index and access-leg fibre km for many points at once.

        Parameters
        ----------
        lon, lat : array_like
            EPSG:4326 coordinates in decimal degrees.
        prefecture_codes : sequence of str or None, optional
            Two-digit prefecture codes; None or an unknown code means "nearest node".
        chunk : int
            Rows per vectorised block (bounds memory at ``chunk`` x nodes floats).

        Returns
        -------
        (numpy.ndarray of int, numpy.ndarray of float)
            Indices into :attr:`codes`, and access-leg km (great-circle x ROUTE_FACTOR).
        """
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        m = len(lon)
        node = np.full(m, -1, dtype=np.int64)
        if prefecture_codes is not None:
            codes = [_prefecture_code(p) for p in prefecture_codes]
            single = {p: int(ix[0]) for p, ix in self._prefecture_nodes.items() if len(ix) == 1}
            node = np.fromiter((single.get(p, -1) for p in codes), dtype=np.int64, count=m)
        else:
            codes = [None] * m
        todo = np.flatnonzero(node < 0)
        for start in range(0, len(todo), chunk):
            rows = todo[start : start + chunk]
            d = great_circle_km(
                lon[rows, None], lat[rows, None], self._lon[None, :], self._lat[None, :]
            )
            # A prefecture with several nodes: choose among its own nodes only.
            for r, row in enumerate(rows):
                pool = self._prefecture_nodes.get(codes[row]) if codes[row] else None
                if pool is not None:
                    mask = np.full(len(self.codes), np.inf)
                    mask[pool] = 0.0
                    d[r] += mask
            node[rows] = np.argmin(d, axis=1)
        leg = ROUTE_FACTOR * great_circle_km(lon, lat, self._lon[node], self._lat[node])
        return node, np.asarray(leg, dtype=float)

    def route(self, a: str, b: str) -> Route:
        """The shortest backbone route from node ``a`` to node ``b`` (precomputed)."""
        r = self._routes[(self.index(a), self.index(b))]
        return self._as_route(r, 0.0, 0.0, r.coords)

    def backup_route(self, a: str, b: str) -> tuple[Route | None, str | None]:
        """The link-disjoint backup of :meth:`route` and, if there is none, why not."""
        r, reason = self._backup(self.index(a), self.index(b))
        if r is None:
            return None, reason
        return self._as_route(r, 0.0, 0.0, r.coords), None

    @staticmethod
    def _as_route(
        r: _NodeRoute, leg_a: float, leg_b: float, coords: tuple[tuple[float, float], ...]
    ) -> Route:
        km = r.km + (leg_a + leg_b)
        return Route(
            hops=r.hops,
            links=r.links,
            distance_km=km,
            latency_ms=_latency_ms(km, len(r.hops)),
            bottleneck_gbps=r.bottleneck,
            coordinates=coords,
        )

    # ---- backups

    def _backup(self, i: int, j: int) -> tuple[_NodeRoute | None, str | None]:
        key = (i, j)
        cached = self._backups.get(key)
        if cached is not None:
            return cached
        if i > j:
            forward, reason = self._backup(j, i)
            result = (None if forward is None else forward.reversed(), reason)
        else:
            result = self._compute_backup(i, j)
        self._backups[key] = result
        return result

    def _without(self, pairs: Iterable[tuple[int, int]]) -> csr_matrix:
        weights = self._weight.copy()
        for u, v in pairs:
            weights[u, v] = weights[v, u] = 0.0
        return csr_matrix(weights)

    def _compute_backup(self, i: int, j: int) -> tuple[_NodeRoute | None, str | None]:
        if i == j:
            reason = (
                f"both ends use the same SINET node ({self.codes[i]}): "
                "there is no backbone link to protect"
            )
            return None, reason
        main = self._routes[(i, j)].nodes
        main_pairs = list(zip(main[:-1], main[1:], strict=True))
        dist, pred = dijkstra(
            self._without(main_pairs), directed=False, indices=i, return_predecessors=True
        )
        if np.isfinite(dist[j]):
            path = [j]
            while path[-1] != i:
                path.append(int(pred[path[-1]]))
            return self._node_route(path[::-1]), None
        # Which links of the main route, alone, separate the two nodes? (Menger: the pair
        # is 2-edge-connected exactly when none does.)
        bridges = []
        for u, v in main_pairs:
            count, labels = connected_components(self._without([(u, v)]), directed=False)
            if labels[i] != labels[j]:
                bridges.append(f"{self.codes[u]}-{self.codes[v]}")
        if bridges:
            reason = (
                f"no link-disjoint route in the backbone: {', '.join(bridges)} "
                f"is the only way between {self.codes[i]} and {self.codes[j]}"
            )
        else:
            reason = (
                f"every route from {self.codes[i]} to {self.codes[j]} shares a link with "
                "the main route, although two link-disjoint routes exist (trap topology)"
            )
        return None, reason

    def precompute_backups(self) -> None:
        """Compute and cache the backup route of every node pair now."""
        n = len(self.codes)
        for i in range(n):
            for j in range(n):
                self._backup(i, j)


def load_backbone_csv(
    nodes_path: str | PathLike[str],
    links_path: str | PathLike[str],
    *,
    routing: str = "latency",
) -> Backbone:
    """Read node and link CSVs (UTF-8, header row) and build a :class:`Backbone`.

    Parameters
    ----------
    nodes_path, links_path : path-like
        Files in the format of ``seed_data/sinet_nodes.csv`` and ``sinet_links.csv``;
        node coordinates in EPSG:4326 lon/lat.
    routing : {"latency", "fibre"}
        See :class:`Backbone`.

    Returns
    -------
    Backbone
    """
    with open(nodes_path, encoding="utf-8-sig", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(links_path, encoding="utf-8-sig", newline="") as f:
        links = list(csv.DictReader(f))
    return Backbone(nodes, links, routing=routing)


def backbone_geojson(backbone: Backbone) -> dict[str, Any]:
    """The backbone as a GeoJSON FeatureCollection in EPSG:4326 lon/lat.

    Nodes are Points and links are straight LineStrings between their nodes (the real
    fibre routes are not known); every feature carries ``modelled`` and ``source``.
    """
    features: list[dict[str, Any]] = []
    for node in backbone.nodes:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
                "properties": {
                    "layer": "sinet_node",
                    "code": node.code,
                    "prefecture_code": node.prefecture_code,
                    "name_ja": node.name_ja,
                    "name_en": node.name_en,
                    "city": node.city,
                    "location_precision": node.location_precision,
                    "capacity_gbps": node.capacity_gbps,
                    "core": node.core,
                    "modelled": node.modelled,
                    "source": node.source,
                },
            }
        )
    for link in backbone.links:
        a, b = backbone.node(link.a), backbone.node(link.b)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
                "properties": {
                    "layer": "sinet_link",
                    "a": link.a,
                    "b": link.b,
                    "capacity_gbps": link.capacity_gbps,
                    "length_km": link.length_km,
                    "kind": link.kind,
                    "modelled": link.modelled,
                    "source": link.source,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "modelled": backbone.modelled}


# --------------------------------------------------------------------------- paths


def access_node(
    backbone: Backbone, lon: float, lat: float, prefecture_code: str | None = None
) -> Access:
    """The SINET node an organisation at (lon, lat) reaches the backbone through.

    Parameters
    ----------
    backbone : Backbone
    lon, lat : float
        The organisation's location, EPSG:4326 decimal degrees.
    prefecture_code : str, optional
        JIS X 0401 two-digit code. When the backbone has a node in that prefecture it is
        the access node (the nearest of them if there are several); otherwise the nearest
        node by great-circle distance.

    Returns
    -------
    Access
        Node code, access-leg fibre km (great-circle km x :data:`ROUTE_FACTOR`) and the
        rule that chose the node.
    """
    lon, lat = float(lon), float(lat)
    if not (math.isfinite(lon) and math.isfinite(lat)):
        msg = f"access_node: lon/lat must be finite, got ({lon}, {lat})"
        raise ValueError(msg)
    _check_lon_lat(lon, lat, "access_node")
    i, leg, rule = backbone._access_index(lon, lat, _prefecture_code(prefecture_code))
    return Access(node=backbone.codes[i], leg_km=leg, rule=rule)


def _describe(e: _Endpoint) -> str:
    return f"{e.id} (sinet_connected={e.connected})"


def sinet_path(backbone: Backbone, a: Any, b: Any) -> SinetPath:
    """The SINET path between two organisations: access leg, backbone hops, access leg.

    Parameters
    ----------
    backbone : Backbone
    a, b : mapping or object
        Organisation records with ``id`` (or ``key``), ``lon``, ``lat`` (EPSG:4326) and
        optionally ``prefecture_code`` and ``sinet_connected``.

    Returns
    -------
    SinetPath
        ``status == "off_network"`` with no figures when either end has
        ``sinet_connected == "no"``; otherwise ``status == "ok"`` with the main route,
        its link-disjoint backup (or the reason there is none), and
        ``assumed_connected`` set when an end's connection is unknown. The geometry is
        a LineString in EPSG:4326 lon/lat: organisation, nodes, organisation.

    Raises
    ------
    ValueError
        If a record lacks an id or valid coordinates, or has an invalid
        ``sinet_connected``.
    """
    ea, eb = _endpoint(a, "a"), _endpoint(b, "b")
    ends = (ea, eb)
    off = tuple(e.id for e in ends if e.connected == "no")
    unknown = tuple(e.id for e in ends if e.connected == "unknown")
    if off:
        message = (
            f"{' and '.join(_describe(e) for e in ends if e.connected == 'no')} "
            f"{'is' if len(off) == 1 else 'are'} not connected to SINET: no SINET path exists"
        )
        if unknown:
            message += f"; connection unknown for {', '.join(unknown)}"
        return SinetPath(
            a_id=ea.id,
            b_id=eb.id,
            status="off_network",
            off_network=off,
            unknown=unknown,
            assumed_connected=False,
            message=message,
            distance_km=None,
            latency_ms=None,
            bottleneck_gbps=None,
            hops=(),
            hop_count=None,
            access=None,
            route=None,
            backup=None,
            backup_reason=message,
            modelled=backbone.modelled,
        )

    ia, leg_a, rule_a = backbone._access_index(ea.lon, ea.lat, ea.prefecture_code)
    ib, leg_b, rule_b = backbone._access_index(eb.lon, eb.lat, eb.prefecture_code)
    start, end = ((ea.lon, ea.lat),), ((eb.lon, eb.lat),)
    main = backbone._routes[(ia, ib)]
    route = backbone._as_route(main, leg_a, leg_b, start + main.coords + end)
    spare, backup_reason = backbone._backup(ia, ib)
    backup = (
        None
        if spare is None
        else backbone._as_route(spare, leg_a, leg_b, start + spare.coords + end)
    )
    message = (
        f"{route.hop_count} backbone hop{'' if route.hop_count == 1 else 's'}, "
        f"{route.distance_km:.0f} km of fibre, about {route.latency_ms:.1f} ms one way"
    )
    if unknown:
        message += f"; assumes {' and '.join(unknown)} connected to SINET (status unknown)"
    if backbone.modelled:
        message += "; backbone is a model, not the published topology"
    return SinetPath(
        a_id=ea.id,
        b_id=eb.id,
        status="ok",
        off_network=(),
        unknown=unknown,
        assumed_connected=bool(unknown),
        message=message,
        distance_km=route.distance_km,
        latency_ms=route.latency_ms,
        bottleneck_gbps=route.bottleneck_gbps,
        hops=route.hops,
        hop_count=route.hop_count,
        access=(
            Access(backbone.codes[ia], leg_a, rule_a),
            Access(backbone.codes[ib], leg_b, rule_b),
        ),
        route=route,
        backup=backup,
        backup_reason=backup_reason,
        modelled=backbone.modelled,
    )


# --------------------------------------------------------------------------- partners


class CandidatePool:
    """Candidate organisations prepared once against a backbone for fast ranking.

    Each candidate is mapped to its access node and access-leg length once, and boolean
    masks per kind and per field are built once, so that ranking 100,000 candidates is a
    handful of numpy operations on a node-to-node matrix.

    Parameters
    ----------
    backbone : Backbone
    records : iterable of mappings or objects, or pandas.DataFrame
        Organisations (see the module docstring), with ``lon``/``lat`` in EPSG:4326.
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
            e = _endpoint(record, f"candidate {r + 1}")
            self.ids.append(e.id)
            lon[r], lat[r] = e.lon, e.lat
            prefectures.append(e.prefecture_code)
            connected[r] = state_code[e.connected]
            kind = _text_value(_get(record, "kind"))
            self.kinds.append(kind)
            kind_rows.setdefault(kind, []).append(r)
            fields = _fields(_get(record, "fields"))
            self.fields.append(fields)
            for f in fields:
                field_rows.setdefault(f, []).append(r)
            name_ja = _text_value(_get(record, "name_ja"))
            name_en = _text_value(_get(record, "name_en"))
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

    def kind_mask(self, kinds: Iterable[str]) -> np.ndarray:
        """Candidates whose kind is one of ``kinds``."""
        mask = np.zeros(len(self.ids), dtype=bool)
        for kind in kinds:
            if kind in self._kind_masks:
                mask |= self._kind_masks[kind]
        return mask

    def field_mask(self, fields: Iterable[str]) -> np.ndarray:
        """Candidates that list at least one of ``fields``."""
        mask = np.zeros(len(self.ids), dtype=bool)
        for f in fields:
            if f in self._field_masks:
                mask |= self._field_masks[f]
        return mask

    def text_mask(self, text: str) -> np.ndarray:
        """Candidates whose id or Japanese or English name contains ``text`` (any case)."""
        needle = text.strip().lower()
        return np.fromiter(
            (needle in s for s in self._search_text), dtype=bool, count=len(self.ids)
        )


@dataclass(frozen=True, slots=True)
class PartnerMatch:
    """One ranked candidate, its score components and the reasons in words.

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
    reasons : list of str
        E.g. ``["same field: materials", "2 hops", "3.1 ms", "40 km"]``.
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
    reasons: list[str] = field(default_factory=list)

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
            "reasons": list(self.reasons),
        }


def _km_words(km: float) -> str:
    return f"{km:.1f} km" if km < 10 else f"{km:.0f} km"


def _ms_words(ms: float) -> str:
    return f"{ms:.2f} ms" if ms < 1 else f"{ms:.1f} ms"


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
    field_words: str,
) -> list[PartnerMatch]:
    o = _endpoint(origin, "origin")
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

    oi, o_leg, _ = backbone._access_index(o.lon, o.lat, o.prefecture_code)
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

    origin_words = None if o.connected != "no" else "origin not on SINET"
    result = []
    for rank, t in enumerate(top, start=1):
        r = int(rows[t])
        state = _CONNECTED_STATES[pool.connected[r]]
        cand_fields = pool.fields[r]
        matched = tuple(f for f in (wanted_fields or ()) if f in cand_fields)
        reasons: list[str] = []
        if wanted_fields:
            if matched:
                reasons.append(f"{field_words}: {', '.join(matched)}")
            else:
                listed = ", ".join(cand_fields) if cand_fields else "none listed"
                reasons.append(f"other field: {listed}")
        node_code = backbone.codes[int(pool.node[r])]
        if off[t]:
            reasons.append(origin_words or "not on SINET")
            lat_ms = net = hops = None
        else:
            hops = int(hop_count[t])
            lat_ms = float(latency[t])
            net = float(network_km[t])
            reasons.append(f"same SINET node ({node_code})" if hops == 0 else
                           f"{hops} hop{'' if hops == 1 else 's'}")
            reasons.append(_ms_words(lat_ms))
        reasons.append(_km_words(float(distance[t])))
        if not off[t]:
            if state == "unknown":
                reasons.append("SINET connection unknown (assumed)")
            if o.connected == "unknown":
                reasons.append("origin's SINET connection unknown (assumed)")
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
        words = "same field"
    else:
        wanted = _fields(_get(origin, "fields"))
        words = "shared field"
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
        field_words=words,
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
        field_words="field",
    )
