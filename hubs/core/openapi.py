"""The API contract, declared once per endpoint and assembled into one OpenAPI 3.1 document.

A feature's API view is decorated with :func:`endpoint`: its query and body models (pydantic,
see :mod:`hubs.core.params`) parse the request and answer 400/422 with field-level messages;
its response models and status codes, with spectree, write the document served at
``/api/v1/openapi.json``. spectree writes JSON for every answer; :func:`openapi_document`
then says what is really sent: RFC 9457 ``application/problem+json`` for every error,
GeoJSON or CSV where an endpoint declares it, and the bounds of path ids.

Why spectree: it documents plain Flask views and blueprints from pydantic models with a
decorator, so the views, blueprints and error handling stay as they are; pydantic (which it
builds on) does the parsing with the same models.
"""
from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request, url_for
from flask import Response as FlaskResponse
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, Field
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.plugins.flask_plugin import FlaskPlugin

from hubs.core.errors import PROBLEM_JSON
from hubs.core.params import PAGE_LIMIT_MARK, BodyModel, PageQuery, QueryModel, page_limits, parse_body, parse_query
from hubs.core.registry import hooks
from hubs.core.routing import MAX_ID

API_PREFIX = "/api/v1"


class FieldProblem(BaseModel):
    field: str
    code: str
    message: str
    message_ja: str
    message_en: str


class Problem(BaseModel):
    """RFC 9457 problem details, with the portal's own members as extensions."""

    type: str = Field(description="about:blank: the status code says what happened")
    title: str
    status: int
    detail: str = Field(description="What went wrong, in the reader's language")
    error: str = Field(description="A stable code: bad_parameter, invalid, not_found, conflict, ...")
    message: str = Field(description="The same as detail (kept for older clients)")
    parameter: str | None = Field(None, description="The first bad parameter, on 400")
    errors: dict[str, list[FieldProblem]] | None = Field(None, description="Problems by field")


class _Documenting(FlaskPlugin):
    """spectree for the document only: :func:`endpoint` parses the request itself, and answers
    (cached GeoJSON, gzip, CSV) are sent as built, never re-validated on the way out."""

    def validate_response(self, resp: Any, resp_model: Any, skip_validation: bool,
                          force_resp_serialize: bool) -> Any:
        if isinstance(resp, FlaskResponse):
            # As built: spectree would read the body to rebuild it, which a file or stream must not.
            return resp, None
        return super().validate_response(resp, None, True, False)


spec = SpecTree(
    "flask", backend=_Documenting, mode="strict", annotations=False, page_templates={},
    # spectree skips routes under its own ``path``; the document is served by init_app instead.
    title="Innovation Hub Atlas API", version="1", path="_spectree",
    description=("Japan's regional innovation network: AIST bases, public test labs, universities, "
                 "certified hubs, the SINET backbone (modelled). Coordinates are EPSG:4326 lon/lat. "
                 "Errors are RFC 9457 problem details. Labels follow `lang` (ja, en) or Accept-Language."),
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))],
)

#: operationId → {status: {media type: schema or model}}: what spectree's JSON stands in for.
_MEDIA: dict[str, dict[int, dict[str, Any]]] = {}
_DESCRIPTIONS = {304: "Not modified (the client's copy, named by If-None-Match, is current)"}
#: operationIds of the endpoints that answer in pages (their query is a PageQuery).
_PAGED: set[str] = set()
_LINK = {"description": 'RFC 8288 `<URL of the next page>; rel="next"`; absent on the last page',
         "schema": {"type": "string"}}


