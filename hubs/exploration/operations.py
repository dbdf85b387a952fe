"""Where innovation gathers and where it is missing: one function per question.

Each function here answers one question for both the HTML page and its JSON twin:
:func:`choropleth`, :func:`specialisation`, :func:`find_clusters`, :func:`cluster_detail`,
:func:`region_overview`, :func:`innovation_areas` and :func:`explore_overview`. They read
the per-process organisation frame (:mod:`hubs.organizations.frame`) and hand it to the pure
functions of :mod:`geo.clusters`. Their parameters are declared in :mod:`hubs.exploration.schemas`.

Coordinates are EPSG:4326 lon/lat; distances and areas are computed in
:data:`geo.geodesy.JAPAN_CRS` (equal-area, metric). Polygons are served with counterclockwise
exterior rings and clockwise holes, as RFC 7946 asks.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from flask import url_for
from flask_babel import force_locale, gettext as _

from geo.clusters import detect_clusters, location_quotients, nearest_sites, prefecture_counts
from geo.geodesy import area_km2
from hubs.core.cache import memo
from hubs.core.registry import hooks
from hubs.organizations.frame import organization_frame, prefecture_table
from hubs.exploration.schemas import ClusterParams, SpecialisationQuery
from hubs.organizations.vocabulary import FIELDS, KINDS, REGIONS, label

from hubs.core.config import SEED_DIR
AREAS_FILE = SEED_DIR / "innovation_areas.geojson"

#: Sequential colour ramp (ColorBrewer YlGnBu, 5 classes) for choropleth classes; zero is grey.
PALETTE = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
ZERO_COLOUR = "#eeeeee"

MAX_CLUSTERS = 500


# ------------------------------------------------------------------------ arguments


# --------------------------------------------------------------------------- frame


def _orgs(include_synthetic: bool) -> tuple[tuple, pd.DataFrame]:
    frame = organization_frame()
    orgs = frame.orgs if include_synthetic else frame.orgs[~frame.orgs["synthetic"]].reset_index(drop=True)
    return frame.version, orgs


def certified_ids() -> set[int]:
    """Organisations holding a certification valid today (hook ``organization.certified``;
    empty when no feature certifies)."""
    return set().union(*(certified() for certified in hooks("organization.certified")))


def _has_field(orgs: pd.DataFrame, field_name: str) -> pd.Series:
    """Mask of organisations listing ``field_name`` (``fields`` is ``;``-separated)."""
    return (";" + orgs["fields"] + ";").str.contains(f";{field_name};", regex=False)


def _pref_names(lang: str) -> dict[str, str]:
    table = prefecture_table()
    column = "name_en" if lang == "en" else "name_ja"
    return dict(zip(table["code"], table[column]))


# ---------------------------------------------------------------------- choropleth


def measures(lang: str = "ja") -> list[dict[str, str]]:
    """The choropleth measures, each with its label and a note saying exactly what is counted."""
    with force_locale(lang):
        out = [
            {"key": "total", "group": "all", "label": _("All organisations"), "counts": _("organisations of every kind")},
            {"key": "per_100k", "group": "all", "label": _("Organisations per 100,000 inhabitants"),
             "counts": _("organisations of every kind per 100,000 inhabitants (2020 Census)")},
            {"key": "hubs", "group": "all", "label": _("Innovation hubs (incl. certified)"),
             "counts": _("organisations of kind 'innovation hub' plus any organisation holding a certification "
                         "valid today; hover shows how many are certified today")},
        ]
        for kind in KINDS:
            name = label(KINDS, kind, lang)
            out.append({"key": f"kind:{kind}", "group": "kind", "label": name,
                        "counts": _("organisations of kind '%(kind)s'", kind=name)})
        for field_key in FIELDS:
            name = label(FIELDS, field_key, lang)
            out.append({"key": f"field:{field_key}", "group": "field", "label": name,
                        "counts": _("organisations working in %(field)s (an organisation with several fields "
                                    "counts in each)", field=name)})
    return out


def _classes(values: np.ndarray) -> list[float]:
    """Upper bounds of up to five quantile classes over the non-zero values."""
    positive = values[values > 0]
    if positive.size == 0:
        return []
    bounds = np.unique(np.quantile(positive, np.linspace(0.2, 1.0, 5)))
    return [float(b) for b in bounds]


def choropleth(measure: str, include_synthetic: bool = True, lang: str = "ja") -> dict[str, Any]:
    """Values per prefecture for one measure, with classes and a colour per prefecture.

    Returns
    -------
    dict
        ``measure``, ``label``, ``counts`` (what is counted), ``unit``, ``classes``
        (``{lower, upper, colour}``; zero is its own grey class), ``prefectures`` (47 rows:
        ``code, name, region, value, count, population, colour`` and, for ``hubs``,
        ``certified``), ``total`` and ``synthetic`` (synthetic organisations counted).
    """
    version, orgs = _orgs(include_synthetic)
    prefs = prefecture_table()
    codes = prefs["code"].tolist()
    population = dict(zip(prefs["code"], prefs["population_2020"].fillna(0).astype(float)))
    info = next(m for m in measures(lang) if m["key"] == measure)
    certified_count = None
    if measure in ("total", "per_100k"):
        counts = prefecture_counts(orgs, codes)["total"].to_numpy()
        subset = orgs
    elif measure == "hubs":
        certified = certified_ids()
        is_certified = orgs["id"].isin(certified)
        subset = orgs[(orgs["kind"] == "hub") | is_certified]
        counts = prefecture_counts(subset, codes)["total"].to_numpy()
        certified_count = prefecture_counts(orgs[is_certified], codes)["total"].to_numpy()
    else:
        by, category = measure.split(":")
        if by == "kind":
            subset = orgs[orgs["kind"] == category]
            counts = prefecture_counts(subset, codes)["total"].to_numpy()
        else:
            table = memo("field_counts", include_synthetic, version,
                         lambda: prefecture_counts(orgs, codes, by="field", categories=list(FIELDS)))
            counts = table[category].to_numpy()
            subset = orgs[_has_field(orgs, category)]
    counts = counts.astype(int)
    pop = np.array([population[c] for c in codes], dtype=float)
    if measure == "per_100k":
        values = np.where(pop > 0, counts / np.where(pop > 0, pop, 1) * 100_000, 0.0)
    else:
        values = counts.astype(float)
    bounds = _classes(values)
    colours = PALETTE[-len(bounds):] if bounds else ()
    names = _pref_names(lang)
    rows = []
    for i, code in enumerate(codes):
        value = float(values[i])
        colour = ZERO_COLOUR if value <= 0 else colours[int(np.searchsorted(bounds, value, side="left"))]
        row = {"code": code, "name": names[code], "region": prefs["region"].iloc[i],
               "value": round(value, 3), "count": int(counts[i]),
               "population": int(pop[i]) if pop[i] else None, "colour": colour}
        if certified_count is not None:
            row["certified"] = int(certified_count[i])
        rows.append(row)
    classes = [{"lower": 0, "upper": 0, "colour": ZERO_COLOUR}]
    lower = 0.0
    for bound, colour in zip(bounds, colours):
        classes.append({"lower": round(lower, 3), "upper": round(bound, 3), "colour": colour})
        lower = bound
    with force_locale(lang):
        unit = _("per 100,000 inhabitants") if measure == "per_100k" else _("organisations")
        population_source = _("2020 Census (final figures), Statistics Bureau of Japan")
    return {
        "measure": measure, "label": info["label"], "counts": info["counts"], "unit": unit,
        "population_source": population_source,
        "classes": classes, "prefectures": rows, "total": int(counts.sum()),
        "synthetic": int(subset["synthetic"].sum()), "data_version": list(version),
    }


def choropleth_table(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The choropleth as a header and rows, for :func:`hubs.core.responses.csv_response`."""
    extra = ["certified"] if data["measure"] == "hubs" else []
    header = ["prefecture_code", "prefecture", "region", "measure", "value", "count", "population_2020", *extra]
    return header, [[row["code"], row["name"], row["region"], data["measure"], row["value"], row["count"],
                     row["population"] or "", *[row[e] for e in extra]] for row in data["prefectures"]]


