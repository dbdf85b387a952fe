"""The exploration JSON API under ``/api/v1``: thin views over :mod:`hubs.exploration.operations`.

CSV exports are UTF-8 with a byte-order mark (or Shift_JIS), so that Excel opens the Japanese names right.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from hubs.core.errors import NotFound
from hubs.core.i18n import current_language
from hubs.core.openapi import endpoint
from hubs.core.responses import GEOJSON, csv_response
from hubs.exploration import operations as ops
from hubs.exploration import schemas as s
from hubs.core.limits import expensive_read

bp = Blueprint("exploration_api", __name__, url_prefix="/api/v1")
CSV = {"type": "string"}


def _json(data: dict, mimetype: str = "application/json") -> Response:
    """JSON with an ETag, answered 304 when the client already has it."""
    response = jsonify(data)
    response.mimetype = mimetype
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/explore")
@expensive_read
@endpoint("getExploreOverview", responses={200: s.Document, 304: None}, tags=("exploration",))
def explore() -> ResponseReturnValue:
    """The JSON twin of ``/explore``: measures, totals, cluster defaults, regions, APIs."""
    return _json(ops.explore_overview(current_language()))


@bp.get("/choropleth")
@expensive_read
@endpoint("getChoropleth", query=s.ChoroplethQuery, responses={200: s.Document, 304: None},
          media={200: {"application/json": s.Document, "text/csv": CSV}}, tags=("exploration",))
def choropleth(query: s.ChoroplethQuery) -> ResponseReturnValue:
    """Values per prefecture for ``measure`` (``total``, ``per_100k``, ``hubs``, ``kind:*``, ``field:*``)."""
    data = ops.choropleth(query.measure, query.include_synthetic, current_language())
    if query.format == "csv":
        return csv_response(*ops.choropleth_table(data), f"choropleth-{data['measure'].replace(':', '-')}.csv",
                            query.encoding)
    return _json(data)


@bp.get("/specialisation")
@expensive_read
@endpoint("getSpecialisation", query=s.SpecialisationQuery, responses={200: s.Document, 304: None},
          media={200: {"application/json": s.Document, "text/csv": CSV}}, tags=("exploration",))
def specialisation_view(query: s.SpecialisationQuery) -> ResponseReturnValue:
    """Location quotients per prefecture and field, strongest first (``format=csv`` to export)."""
    data = ops.specialisation(query, current_language())
    if query.format == "csv":
        return csv_response(*ops.specialisation_table(data), "specialisation.csv", query.encoding)
    return _json(data)


@bp.get("/clusters")
@expensive_read
@endpoint("listClusters", query=s.ClusterParams, responses={200: s.FeatureCollection, 304: None},
          media={200: {GEOJSON: s.FeatureCollection}}, tags=("exploration",))
def clusters(query: s.ClusterParams) -> ResponseReturnValue:
    """Clusters as GeoJSON hulls for ``radius_km``, ``min_size``, ``kind``, ``field``."""
    return _json(ops.find_clusters(query.params(), current_language()), GEOJSON)


@bp.get("/clusters/view")
@expensive_read
@endpoint("getCluster", query=s.ClusterQuery, responses={200: s.Document, 304: None}, errors=(404,),
          tags=("exploration",))
def cluster(query: s.ClusterQuery) -> ResponseReturnValue:
    """The JSON twin of ``/clusters/view``: one cluster by its parameters and ``id``."""
    data = ops.cluster_detail(query.params(), query.id, current_language())
    if data is None:
        raise NotFound(_l("No cluster %(id)s for these parameters (the data may have changed).", id=query.id))
    return _json(data)


@bp.get("/regions")
@endpoint("listRegions", responses={200: s.Document, 304: None}, tags=("exploration",))
def regions() -> ResponseReturnValue:
    """The eight 産技連 regions with what each holds."""
    return _json(ops.regions_index(current_language()))


@bp.get("/regions/<key>")
@endpoint("getRegion", query=s.SyntheticQuery, responses={200: s.Document, 304: None}, errors=(404,),
          tags=("exploration",))
def region(key: str, query: s.SyntheticQuery) -> ResponseReturnValue:
    """The JSON twin of ``/regions/<key>``."""
    data = ops.region_overview(key, query.include_synthetic, current_language())
    if data is None:
        raise NotFound(_l("No region %(key)s.", key=repr(key)))
    return _json(data)


@bp.get("/areas")
@endpoint("listInnovationAreas", query=s.SyntheticQuery, responses={200: s.FeatureCollection, 304: None},
          media={200: {GEOJSON: s.FeatureCollection}}, tags=("exploration",))
def areas(query: s.SyntheticQuery) -> ResponseReturnValue:
    """Innovation areas (modelled polygons) with statistics of what lies inside."""
    return _json(ops.innovation_areas(query.include_synthetic, current_language()), GEOJSON)
