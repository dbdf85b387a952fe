"""The exploration JSON API under ``/api/v1``: thin views over :mod:`hubs.exploration.services`.

CSV exports are UTF-8 with a byte-order mark, so that Excel opens the Japanese names right.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request
from flask.typing import ResponseReturnValue

from hubs.exploration import services
from hubs.core.i18n import current_language

bp = Blueprint("exploration_api", __name__, url_prefix="/api/v1")

GEOJSON = "application/geo+json"


def _json(data: dict, mimetype: str = "application/json") -> Response:
    """JSON with an ETag, answered 304 when the client already has it."""
    response = jsonify(data)
    response.mimetype = mimetype
    response.add_etag()
    return response.make_conditional(request)


def csv_response(text: str, filename: str) -> Response:
    """A CSV download in UTF-8 with BOM (Excel reads it as UTF-8)."""
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/explore")
def explore() -> ResponseReturnValue:
    """The JSON twin of ``/explore``: measures, totals, cluster defaults, regions, APIs."""
    return _json(services.explore_overview(current_language()))


@bp.get("/choropleth")
def choropleth() -> ResponseReturnValue:
    """Values per prefecture for ``measure`` (``total``, ``per_100k``, ``hubs``, ``kind:*``, ``field:*``)."""
    output = services.parse_format(request.args)
    data = services.choropleth(services.parse_measure(request.args), services.parse_synthetic(request.args),
                               current_language())
    if output == "csv":
        return csv_response(services.choropleth_csv(data), f"choropleth-{data['measure'].replace(':', '-')}.csv")
    return _json(data)


@bp.get("/specialisation")
def specialisation_view() -> ResponseReturnValue:
    """Location quotients per prefecture and field, strongest first (``format=csv`` to export)."""
    output = services.parse_format(request.args)
    data = services.specialisation(services.SpecialisationQuery.from_args(request.args), current_language())
    if output == "csv":
        return csv_response(services.specialisation_csv(data), "specialisation.csv")
    return _json(data)


@bp.get("/clusters")
def clusters() -> ResponseReturnValue:
    """Clusters as GeoJSON hulls for ``radius_km``, ``min_size``, ``kind``, ``field``."""
    params = services.ClusterParams.from_args(request.args)
    return _json(services.find_clusters(params, current_language()), GEOJSON)


@bp.get("/clusters/view")
def cluster() -> ResponseReturnValue:
    """The JSON twin of ``/clusters/view``: one cluster by its parameters and ``id``."""
    params = services.ClusterParams.from_args(request.args)
    cluster_id = services.parse_cluster_id(request.args)
    data = services.cluster_detail(params, cluster_id, current_language())
    if data is None:
        abort(404, description=f"no cluster {cluster_id} for these parameters (the data may have changed)")
    return _json(data)


@bp.get("/regions")
def regions() -> ResponseReturnValue:
    return _json(services.regions_index(current_language()))


@bp.get("/regions/<key>")
def region(key: str) -> ResponseReturnValue:
    """The JSON twin of ``/regions/<key>``."""
    data = services.region_overview(key, services.parse_synthetic(request.args), current_language())
    if data is None:
        abort(404, description=f"no region {key!r}; use one of {', '.join(services.region_keys())}")
    return _json(data)


@bp.get("/areas")
def areas() -> ResponseReturnValue:
    """Innovation areas (modelled polygons) with statistics of what lies inside."""
    return _json(services.innovation_areas(services.parse_synthetic(request.args), current_language()), GEOJSON)
