"""The SINET model's constants and plain data types: nodes, links, access, routes.

Coordinates are EPSG:4326 lon/lat in decimal degrees; lengths are fibre km; latencies are
estimated one-way milliseconds (see :mod:`geo.sinet` for the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from shapely.geometry import LineString

__all__ = [
    "FIBRE_MS_PER_KM",
    "LATENCY_RANK_RESOLUTION_MS",
    "PER_HOP_MS",
    "ROUTE_FACTOR",
    "Access",
    "BackboneLink",
    "BackboneNode",
    "Route",
    "latency_ms",
]

#: One-way propagation delay of light in optical fibre, in ms per km. Light travels at
#: about c / 1.47 in silica fibre, i.e. about 204,000 km/s, so about 5 µs per km.
FIBRE_MS_PER_KM: Final = 0.005

#: Ratio of a fibre route's length to the great-circle distance between its ends. Fibre
#: follows roads, railways and coasts, not the geodesic; published studies of terrestrial
#: long-haul routes put the ratio between about 1.2 and 1.5. 1.3 is used for every modelled
#: backbone link and for every access leg.
ROUTE_FACTOR: Final = 1.3

#: Cost of one router on the path, in ms one way: forwarding, plus the optical/electrical
#: conversion and transponder delay of the data centre it sits in. Charged once for each
#: SINET node the packet passes through, the two access nodes included. The figure is a
#: modelling assumption (core routers forward in microseconds; transponders and FEC add
#: tens of microseconds).
PER_HOP_MS: Final = 0.05

#: The partner finder compares latencies at this resolution, so that candidates whose
#: latencies differ by less than the model can tell apart are ordered by distance instead.
LATENCY_RANK_RESOLUTION_MS: Final = 0.1


def latency_ms(fibre_km: float, routers: int) -> float:
    """One-way latency in ms of ``fibre_km`` of fibre through ``routers`` SINET nodes."""
    return FIBRE_MS_PER_KM * fibre_km + PER_HOP_MS * routers


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
    """How an organisation reaches SINET."""

    #: Code of the access node.
    node: str
    #: Modelled fibre length of the access leg: great-circle km x :data:`ROUTE_FACTOR`.
    leg_km: float
    #: ``"prefecture"`` (the node of the organisation's prefecture) or ``"nearest"``.
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
        Estimated one-way latency (see :mod:`geo.sinet`).
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
