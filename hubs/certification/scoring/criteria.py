"""The published criteria document: its structure, declared once, and reading it.

A criteria document (``seed_data/criteria/*.json`` or ``.yaml``) declares the review
viewpoints, the tracks with their weights and minimums, the indicators with their points
functions, and the tiers listed best first. Its structure is the pydantic model
:class:`CriteriaDocument`; the JSON Schema generated from that model is shipped beside the
document (``seed_data/criteria/criteria.schema.json``) and published by the API. The rules a
schema cannot say (keys unique, references that resolve, steps that rise, tiers in order) are
the models' validators.

:func:`load_criteria` returns a :class:`Criteria`: the checked document with its digest. A
broken document raises :class:`CriteriaError` listing every problem found, each with the key
path it concerns (``indicators[3].points.steps``) and a message code for the portal to
translate.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, StrictBool, StrictInt, StringConstraints,
    ValidationError, WithJsonSchema, model_validator
)
from pydantic_core import ErrorDetails, PydanticCustomError

from .exact import ZERO, exact
from .messages import MESSAGE_CODES, Message, MessageCode

IndicatorType = Literal["count", "money_million_yen", "percent", "rubric"]
RUBRIC_LEVELS = (0, 1, 2, 3, 4)
INTEGRAL_TYPES = frozenset({"count", "rubric"})
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
POINTS_TYPES = ("thresholds", "linear")
#: Where the JSON Schema of a criteria document says which draft it follows.
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# --------------------------------------------------------------------------------------------
# Value types of the document


def _number(value: object) -> Fraction:
    """A JSON number read exactly; booleans, text and NaN or infinity are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number_expected", "must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number_expected", "must be a finite number")
    return exact(value)


def _date(value: object) -> object:
    """Let ISO text and YAML's bare dates through; pydantic would also read numbers as dates."""
    if isinstance(value, str | dt.date):
        return value
    raise PydanticCustomError("date_expected", "must be an ISO date (YYYY-MM-DD)")


