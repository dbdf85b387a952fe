"""The exploration pages: ``/explore``, ``/clusters/view``, ``/regions`` and ``/regions/<key>``.

Each page has a JSON twin in :mod:`hubs.exploration.api` over the same service function.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from hubs.core.params import parse_query
from hubs.exploration import operations as ops
from hubs.exploration.schemas import ClusterQuery, ExplorePageQuery, SyntheticQuery
from hubs.exploration.maps import cluster_map, explore_map, region_map
from hubs.core.i18n import current_language
from hubs.organizations.vocabulary import KINDS, label
from hubs.core.security import embeddable

bp = Blueprint("exploration", __name__)

#: Members drawn on a cluster's map (the table lists up to 500).
MAP_MEMBERS = 200


@bp.get("/explore")
@embeddable
def explore() -> ResponseReturnValue:
    """Choropleths, the specialisation ranking, cluster detection and innovation areas."""
    lang = current_language()
    overview = ops.explore_overview(lang)
    query = parse_query(ExplorePageQuery, request.args, form=True)
    measure, params = query.measure, query.params()
    page = explore_map(current_app.config["ATLAS_TILES"], lang, {
        "api": overview["api"], "measure": measure, "clusters": params.query(),
        "clusterPage": url_for("exploration.cluster"),
        "kindLabels": {kind: label(KINDS, kind, lang) for kind in KINDS},
    })
    return render_template("exploration/explore.html", page=page, overview=overview, measure=measure, params=params,
                           json_twin=url_for("exploration_api.explore"))


@bp.get("/clusters/view")
@embeddable
def cluster() -> ResponseReturnValue:
    """One cluster, keyed by the detection parameters and its id."""
    lang = current_language()
    query = parse_query(ClusterQuery, request.args, form=True)
    params, cluster_id = query.params(), query.id
    data = ops.cluster_detail(params, cluster_id, lang)
    if data is None:
        abort(404, description=_("No cluster %(id)s for these parameters (the data may have changed).", id=cluster_id))
    page = cluster_map(current_app.config["ATLAS_TILES"], lang, {"cluster": {
        "geometry": data["geometry"], "centroid": data["centroid"], "aist": data["nearest_aist_centre"],
        "sinet": data["sinet_node"],
        "members": [{k: m[k] for k in ("name", "kind", "synthetic", "lon", "lat", "url")}
                    for m in data["members"][:MAP_MEMBERS]],
    }})
    return render_template("exploration/cluster.html", page=page, cluster=data, params=params,
                           json_twin=url_for("exploration_api.cluster", **params.query(id=cluster_id)))


@bp.get("/regions")
@embeddable
def regions() -> ResponseReturnValue:
    return render_template("exploration/regions.html", data=ops.regions_index(current_language()),
                           json_twin=url_for("exploration_api.regions"))


@bp.get("/regions/<key>")
@embeddable
def region(key: str) -> ResponseReturnValue:
    """A coordinator's overview of one of the eight 産技連 regions."""
    query = parse_query(SyntheticQuery, request.args, form=True)
    lang = current_language()
    data = ops.region_overview(key, query.include_synthetic, lang)
    if data is None:
        abort(404, description=_("No region %(key)s.", key=repr(key)))
    page = region_map(current_app.config["ATLAS_TILES"], lang, {
        "codes": [p["code"] for p in data["prefectures"]], "lackingHub": data["lacking_hub"],
        "api": {"prefectures": url_for("api.prefectures"),
                "organizations": url_for("api.organizations", region=key, zoom=7, synthetic=query.synthetic)},
        "kindLabels": {kind: label(KINDS, kind, lang) for kind in KINDS},
    })
    return render_template("exploration/region.html", region=data, page=page,
                           json_twin=url_for("exploration_api.region", key=key, **request.args))
