"""JSON twins of the collaboration pages under ``/api/v1``: backbone, paths, partners."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from hubs.core.limits import expensive_read
from hubs.collaboration import operations as ops
from hubs.collaboration import schemas as s
from hubs.core.i18n import current_language
from hubs.core.openapi import endpoint
from hubs.core.responses import GEOJSON, csv_response, geojson_response

bp = Blueprint("collaboration_api", __name__, url_prefix="/api/v1")
TAGS = ("collaboration",)


@bp.get("/sinet/nodes")
@endpoint("listSinetNodes", responses={200: s.SinetLayer, 304: None}, media={200: {GEOJSON: s.SinetLayer}},
          tags=TAGS)
def sinet_nodes() -> ResponseReturnValue:
    """SINET nodes as GeoJSON Points; ``modelled`` at the top level and per feature (the backbone is a model)."""
    return geojson_response(ops.backbone_layers("nodes", current_language()))


@bp.get("/sinet/links")
@endpoint("listSinetLinks", responses={200: s.SinetLayer, 304: None}, media={200: {GEOJSON: s.SinetLayer}},
          tags=TAGS)
def sinet_links() -> ResponseReturnValue:
    """SINET backbone links as GeoJSON LineStrings; ``modelled`` at the top level and per feature."""
    return geojson_response(ops.backbone_layers("links", current_language()))


@bp.get("/sinet/organizations")
@endpoint("suggestOrganizations", query=s.SuggestQuery, responses={200: s.Suggestions}, tags=TAGS)
def suggest(query: s.SuggestQuery) -> ResponseReturnValue:
    """Organisations whose name contains ``q``, for the search boxes (at most ``limit``)."""
    return jsonify(organizations=ops.suggest_organizations(query.q, query.limit, current_language()))


@bp.get("/paths")
@endpoint("getSinetPath", query=s.PathQuery, responses={200: s.SinetPath, 304: None}, errors=(404,),
          media={200: {GEOJSON: s.SinetPath}}, tags=TAGS)
@expensive_read
def path(query: s.PathQuery) -> ResponseReturnValue:
    """The SINET path between ``from`` and ``to`` as a GeoJSON Feature (LineString, or null off the network).

    latency_ms = 0.005 ms per fibre km (great-circle × 1.3 route factor) + 0.05 ms per SINET node
    passed; ``message`` and ``backup_reason`` read in the request's language, ``message_codes`` and
    ``backup_reason_code`` carry the same as codes with parameters. The backbone is a model.
    """
    return geojson_response(ops.path_between(query.origin, query.destination, current_language()).feature())


@bp.get("/partners")
@endpoint("findPartners", query=s.PartnerQuery, responses={200: s.PartnerResult}, errors=(404,),
          media={200: {"application/json": s.PartnerResult, "text/csv": {"type": "string"}}}, tags=TAGS)
@expensive_read
def partners(query: s.PartnerQuery) -> ResponseReturnValue:
    """Ranked partner candidates with their reasons, as JSON or CSV (``format=csv``)."""
    answer = ops.find_partners(query, current_language())
    if query.format == "csv":
        filename = f"partners-{answer.origin.id}{''.join('-' + f for f in query.field)}.csv"
        return csv_response(*ops.partners_table(answer), filename, query.encoding)
    return jsonify(answer.to_dict())
