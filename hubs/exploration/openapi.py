"""The OpenAPI description of the exploration endpoints, merged by :mod:`hubs.core.openapi`."""
from __future__ import annotations

from typing import Any

from hubs.organizations.vocabulary import FIELDS, KINDS, REGIONS


def exploration_paths() -> tuple[dict[str, Any], dict[str, Any]]:
    """Paths and schemas of ``/api/v1/explore``, ``/choropleth``, ``/specialisation``,
    ``/clusters``, ``/clusters/view``, ``/regions`` and ``/areas``."""
    error = {"description": "A parameter is malformed (names it)", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    not_found = {"description": "Not found", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}

    def query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": False, "description": description,
                "schema": schema or {"type": "string"}}

    synthetic = query("synthetic", "Count synthetic load-test organisations (default include)",
                      {"type": "string", "enum": ["include", "exclude"]})
    csv_format = query("format", "json (default) or csv (UTF-8 with BOM)", {"type": "string", "enum": ["json", "csv"]})
    cluster_params = [
        query("radius_km", "Linking distance in km, 0 < r ≤ 50 (default 5)", {"type": "number"}),
        query("min_size", "Smallest cluster, 2..100000 (default 5)", {"type": "integer"}),
        {**query("kind", "Kinds counted, comma-separated"), "x-allowed-values": list(KINDS)},
        {**query("field", "Fields counted, comma-separated"), "x-allowed-values": list(FIELDS)},
        synthetic,
    ]
    measures = ["total", "per_100k", "hubs", *(f"kind:{k}" for k in KINDS), *(f"field:{f}" for f in FIELDS)]
    json_ok = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
    geojson_ok = {"description": "GeoJSON FeatureCollection (EPSG:4326)", "content": {
        "application/geo+json": {"schema": {"$ref": "#/components/schemas/ClusterCollection"}}}}
    paths = {
        "/api/v1/explore": {"get": {"summary": "What /explore offers: measures, totals, cluster defaults, regions",
                                    "responses": {"200": json_ok}}},
        "/api/v1/choropleth": {"get": {
            "summary": "One value per prefecture for a measure, with classes and colours (or CSV)",
            "parameters": [query("measure", "What to count", {"type": "string", "enum": measures}), synthetic, csv_format],
            "responses": {"200": {"description": "Values", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Choropleth"}},
                "text/csv": {"schema": {"type": "string"}}}}, "400": error}}},
        "/api/v1/specialisation": {"get": {
            "summary": "Location quotients (特化係数) per prefecture and field with a strong-cluster flag",
            "parameters": [{**query("field", "Fields, comma-separated"), "x-allowed-values": list(FIELDS)},
                           query("prefecture", "Prefecture codes 01..47, comma-separated"),
                           query("strong", "1: strong clusters only", {"type": "string", "enum": ["0", "1"]}),
                           synthetic, csv_format],
            "responses": {"200": {"description": "Ranking", "content": {
                "application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}}}},
                "400": error}}},
        "/api/v1/clusters": {"get": {"summary": "Clusters of organisations as hull polygons",
                                     "parameters": cluster_params, "responses": {"200": geojson_ok, "400": error}}},
        "/api/v1/clusters/view": {"get": {
            "summary": "One cluster: members by kind and field, nearest AIST centre, serving SINET node",
            "parameters": [*cluster_params, {"name": "id", "in": "query", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": json_ok, "400": error, "404": not_found}}},
        "/api/v1/regions": {"get": {"summary": "The eight 産技連 regions", "responses": {"200": json_ok}}},
        "/api/v1/regions/{key}": {"get": {
            "summary": "A coordinator's overview of one region",
            "parameters": [{"name": "key", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": list(REGIONS)}}, synthetic],
            "responses": {"200": json_ok, "404": not_found}}},
        "/api/v1/areas": {"get": {"summary": "Innovation areas (modelled polygons) with statistics of what lies inside",
                                  "parameters": [synthetic],
                                  "responses": {"200": {"description": "GeoJSON FeatureCollection", "content": {
                                      "application/geo+json": {"schema": {"type": "object"}}}}}}},
    }
    schemas = {
        "Choropleth": {"type": "object", "required": ["measure", "classes", "prefectures"], "properties": {
            "measure": {"type": "string"}, "label": {"type": "string"}, "counts": {"type": "string"},
            "unit": {"type": "string"}, "total": {"type": "integer"}, "synthetic": {"type": "integer"},
            "classes": {"type": "array", "items": {"type": "object", "properties": {
                "lower": {"type": "number"}, "upper": {"type": "number"}, "colour": {"type": "string"}}}},
            "prefectures": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string"}, "name": {"type": "string"}, "value": {"type": "number"},
                "count": {"type": "integer"}, "population": {"type": ["integer", "null"]},
                "colour": {"type": "string"}}}}}},
        "ClusterCollection": {"type": "object", "required": ["type", "features"], "properties": {
            "type": {"const": "FeatureCollection"}, "total_clusters": {"type": "integer"},
            "features": {"type": "array", "items": {"type": "object"}}}},
    }
    return paths, schemas
