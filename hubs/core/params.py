"""Request parameters, declared once as pydantic models.

A feature declares what an endpoint takes as a :class:`QueryModel` (query string) or a
:class:`BodyModel` (JSON body). The same model parses the request (:func:`parse_query` for a
page, :func:`hubs.core.openapi.endpoint` for the API), answers 400 with field-level messages
in the reader's language, keys the answer caches (:meth:`QueryModel.cache_key`), and writes
the OpenAPI document. Lists are arrays: ``kind=a&kind=b``, and ``kind=a,b`` is read the same.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from babel.lists import format_list
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from flask import current_app, has_app_context, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import MultiDict

from hubs.core.errors import FieldError, InvalidInput, ParameterError
from hubs.core.routing import MAX_ID
from hubs.core.tables import json_depth

#: Deepest JSON nesting a body may have (a deeper one is refused before it is read).
MAX_JSON_DEPTH = 20


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing a body nested deeper than :data:`MAX_JSON_DEPTH` before parsing
    it: Python's parser recurses and a body of 100,000 ``[`` ends in RecursionError (a 500).
    Refused bodies are invalid JSON to Flask, so the API answers 400."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        text = s.decode("utf-8", errors="replace") if isinstance(s, (bytes, bytearray)) else s
        if json_depth(text) > MAX_JSON_DEPTH:
            msg = "JSON nested too deeply"
            raise ValueError(msg)
        return super().loads(s, **kwargs)


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) in (list, tuple, set, frozenset):
        return True
    return any(_is_list(a) for a in get_args(annotation) if a is not type(None))


class QueryModel(BaseModel):
    """Parameters of a query string. Unknown parameters are ignored (never cached apart)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    #: Interface language of the answer's labels and messages (``Accept-Language`` otherwise).
    lang: Literal["ja", "en"] | None = None

    _list_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        cls._list_fields = frozenset(name for name, f in cls.model_fields.items() if _is_list(f.annotation))

    @model_validator(mode="before")
    @classmethod
    def _split_lists(cls, data: Any) -> Any:
        """``kind=a,b`` and ``kind=a&kind=b`` both give ``["a", "b"]``."""
        if not isinstance(data, Mapping):
            return data
        out = dict(data)
        for name in cls._list_fields:
            if name in out:
                raw = out[name]
                items = raw if isinstance(raw, list | tuple) else [raw]
                out[name] = [part.strip() for item in items for part in str(item).split(",")]
        return out

    def query_args(self) -> dict[str, str]:
        """The parsed parameters as a query string would give them (lists comma-joined): the
        canonical form of links to this question (``lang`` kept, defaults left out)."""
        data = self.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
        return {name: ",".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value).lower()
                if isinstance(value, bool) else str(value) for name, value in data.items()}

    def cache_key(self) -> str:
        """The parsed parameters, canonical: equal requests share one cached answer."""
        data = self.model_dump(mode="json", exclude={"lang"}, exclude_defaults=True)
        for name in self._list_fields & set(data):  # filters are sets: kind=a,b is kind=b&kind=a
            if all(isinstance(v, str) for v in data[name]):
                data[name] = sorted(set(data[name]))
        return json.dumps(data, sort_keys=True, separators=(",", ":"))


#: A cursor is an id in base 36: every string of this form is a valid cursor (a client may
#: only pass on the ``next`` link it was given, but a made-up one is not an error; past the
#: largest id, :data:`~hubs.core.routing.MAX_ID`, it is an empty last page).
CURSOR_PATTERN = r"^[0-9a-z]{1,6}$"
#: Marks the ``limit`` parameter, whose default and maximum the document takes from the config.
PAGE_LIMIT_MARK = "x-atlas-page-limit"


