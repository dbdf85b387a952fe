"""The SINET backbone as a graph: every node-to-node route, its backup, and each organisation's access.

:class:`Backbone` parses node and link tables, checks them, and precomputes the route of every
node pair once (fibre km, links, routers, latency, bottleneck, hop list and coordinates), so
that a path query is a look-up. Link-disjoint backups are computed on first use and cached.
:func:`load_backbone_csv` reads the shipped CSV format; :func:`backbone_geojson` draws it.

Coordinates are EPSG:4326 lon/lat; distances to access nodes are great-circle km
(:func:`geo.geodesy.great_circle_km`) times :data:`geo.sinet.model.ROUTE_FACTOR`.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from geo.geodesy import check_lonlat, great_circle_km
from geo.sinet._records import flag_field, float_field, table_rows, text_field, two_digit_code
from geo.sinet.messages import Message, message
from geo.sinet.model import FIBRE_MS_PER_KM, PER_HOP_MS, ROUTE_FACTOR, BackboneLink, BackboneNode, Route, latency_ms

__all__ = ["Backbone", "backbone_geojson", "load_backbone_csv"]


@dataclass(frozen=True, slots=True)
class _NodeRoute:
    """A node-to-node route as the backbone stores it: node indices and codes, km, bottleneck."""

    nodes: tuple[int, ...]
    hops: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    km: float
    bottleneck: float
    coords: tuple[tuple[float, float], ...]

    def reversed(self) -> _NodeRoute:
        """The same route travelled the other way."""
        return _NodeRoute(
            nodes=self.nodes[::-1],
            hops=self.hops[::-1],
            links=tuple((b, a) for a, b in reversed(self.links)),
            km=self.km,
            bottleneck=self.bottleneck,
            coords=self.coords[::-1],
        )


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
        self.nodes = tuple(self._parse_nodes(table_rows(nodes, "nodes")))
        self.codes = tuple(n.code for n in self.nodes)
        self._index = {code: i for i, code in enumerate(self.codes)}
        self.links = tuple(self._parse_links(table_rows(links, "links")))
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
        self._backups: dict[tuple[int, int], tuple[_NodeRoute | None, Message | None]] = {}
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
            code = text_field(row, "code")
            where = f"nodes row {number} (code={code!r})"
            if not code:
                msg = f"{where}: missing code"
                raise ValueError(msg)
            if code in seen:
                msg = f"{where}: duplicate node code, first in row {seen[code]}"
                raise ValueError(msg)
            seen[code] = number
            lon, lat = check_lonlat(float_field(row, "lon", where), float_field(row, "lat", where), where)
            nodes.append(
                BackboneNode(
                    code=code,
                    prefecture_code=two_digit_code(row.get("prefecture_code")),
                    name_ja=text_field(row, "name_ja"),
                    name_en=text_field(row, "name_en", code),
                    city=text_field(row, "city"),
                    lon=lon,
                    lat=lat,
                    location_precision=text_field(row, "location_precision", "city"),
                    capacity_gbps=float_field(row, "capacity_gbps", where, positive=True),
                    core=flag_field(row, "core", where),
                    modelled=flag_field(row, "modelled", where),
                    source=text_field(row, "source"),
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
            a, b = text_field(row, "a"), text_field(row, "b")
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
                    capacity_gbps=float_field(row, "capacity_gbps", where, positive=True),
                    length_km=float_field(row, "length_km", where, positive=True),
                    kind=text_field(row, "kind"),
                    modelled=flag_field(row, "modelled", where),
                    source=text_field(row, "source"),
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

    def access_index(self, lon: float, lat: float, prefecture_code: str | None) -> tuple[int, float, str]:
        """Matrix index of the access node at (lon, lat), access-leg fibre km and the rule.

        See :func:`geo.sinet.access_node`; ``lon``/``lat`` are EPSG:4326 and already checked.
        """
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
        leg = ROUTE_FACTOR * great_circle_km(lon, lat, float(self._lon[i]), float(self._lat[i]))
        return i, leg, rule

    def access_many(
        self,
        lon: ArrayLike,
        lat: ArrayLike,
        prefecture_codes: Sequence[str | None] | None = None,
        *,
        chunk: int = 20_000,
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
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
        lon, lat = check_lonlat(lon, lat, "access_many")
        m = len(lon)
        node = np.full(m, -1, dtype=np.int64)
        codes: list[str | None]
        if prefecture_codes is not None:
            codes = [two_digit_code(p) for p in prefecture_codes]
            single = {p: int(ix[0]) for p, ix in self._prefecture_nodes.items() if len(ix) == 1}
            node = np.fromiter((single.get(p, -1) if p else -1 for p in codes), dtype=np.int64, count=m)
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

    def backup_route(self, a: str, b: str) -> tuple[Route | None, Message | None]:
        """The link-disjoint backup of :meth:`route` and, if there is none, why not.

        The reason is a message (:mod:`geo.sinet.messages`): ``backup_same_node``,
        ``backup_bridge`` or ``backup_trap``.
        """
        r, reason = self._backup(self.index(a), self.index(b))
        if r is None:
            return None, reason
        return self._as_route(r, 0.0, 0.0, r.coords), None

    def route_between(
        self, i: int, j: int, legs: tuple[float, float], ends: tuple[tuple[float, float], tuple[float, float]]
    ) -> Route:
        """The route from access node ``i`` to ``j`` extended by two access legs (km) to two ends.

        ``ends`` are the organisations' EPSG:4326 (lon, lat); they become the first and last
        coordinates, and the legs count in the distance and latency.
        """
        r = self._routes[(i, j)]
        return self._as_route(r, legs[0], legs[1], (ends[0], *r.coords, ends[1]))

    def backup_between(
        self, i: int, j: int, legs: tuple[float, float], ends: tuple[tuple[float, float], tuple[float, float]]
    ) -> tuple[Route | None, Message | None]:
        """As :meth:`route_between` for the link-disjoint backup, or None and why there is none."""
        r, reason = self._backup(i, j)
        if r is None:
            return None, reason
        return self._as_route(r, legs[0], legs[1], (ends[0], *r.coords, ends[1])), None

    @staticmethod
    def _as_route(
        r: _NodeRoute, leg_a: float, leg_b: float, coords: tuple[tuple[float, float], ...]
    ) -> Route:
        km = r.km + (leg_a + leg_b)
        return Route(
            hops=r.hops,
            links=r.links,
            distance_km=km,
            latency_ms=latency_ms(km, len(r.hops)),
            bottleneck_gbps=r.bottleneck,
            coordinates=coords,
        )

    # ---- backups

    def _backup(self, i: int, j: int) -> tuple[_NodeRoute | None, Message | None]:
        key = (i, j)
        cached = self._backups.get(key)
        if cached is not None:
            return cached
        if i > j:
            forward, reason = self._backup(j, i)
            result = (None if forward is None else forward.reversed(), _reversed_reason(reason))
        else:
            result = self._compute_backup(i, j)
        self._backups[key] = result
        return result

    def _without(self, pairs: Iterable[tuple[int, int]]) -> csr_matrix:
        weights = self._weight.copy()
        for u, v in pairs:
            weights[u, v] = weights[v, u] = 0.0
        return csr_matrix(weights)

    def _compute_backup(self, i: int, j: int) -> tuple[_NodeRoute | None, Message | None]:
        if i == j:
            return None, message("backup_same_node", node=self.codes[i])
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
            _, labels = connected_components(self._without([(u, v)]), directed=False)
            if labels[i] != labels[j]:
                bridges.append([self.codes[u], self.codes[v]])
        a, b = self.codes[i], self.codes[j]
        if bridges:
            return None, message("backup_bridge", links=bridges, a=a, b=b)
        return None, message("backup_trap", a=a, b=b)

    def precompute_backups(self) -> None:
        """Compute and cache the backup route of every node pair now."""
        n = len(self.codes)
        for i in range(n):
            for j in range(n):
                self._backup(i, j)


def _reversed_reason(reason: Message | None) -> Message | None:
    """The reason for (a, b) told for (b, a): ends swapped, links in travel order."""
    if reason is None or "a" not in reason:
        return reason
    swapped = {**reason, "a": reason["b"], "b": reason["a"]}
    if "links" in reason:
        swapped["links"] = [[v, u] for u, v in reversed(reason["links"])]
    return swapped


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