def endpoint(operation_id: str, *, query: type[QueryModel] | None = None, body: type[BodyModel] | None = None,
             responses: Mapping[int, Any] | None = None, media: Mapping[int, Mapping[str, Any]] | None = None,
             errors: tuple[int, ...] = (), secured: bool = False, tags: tuple[str, ...] = (),
             body_after_checks: bool = False, form: type[BaseModel] | None = None) -> Callable[..., Any]:
    """Declare an API view: parameters, body, answers; parse the request with them.

    The view receives ``query=`` and/or ``body=`` (the parsed models) as keyword arguments.
    ``responses`` maps each success status to its model (``None``: no body); ``errors`` lists
    every error status the view itself may answer (400 comes with a query, 422 with a body,
    401 with ``secured``). ``media`` replaces the JSON of a status by other media types.
    ``body_after_checks``: the view reads its body itself (``Model.from_request()``) once it has
    checked access, so that a stranger learns nothing from a 422 before the 403 or 404.
    ``form`` documents a ``multipart/form-data`` body (a file upload); the view reads it itself.
    """
    statuses: dict[int, Any] = dict(responses or {200: None})
    wanted_errors = set(errors)
    if query is not None:
        wanted_errors.add(400)
    if body is not None or form is not None:
        wanted_errors.update((400, 422))
    if secured:
        wanted_errors.add(401)
    statuses.update(dict.fromkeys(wanted_errors, Problem))
    if media:
        _MEDIA[operation_id] = {status: dict(types) for status, types in media.items()}
    if query is not None and issubclass(query, PageQuery):
        _PAGED.add(operation_id)

    def decorate(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def parsed(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            if query is not None:
                kwargs["query"] = parse_query(query, request.args)
            if body is not None and not body_after_checks:
                kwargs["body"] = parse_body(body, request.get_json(silent=True))
            return view(*args, **kwargs)

        resp = Response(*(f"HTTP_{s}" for s, m in statuses.items() if m is None),
                        **{f"HTTP_{s}": m for s, m in statuses.items() if m is not None})
        return spec.validate(query=query, json=body, form=form, resp=resp, tags=tags, operation_id=operation_id,
                             security=[{"bearer": []}] if secured else None, skip_validation=True)(parsed)

    return decorate


def _schema_of(value: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, type) and issubclass(value, BaseModel):
        schema = value.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        schemas.setdefault(value.__name__, schema)
        return {"$ref": f"#/components/schemas/{value.__name__}"}
    return dict(value or {})


def _finish(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if schema.pop(PAGE_LIMIT_MARK, None):  # a page's size: this app's configured bounds
                    default, largest = page_limits()
                    schema = parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": largest,
                                                    "default": default}
                if parameter.get("in") == "path" and schema.get("type") == "integer":
                    schema.setdefault("minimum", 1)
                    schema.setdefault("maximum", MAX_ID)
                    schema.pop("format", None)
                if parameter.get("in") == "query" and (schema.get("type") == "array" or "anyOf" in schema):
                    parameter.setdefault("style", "form")
                    parameter.setdefault("explode", True)
            if not operation.get("description"):
                operation.pop("description", None)
            if not operation.get("tags"):
                operation.pop("tags", None)
            if operation.get("security") == []:
                operation.pop("security")
            # spectree adds its own validation-error answer to every operation; ours are Problems.
            operation["responses"] = {status: response for status, response in operation["responses"].items()
                                      if "ValidationError" not in str(response.get("content", ""))}
            for status, response in operation["responses"].items():
                code = int(status)
                if code == 200 and operation.get("operationId") in _PAGED:
                    response.setdefault("headers", {})["Link"] = _LINK
                if code in _DESCRIPTIONS:
                    response["description"] = _DESCRIPTIONS[code]
                content = response.get("content")
                if code >= 400 and content:
                    response["content"] = {PROBLEM_JSON: content.pop("application/json")}
                replaced = _MEDIA.get(operation.get("operationId", ""), {}).get(code)
                if replaced is not None:
                    response["content"] = {
                        media_type: ({"schema": _schema_of(model, schemas)} if model is not None else {})
                        for media_type, model in replaced.items()}
    schemas.pop("ValidationError", None)
    schemas.pop("ValidationErrorElement", None)
    if not document.get("tags"):
        document.pop("tags", None)
    if not document.get("security"):
        document.pop("security", None)
    return document


def openapi_document() -> dict[str, Any]:
    """The whole API as an OpenAPI 3.1 document (built once per process)."""
    cached = current_app.extensions.get("atlas.openapi")
    if cached is None:
        cached = _finish(copy.deepcopy(spec.spec))
        for extend in hooks("openapi.document"):
            extend(cached)
        current_app.extensions["atlas.openapi"] = cached
    return cached


def init_app(app: Flask) -> None:
    """Serve ``/api/v1/openapi.json`` (spectree reads the routes of the current app) and
    ``/api-docs``, the page people read it on (Swagger UI, served by the app: see
    :mod:`hubs.core.assets`)."""

    @app.get(f"{API_PREFIX}/openapi.json", endpoint="openapi_json")
    def openapi_json() -> ResponseReturnValue:
        return jsonify(openapi_document())

    @app.get("/api-docs", endpoint="api_docs")
    def api_docs() -> ResponseReturnValue:
        """The API for people: every operation, its parameters and answers, tried in the page."""
        return render_template("api_docs.html", document_url=url_for("openapi_json"),
                               operations=sum(len(item) for item in openapi_document()["paths"].values()))
