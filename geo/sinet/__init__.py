"""SINET backbone model, organisation-to-organisation paths and the partner finder.

Everything here is pure computation over plain data: node and link tables in, dataclasses,
numpy arrays, shapely geometry and GeoJSON-ready dicts out. Nothing imports Flask or the
database.

Coordinates are EPSG:4326 longitude/latitude in decimal degrees throughout. Distances are
great-circle distances in kilometres (:func:`geo.geodesy.great_circle_km`, within about 0.5 %
of the ellipsoidal distance, well inside the uncertainty of a fibre-route model).

Reasons, summaries and explanations are returned as codes with parameters
(:mod:`geo.sinet.messages`), for the caller to put into the reader's language.

The package, by job
-------------------
- :mod:`geo.sinet.model`: constants of the latency model and the plain data types.
- :mod:`geo.sinet.backbone`: the backbone graph, its precomputed routes and backups.
- :mod:`geo.sinet.paths`: organisation-to-organisation paths (the path engine).
- :mod:`geo.sinet.partners`: the partner finder.
- :mod:`geo.sinet.messages`: the message codes.

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

from geo.sinet.backbone import Backbone, backbone_geojson, load_backbone_csv
from geo.sinet.messages import CODES, Message
from geo.sinet.model import (
    FIBRE_MS_PER_KM, LATENCY_RANK_RESOLUTION_MS, PER_HOP_MS, ROUTE_FACTOR, Access, BackboneLink, BackboneNode, Route
)
from geo.sinet.partners import CandidatePool, PartnerFilters, PartnerMatch, PartnerRanking, nearest_of_kind, rank_partners
from geo.sinet.paths import SinetPath, access_node, sinet_path

__all__ = [
    "CODES",
    "FIBRE_MS_PER_KM",
    "LATENCY_RANK_RESOLUTION_MS",
    "PER_HOP_MS",
    "ROUTE_FACTOR",
    "Access",
    "Backbone",
    "BackboneLink",
    "BackboneNode",
    "CandidatePool",
    "Message",
    "PartnerFilters",
    "PartnerMatch",
    "PartnerRanking",
    "Route",
    "SinetPath",
    "access_node",
    "backbone_geojson",
    "load_backbone_csv",
    "nearest_of_kind",
    "rank_partners",
    "sinet_path",
]