class PageQuery(QueryModel):
    """Keyset pagination: at most ``limit`` items after ``cursor``, in ascending id order.

    A page never skips or repeats an item when others are added or removed meanwhile (no
    ``OFFSET``), and every page costs the same however deep into the collection it is.
    ``limit`` defaults to ``ATLAS_PAGE_SIZE`` and may not pass ``ATLAS_MAX_FEATURES``.
    """

    limit: int | None = Field(None, ge=1, description="Items per page (default and maximum: see the schema)",
                              json_schema_extra={PAGE_LIMIT_MARK: True})
    cursor: str | None = Field(None, pattern=CURSOR_PATTERN,
                               description="Opaque position: pass on the `next` link of the previous page")

    @field_validator("limit")
    @classmethod
    def _at_most_the_configured_page(cls, value: int | None) -> int | None:
        largest = page_limits()[1]
        if value is not None and value > largest:
            raise custom_error("less_than_equal", "Must be at most %(limit)s.", limit=largest)
        return value

    @property
    def page_size(self) -> int:
        return self.limit or page_limits()[0]

    @property
    def after(self) -> int:
        """The id the page starts after (0: the first page)."""
        return min(int(self.cursor, 36), MAX_ID) if self.cursor else 0

    def next_args(self, last_id: int) -> dict[str, str]:
        """The query arguments of the page after the one ending at ``last_id``."""
        return {**self.query_args(), "cursor": encode_cursor(last_id)}


def encode_cursor(last_id: int) -> str:
    """The opaque cursor of the page after ``last_id``."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        last_id, digit = divmod(last_id, 36)
        text = digits[digit] + text
        if not last_id:
            return text


def page_limits() -> tuple[int, int]:
    """(default, maximum) items of a page, from the configuration."""
    config = current_app.config if has_app_context() else {}
    return int(config.get("ATLAS_PAGE_SIZE", 1000)), int(config.get("ATLAS_MAX_FEATURES", 10_000))


class BodyModel(BaseModel):
    """A JSON request body. Unknown members are refused, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def from_request(cls) -> Any:
        """This request's JSON body read by the model (for views that check access first)."""
        return parse_body(cls, request.get_json(silent=True))


_ENCODING_ALIASES = {"utf8": "utf-8", "shift-jis": "cp932", "shift_jis": "cp932", "sjis": "cp932",
                     "windows-31j": "cp932"}


def _encoding(value: Any) -> Any:
    return _ENCODING_ALIASES.get(value.lower(), value.lower()) if isinstance(value, str) else value


#: ``encoding`` of a CSV export: UTF-8 with BOM (Excel reads it as UTF-8), or Shift_JIS (cp932).
CsvEncoding = Annotated[Literal["utf-8", "cp932"], BeforeValidator(_encoding),
                        Field(description="CSV: UTF-8 with BOM, or Shift_JIS (cp932)")]


def custom_error(code: str, msgid: str, **params: Any) -> PydanticCustomError:
    """A validation error with the portal's own ``code`` and a gettext ``msgid`` (English)."""
    return PydanticCustomError(code, msgid, {"msgid": msgid, **params})


def ascii_number(text: str) -> str:
    """Digits of any script read as ASCII only where Unicode says they are decimal digits.

    ``"１２"`` (full width) becomes ``"12"``; ``"²"`` stays and is then refused.
    """
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


_MESSAGES: dict[str, Any] = {
    "missing": _l("This field is required."),
    "int_parsing": _l("Must be a whole number."),
    "int_type": _l("Must be a whole number."),
    "int_from_float": _l("Must be a whole number."),
    "float_parsing": _l("Must be a number."),
    "float_type": _l("Must be a number."),
    "finite_number": _l("Must be a finite number."),
    "string_type": _l("Must be text."),
    "bool_parsing": _l("Must be true or false."),
    "bool_type": _l("Must be true or false."),
    "dict_type": _l("Must be an object."),
    "model_type": _l("Must be an object."),
    "model_attributes_type": _l("Must be an object."),
    "list_type": _l("Must be a list."),
    "extra_forbidden": _l("Unknown member."),
    "json_invalid": _l("Not valid JSON."),
}


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as a list in the reader's language ("'a'、'b'、または 'c'")."""
    values = re.findall(r"'[^']*'", expected)
    return format_list(values, style="or", locale=get_locale() or "en") if values else expected