# ------------------------------------------------------------------ specialisation


def specialisation(query: SpecialisationQuery = SpecialisationQuery(), lang: str = "ja") -> dict[str, Any]:
    """Location quotients (特化係数) per prefecture and field, strongest first.

    The unit is the organisation–field pair (see :func:`geo.clusters.location_quotients`);
    ``strong`` follows U.S. Cluster Mapping: LQ ≥ 1, LQ in the top quartile and a count
    above the bottom quartile; and the field has at least ``min_count`` organisations in the
    prefecture. ``method`` says so with the numbers. Rows with no organisation of the field are left out.
    """
    version, orgs = _orgs(query.include_synthetic)
    prefs = prefecture_table()
    table = memo("lq", (query.include_synthetic, query.min_count), version,
                 lambda: location_quotients(orgs, prefs["code"].tolist(), fields=list(FIELDS),
                                            min_count=query.min_count))
    rows = table[table["count"] > 0]
    if query.field:
        rows = rows[rows["field"].isin(query.field)]
    if query.prefecture:
        rows = rows[rows["prefecture_code"].isin(query.prefecture)]
    if query.strong:
        rows = rows[rows["strong"]]
    rows = rows.sort_values(["strong", "lq", "count", "prefecture_code"], ascending=[False, False, False, True])
    names = _pref_names(lang)
    regions = dict(zip(prefs["code"], prefs["region"]))
    lq_q3, count_q1 = _finite(table.attrs.get("lq_q3")), _finite(table.attrs.get("count_q1"))
    with force_locale(lang):
        method = _("LQ = (prefecture's organisations in the field / its organisation-field pairs) / "
                   "(national organisations in the field / all pairs).")
        strong_rule = _("★ strong cluster (after U.S. Cluster Mapping): the field is over-represented "
                        "(LQ ≥ 1 and in the top quarter of all prefecture-field pairs, LQ ≥ %(lq)s), "
                        "not among the smallest (more than %(q1)s organisations) and has at least "
                        "%(min)s organisations in the prefecture: with two or three, one more or fewer "
                        "doubles or halves the LQ, so a high LQ alone is not a cluster.",
                        lq="—" if lq_q3 is None else f"{lq_q3:.2f}", q1="—" if count_q1 is None else f"{count_q1:g}",
                        min=query.min_count)
    return {
        "method": f"{method} {strong_rule}",
        "strong_rule": strong_rule,
        "min_count": query.min_count,
        "lq_q3": lq_q3,
        "count_q1": count_q1,
        "rows": [{
            "prefecture_code": r.prefecture_code, "prefecture": names[r.prefecture_code],
            "region": regions[r.prefecture_code], "field": r.field, "field_label": label(FIELDS, r.field, lang),
            "count": int(r.count), "prefecture_total": int(r.prefecture_total),
            "lq": round(float(r.lq), 4), "strong": bool(r.strong),
        } for r in rows.itertuples(index=False)],
        "synthetic_included": query.include_synthetic and bool(orgs["synthetic"].any()),
        "data_version": list(version),
    }


