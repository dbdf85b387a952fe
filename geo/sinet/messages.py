"""What the SINET engine tells people, as codes with parameters rather than sentences.

The engine does not write English or Japanese: every reason, summary and explanation is a
plain dict with a ``code`` and the figures or names it needs, e.g.
``{"code": "shared_fields", "fields": ["agri_food", "bio"]}`` or
``{"code": "same_node", "node": "sapporo"}``. The caller puts them into words in the reader's
language (the portal: :mod:`hubs.collaboration.messages`), turning field keys, node codes and
organisation ids into names there. Parameters are JSON-ready: strings, numbers and lists.
Latencies are rounded to 0.001 ms and distances to 0.1 km, as in the figures themselves.

Codes
-----
Of a path (:attr:`geo.sinet.SinetPath.messages`), in this order:

``not_connected`` ``orgs``
    These organisation ids are not connected to SINET: there is no SINET path.
``connection_unknown`` ``orgs``
    Beside ``not_connected``: the connection of these ids is unknown.
``path_summary`` ``hops``, ``fibre_km``, ``latency_ms``
    Backbone links, fibre km and one-way latency of the main route.
``connection_assumed_for`` ``orgs``
    The path assumes these ids, whose connection is unknown, are connected.
``modelled_backbone``
    The backbone is a model, not the operator's published topology.

Why a path has no backup (:attr:`geo.sinet.SinetPath.backup_reason`,
:meth:`geo.sinet.Backbone.backup_route`); an off-network path repeats its ``not_connected``:

``backup_same_node`` ``node``
    Both ends use this node: there is no backbone link to protect.
``backup_bridge`` ``links``, ``a``, ``b``
    Each of these links (``[from, to]`` node codes) is the only way between nodes a and b.
``backup_trap`` ``a``, ``b``
    Every route from a to b shares a link with the main route, although two link-disjoint
    routes exist (a "trap" topology).

Why a partner candidate ranks where it does (:attr:`geo.sinet.PartnerMatch.reasons`):

``outside_filters`` ``filters``
    An alternative shown because nothing met the filters: the filters it does not meet
    (``kind``, ``field``, ``prefecture``, ``within_km``, ``text``).
``shared_fields`` ``fields``
    It lists these of the wanted fields (the requested ones, else the origin's own).
``in_field`` ``fields``
    It lists the field a nearest-of-kind search asked for.
``other_fields`` ``fields`` / ``no_fields``
    It lists only other fields (or none).
``complementary_kind`` ``kind``
    Its kind complements the origin's (academia and labs; hubs and both).
``programme`` ``programme``
    It takes part in a shared programme: ``certified_hub``, ``jinnovation_hub``, ``aist_oil``.
``equipment`` ``count``
    Machines it opens to outside users.
``not_on_sinet`` / ``origin_not_on_sinet``
    The candidate (or the origin) is not connected: no latency.
``same_node`` ``node``
    Both reach SINET through this node: no backbone hop.
``hops`` ``count``
    Backbone links between the two access nodes.
``latency`` ``ms``
    Estimated one-way latency.
``distance`` ``km``
    Great-circle distance between the organisations.
``connection_assumed`` / ``origin_connection_assumed``
    The candidate's (or the origin's) connection is unknown and assumed.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["BACKUP_CODES", "CODES", "PARTNER_CODES", "PATH_CODES", "Message", "message"]

#: A message: ``{"code": ..., **parameters}``.
Message = dict[str, Any]

PATH_CODES: Final = frozenset(
    {"not_connected", "connection_unknown", "path_summary", "connection_assumed_for", "modelled_backbone"}
)
BACKUP_CODES: Final = frozenset({"backup_same_node", "backup_bridge", "backup_trap", "not_connected"})
PARTNER_CODES: Final = frozenset(
    {
        "shared_fields", "in_field", "other_fields", "no_fields", "not_on_sinet",
        "origin_not_on_sinet", "same_node", "hops", "latency", "distance", "connection_assumed",
        "origin_connection_assumed", "complementary_kind", "programme", "equipment", "outside_filters",
    }
)  # fmt: skip
#: Every code the engine emits.
CODES: Final = PATH_CODES | BACKUP_CODES | PARTNER_CODES


def message(code: str, **params: Any) -> Message:
    """A message with ``code`` and its parameters; ValueError for a code not listed above."""
    if code not in CODES:
        msg = f"unknown message code {code!r}"
        raise ValueError(msg)
    return {"code": code, **params}