def _message(error: Mapping[str, Any]) -> Any:
    kind, ctx = error["type"], error.get("ctx") or {}
    if "msgid" in ctx:
        return _l(ctx["msgid"], **{k: v for k, v in ctx.items() if k != "msgid"})
    if kind in ("literal_error", "enum"):
        return _l("%(value)s is not allowed; use one of %(allowed)s.", value=repr(error.get("input")),
                  allowed=LazyString(_choices, str(ctx.get("expected", ""))))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()), "")
        return {
            "greater_than_equal": _l("Must be at least %(limit)s.", limit=limit),
            "greater_than": _l("Must be more than %(limit)s.", limit=limit),
            "less_than_equal": _l("Must be at most %(limit)s.", limit=limit),
            "less_than": _l("Must be less than %(limit)s.", limit=limit),
        }[kind]
    if kind == "string_too_long":
        return _l("Must be at most %(limit)s characters.", limit=ctx.get("max_length"))
    if kind == "string_too_short":
        return _l("Must be at least %(limit)s characters.", limit=ctx.get("min_length"))
    if kind == "too_long":
        return _l("At most %(limit)s items.", limit=ctx.get("max_length"))
    if kind == "too_short":
        return _l("At least %(limit)s items.", limit=ctx.get("min_length"))
    if kind == "string_pattern_mismatch":
        return _l("Not in the expected form.")
    return _MESSAGES.get(kind, _l("Not a valid value."))


def field_errors(error: ValidationError) -> list[FieldError]:
    """pydantic's errors as :class:`FieldError` items named by field (``hub.name_ja`` for nesting)."""
    problems = []
    for item in error.errors():
        loc = [str(part) for part in item["loc"] if not isinstance(part, int)]
        problems.append(FieldError(".".join(loc) or "body", str(item["type"]), _message(item)))
    return problems


def parse_query(model: type[QueryModel], args: MultiDict[str, str] | Mapping[str, Any], *,
                form: bool = False) -> Any:
    """``args`` read by ``model``; :class:`ParameterError` (400) naming every bad parameter.

    ``form``: the arguments come from a page's form, where an empty field means "not given"
    and other arguments of the page (``embed``, the map's view) are left alone. Otherwise (the
    API) a parameter the model does not declare is refused, so that a typo never passes silently.
    """
    if not form:
        declared = {f.alias or name for name, f in model.model_fields.items()}
        unknown = sorted(set(args) - declared)
        if unknown:
            problems = [FieldError(name or "?", "unknown_parameter", _l("Unknown parameter.")) for name in unknown]
            raise ParameterError(problems[0].field, problems[0].message, problems)
    data: dict[str, Any] = {}
    if "" in args:  # "?=x": nothing can be meant by it, and it must not pass unnoticed
        raise ParameterError("", _l("A parameter has no name."))
    if isinstance(args, MultiDict):
        for key in args:
            values = args.getlist(key)
            if form:
                values = [v for v in values if v.strip()]
                if not values:
                    continue
            data[key] = values if key in model._list_fields or len(values) > 1 else values[0]
    else:
        data = {k: v for k, v in args.items() if not (form and v in ("", None))}
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = field_errors(error)
        raise ParameterError(problems[0].field, problems[0].message, problems) from None


def _depth(value: Any, limit: int) -> int:
    stack, deepest = [(value, 1)], 1
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def parse_body(model: type[BodyModel], data: Any) -> Any:
    """A JSON body read by ``model``; :class:`InvalidInput` (422, 400 if not an object)."""
    if not isinstance(data, dict):
        raise InvalidInput.single("body", "not_json_object", _l("Send a JSON object."), status=400)
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise InvalidInput.single("body", "too_deep", _l("The JSON is nested too deeply."), status=400)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(errors=field_errors(error)) from None