def _finite(value: Any) -> float | None:
    return round(float(value), 4) if value is not None and math.isfinite(float(value)) else None


def specialisation_table(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The location quotients as a header and rows, for :func:`hubs.core.responses.csv_response`."""
    header = ["rank", "prefecture_code", "prefecture", "region", "field", "field_label", "count",
              "prefecture_pairs", "lq", "strong"]
    return header, [[rank, row["prefecture_code"], row["prefecture"], row["region"], row["field"],
                     row["field_label"], row["count"], row["prefecture_total"], row["lq"],
                     "yes" if row["strong"] else "no"] for rank, row in enumerate(data["rows"], start=1)]


# ------------------------------------------------------------------------ clusters


def _detect(params: ClusterParams) -> tuple[tuple, pd.DataFrame, Any]:
    version, orgs = _orgs(params.include_synthetic)
    clusters = memo("clusters", params.params(), version, lambda: detect_clusters(
        orgs, params.radius_km, params.min_size, kinds=params.kind or None, fields=params.field or None))
    return version, orgs, clusters


def _geometry_json(geom: Any) -> dict[str, Any]:
    """GeoJSON geometry on a 1e-5° grid; rings re-oriented after snapping, which turns them clockwise."""
    return json.loads(shapely.to_geojson(shapely.orient_polygons(shapely.set_precision(geom, 1e-5))))


def _labelled(counts: dict[str, int], vocabulary: dict, lang: str) -> list[dict[str, Any]]:
    return [{"key": k, "label": label(vocabulary, k, lang), "count": n}
            for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _main_prefecture(counts: dict[str, int]) -> str | None:
    return min(counts, key=lambda code: (-counts[code], code)) if counts else None


def _synthetic_counter(orgs: pd.DataFrame):
    """``member_ids → how many are synthetic``, by binary search over the id-sorted frame."""
    ids = orgs["id"].to_numpy()
    synthetic = orgs["synthetic"].to_numpy()
    if not synthetic.any():
        return lambda member_ids: 0
    return lambda member_ids: int(synthetic[np.searchsorted(ids, np.asarray(member_ids, dtype=ids.dtype))].sum())


def find_clusters(params: ClusterParams, lang: str = "ja", limit: int = MAX_CLUSTERS) -> dict[str, Any]:
    """Clusters as a GeoJSON FeatureCollection of hulls (EPSG:4326), largest first.

    Each feature carries ``cluster_id``, ``key`` (stable for the same parameters and data),
    ``size``, counts by kind, field and prefecture, the centroid, the number of synthetic
    members and the ``url`` of its page.
    """
    version, orgs, clusters = _detect(params)
    return memo("cluster_features", (params, lang, limit), version,
                lambda: _cluster_collection(params, orgs, clusters, version, lang, limit))


def _cluster_method(params: ClusterParams, lang: str) -> str:
    with force_locale(lang):
        return _("single linkage within %(km)s km (computed in a Lambert equal-area projection), at least "
                 "%(n)s members; hull = convex hull buffered by half the radius", km=f"{params.radius_km:g}",
                 n=params.min_size)


def _cluster_collection(params: ClusterParams, orgs: pd.DataFrame, clusters: Any, version: tuple, lang: str,
                        limit: int) -> dict[str, Any]:
    names = _pref_names(lang)
    synthetic_count = _synthetic_counter(orgs)
    features = []
    for row in clusters.head(limit).itertuples(index=False):
        main = _main_prefecture(row.counts_by_prefecture)
        features.append({
            "type": "Feature",
            "id": int(row.cluster_id),
            "geometry": _geometry_json(row.geometry),
            "properties": {
                "cluster_id": int(row.cluster_id),
                "key": params.key(int(row.cluster_id)),
                "size": int(row.size),
                "counts_by_kind": row.counts_by_kind,
                "counts_by_field": row.counts_by_field,
                "counts_by_prefecture": row.counts_by_prefecture,
                "prefecture_code": main,
                "prefecture": names.get(main, ""),
                "centroid": [round(float(row.centroid_lon), 5), round(float(row.centroid_lat), 5)],
                "synthetic_members": synthetic_count(row.member_ids),
                "url": url_for("exploration.cluster", **params.query(id=int(row.cluster_id))),
            },
        })
    return {
        "type": "FeatureCollection",
        "parameters": params.query(),
        "total_clusters": int(len(clusters)),
        "clustered_organisations": int(clusters["size"].sum()) if len(clusters) else 0,
        "truncated": len(clusters) > limit,
        "method": _cluster_method(params, lang),
        "features": features,
        "data_version": list(version),
    }


@lru_cache(maxsize=1)
def _csv_backbone() -> Any:
    from geo.sinet import load_backbone_csv
    return load_backbone_csv(SEED_DIR / "sinet_nodes.csv", SEED_DIR / "sinet_links.csv")


def sinet_backbone() -> Any:
    """The SINET backbone: the collaboration module's current one, else the shipped model CSVs."""
    try:
        from hubs.collaboration.backbone import current_backbone
    except ImportError:
        return _csv_backbone()
    return current_backbone()


def _nearest_aist(orgs: pd.DataFrame, lon: float, lat: float, lang: str) -> dict[str, Any] | None:
    centres = orgs[(orgs["kind"] == "aist_centre") & ~orgs["synthetic"]]
    if centres.empty:
        centres = orgs[orgs["kind"] == "aist_centre"]
    if centres.empty:
        return None
    index, distance = nearest_sites([[lon, lat]], centres[["lon", "lat"]].to_numpy())
    centre = centres.iloc[int(index[0])]
    return {"id": int(centre["id"]), "name": _org_name(centre, lang), "synthetic": bool(centre["synthetic"]),
            "lon": float(centre["lon"]), "lat": float(centre["lat"]),
            "distance_km": round(float(distance[0]), 1), "url": url_for("web.organization", org_id=int(centre["id"]))}


def _sinet_access(lon: float, lat: float, prefecture_code: str | None, lang: str) -> dict[str, Any] | None:
    from geo.sinet import access_node
    backbone = sinet_backbone()
    access = access_node(backbone, lon, lat, prefecture_code)
    node = backbone.node(access.node)
    return {"code": node.code, "name": node.name_en if lang == "en" else node.name_ja, "city": node.city,
            "lon": node.lon, "lat": node.lat, "leg_km": round(access.leg_km, 1), "rule": access.rule,
            "capacity_gbps": node.capacity_gbps, "modelled": node.modelled, "source": node.source}


def _org_name(row: Any, lang: str) -> str:
    return (row["name_en"] or row["name_ja"]) if lang == "en" else (row["name_ja"] or row["name_en"])


def cluster_detail(params: ClusterParams, cluster_id: int, lang: str = "ja", member_limit: int = 500) -> dict[str, Any] | None:
    """One cluster: members by kind and field, nearest AIST centre, the SINET node serving it.

    The nearest AIST centre is the nearest real (non-synthetic) organisation of kind
    ``aist_centre`` to the centroid; the SINET node is :func:`geo.sinet.access_node` at the
    centroid, preferring the node of the prefecture holding most members. ``None`` if
    there is no cluster with this id for these parameters.
    """
    version, orgs, clusters = _detect(params)
    match = clusters[clusters["cluster_id"] == cluster_id]
    if match.empty:
        return None
    row = match.iloc[0]
    lon, lat = float(row["centroid_lon"]), float(row["centroid_lat"])
    main = _main_prefecture(row["counts_by_prefecture"])
    names = _pref_names(lang)
    members = orgs[orgs["id"].isin(row["member_ids"])].sort_values(["synthetic", "kind", "name_ja", "id"])
    shown = members.head(member_limit)
    return {
        "key": params.key(cluster_id),
        "parameters": params.query(),
        "cluster_id": cluster_id,
        "size": int(row["size"]),
        "centroid": [round(lon, 5), round(lat, 5)],
        "prefecture_code": main,
        "prefecture": names.get(main, ""),
        "geometry": _geometry_json(row["geometry"]),
        "by_kind": _labelled(row["counts_by_kind"], KINDS, lang),
        "by_field": _labelled(row["counts_by_field"], FIELDS, lang),
        "by_prefecture": [{"code": c, "name": names.get(c, c), "count": n}
                          for c, n in sorted(row["counts_by_prefecture"].items(), key=lambda kv: (-kv[1], kv[0]))],
        "synthetic_members": int(members["synthetic"].sum()),
        "nearest_aist_centre": _nearest_aist(orgs, lon, lat, lang),
        "sinet_node": _sinet_access(lon, lat, main, lang),
        "members": [{
            "id": int(m.id), "name": _org_name(m._asdict(), lang), "kind": m.kind, "kind_label": label(KINDS, m.kind, lang),
            "prefecture_code": m.prefecture_code, "prefecture": names.get(m.prefecture_code, ""),
            "fields": [f for f in m.fields.split(";") if f], "synthetic": bool(m.synthetic),
            "lon": float(m.lon), "lat": float(m.lat), "url": url_for("web.organization", org_id=int(m.id)),
        } for m in shown.itertuples(index=False)],
        "members_shown": int(len(shown)),
        "members_truncated": len(members) > len(shown),
        "data_version": list(version),
    }


# ------------------------------------------------------------------------- regions


def region_keys() -> list[str]:
    return list(REGIONS)


def regions_index(lang: str = "ja") -> dict[str, Any]:
    """The eight 産技連 regions with their prefectures and organisation counts."""
    version, orgs = _orgs(True)
    prefs = prefecture_table()
    per_pref = orgs.groupby("prefecture_code").size()
    out = []
    for key in REGIONS:
        codes = prefs.loc[prefs["region"] == key, "code"].tolist()
        out.append({"key": key, "name": label(REGIONS, key, lang), "prefectures": len(codes),
                    "organisations": int(per_pref.reindex(codes).fillna(0).sum()),
                    "url": url_for("exploration.region", key=key)})
    return {"regions": out}


def region_overview(key: str, include_synthetic: bool = True, lang: str = "ja") -> dict[str, Any] | None:
    """A coordinator's overview of one 産技連 region.

    What is there (organisations per prefecture by kind and field), which prefectures lack
    an innovation hub, a certified hub or any organisation in a field, and the largest
    clusters (default parameters) whose main prefecture lies in the region.
    """
    if key not in REGIONS:
        return None
    version, orgs = _orgs(include_synthetic)
    prefs = prefecture_table()
    prefs = prefs[prefs["region"] == key]
    codes = prefs["code"].tolist()
    names = _pref_names(lang)
    inside = orgs[orgs["prefecture_code"].isin(codes)]
    by_kind = prefecture_counts(inside, codes, by="kind", categories=list(KINDS))
    by_field = prefecture_counts(inside, codes, by="field", categories=list(FIELDS))
    certified = certified_ids()
    hubs = inside[inside["kind"] == "hub"].groupby("prefecture_code").size()
    certified_per = inside[inside["id"].isin(certified)].groupby("prefecture_code").size()
    prefectures = []
    for i, code in enumerate(codes):
        missing = [f for f in FIELDS if int(by_field.loc[i, f]) == 0]
        prefectures.append({
            "code": code, "name": names[code],
            "population": int(prefs["population_2020"].iloc[i] or 0),
            "total": int(by_kind.loc[i, "total"]),
            "by_kind": {k: int(by_kind.loc[i, k]) for k in KINDS},
            "hubs": int(hubs.get(code, 0)), "certified_hubs": int(certified_per.get(code, 0)),
            "fields_missing": [{"key": f, "label": label(FIELDS, f, lang)} for f in missing],
        })
    params = ClusterParams(synthetic="include" if include_synthetic else "exclude")
    clusters = find_clusters(params, lang, limit=MAX_CLUSTERS)["features"]
    largest = [c["properties"] for c in clusters if c["properties"]["prefecture_code"] in codes][:5]
    return {
        "key": key, "name": label(REGIONS, key, lang),
        "totals": {"organisations": int(len(inside)), "synthetic": int(inside["synthetic"].sum()),
                   "by_kind": _labelled({k: int(by_kind[k].sum()) for k in KINDS}, KINDS, lang),
                   "by_field": _labelled({f: int(by_field[f].sum()) for f in FIELDS}, FIELDS, lang)},
        "prefectures": prefectures,
        "lacking_hub": [p["code"] for p in prefectures if p["hubs"] == 0],
        "lacking_certified_hub": [p["code"] for p in prefectures if p["certified_hubs"] == 0],
        "fields_absent_in_region": [{"key": f, "label": label(FIELDS, f, lang)} for f in FIELDS
                                    if int(by_field[f].sum()) == 0],
        "largest_clusters": largest,
        "cluster_parameters": params.query(),
        "data_version": list(version),
    }


# ---------------------------------------------------------------- innovation areas


@lru_cache(maxsize=4)
def _area_features(path: str, mtime: float) -> tuple[dict[str, Any], ...]:
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(collection["features"])


def innovation_areas(include_synthetic: bool = True, lang: str = "ja", path: Path = AREAS_FILE) -> dict[str, Any]:
    """The named innovation areas (modelled polygons) with what lies inside each.

    Statistics per area: organisations inside (edges included) by kind and field, how many
    work in the area's focus fields, synthetic ones, area in km² (equal-area projection)
    and organisations per km².
    """
    version, orgs = _orgs(include_synthetic)
    lon, lat = orgs["lon"].to_numpy(), orgs["lat"].to_numpy()
    features = []
    for feature in _area_features(str(path), path.stat().st_mtime):
        props = feature["properties"]
        geom = shapely.from_geojson(json.dumps(feature["geometry"]))
        shapely.prepare(geom)
        inside_mask = shapely.intersects_xy(geom, lon, lat) if len(orgs) else np.zeros(0, bool)
        inside = orgs[inside_mask]
        by_kind = inside["kind"].value_counts().to_dict()
        field_lists = inside["fields"].str.split(";")
        by_field = field_lists.explode().loc[lambda s: s != ""].value_counts().to_dict() if len(inside) else {}
        focus = props.get("focus_fields", [])
        area = area_km2(geom)
        features.append({
            "type": "Feature", "id": props["key"], "geometry": _geometry_json(geom),
            "properties": {
                **props,
                "name": props["name_en"] if lang == "en" else props["name_ja"],
                "source": props["source"] if lang == "en" else props["source_ja"],
                "precision": props["precision"] if lang == "en" else props["precision_ja"],
                "focus_field_labels": [label(FIELDS, f, lang) for f in focus],
                "stats": {
                    "organisations": int(len(inside)),
                    "synthetic": int(inside["synthetic"].sum()),
                    "by_kind": _labelled({k: int(v) for k, v in by_kind.items()}, KINDS, lang),
                    "by_field": _labelled({k: int(v) for k, v in by_field.items()}, FIELDS, lang),
                    "in_focus_fields": int(field_lists.map(lambda names, focus=focus: any(f in names for f in focus)).sum())
                    if len(inside) else 0,
                    "area_km2": round(area, 1),
                    "per_km2": round(len(inside) / area, 4) if area else None,
                },
            },
        })
    return {"type": "FeatureCollection", "features": features, "data_version": list(version)}


# ------------------------------------------------------------------------ overview


def explore_overview(lang: str = "ja") -> dict[str, Any]:
    """What ``/explore`` offers: measures, totals, defaults and the APIs it reads."""
    version, orgs = _orgs(True)
    return {
        "organisations": int(len(orgs)),
        "synthetic": int(orgs["synthetic"].sum()),
        "measures": measures(lang),
        "cluster_defaults": ClusterParams().query(),
        "regions": regions_index(lang)["regions"],
        "api": {
            "prefectures": url_for("api.prefectures"),
            "choropleth": url_for("exploration_api.choropleth"),
            "specialisation": url_for("exploration_api.specialisation_view"),
            "clusters": url_for("exploration_api.clusters"),
            "areas": url_for("exploration_api.areas"),
        },
        "data_version": list(version),
    }
