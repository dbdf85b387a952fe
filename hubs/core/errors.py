"""Errors: one base error with a status and a code, one field-level problem type, one handler.

Every way in (page form, JSON API, file upload, CLI) reports a problem as an
:class:`AtlasError` carrying :class:`FieldError` items. The handler answers API clients with
RFC 9457 ``application/problem+json`` (keeping the portal's own members ``error``,
``message``, ``parameter`` and ``errors`` as extensions) and people with a page; both in the
reader's language. Messages are English msgids translated by gettext (flask_babel), so one
catalogue (``hubs/translations``) holds every language.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, json, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_JSON = "application/problem+json"

#: What people read for a bare HTTP error, in their language.
_STATUS_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please log in first."),
    403: _l("You do not have permission to see this page."),
    404: _l("The page or record you asked for does not exist."),
    405: _l("This address does not accept that kind of request."),
    409: _l("The request conflicts with the record's current state."),
    413: _l("The upload is too large."),
    415: _l("This kind of content is not accepted."),
    422: _l("The input could not be accepted; nothing was saved."),
    429: _l("Too many requests; please wait a little and try again."),
    500: _l("Something went wrong on our side. Nothing was changed."),
}


def _text(message: Any) -> str:
    return str(message) if message is not None else ""


@dataclass(frozen=True)
class FieldError:
    """One problem with one field (a form input, a query parameter, a column of a row).

    ``message`` is an English msgid made with ``lazy_gettext`` (parameters included), so it
    reads in the language of whoever renders it.
    """

    field: str
    code: str
    message: Any

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``ja``/``en``), or in the reader's language."""
        if lang is None:
            return _text(self.message)
        with force_locale(lang):
            return _text(self.message)

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.text(),
                "message_ja": self.text("ja"), "message_en": self.text("en")}


def group_by_field(errors: Iterable[FieldError]) -> dict[str, list[FieldError]]:
    grouped: dict[str, list[FieldError]] = {}
    for problem in errors:
        grouped.setdefault(problem.field, []).append(problem)
    return grouped


class AtlasError(Exception):
    """An error the portal answers on purpose: an HTTP ``status``, a stable ``code``, a
    ``message`` in the reader's language and any number of field-level ``errors``."""

    status = 400
    code = "bad_request"

    def __init__(self, message: Any = None, *, errors: Iterable[FieldError] = (), status: int | None = None,
                 code: str | None = None, headers: Mapping[str, str] | None = None, **extra: Any) -> None:
        self.errors = list(errors)
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.message = message if message is not None else (
            self.errors[0].message if len(self.errors) == 1 else _STATUS_MESSAGES.get(self.status, ""))
        self.headers = dict(headers or {})
        self.extra = extra
        super().__init__(f"{self.code}: {self.text('en')}")

    def text(self, lang: str | None = None) -> str:
        if lang is None:
            return _text(self.message)
        with force_locale(lang):
            return _text(self.message)

    def by_field(self) -> dict[str, list[dict[str, str]]]:
        return {name: [p.to_dict() for p in problems] for name, problems in group_by_field(self.errors).items()}

    def messages(self) -> dict[str, list[str]]:
        """``{field: [message, ...]}`` in the reader's language, for forms."""
        return {name: [p.text() for p in problems] for name, problems in group_by_field(self.errors).items()}


class ParameterError(AtlasError):
    """A request parameter is malformed: 400 naming the parameter."""

    code = "bad_parameter"

    def __init__(self, parameter: str, message: Any, errors: Iterable[FieldError] = ()) -> None:
        problems = list(errors) or [FieldError(parameter, "invalid", message)]
        super().__init__(message, errors=problems, parameter=parameter)
        self.parameter = parameter


class InvalidInput(AtlasError):
    """Input rejected as a whole (422 by default); nothing was saved."""

    status = 422
    code = "invalid"

    @classmethod
    def single(cls, field_name: str, code: str, message: Any, status: int = 422) -> InvalidInput:
        return cls(errors=[FieldError(field_name, code, message)], status=status)


class Conflict(AtlasError):
    """The request does not fit the record's current state (a stale or repeated decision)."""

    status = 409
    code = "conflict"


class NotFound(AtlasError):
    status = 404
    code = "not_found"


def wants_json() -> bool:
    """Whether the client is an API client rather than a browser page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def problem_response(status: int, code: str, message: str, *, errors: Mapping[str, Any] | None = None,
                     headers: Mapping[str, str] | None = None, **extra: Any) -> Response:
    """An RFC 9457 problem document (``type`` about:blank: the status says what happened)."""
    body: dict[str, Any] = {
        "type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status,
        "detail": message, "error": code, "message": message, **extra,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def _page(status: int, message: str, errors: list[str] | None = None,
          headers: Mapping[str, str] | None = None) -> Response:
    response = Response(render_template("error.html", code=status, message=message, errors=errors or []),
                        status=status, mimetype="text/html")
    response.headers.update(headers or {})
    return response


def error_response(error: AtlasError) -> Response:
    """What the portal answers for ``error``: problem+json to API clients, a page to people."""
    if wants_json():
        return problem_response(error.status, error.code, error.text(), errors=error.by_field() or None,
                                headers=error.headers, **error.extra)
    details = [p.text() for p in error.errors] if len(error.errors) > 1 else []
    return _page(error.status, error.text(), details, error.headers)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    # Keep what the exception says about itself: Allow on 405, Retry-After on 429, ...
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="atlas"')
    default = type(error).description
    message = _text(_STATUS_MESSAGES.get(status)) if error.description in (None, default) else str(error.description)
    if not message:
        message = error.description or HTTP_STATUS_CODES.get(status, "")
    if wants_json():
        code = HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("'", "")
        return problem_response(status, code, message, headers=headers)
    return _page(status, message, headers=headers)


def init_app(app: Flask) -> None:
    app.register_error_handler(AtlasError, error_response)
    app.register_error_handler(HTTPException, _http_error)
