"""The path engine: how two organisations connect over SINET, and through which node each enters.

:func:`sinet_path` answers "what is the SINET path between these two organisations": an access
leg, the precomputed backbone route between the two access nodes, the other access leg, the
link-disjoint backup and the figures. What it has to say to people is returned as message
codes (:mod:`geo.sinet.messages`), never as sentences.

Coordinates are EPSG:4326 lon/lat; distances are fibre km; latencies one-way ms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString

from geo.geodesy import check_lonlat
from geo.sinet._records import endpoint, two_digit_code
from geo.sinet.backbone import Backbone
from geo.sinet.messages import Message, message
from geo.sinet.model import Access, Route

__all__ = ["SinetPath", "access_node", "sinet_path"]


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
    messages : tuple of Message
        What the result is (or why there is none), as codes with parameters:
        ``not_connected`` and ``connection_unknown`` off the network; ``path_summary``,
        ``connection_assumed_for`` and ``modelled_backbone`` on it.
    distance_km, latency_ms, bottleneck_gbps : float or None
        Figures of the main route (see :class:`geo.sinet.Route`).
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
    backup_reason : Message or None
        Why there is no backup, when there is none (``backup_same_node``,
        ``backup_bridge``, ``backup_trap``, or ``not_connected`` off the network).
    modelled : bool
        True when the backbone is a model rather than the operator's real topology.
    """

    a_id: str
    b_id: str
    status: str
    off_network: tuple[str, ...]
    unknown: tuple[str, ...]
    assumed_connected: bool
    messages: tuple[Message, ...]
    distance_km: float | None
    latency_ms: float | None
    bottleneck_gbps: float | None
    hops: tuple[str, ...]
    hop_count: int | None
    access: tuple[Access, Access] | None
    route: Route | None
    backup: Route | None
    backup_reason: Message | None
    modelled: bool

    @property
    def geometry(self) -> LineString | None:
        """Main route as a LineString in EPSG:4326 lon/lat (org, nodes, org), or None."""
        return None if self.route is None else self.route.geometry

    def to_geojson_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature (EPSG:4326 lon/lat): main route geometry and all figures.

        The backup route's coordinates are in ``properties.backup.coordinates``; the
        geometry is null when the path is off the network. ``messages`` and
        ``backup_reason`` are message codes (copies, free to change).
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
                "messages": [dict(m) for m in self.messages],
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
                "backup_reason": None if self.backup_reason is None else dict(self.backup_reason),
                "modelled": self.modelled,
            },
        }


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
        Node code, access-leg fibre km (great-circle km x :data:`geo.sinet.ROUTE_FACTOR`)
        and the rule that chose the node.
    """
    x, y = check_lonlat(float(lon), float(lat), "access_node")
    i, leg, rule = backbone.access_index(x, y, two_digit_code(prefecture_code))
    return Access(node=backbone.codes[i], leg_km=leg, rule=rule)


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
    ea, eb = endpoint(a, "a"), endpoint(b, "b")
    ends = (ea, eb)
    off = tuple(e.id for e in ends if e.connected == "no")
    unknown = tuple(e.id for e in ends if e.connected == "unknown")
    if off:
        not_connected = message("not_connected", orgs=list(off))
        messages = [not_connected]
        if unknown:
            messages.append(message("connection_unknown", orgs=list(unknown)))
        return SinetPath(
            a_id=ea.id,
            b_id=eb.id,
            status="off_network",
            off_network=off,
            unknown=unknown,
            assumed_connected=False,
            messages=tuple(messages),
            distance_km=None,
            latency_ms=None,
            bottleneck_gbps=None,
            hops=(),
            hop_count=None,
            access=None,
            route=None,
            backup=None,
            backup_reason=not_connected,
            modelled=backbone.modelled,
        )

    ia, leg_a, rule_a = backbone.access_index(ea.lon, ea.lat, ea.prefecture_code)
    ib, leg_b, rule_b = backbone.access_index(eb.lon, eb.lat, eb.prefecture_code)
    legs, points = (leg_a, leg_b), ((ea.lon, ea.lat), (eb.lon, eb.lat))
    route = backbone.route_between(ia, ib, legs, points)
    backup, backup_reason = backbone.backup_between(ia, ib, legs, points)
    messages = [
        message(
            "path_summary",
            hops=route.hop_count,
            fibre_km=round(route.distance_km, 1),
            latency_ms=round(route.latency_ms, 3),
        )
    ]
    if unknown:
        messages.append(message("connection_assumed_for", orgs=list(unknown)))
    if backbone.modelled:
        messages.append(message("modelled_backbone"))
    return SinetPath(
        a_id=ea.id,
        b_id=eb.id,
        status="ok",
        off_network=(),
        unknown=unknown,
        assumed_connected=bool(unknown),
        messages=tuple(messages),
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
