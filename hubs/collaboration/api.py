"""JSON twins of the collaboration pages under ``/api/v1``: backbone, paths, partners."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from hubs.collaboration import operations as ops
from hubs.core.errors import ParameterError
from hubs.core.i18n import current_language
from hubs.core.responses import geojson_response

bp = Blueprint("collaboration_api", __name__, url_prefix="/api/v1")

@bp.get("/sinet/nodes")
def sinet_nodes() -> ResponseReturnValue:
    """SINET nodes as GeoJSON Points; ``modelled`` at the top level and per feature."""
    return geojson_response(ops.backbone_layers("nodes", current_language()))


@bp.get("/sinet/links")
def sinet_links() -> ResponseReturnValue:
    """SINET backbone links as GeoJSON LineStrings; ``modelled`` at the top level and per feature."""
    return geojson_response(ops.backbone_layers("links", current_language()))


@bp.get("/sinet/organizations")
def suggest() -> ResponseReturnValue:
    """Organisations whose name contains ``q``, for the search boxes (at most ``limit``)."""
    found = ops.suggest_organizations(request.args.get("q", ""), ops.parse_limit(request.args, 10, 50),
                                      current_language())
    return jsonify(organizations=found)


@bp.get("/paths")
def path() -> ResponseReturnValue:
    """The SINET path between ``from`` and ``to`` as a GeoJSON Feature (LineString or null)."""
    return geojson_response(ops.path_between(request.args, current_language()).feature())


@bp.get("/partners")
def partners() -> ResponseReturnValue:
    """Ranked partner candidates as JSON, or CSV (UTF-8 with BOM) with ``format=csv``."""
    output = request.args.get("format", "json")
    if output not in ("json", "csv"):
        raise ParameterError("format", "use json or csv")
    answer = ops.find_partners(ops.PartnerQuery.from_args(request.args), current_language())
    if output == "csv":
        filename = f"partners-{answer.origin.id}{'-' + answer.query.field if answer.query.field else ''}.csv"
        return Response(ops.partners_csv(answer), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return jsonify(answer.to_dict())
