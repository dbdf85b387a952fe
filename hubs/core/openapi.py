"""The OpenAPI 3 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""
from __future__ import annotations

from typing import Any

from hubs.organizations.vocabulary import FIELDS, KINDS, LOCATION_PRECISIONS, PREFECTURE_CODES, REGIONS, SINET_STATES


def _csv_enum(name: str, values, description: str) -> dict[str, Any]:
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
    return _common_responses(_document())


def _common_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Answers any operation can give: 401 where a token is needed; 413 and 429 on writes;
    404 or 405 for an id out of range (werkzeug answers 405 when another method's route
    has the same shape)."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if "{" in path:
                responses.setdefault("404", _error())
                responses.setdefault("405", _error())
            if operation.get("security"):
                responses.setdefault("401", _error())
            if method in ("post", "put", "patch", "delete"):
                responses.setdefault("413", _error())
                responses.setdefault("429", _error())
    return document


def _document() -> dict[str, Any]:
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
        "certification_tier": {"type": ["string", "null"], "description": "Tier of a hub certified today"},
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
    return _merge_exploration(_merge_collaboration(_merge_certification({
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
    })))


def _merge_exploration(document: dict[str, Any]) -> dict[str, Any]:
    """Add the exploration endpoints (:mod:`hubs.exploration.openapi`)."""
    from hubs.exploration.openapi import exploration_paths

    paths, schemas = exploration_paths()
    document["paths"].update(paths)
    document["components"]["schemas"].update(schemas)
    return document


def _merge_collaboration(document: dict[str, Any]) -> dict[str, Any]:
    """Add the SINET backbone, paths and partner endpoints (:mod:`hubs.collaboration.openapi`)."""
    from hubs.collaboration.openapi import collaboration_paths

    paths, schemas = collaboration_paths()
    document["paths"].update(paths)
    document["components"]["schemas"].update(schemas)
    return document


def _merge_certification(document: dict[str, Any]) -> dict[str, Any]:
    """Add the accounts and certification endpoints (:func:`certification_paths`)."""
    paths, schemas = certification_paths()
    document["paths"].update(paths)
    document["components"]["schemas"].update(schemas)
    document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    return document


def certification_paths() -> tuple[dict[str, Any], dict[str, Any]]:
    """Paths and schemas of ``/api/v1/auth``, ``/criteria``, ``/applications``, ``/certifications``."""
    def body(ref: str) -> dict[str, Any]:
        return {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}

    def ok(ref: str, text: str = "OK") -> dict[str, Any]:
        return {"description": text, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}

    invalid = {"description": "Invalid input; nothing saved", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/InvalidInput"}}}}
    app_id = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    secured = [{"bearer": []}]
    any_object = {"type": "object"}
    paths = {
        "/api/v1/auth/register": {"post": {"summary": "Register an applicant account", "requestBody": body("Credentials"),
                                           "responses": {"201": ok("Account", "Created"), "400": invalid, "422": invalid}}},
        "/api/v1/auth/token": {"post": {"summary": "Exchange email and password for a bearer token",
                                        "requestBody": body("Credentials"),
                                        "responses": {"200": ok("Token"), "401": _error(), "429": _error()}}},
        "/api/v1/criteria": {"get": {"summary": "The current certification criteria as published",
                                     "parameters": [{"name": "version", "in": "query", "required": False,
                                                     "schema": {"type": "string"}}],
                                     "responses": {"200": ok("Criteria"), "404": _error()}}},
        "/api/v1/criteria/schema": {"get": {"summary": "The JSON Schema of a criteria document", "responses": {
            "200": {"description": "JSON Schema, draft 2020-12", "content": {"application/json": {"schema": any_object}}}}}},
        "/api/v1/criteria/score": {"post": {"summary": "Score values without saving (preview)",
                                            "requestBody": body("ScoreRequest"),
                                            "responses": {"200": ok("Score"), "400": invalid, "422": invalid}}},
        "/api/v1/applications": {
            "get": {"summary": "Your applications", "security": secured,
                    "responses": {"200": {"description": "Applications", "content": {"application/json": {
                        "schema": {"type": "object", "properties": {"applications": {
                            "type": "array", "items": {"$ref": "#/components/schemas/Application"}}}}}}},
                        "401": _error()}},
            "post": {"summary": "Create a draft application", "security": secured, "requestBody": body("ApplicationInput"),
                     "responses": {"201": ok("Application", "Created"), "400": invalid, "401": _error(), "422": invalid}},
        },
        "/api/v1/applications/{id}": {
            "get": {"summary": "One application", "security": secured, "parameters": app_id,
                    "responses": {"200": ok("Application"), "401": _error(), "404": _error()}},
            "put": {"summary": "Change a draft (409 once submitted)", "security": secured, "parameters": app_id,
                    "requestBody": body("ApplicationInput"),
                    "responses": {"200": ok("Application"), "404": _error(), "409": _error(), "422": invalid}},
        },
        "/api/v1/applications/{id}/submit": {"post": {
            "summary": "Submit: freezes the current revision", "security": secured, "parameters": app_id,
            "responses": {"200": ok("Application"), "404": _error(), "409": _error(), "422": invalid}}},
        "/api/v1/applications/{id}/score": {"get": {
            "summary": "Score, breakdown, percentile and advice", "security": secured, "parameters": app_id,
            "responses": {"200": ok("Score"), "404": _error()}}},
        "/api/v1/applications/{id}/decision": {"post": {
            "summary": "Coordinators: certify (with tier), return or reject", "security": secured,
            "parameters": app_id, "requestBody": body("Decision"),
            "responses": {"200": ok("Application"), "403": _error(), "404": _error(), "409": _error(), "422": invalid}}},
        "/api/v1/certifications": {"get": {"summary": "Hubs certified today (tier and period, no scores)",
                                           "responses": {"200": {"description": "Certifications"}}}},
        "/api/v1/organizations/{id}/certifications": {"get": {
            "summary": "One hub's certification history", "parameters": app_id,
            "responses": {"200": {"description": "Certifications"}, "404": _error()}}},
    }
    schemas = {
        "Credentials": {"type": "object", "required": ["email", "password"], "properties": {
            "email": {"type": "string", "maxLength": 254}, "password": {"type": "string", "minLength": 10, "maxLength": 128}}},
        "Account": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"},
                                                     "role": {"type": "string"}}},
        "Token": {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"},
                                                                          "token_type": {"const": "Bearer"}}},
        "Criteria": any_object,
        "ScoreRequest": {"type": "object", "required": ["track"], "properties": {
            "track": {"type": "string"}, "values": {"type": "object", "additionalProperties": {"type": ["number", "string", "null"]}}}},
        "Score": {"type": "object", "required": ["total", "maximum", "percent", "tier"], "properties": {
            "total": {"type": "number"}, "maximum": {"type": "number"}, "percent": {"type": "number"},
            "tier": {"type": "string"}, "viewpoints": {"type": "array"}, "indicators": {"type": "array"},
            "minimums": any_object, "next_tier": {"type": ["string", "null"]}, "gap_points": {"type": "number"},
            "improvements": {"type": "array"}, "percentile": {"type": ["number", "null"]}}},
        "ApplicationInput": {"type": "object", "properties": {
            "hub_id": {"type": "integer"},
            "hub": {"type": "object", "properties": {"name_ja": {"type": "string", "maxLength": 200},
                                                     "name_en": {"type": "string", "maxLength": 200},
                                                     "university_id": {"type": "integer"},
                                                     "prefecture_code": {"type": "string"}}},
            "track": {"type": "string"},
            "values": {"type": "object", "additionalProperties": {"type": ["number", "string", "null"]}}}},
        "Application": {"type": "object", "required": ["id", "status", "track", "values"], "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["draft", "submitted", "returned", "certified", "rejected"]},
            "track": {"type": "string"}, "criteria_version": {"type": "string"}, "hub": any_object,
            "revision": {"type": "integer"}, "values": any_object, "revisions": {"type": "array"},
            "reviews": {"type": "array"}, "certifications": {"type": "array"}}},
        "Decision": {"type": "object", "required": ["decision"], "properties": {
            "decision": {"type": "string", "enum": ["certify", "return", "reject"]},
            "comment": {"type": "string", "maxLength": 5000}, "tier": {"type": "string"},
            "rubric_scores": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 4}}}},
        "InvalidInput": {"type": "object", "required": ["error", "errors"], "properties": {
            "error": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string"}, "message": {"type": "string"},
                "message_ja": {"type": "string"}, "message_en": {"type": "string"}}}}}}},
    }
    return paths, schemas
