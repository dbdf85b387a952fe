"""The OpenAPI 3 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""
from __future__ import annotations

from typing import Any

from hubs.vocabulary import FIELDS, KINDS, LOCATION_PRECISIONS, PREFECTURE_CODES, REGIONS, SINET_STATES


def _csv_enum(name: str, values, description: str) -> dict[str, Any]:  # noqa: ANN001
    return {
        "name": name, "in": "query", "required": False, "description": description,
        "schema": {"type": "string", "pattern": r"^[a-z_]+(,[a-z_]+)*$"},
        "x-allowed-values": list(values),
    }


def _error() -> dict[str, Any]:
    return {
        "description": "Error with a message",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document() -> dict[str, Any]:
    """The document; built from the same vocabularies the API validates against."""
    organization_properties = {
        "id": {"type": "integer"},
        "key": {"type": ["string", "null"]},
        "kind": {"type": "string", "enum": list(KINDS)},
        "kind_label": {"type": "string"},
        "name_ja": {"type": "string"},
        "name_en": {"type": "string"},
        "name": {"type": "string"},
        "prefecture_code": {"type": "string", "enum": list(PREFECTURE_CODES)},
        "prefecture": {"type": "string"},
        "region": {"type": "string", "enum": list(REGIONS)},
        "city": {"type": "string"},
        "address": {"type": "string"},
        "fields": {"type": "array", "items": {"type": "string", "enum": list(FIELDS)}},
        "sinet_connected": {"type": "string", "enum": list(SINET_STATES)},
        "website": {"type": "string"},
        "parent_id": {"type": ["integer", "null"]},
        "ror_id": {"type": "string"},
        "corporate_number": {"type": "string"},
        "source": {"type": "string"},
        "location_precision": {"type": "string", "enum": list(LOCATION_PRECISIONS)},
        "synthetic": {"type": "boolean"},
        "hub_track": {"type": "string"},
        "selected_on": {"type": "string"},
        "url": {"type": "string"},
    }
    filters = [
        _csv_enum("kind", KINDS, "Organisation kinds, comma-separated"),
        {"name": "prefecture", "in": "query", "required": False,
         "description": "JIS X 0401 prefecture codes 01..47, comma-separated",
         "schema": {"type": "string", "pattern": r"^\d{1,2}(,\d{1,2})*$"}},
        _csv_enum("region", REGIONS, "産技連 regions, comma-separated"),
        _csv_enum("field", FIELDS, "Research fields, comma-separated"),
        _csv_enum("sinet", SINET_STATES, "SINET connection states, comma-separated"),
        {"name": "q", "in": "query", "required": False, "description": "Text in name, city or address",
         "schema": {"type": "string", "maxLength": 200}},
        {"name": "bbox", "in": "query", "required": False,
         "description": "minlon,minlat,maxlon,maxlat in EPSG:4326, edges inclusive",
         "schema": {"type": "string"}},
        {"name": "synthetic", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["include", "exclude"]}},
        {"name": "format", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["geojson", "csv"]}},
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Innovation Hub Atlas API",
            "version": "1",
            "description": "Japan's regional innovation network: AIST bases, public test labs, "
                           "universities and certified hubs. Coordinates are EPSG:4326 lon/lat.",
        },
        "paths": {
            "/api/v1/organizations": {"get": {
                "summary": "Organisations as a GeoJSON FeatureCollection (or CSV)",
                "parameters": filters,
                "responses": {
                    "200": {"description": "Matching organisations", "content": {
                        "application/geo+json": {"schema": {"$ref": "#/components/schemas/OrganizationCollection"}},
                        "text/csv": {"schema": {"type": "string"}},
                    }},
                    "400": _error(),
                },
            }},
            "/api/v1/organizations/{id}": {"get": {
                "summary": "One organisation as a GeoJSON Feature",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The organisation", "content": {
                        "application/geo+json": {"schema": {"$ref": "#/components/schemas/Organization"}}}},
                    "404": _error(),
                },
            }},
            "/api/v1/prefectures": {"get": {
                "summary": "The 47 prefecture boundaries with organisation counts per kind",
                "responses": {"200": {"description": "Prefectures", "content": {
                    "application/geo+json": {"schema": {"$ref": "#/components/schemas/PrefectureCollection"}}}}},
            }},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {
                "error": {"type": "string"}, "message": {"type": "string"}, "parameter": {"type": "string"}}},
            "Point": {"type": "object", "required": ["type", "coordinates"], "properties": {
                "type": {"const": "Point"},
                "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}}},
            "Organization": {"type": "object", "required": ["type", "geometry", "properties"], "properties": {
                "type": {"const": "Feature"}, "id": {"type": "integer"},
                "geometry": {"$ref": "#/components/schemas/Point"},
                "properties": {"type": "object", "required": list(organization_properties),
                               "properties": organization_properties}}},
            "OrganizationCollection": {"type": "object", "required": ["type", "features"], "properties": {
                "type": {"const": "FeatureCollection"},
                "features": {"type": "array", "items": {"$ref": "#/components/schemas/Organization"}}}},
            "PrefectureCollection": {"type": "object", "required": ["type", "features"], "properties": {
                "type": {"const": "FeatureCollection"}, "features": {"type": "array", "items": {
                    "type": "object", "required": ["type", "id", "geometry", "properties"]}}}},
        }},
    }
