"""OpenAPI 3.1 description of the collaboration endpoints, merged by :mod:`hubs.core.openapi`."""
from __future__ import annotations

from typing import Any

from geo.sinet import CODES
from hubs.organizations.vocabulary import FIELDS, KINDS, SINET_STATES


def _error(text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _id(name: str, text: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": True, "description": text,
            "schema": {"type": "integer", "minimum": 1}}


def collaboration_paths() -> tuple[dict[str, Any], dict[str, Any]]:
    """``(paths, schemas)`` for the SINET backbone, paths and partner endpoints."""
    geojson = "application/geo+json"
    layer = {"description": "GeoJSON FeatureCollection in EPSG:4326 lon/lat",
             "content": {geojson: {"schema": {"$ref": "#/components/schemas/SinetLayer"}}}}
    paths = {
        "/api/v1/sinet/nodes": {"get": {
            "summary": "SINET nodes (data centres) as GeoJSON Points; the backbone is a model",
            "responses": {"200": layer}}},
        "/api/v1/sinet/links": {"get": {
            "summary": "SINET backbone links as GeoJSON LineStrings (straight lines; a model)",
            "responses": {"200": layer}}},
        "/api/v1/sinet/organizations": {"get": {
            "summary": "Organisations whose name contains q, for search boxes",
            "parameters": [
                {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200}},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 50}}],
            "responses": {"200": {"description": "Matches", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"organizations": {"type": "array"}}}}}},
                "400": _error("Bad parameter")}}},
        "/api/v1/paths": {"get": {
            "summary": "The SINET path between two organisations: access leg, backbone hops, access leg",
            "description": "latency_ms = 0.005 ms per fibre km (great-circle x 1.3 route factor) + 0.05 ms per "
                           "SINET node passed. status is ok or off_network (geometry null, message says why). "
                           "message and backup_reason are text in the request's language; message_codes and "
                           "backup_reason_code carry the same as codes with parameters.",
            "parameters": [_id("from", "Organisation id"), _id("to", "Organisation id")],
            "responses": {
                "200": {"description": "GeoJSON Feature", "content": {
                    geojson: {"schema": {"$ref": "#/components/schemas/SinetPath"}}}},
                "400": _error("Missing or malformed id"),
                "404": _error("No organisation with that id")}}},
        "/api/v1/partners": {"get": {
            "summary": "Partner candidates ranked by field match, SINET latency and distance, with reasons",
            "parameters": [
                _id("org", "The organisation looking for partners"),
                {"name": "field", "in": "query", "required": False, "schema": {"type": "string", "enum": list(FIELDS)}},
                {"name": "kind", "in": "query", "required": False, "description": "Kinds, comma-separated",
                 "schema": {"type": "string"}},
                {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200}},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]}},
            ],
            "responses": {
                "200": {"description": "Ranked candidates", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/PartnerResult"}},
                    "text/csv": {"schema": {"type": "string", "description": "UTF-8 with BOM"}}}},
                "400": _error("Bad parameter"),
                "404": _error("No organisation with that id")}}},
    }
    number_or_null = {"type": ["number", "null"]}
    message = {"$ref": "#/components/schemas/SinetMessage"}
    schemas = {
        "SinetMessage": {
            "type": "object", "required": ["code", "params", "text"],
            "description": "A reason or summary of the SINET engine: a code with its parameters (field keys, "
                           "node codes, organisation ids, figures) for programs, and the text for people.",
            "properties": {"code": {"type": "string", "enum": sorted(CODES)}, "params": {"type": "object"},
                           "text": {"type": "string"}}},
        "SinetLayer": {"type": "object", "required": ["type", "features", "modelled"], "properties": {
            "type": {"const": "FeatureCollection"}, "modelled": {"type": "boolean"}, "notice": {"type": "string"},
            "features": {"type": "array", "items": {"type": "object", "required": ["type", "geometry", "properties"],
                                                    "properties": {"properties": {"type": "object",
                                                                                  "required": ["modelled", "source"]}}}}}},
        "SinetPath": {"type": "object", "required": ["type", "geometry", "properties"], "properties": {
            "type": {"const": "Feature"},
            "geometry": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["type", "coordinates"],
                                                      "properties": {"type": {"const": "LineString"}}}]},
            "properties": {"type": "object", "required": [
                "status", "message", "latency_ms", "distance_km", "hops", "hop_count", "bottleneck_gbps", "backup",
                "modelled"], "properties": {
                "status": {"type": "string", "enum": ["ok", "off_network"]},
                "message": {"type": "string"},
                "message_codes": {"type": "array", "items": message},
                "latency_ms": number_or_null, "distance_km": number_or_null, "bottleneck_gbps": number_or_null,
                "hops": {"type": "array", "items": {"type": "string"}, "description": "SINET node codes in order"},
                "hop_count": {"type": ["integer", "null"]},
                "backup": {"type": ["object", "null"]},
                "backup_reason": {"type": ["string", "null"]},
                "backup_reason_code": {"oneOf": [{"type": "null"}, message]},
                "modelled": {"type": "boolean"}}}}},
        "PartnerResult": {"type": "object", "required": ["origin", "candidates", "modelled"], "properties": {
            "origin": {"type": "object"}, "modelled": {"type": "boolean"}, "count": {"type": "integer"},
            "candidates": {"type": "array", "items": {"type": "object", "required": ["rank", "id", "reasons"],
                                                      "properties": {
                "rank": {"type": "integer"}, "id": {"type": "integer"}, "kind": {"type": "string", "enum": list(KINDS)},
                "sinet_connected": {"type": "string", "enum": list(SINET_STATES)},
                "reasons": {"type": "array", "items": {"type": "string"}},
                "reason_codes": {"type": "array", "items": message}}}},
            "nearest_public_lab": {"type": ["object", "null"]}}},
    }
    return paths, schemas
