"""Errors: JSON for API clients, a plain page for people, and nothing leaked from inside."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException


class ParameterError(ValueError):
    """A request parameter is malformed; answered with 400 naming the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


def wants_json() -> bool:
    """Whether the client is an API client rather than a browser page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _parameter_error(error: ParameterError) -> ResponseReturnValue:
    if wants_json():
        return jsonify(error="bad_parameter", parameter=error.parameter, message=error.message), 400
    return render_template("error.html", code=400, message=str(error)), 400


def _http_error(error: HTTPException) -> ResponseReturnValue:
    if wants_json():
        return jsonify(error=error.name.lower().replace(" ", "_"), message=error.description), error.code
    return render_template("error.html", code=error.code, message=error.description), error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(ParameterError, _parameter_error)
    app.register_error_handler(HTTPException, _http_error)