# Numbers are read as exact fractions. pydantic does not know how a plain validator's
# bounds look in JSON Schema, so each bounded type states its schema itself.
Number = Annotated[Fraction, PlainValidator(_number, json_schema_input_type=float)]
NonNegative = Annotated[
    Fraction, PlainValidator(_number), Field(ge=0), WithJsonSchema({"type": "number", "minimum": 0})
]
Positive = Annotated[
    Fraction, PlainValidator(_number), Field(gt=0), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
Percent = Annotated[
    Fraction,
    PlainValidator(_number),
    Field(ge=0, le=100),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]
#: Text that is not empty or only spaces.
Text = Annotated[str, StringConstraints(strict=True, pattern=r"\S")]
#: A key: lower-case letters, digits and underscores, starting with a letter.
Key = Annotated[str, StringConstraints(strict=True, pattern=KEY_PATTERN)]
IsoDate = Annotated[dt.date, BeforeValidator(_date)]


def _problem(code: MessageCode, at: str, detail: str, **params: Any) -> PydanticCustomError:
    """A rule broken at ``at`` (a key path relative to the model that checks it)."""
    return PydanticCustomError(code, detail, {"at": at, **params})


def _default(number: int) -> Any:
    """A default number: exact in the model, a plain number in the JSON Schema."""
    return Field(default=Fraction(number), json_schema_extra={"default": number})


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --------------------------------------------------------------------------------------------
# The document


class _Described(_Part):
    key: Key
    name_ja: Text
    name_en: Text
    description_ja: Text | None = None
    description_en: Text | None = None


class Viewpoint(_Described):
    """One of the review viewpoints (vision, inputs, process, outputs)."""


class RubricLevel(_Part):
    """One published level (0-4) of a qualitative indicator's rubric."""

    level: StrictInt
    ja: Text
    en: Text


class ThresholdPoints(_Part):
    """A value earns the points of the highest step it reaches, 0 below the first."""

    type: Literal["thresholds"]
    steps: Annotated[tuple[tuple[Number, Positive], ...], Field(min_length=1)]
    """``[value, points]`` pairs, strictly increasing in both; the last awards ``max_points``."""

    @model_validator(mode="after")
    def _steps_rise(self) -> ThresholdPoints:
        for i in range(1, len(self.steps)):
            (value, points), (before, points_before) = self.steps[i], self.steps[i - 1]
            if value <= before or points <= points_before:
                raise _problem("steps_not_increasing", f"steps[{i}]", "step values and points must strictly increase")
        return self

    def earned(self, value: Fraction, max_points: Fraction) -> Fraction:
        """Raw points for ``value``."""
        earned = ZERO
        for threshold, step_points in self.steps:
            if value < threshold:
                break
            earned = step_points
        return earned

    def next_target(self, value: Fraction | None, max_points: Fraction) -> tuple[Fraction, Fraction] | None:
        """The next step above ``value`` and its points, or ``None`` at the top."""
        for threshold, step_points in self.steps:
            if value is None or threshold > value:
                return threshold, step_points
        return None


class LinearPoints(_Part):
    """0 points at ``from``, ``max_points`` at ``to``, a straight line between, clamped outside."""

    type: Literal["linear"]
    start: Number = Field(alias="from")
    end: Number = Field(alias="to")
    suggest_step: Positive
    """The increment advice aims for: targets lie on ``from + k * suggest_step``."""

    @model_validator(mode="after")
    def _rises(self) -> LinearPoints:
        if self.start >= self.end:
            raise _problem("linear_outside_range", "to", "need min <= from < to <= max")
        return self

    def earned(self, value: Fraction, max_points: Fraction) -> Fraction:
        """Raw points for ``value``."""
        if value <= self.start:
            return ZERO
        if value >= self.end:
            return max_points
        return max_points * (value - self.start) / (self.end - self.start)

    def next_target(self, value: Fraction | None, max_points: Fraction) -> tuple[Fraction, Fraction] | None:
        """The next multiple of ``suggest_step`` above ``value`` and its points, or ``None`` at the top."""
        current = self.start if value is None else value
        if current >= self.end:
            return None
        k = max(math.floor((current - self.start) / self.suggest_step) + 1, 1)
        target = min(self.start + k * self.suggest_step, self.end)
        return target, self.earned(target, max_points)


PointsFunction = Annotated[ThresholdPoints | LinearPoints, Field(discriminator="type")]


class Indicator(_Part):
    """A scored indicator: quantitative (count, money, percent) or a reviewer rubric.

    ``required`` on a quantitative indicator means the application must report it; on a rubric
    indicator it means the result stays provisional until reviewers have scored it.
    """

    key: Key
    viewpoint: Key
    """The key of the review viewpoint the indicator belongs to."""
    name_ja: Text
    name_en: Text
    unit_ja: Text
    unit_en: Text
    """Written in the plural (``contracts``); ``%`` for percents."""
    type: IndicatorType
    min: Number
    """The lowest value an application may report; whole for counts and rubric levels."""
    max: Number
    """The highest value an application may report; whole for counts and rubric levels."""
    required: StrictBool
    points: PointsFunction
    """How a value turns into raw points ``0..max_points``; never decreasing."""
    max_points: Positive
    minimum: NonNegative
    """Raw points needed to meet this indicator's minimum (a track may override it)."""
    weight: Positive = _default(1)
    """Used where a track gives the indicator no weight of its own."""
    help_ja: Text
    help_en: Text
    advice_ja: Text
    advice_en: Text
    rubric: tuple[RubricLevel, ...] = ()
    """Rubric indicators only: the published levels 0, 1, 2, 3, 4 in order."""
    at_most: Key | None = None
    """Another quantitative indicator this one cannot exceed (SMEs <= partner companies)."""

    @property
    def is_rubric(self) -> bool:
        """Whether reviewers score this indicator on its published rubric."""
        return self.type == "rubric"

    def earned(self, value: Fraction | None) -> Fraction:
        """Raw points for ``value``; ``None`` (not reported, not reviewed) earns 0."""
        return ZERO if value is None else self.points.earned(value, self.max_points)

    def next_target(self, value: Fraction | None) -> tuple[Fraction, Fraction] | None:
        """The next value worth aiming for and its raw points, or ``None`` at the top."""
        return self.points.next_target(value, self.max_points)

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        integral = self.type in INTEGRAL_TYPES
        whole: list[tuple[str, Fraction]] = [("min", self.min), ("max", self.max)]
        if isinstance(self.points, LinearPoints):
            whole += [("points.from", self.points.start), ("points.to", self.points.end),
                      ("points.suggest_step", self.points.suggest_step)]
        else:
            whole += [(f"points.steps[{i}][0]", value) for i, (value, _points) in enumerate(self.points.steps)]
        for at, number in whole:
            if integral and number.denominator != 1:
                raise _problem("whole_number_expected", at, "must be a whole number for this indicator type")
        if self.max <= self.min:
            raise _problem("max_not_above_min", "max", "must be greater than min")
        if self.type == "percent" and (self.min < 0 or self.max > 100):
            raise _problem("percent_range", "max", "a percent range must lie within 0..100")
        if self.is_rubric and (self.min != RUBRIC_LEVELS[0] or self.max != RUBRIC_LEVELS[-1]):
            raise _problem("rubric_range", "min", "a rubric indicator ranges over levels 0..4")
        if isinstance(self.points, LinearPoints):
            if not self.min <= self.points.start < self.points.end <= self.max:
                raise _problem("linear_outside_range", "points.to", "need min <= from < to <= max")
        else:
            for i, (value, step_points) in enumerate(self.points.steps):
                if not self.min <= value <= self.max:
                    raise _problem("step_out_of_range", f"points.steps[{i}][0]", "step value outside the valid range")
                if step_points > self.max_points:
                    raise _problem("step_points_above_max", f"points.steps[{i}][1]", "step points exceed max_points")
            if self.points.steps[-1][1] != self.max_points:
                raise _problem("last_step_not_max", "points.steps", "the last step must award max_points")
        if self.minimum > self.max_points:
            raise _problem("minimum_above_max_points", "minimum", "cannot exceed max_points")
        if self.is_rubric:
            if not isinstance(self.points, ThresholdPoints):
                raise _problem("rubric_needs_thresholds", "points.type", "a rubric indicator scores by thresholds")
            if tuple(level.level for level in self.rubric) != RUBRIC_LEVELS:
                raise _problem("rubric_levels", "rubric", "must describe levels 0, 1, 2, 3, 4 in order")
        elif "rubric" in self.model_fields_set:
            raise _problem("rubric_not_allowed", "rubric", "only rubric indicators carry a rubric")
        return self


class Track(_Described):
    """An application type (国際展開型, 地域貢献型, ...) with its own weights and minimums."""

    since: Text | None = None
    """When the track was introduced, e.g. ``FY2021``."""
    viewpoint_weights: dict[str, Positive] = Field(default_factory=dict)
    """Viewpoint key → weight (default 1)."""
    indicator_weights: dict[str, Positive] = Field(default_factory=dict)
    """Indicator key → weight (default: the indicator's own ``weight``)."""
    minimums: dict[str, NonNegative] = Field(default_factory=dict)
    """Indicator key → raw points needed on this track, instead of the indicator's ``minimum``."""

    def weight(self, indicator: Indicator) -> Fraction:
        """Effective weight of ``indicator`` on this track."""
        base = self.indicator_weights.get(indicator.key, indicator.weight)
        return base * self.viewpoint_weights.get(indicator.viewpoint, Fraction(1))

    def minimum(self, indicator: Indicator) -> Fraction:
        """Raw points ``indicator`` needs on this track to pass its minimum."""
        return self.minimums.get(indicator.key, indicator.minimum)


class Tier(_Part):
    """A certification tier; listed best first in the criteria.

    Reached when: ``percent >= min_percent``; at most ``max_minimums_missed`` indicator
    minimums are missed (``None``: no limit); every key in ``must_meet`` meets its minimum;
    and every viewpoint reaches ``min_viewpoint_percent`` of its own maximum.
    """

    key: Key
    name_ja: Text
    name_en: Text
    description_ja: Text | None = None
    description_en: Text | None = None
    min_percent: Percent
    max_minimums_missed: Annotated[StrictInt, Field(ge=0)] | None = None
    min_viewpoint_percent: Percent = _default(0)
    must_meet: tuple[Key, ...] = ()
    """Indicators whose minimum must be met for this tier."""


class ScoringRules(_Part):
    """The scoring rules in words, for people reading the document."""

    ja: Text
    en: Text


class CriteriaDocument(_Part):
    """A published, versioned set of certification criteria for regional innovation hubs."""

    model_config = ConfigDict(title="Certification criteria")

    digest: str | None = None
    """Written by the API when it publishes the document; never trusted, recomputed on load."""
    version: Text
    published_on: IsoDate
    title_ja: Text
    title_en: Text
    note: Text
    scoring_rules: ScoringRules | None = None
    viewpoints: Annotated[tuple[Viewpoint, ...], Field(min_length=1)]
    tracks: Annotated[tuple[Track, ...], Field(min_length=1)]
    indicators: Annotated[tuple[Indicator, ...], Field(min_length=1)]
    tiers: Annotated[tuple[Tier, ...], Field(min_length=1)]
    """Best first; the last is the fallback (not certified) and has no conditions."""

    @model_validator(mode="after")
    def _references_resolve(self) -> CriteriaDocument:
        _unique("viewpoints", [v.key for v in self.viewpoints])
        viewpoints = {v.key for v in self.viewpoints}
        for i, indicator in enumerate(self.indicators):
            if indicator.viewpoint not in viewpoints:
                raise _problem("unknown_viewpoint", f"indicators[{i}].viewpoint", "unknown viewpoint",
                               key=indicator.viewpoint)
        _unique("indicators", [ind.key for ind in self.indicators])
        for i, viewpoint in enumerate(self.viewpoints):
            if not any(ind.viewpoint == viewpoint.key for ind in self.indicators):
                raise _problem("viewpoint_without_indicator", f"viewpoints[{i}]", "has no indicator")
        indicators = {ind.key: ind for ind in self.indicators}
        for i, ind in enumerate(self.indicators):
            if ind.at_most is not None:
                other = indicators.get(ind.at_most)
                if other is None or other is ind or other.is_rubric or ind.is_rubric:
                    raise _problem("at_most_invalid", f"indicators[{i}].at_most",
                                   "must name another quantitative indicator")
        for i, track in enumerate(self.tracks):
            for key, points in track.minimums.items():
                if key not in indicators:
                    raise _problem("unknown_indicator_key", f"tracks[{i}].minimums.{key}", "unknown indicator", key=key)
                if points > indicators[key].max_points:
                    raise _problem("minimum_above_indicator_max", f"tracks[{i}].minimums.{key}",
                                   "cannot exceed the indicator's max_points")
            for name, known in (("viewpoint_weights", viewpoints), ("indicator_weights", indicators)):
                for key in getattr(track, name):
                    if key not in known:
                        raise _problem("key_unknown", f"tracks[{i}].{name}.{key}", "unknown key")
        _unique("tracks", [t.key for t in self.tracks])
        for i, tier in enumerate(self.tiers):
            for j, key in enumerate(tier.must_meet):
                if key not in indicators:
                    raise _problem("unknown_indicator_key", f"tiers[{i}].must_meet[{j}]", "unknown indicator", key=key)
        _unique("tiers", [t.key for t in self.tiers])
        for i in range(1, len(self.tiers)):
            if self.tiers[i].min_percent > self.tiers[i - 1].min_percent:
                raise _problem("tiers_not_ordered", f"tiers[{i}].min_percent",
                               "tiers are listed best first; min_percent must not rise")
        last = self.tiers[-1]
        if last.min_percent or last.max_minimums_missed is not None or last.min_viewpoint_percent or last.must_meet:
            raise _problem("last_tier_has_conditions", f"tiers[{len(self.tiers) - 1}]",
                           "the last tier is the fallback (not certified) and must have no conditions")
        return self


def _unique(name: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            raise _problem("duplicate_key", f"{name}[{i}].key", "duplicate key", key=key)
        seen.add(key)


def criteria_json_schema() -> dict[str, Any]:
    """The JSON Schema of a criteria document, generated from :class:`CriteriaDocument`."""
    return {"$schema": JSON_SCHEMA_DIALECT, **CriteriaDocument.model_json_schema()}


# --------------------------------------------------------------------------------------------
# The loaded criteria


@dataclass(frozen=True)
class Criteria:
    """A published, versioned criteria set, checked. ``to_dict()`` returns it as published."""

    document: CriteriaDocument
    digest: str
    source: dict[str, Any] = field(repr=False, compare=False)
    tracks: dict[str, Track] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tracks", {track.key: track for track in self.document.tracks})

    @property
    def version(self) -> str:
        return self.document.version

    @property
    def viewpoints(self) -> tuple[Viewpoint, ...]:
        return self.document.viewpoints

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.document.indicators

    @property
    def tiers(self) -> tuple[Tier, ...]:
        return self.document.tiers

    def indicator(self, key: str) -> Indicator:
        """The indicator called ``key`` (``KeyError`` if unknown)."""
        return {indicator.key: indicator for indicator in self.indicators}[key]

    def tier(self, key: str) -> Tier:
        """The tier called ``key`` (``KeyError`` if unknown)."""
        return {tier.key: tier for tier in self.tiers}[key]

    def to_dict(self) -> dict[str, Any]:
        """The criteria as published (JSON-ready), plus its ``digest``."""
        published = copy.deepcopy(self.source)
        published["digest"] = self.digest
        return published


@dataclass(frozen=True)
class CriteriaProblem:
    """One thing wrong with a criteria document.

    ``path`` names the key (``indicators[3].points.steps``; empty for the whole document);
    ``message`` is what to tell the author, as a code with parameters; ``detail`` is the same
    in English for logs.
    """

    path: str
    message: Message
    detail: str


class CriteriaError(ValueError):
    """A criteria document breaks the schema or its rules; ``problems`` lists every one found."""

    def __init__(self, problems: Sequence[CriteriaProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.path or '$'}: {p.detail}" for p in self.problems))


def load_criteria(path_or_dict: str | Path | Mapping[str, Any]) -> Criteria:
    """Read and check a criteria set from a JSON/YAML file or an already parsed mapping.

    Raises
    ------
    CriteriaError
        listing each problem with its key path (e.g. ``indicators[3].points.steps``).
    """
    if isinstance(path_or_dict, Mapping):
        raw: Any = copy.deepcopy(dict(path_or_dict))
    else:
        path = Path(path_or_dict)
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text) if path.suffix.lower() in {".yaml", ".yml"} else json.loads(text)
    if not isinstance(raw, dict):
        raise CriteriaError([CriteriaProblem("", Message("object_expected"), "criteria must be an object")])
    try:
        document = CriteriaDocument.model_validate(raw)
    except ValidationError as error:
        raise CriteriaError([_criteria_problem(e) for e in error.errors(include_url=False) if not _echo(e)]) from None
    # The digest covers the document as given, with the date written one way.
    raw.pop("digest", None)
    raw["published_on"] = document.published_on.isoformat()
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return Criteria(document=document, digest=digest, source=raw)


# --------------------------------------------------------------------------------------------
# pydantic's errors as problems with key paths and message codes

_ERROR_CODES: dict[str, MessageCode] = {
    "missing": "key_required",
    "extra_forbidden": "key_unknown",
    "string_type": "text_expected",
    "bool_type": "boolean_expected",
    "int_type": "whole_number_expected",
    "int_from_float": "whole_number_expected",
    "greater_than": "must_exceed",
    "greater_than_equal": "must_be_at_least",
    "less_than_equal": "must_be_at_most",
    "list_type": "list_expected",
    "tuple_type": "list_expected",
    "too_short": "list_empty",
    "too_long": "too_many_items",
    "dict_type": "object_expected",
    "model_type": "object_expected",
    "model_attributes_type": "object_expected",
    "literal_error": "one_of",
    "union_tag_invalid": "one_of",
    "union_tag_not_found": "key_required",
    "union_tag_invalid_type": "one_of",
}


def _echo(error: ErrorDetails) -> bool:
    """pydantic counts a list's length after its items, so a list whose only item is broken is
    also reported as too short; that echo says nothing new."""
    given = error.get("input")
    minimum = (error.get("ctx") or {}).get("min_length", 0)
    return error["type"] == "too_short" and isinstance(given, list | tuple) and len(given) >= minimum


def _criteria_problem(error: ErrorDetails) -> CriteriaProblem:
    context = dict(error.get("ctx") or {})
    kind = error["type"]
    path = _path(error["loc"], str(context.pop("at", "")))
    params: dict[str, Any] = {}
    code: MessageCode
    if kind in MESSAGE_CODES:  # raised by this module's own validators
        code = kind  # type: ignore[assignment]  # checked against MESSAGE_CODES just above
        params = {k: v for k, v in context.items() if isinstance(v, str | int)}
    elif kind.startswith("date_"):
        code = "date_expected"
    elif kind == "string_pattern_mismatch":
        code = "key_format" if context.get("pattern") == KEY_PATTERN else "text_empty"
    elif kind in _ERROR_CODES:
        code = _ERROR_CODES[kind]
        limit = context.get("gt", context.get("ge", context.get("le")))
        if limit is not None:
            params["limit"] = limit
        if "max_length" in context:
            params["count"] = context["max_length"]
        expected = context.get("expected", context.get("expected_tags"))
        if expected is not None:
            params["choices"] = ", ".join(re.findall(r"'([^']*)'", str(expected)))
        if kind == "union_tag_not_found":
            path = _path(error["loc"], "type")
    else:
        code, params = "invalid_value", {"detail": error["msg"]}
    return CriteriaProblem(path, Message(code, params), error["msg"])


def _path(loc: tuple[int | str, ...], at: str = "") -> str:
    """``('indicators', 3, 'points', 'thresholds', 'steps')`` → ``indicators[3].points.steps``."""
    path = ""
    previous: int | str | None = None
    for item in loc:
        if previous == "points" and item in POINTS_TYPES:
            continue  # the branch pydantic took through the points union, not a key of the document
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else item)
        previous = item
    if at:
        path += at if at.startswith("[") or not path else f".{at}"
    return path
