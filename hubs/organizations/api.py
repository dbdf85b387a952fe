"""The JSON API under ``/api/v1``: thin views over the same services as the HTML pages."""
from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request
from flask.typing import ResponseReturnValue

from hubs.core.errors import ParameterError
from hubs.core.i18n import current_language
from hubs.core.openapi import openapi_document
from hubs.organizations.frame import answer_version, data_version
from hubs.organizations.aggregation import map_features, parse_zoom
from hubs.organizations.queries import (
    OrganizationQuery,
    find_organizations,
    get_organization,
    parse_encoding,
    parse_header,
)
from hubs.organizations.serialisers import organization_feature, organizations_csv, prefecture_summaries
from hubs.core.responses import GEOJSON, cached_json, geojson_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")

@bp.get("/organizations")
def organizations() -> ResponseReturnValue:
    """Organisations as GeoJSON, or as CSV with ``format=csv``."""
    query = OrganizationQuery.from_args(request.args)
    output = request.args.get("format", "geojson")
    if output not in ("geojson", "csv"):
        raise ParameterError("format", "use geojson or csv")
    if output == "csv":
        encoding = parse_encoding(request.args.get("encoding"))
        return Response(
            organizations_csv(find_organizations(query), encoding, parse_header(request.args.get("header"))),
            content_type=f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}",
            headers={"Content-Disposition": 'attachment; filename="organizations.csv"'},
        )
    zoom = parse_zoom(request.args.get("zoom"))
    lang = current_language()
    version = answer_version()
    return cached_json("api.organizations", (request.query_string, lang), version,
                       lambda: map_features(query, zoom, lang), GEOJSON)


@bp.get("/organizations/<int:org_id>")
def organization(org_id: int) -> ResponseReturnValue:
    org = get_organization(org_id) or abort(404, description=f"no organisation with id {org_id}")
    return geojson_response(organization_feature(org, current_language()))


@bp.get("/prefectures")
def prefectures() -> ResponseReturnValue:
    """The 47 prefecture boundaries with organisation counts per kind."""
    lang = current_language()
    return cached_json("api.prefectures", lang, data_version(), lambda: prefecture_summaries(lang), GEOJSON)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(openapi_document())
