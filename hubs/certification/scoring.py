"""Certification scoring engine for regional innovation hubs.

Pure domain code: it turns a published criteria set (``seed_data/criteria/*.json`` or
``.yaml``) and one application's values into points, a tier and advice. Nothing here imports
Flask or the database, so the HTML view, the JSON API, the CLI and the tests all call the same
functions.

The model follows J-Innovation HUB's four review viewpoints (vision and strategy; base and
inputs; the innovation management process; outputs and outcomes) and the way European cluster
labels (ESCA/EUCLES) score: every indicator has its own minimum and the tier is set by the
share of the maximum reached. J-Innovation HUB does not publish numeric thresholds; the numbers
in the criteria file are this portal's own published model.

How a score is built
--------------------
* Each indicator maps its value to ``0..max_points`` raw points with a non-decreasing points
  function: ``thresholds`` (the points of the highest step reached) or ``linear`` (0 at
  ``from``, ``max_points`` at ``to``, clamped).
* Its weight on a track is ``track.viewpoint_weights[viewpoint]`` (default 1) times
  ``track.indicator_weights[key]`` (default: the indicator's own ``weight``).
* ``total`` is the sum of weighted points, ``maximum`` the sum of weighted maxima, ``percent``
  their ratio. An indicator's minimum is in raw points (a track may override it).
* Tiers are listed best first; the tier is the first whose conditions all hold. Every condition
  only gets easier as points rise, so a better value can never lower the total or the tier.

Arithmetic is exact (``fractions.Fraction``) so that a hub at exactly 80% is Gold; results are
reported as floats.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
import numbers
import re
from collections.abc import Iterable, Mapping
import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "INDICATOR_TYPES",
    "Criteria",
    "CriteriaError",
    "FieldError",
    "Improvement",
    "Indicator",
    "IndicatorScore",
    "NextStep",
    "PlanStep",
    "PointsFunction",
    "RubricLevel",
    "ScoreResult",
    "ScoringInputError",
    "Tier",
    "TierBlocker",
    "TierPlan",
    "Track",
    "Viewpoint",
    "ViewpointScore",
    "errors_to_dict",
    "load_criteria",
    "percentile",
    "score_application",
    "validate_values",
]

INDICATOR_TYPES = ("count", "money_million_yen", "percent", "rubric")
RUBRIC_LEVELS = (0, 1, 2, 3, 4)
_INTEGRAL_TYPES = frozenset({"count", "rubric"})
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_ZERO = Fraction(0)
_HUNDRED = Fraction(100)
# Enough for every step of every indicator several times over; the plan stops long before.
_PLAN_STEP_LIMIT = 1000


# --------------------------------------------------------------------------------------------
# Errors


class CriteriaError(ValueError):
    """A criteria file or mapping breaks the schema; ``key`` names the offending key path."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}")


@dataclass(frozen=True)
class FieldError:
    """One problem with one submitted field, in Japanese and English.

    ``field`` is the indicator key (or ``track``, ``values``, ``rubric_scores``,
    ``target_tier``); ``code`` is one of ``unknown_track``, ``unknown_indicator``,
    ``wrong_type``, ``not_finite``, ``not_integer``, ``out_of_range``, ``required``,
    ``reviewer_only``, ``not_rubric``, ``exceeds_related`` (e.g. more SMEs than partner
    companies), ``unknown_tier``.
    """

    field: str
    code: str
    message_ja: str
    message_en: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "field": self.field,
            "code": self.code,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
            "params": dict(self.params),
        }


class ScoringInputError(ValueError):
    """Raised by :func:`score_application` when the values do not validate."""

    def __init__(self, errors: dict[str, list[FieldError]]) -> None:
        self.errors = errors
        fields = ", ".join(sorted(errors))
        super().__init__(f"invalid application values: {fields}")

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """Errors keyed by field, JSON-ready."""
        return errors_to_dict(self.errors)


def errors_to_dict(errors: Mapping[str, Iterable[FieldError]]) -> dict[str, list[dict[str, Any]]]:
    """Turn ``{field: [FieldError, ...]}`` into plain JSON-ready dicts."""
    return {key: [error.to_dict() for error in problems] for key, problems in errors.items()}


# --------------------------------------------------------------------------------------------
# Criteria model


@dataclass(frozen=True)
class Viewpoint:
    """One of the review viewpoints (vision, inputs, process, outputs)."""

    key: str
    name_ja: str
    name_en: str


@dataclass(frozen=True)
class RubricLevel:
    """One published level (0-4) of a qualitative indicator's rubric."""

    level: int
    ja: str
    en: str


@dataclass(frozen=True)
class PointsFunction:
    """Maps an indicator value to raw points in ``0..max_points``; never decreasing.

    ``thresholds``: ``steps`` are ``(value, points)`` pairs, strictly increasing in both; a
    value earns the points of the highest step it reaches, 0 below the first.
    ``linear``: 0 points at ``start`` (``from`` in the file), ``max_points`` at ``end``,
    straight line between, clamped outside. ``suggest_step`` is the value increment that
    improvement advice aims for (targets lie on ``start + k * suggest_step``).
    """

    kind: str
    max_points: Fraction
    steps: tuple[tuple[Fraction, Fraction], ...] = ()
    start: Fraction = _ZERO
    end: Fraction = _ZERO
    suggest_step: Fraction = _ZERO

    def points(self, value: Fraction | None) -> Fraction:
        """Raw points for ``value``; ``None`` (not reported, not reviewed) earns 0."""
        if value is None:
            return _ZERO
        if self.kind == "thresholds":
            earned = _ZERO
            for threshold, step_points in self.steps:
                if value < threshold:
                    break
                earned = step_points
            return earned
        if value <= self.start:
            return _ZERO
        if value >= self.end:
            return self.max_points
        return self.max_points * (value - self.start) / (self.end - self.start)

    def next_target(self, value: Fraction | None) -> tuple[Fraction, Fraction] | None:
        """The next value worth aiming for and its points, or ``None`` at the top."""
        if self.kind == "thresholds":
            for threshold, step_points in self.steps:
                if value is None or threshold > value:
                    return threshold, step_points
            return None
        current = self.start if value is None else value
        if current >= self.end:
            return None
        k = max(math.floor((current - self.start) / self.suggest_step) + 1, 1)
        target = min(self.start + k * self.suggest_step, self.end)
        return target, self.points(target)


@dataclass(frozen=True)
class Indicator:
    """A scored indicator: quantitative (count, money, percent) or a reviewer rubric.

    ``required`` on a quantitative indicator means the application must report it; on a rubric
    indicator it means the result stays ``provisional`` until reviewers have scored it.
    ``at_most`` names another indicator this one cannot exceed (SMEs <= partner companies).
    """

    key: str
    viewpoint: str
    name_ja: str
    name_en: str
    unit_ja: str
    unit_en: str
    type: str
    min: Fraction
    max: Fraction
    required: bool
    points_function: PointsFunction
    max_points: Fraction
    minimum: Fraction
    weight: Fraction
    help_ja: str
    help_en: str
    advice_ja: str
    advice_en: str
    rubric: tuple[RubricLevel, ...] = ()
    at_most: str | None = None

    @property
    def is_rubric(self) -> bool:
        """Whether reviewers score this indicator on its published rubric."""
        return self.type == "rubric"


@dataclass(frozen=True)
class Track:
    """An application type (国際展開型, 地域貢献型, ...) with its own weights and minimums."""

    key: str
    name_ja: str
    name_en: str
    viewpoint_weights: dict[str, Fraction]
    indicator_weights: dict[str, Fraction]
    minimums: dict[str, Fraction]

    def weight(self, indicator: Indicator) -> Fraction:
        """Effective weight of ``indicator`` on this track."""
        base = self.indicator_weights.get(indicator.key, indicator.weight)
        return base * self.viewpoint_weights.get(indicator.viewpoint, Fraction(1))

    def minimum(self, indicator: Indicator) -> Fraction:
        """Raw points ``indicator`` needs on this track to pass its minimum."""
        return self.minimums.get(indicator.key, indicator.minimum)


@dataclass(frozen=True)
class Tier:
    """A certification tier; listed best first in the criteria.

    Reached when: ``percent >= min_percent``; at most ``max_minimums_missed`` indicator
    minimums are missed (``None``: no limit); every key in ``must_meet`` meets its minimum;
    and every viewpoint reaches ``min_viewpoint_percent`` of its own maximum.
    """

    key: str
    name_ja: str
    name_en: str
    min_percent: Fraction
    max_minimums_missed: int | None
    min_viewpoint_percent: Fraction
    must_meet: tuple[str, ...]


@dataclass(frozen=True)
class Criteria:
    """A published, versioned criteria set. ``to_dict()`` returns it as published."""

    version: str
    published_on: str
    title_ja: str
    title_en: str
    note: str
    viewpoints: tuple[Viewpoint, ...]
    tracks: dict[str, Track]
    indicators: tuple[Indicator, ...]
    tiers: tuple[Tier, ...]
    digest: str
    source: dict[str, Any] = field(repr=False, compare=False)

    def indicator(self, key: str) -> Indicator:
        """The indicator called ``key`` (``KeyError`` if unknown)."""
        for indicator in self.indicators:
            if indicator.key == key:
                return indicator
        raise KeyError(key)

    def tier(self, key: str) -> Tier:
        """The tier called ``key`` (``KeyError`` if unknown)."""
        for tier in self.tiers:
            if tier.key == key:
                return tier
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The criteria as published (JSON-ready), plus its ``digest``."""
        published = copy.deepcopy(self.source)
        published["digest"] = self.digest
        return published


# --------------------------------------------------------------------------------------------
# Loading and schema check


_TOP_KEYS = {
    "digest",  # written by Criteria.to_dict(); recomputed on load, never trusted
    "version", "published_on", "title_ja", "title_en", "note", "scoring_rules",
    "viewpoints", "tracks", "indicators", "tiers",
}
_VIEWPOINT_KEYS = {"key", "name_ja", "name_en", "description_ja", "description_en"}
_TRACK_KEYS = {
    "key", "name_ja", "name_en", "description_ja", "description_en", "since",
    "viewpoint_weights", "indicator_weights", "minimums",
}
_INDICATOR_KEYS = {
    "key", "viewpoint", "name_ja", "name_en", "unit_ja", "unit_en", "type", "min", "max",
    "required", "points", "max_points", "minimum", "weight", "help_ja", "help_en",
    "advice_ja", "advice_en", "rubric", "at_most",
}
_TIER_KEYS = {
    "key", "name_ja", "name_en", "description_ja", "description_en", "min_percent",
    "max_minimums_missed", "min_viewpoint_percent", "must_meet",
}


def load_criteria(path_or_dict: str | Path | Mapping[str, Any]) -> Criteria:
    """Read and check a criteria set from a JSON/YAML file or an already parsed mapping.

    Raises
    ------
    CriteriaError
        naming the offending key path (e.g. ``indicators[3].points.steps``).
    """
    if isinstance(path_or_dict, Mapping):
        raw: Any = copy.deepcopy(dict(path_or_dict))
    else:
        path = Path(path_or_dict)
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in {".yaml", ".yml"}:
            raw = yaml.safe_load(text)
        else:
            raw = json.loads(text)
    if not isinstance(raw, dict):
        raise CriteriaError("$", "criteria must be an object")
    return _build_criteria(raw)


def _build_criteria(raw: dict[str, Any]) -> Criteria:
    _no_unknown_keys(raw, _TOP_KEYS, "$")
    raw.pop("digest", None)
    version = _text(raw, "version", "$")
    published_on = _date(raw, "published_on")
    raw["published_on"] = published_on
    title_ja = _text(raw, "title_ja", "$")
    title_en = _text(raw, "title_en", "$")
    note = _text(raw, "note", "$")

    viewpoints = tuple(
        _build_viewpoint(item, f"viewpoints[{i}]")
        for i, item in enumerate(_list(raw, "viewpoints", "$"))
    )
    _unique([v.key for v in viewpoints], "viewpoints")
    viewpoint_keys = {v.key for v in viewpoints}

    indicators = tuple(
        _build_indicator(item, f"indicators[{i}]", viewpoint_keys)
        for i, item in enumerate(_list(raw, "indicators", "$"))
    )
    _unique([ind.key for ind in indicators], "indicators")
    for viewpoint in viewpoints:
        if not any(ind.viewpoint == viewpoint.key for ind in indicators):
            raise CriteriaError(f"viewpoints.{viewpoint.key}", "has no indicator")
    by_key = {ind.key: ind for ind in indicators}
    for i, ind in enumerate(indicators):
        if ind.at_most is not None:
            other = by_key.get(ind.at_most)
            if other is None or other is ind or other.is_rubric or ind.is_rubric:
                raise CriteriaError(
                    f"indicators[{i}].at_most", "must name another quantitative indicator"
                )

    track_list = [
        _build_track(item, f"tracks[{i}]", viewpoint_keys, by_key)
        for i, item in enumerate(_list(raw, "tracks", "$"))
    ]
    _unique([t.key for t in track_list], "tracks")

    tiers = tuple(
        _build_tier(item, f"tiers[{i}]", by_key)
        for i, item in enumerate(_list(raw, "tiers", "$"))
    )
    _unique([t.key for t in tiers], "tiers")
    for i in range(1, len(tiers)):
        if tiers[i].min_percent > tiers[i - 1].min_percent:
            raise CriteriaError(
                f"tiers[{i}].min_percent", "tiers are listed best first; min_percent must not rise"
            )
    last = tiers[-1]
    if (
        last.min_percent != 0
        or last.max_minimums_missed is not None
        or last.min_viewpoint_percent != 0
        or last.must_meet
    ):
        raise CriteriaError(
            f"tiers[{len(tiers) - 1}]",
            "the last tier is the fallback (not certified) and must have no conditions",
        )

    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Criteria(
        version=version,
        published_on=published_on,
        title_ja=title_ja,
        title_en=title_en,
        note=note,
        viewpoints=viewpoints,
        tracks={t.key: t for t in track_list},
        indicators=indicators,
        tiers=tiers,
        digest="sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        source=raw,
    )


def _build_viewpoint(item: Any, path: str) -> Viewpoint:
    obj = _object(item, path)
    _no_unknown_keys(obj, _VIEWPOINT_KEYS, path)
    return Viewpoint(
        key=_key(obj, path), name_ja=_text(obj, "name_ja", path), name_en=_text(obj, "name_en", path)
    )


def _build_indicator(item: Any, path: str, viewpoint_keys: set[str]) -> Indicator:
    obj = _object(item, path)
    _no_unknown_keys(obj, _INDICATOR_KEYS, path)
    key = _key(obj, path)
    viewpoint = _text(obj, "viewpoint", path)
    if viewpoint not in viewpoint_keys:
        raise CriteriaError(f"{path}.viewpoint", f"unknown viewpoint {viewpoint!r}")
    kind = _text(obj, "type", path)
    if kind not in INDICATOR_TYPES:
        raise CriteriaError(f"{path}.type", f"must be one of {', '.join(INDICATOR_TYPES)}")
    integral = kind in _INTEGRAL_TYPES
    low = _number(obj, "min", path, integral=integral)
    high = _number(obj, "max", path, integral=integral)
    if high <= low:
        raise CriteriaError(f"{path}.max", "must be greater than min")
    if kind == "percent" and (low < 0 or high > 100):
        raise CriteriaError(f"{path}.max", "a percent range must lie within 0..100")
    if kind == "rubric" and (low != RUBRIC_LEVELS[0] or high != RUBRIC_LEVELS[-1]):
        raise CriteriaError(f"{path}.min", "a rubric indicator ranges over levels 0..4")
    max_points = _number(obj, "max_points", path, positive=True)
    points = _build_points(obj.get("points"), f"{path}.points", max_points, low, high, integral)
    minimum = _number(obj, "minimum", path, lowest=_ZERO)
    if minimum > max_points:
        raise CriteriaError(f"{path}.minimum", "cannot exceed max_points")
    required = obj.get("required")
    if not isinstance(required, bool):
        raise CriteriaError(f"{path}.required", "must be true or false")
    weight = _number(obj, "weight", path, positive=True) if "weight" in obj else Fraction(1)

    rubric: tuple[RubricLevel, ...] = ()
    if kind == "rubric":
        if points.kind != "thresholds":
            raise CriteriaError(f"{path}.points.type", "a rubric indicator scores by thresholds")
        levels = _list(obj, "rubric", path)
        rubric = tuple(_build_rubric_level(lv, f"{path}.rubric[{i}]") for i, lv in enumerate(levels))
        if tuple(level.level for level in rubric) != RUBRIC_LEVELS:
            raise CriteriaError(f"{path}.rubric", "must describe levels 0, 1, 2, 3, 4 in order")
    elif "rubric" in obj:
        raise CriteriaError(f"{path}.rubric", "only rubric indicators carry a rubric")

    return Indicator(
        key=key,
        viewpoint=viewpoint,
        name_ja=_text(obj, "name_ja", path),
        name_en=_text(obj, "name_en", path),
        unit_ja=_text(obj, "unit_ja", path),
        unit_en=_text(obj, "unit_en", path),
        type=kind,
        min=low,
        max=high,
        required=required,
        points_function=points,
        max_points=max_points,
        minimum=minimum,
        weight=weight,
        help_ja=_text(obj, "help_ja", path),
        help_en=_text(obj, "help_en", path),
        advice_ja=_text(obj, "advice_ja", path),
        advice_en=_text(obj, "advice_en", path),
        rubric=rubric,
        at_most=_text(obj, "at_most", path) if "at_most" in obj else None,
    )


def _build_points(
    item: Any, path: str, max_points: Fraction, low: Fraction, high: Fraction, integral: bool
) -> PointsFunction:
    obj = _object(item, path)
    kind = obj.get("type")
    if kind == "thresholds":
        _no_unknown_keys(obj, {"type", "steps"}, path)
        raw_steps = _list(obj, "steps", path)
        steps: list[tuple[Fraction, Fraction]] = []
        for i, pair in enumerate(raw_steps):
            step_path = f"{path}.steps[{i}]"
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise CriteriaError(step_path, "each step is [value, points]")
            value = _as_number(pair[0], f"{step_path}[0]", integral=integral)
            step_points = _as_number(pair[1], f"{step_path}[1]")
            if not low <= value <= high:
                raise CriteriaError(f"{step_path}[0]", "step value outside the valid range")
            if not 0 < step_points <= max_points:
                raise CriteriaError(f"{step_path}[1]", "step points must be in (0, max_points]")
            if steps and (value <= steps[-1][0] or step_points <= steps[-1][1]):
                raise CriteriaError(step_path, "step values and points must strictly increase")
            steps.append((value, step_points))
        if steps[-1][1] != max_points:
            raise CriteriaError(f"{path}.steps", "the last step must award max_points")
        return PointsFunction(kind="thresholds", max_points=max_points, steps=tuple(steps))
    if kind == "linear":
        _no_unknown_keys(obj, {"type", "from", "to", "suggest_step"}, path)
        start = _number(obj, "from", path, integral=integral)
        end = _number(obj, "to", path, integral=integral)
        if not low <= start < end <= high:
            raise CriteriaError(f"{path}.to", "need min <= from < to <= max")
        step = _number(obj, "suggest_step", path, positive=True, integral=integral)
        return PointsFunction(
            kind="linear", max_points=max_points, start=start, end=end, suggest_step=step
        )
    raise CriteriaError(f"{path}.type", "must be 'thresholds' or 'linear'")


def _build_rubric_level(item: Any, path: str) -> RubricLevel:
    obj = _object(item, path)
    _no_unknown_keys(obj, {"level", "ja", "en"}, path)
    level = obj.get("level")
    if isinstance(level, bool) or not isinstance(level, int):
        raise CriteriaError(f"{path}.level", "must be an integer")
    return RubricLevel(level=level, ja=_text(obj, "ja", path), en=_text(obj, "en", path))


def _build_track(
    item: Any, path: str, viewpoint_keys: set[str], indicators: dict[str, Indicator]
) -> Track:
    obj = _object(item, path)
    _no_unknown_keys(obj, _TRACK_KEYS, path)

    def weights(name: str, allowed: Iterable[str]) -> dict[str, Fraction]:
        table = obj.get(name, {})
        if not isinstance(table, dict):
            raise CriteriaError(f"{path}.{name}", "must be an object")
        allowed = set(allowed)
        for key in table:
            if key not in allowed:
                raise CriteriaError(f"{path}.{name}.{key}", "unknown key")
        return {key: _number(table, key, f"{path}.{name}", positive=True) for key in table}

    minimums_raw = obj.get("minimums", {})
    if not isinstance(minimums_raw, dict):
        raise CriteriaError(f"{path}.minimums", "must be an object")
    minimums: dict[str, Fraction] = {}
    for key in minimums_raw:
        if key not in indicators:
            raise CriteriaError(f"{path}.minimums.{key}", "unknown indicator")
        value = _number(minimums_raw, key, f"{path}.minimums", lowest=_ZERO)
        if value > indicators[key].max_points:
            raise CriteriaError(f"{path}.minimums.{key}", "cannot exceed the indicator's max_points")
        minimums[key] = value

    return Track(
        key=_key(obj, path),
        name_ja=_text(obj, "name_ja", path),
        name_en=_text(obj, "name_en", path),
        viewpoint_weights=weights("viewpoint_weights", viewpoint_keys),
        indicator_weights=weights("indicator_weights", indicators),
        minimums=minimums,
    )


def _build_tier(item: Any, path: str, indicators: dict[str, Indicator]) -> Tier:
    obj = _object(item, path)
    _no_unknown_keys(obj, _TIER_KEYS, path)
    min_percent = _number(obj, "min_percent", path, lowest=_ZERO)
    if min_percent > 100:
        raise CriteriaError(f"{path}.min_percent", "must be within 0..100")
    missed = obj.get("max_minimums_missed")
    if missed is not None and (isinstance(missed, bool) or not isinstance(missed, int) or missed < 0):
        raise CriteriaError(f"{path}.max_minimums_missed", "must be a non-negative integer or null")
    floor = (
        _number(obj, "min_viewpoint_percent", path, lowest=_ZERO)
        if "min_viewpoint_percent" in obj
        else _ZERO
    )
    if floor > 100:
        raise CriteriaError(f"{path}.min_viewpoint_percent", "must be within 0..100")
    must_meet = obj.get("must_meet", [])
    if not isinstance(must_meet, list):
        raise CriteriaError(f"{path}.must_meet", "must be a list of indicator keys")
    for i, key in enumerate(must_meet):
        if key not in indicators:
            raise CriteriaError(f"{path}.must_meet[{i}]", f"unknown indicator {key!r}")
    return Tier(
        key=_key(obj, path),
        name_ja=_text(obj, "name_ja", path),
        name_en=_text(obj, "name_en", path),
        min_percent=min_percent,
        max_minimums_missed=missed,
        min_viewpoint_percent=floor,
        must_meet=tuple(must_meet),
    )


def _unique(keys: list[str], path: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise CriteriaError(f"{path}.{key}", "duplicate key")
        seen.add(key)


def _object(item: Any, path: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise CriteriaError(path, "must be an object")
    return item


def _no_unknown_keys(obj: dict[str, Any], allowed: set[str], path: str) -> None:
    for key in obj:
        if key not in allowed:
            raise CriteriaError(f"{path}.{key}", "unknown key")


def _list(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list) or not value:
        raise CriteriaError(_join(path, key), "must be a non-empty list")
    return value


def _text(obj: dict[str, Any], key: str, path: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CriteriaError(_join(path, key), "must be a non-empty string")
    return value


def _key(obj: dict[str, Any], path: str) -> str:
    key = _text(obj, "key", path)
    if not _KEY_PATTERN.match(key):
        raise CriteriaError(f"{path}.key", "use lower-case letters, digits and underscores")
    return key


def _date(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if isinstance(value, dt.date):  # YAML parses bare dates
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise CriteriaError(key, "must be an ISO date (YYYY-MM-DD)")


def _number(
    obj: dict[str, Any],
    key: str,
    path: str,
    *,
    positive: bool = False,
    lowest: Fraction | None = None,
    integral: bool = False,
) -> Fraction:
    if key not in obj:
        raise CriteriaError(_join(path, key), "is required")
    value = _as_number(obj[key], _join(path, key), integral=integral)
    if positive and value <= 0:
        raise CriteriaError(_join(path, key), "must be greater than 0")
    if lowest is not None and value < lowest:
        raise CriteriaError(_join(path, key), f"must be at least {lowest}")
    return value


def _as_number(value: Any, path: str, *, integral: bool = False) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CriteriaError(path, "must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise CriteriaError(path, "must be finite")
    exact = _exact(value)
    if integral and exact.denominator != 1:
        raise CriteriaError(path, "must be a whole number for this indicator type")
    return exact


def _join(path: str, key: str) -> str:
    return key if path == "$" else f"{path}.{key}"


def _exact(value: int | float | Fraction) -> Fraction:
    """Exact value of a number; floats by their shortest decimal (0.1 is 1/10)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


# --------------------------------------------------------------------------------------------
# Validating application values


def validate_values(
    criteria: Criteria,
    track: str,
    values: Mapping[str, Any],
    rubric_scores: Mapping[str, Any] | None = None,
) -> dict[str, list[FieldError]]:
    """Check an application's values; return ``{field: [FieldError, ...]}``, empty if valid.

    ``values`` holds the quantitative indicators (numbers, or numeric strings such as
    ``"1,200"`` or full-width digits from forms); ``None`` or ``""`` mean not reported.
    ``rubric_scores`` holds reviewers' rubric levels (integers 0-4) keyed by indicator.
    """
    errors, _numbers = _read_values(criteria, track, values, rubric_scores)
    return errors


def _read_values(
    criteria: Criteria,
    track: Any,
    values: Any,
    rubric_scores: Any,
) -> tuple[dict[str, list[FieldError]], dict[str, Fraction | None]]:
    errors: dict[str, list[FieldError]] = {}

    def add(error: FieldError) -> None:
        errors.setdefault(error.field, []).append(error)

    if not isinstance(track, str) or track not in criteria.tracks:
        choices = ", ".join(criteria.tracks)
        add(FieldError(
            "track", "unknown_track",
            f"不明な類型です（{track!r}）。{choices} のいずれかを指定してください。",
            f"Unknown track {track!r}; choose one of {choices}.",
            {"track": track if isinstance(track, str) else None, "choices": list(criteria.tracks)},
        ))

    if not isinstance(values, Mapping):
        add(FieldError(
            "values", "wrong_type", "申請値は指標キーと数値の組で送ってください。",
            "Application values must be an object of indicator keys and numbers.",
        ))
        values = {}
    if rubric_scores is None:
        rubric_scores = {}
    elif not isinstance(rubric_scores, Mapping):
        add(FieldError(
            "rubric_scores", "wrong_type", "評価レベルは指標キーと整数の組で送ってください。",
            "Rubric scores must be an object of indicator keys and levels 0-4.",
        ))
        rubric_scores = {}

    known = {ind.key: ind for ind in criteria.indicators}
    for source, table in (("values", values), ("rubric_scores", rubric_scores)):
        for raw_key in table:
            key = str(raw_key)
            if key not in known:
                add(FieldError(
                    key, "unknown_indicator",
                    f"評価基準 {criteria.version} にない指標です: {key}",
                    f"{key!r} is not an indicator of criteria {criteria.version}.",
                    {"source": source, "criteria_version": criteria.version},
                ))
            elif source == "values" and known[key].is_rubric:
                add(FieldError(
                    key, "reviewer_only",
                    f"「{known[key].name_ja}」は審査員が公開ルーブリックで評価する指標です。"
                    "申請値ではなく rubric_scores で送ってください。",
                    f"{known[key].name_en} is scored by reviewers on the published rubric; "
                    "send it in rubric_scores, not in the application values.",
                    {"source": source},
                ))
            elif source == "rubric_scores" and not known[key].is_rubric:
                add(FieldError(
                    key, "not_rubric",
                    f"「{known[key].name_ja}」は数値指標です。申請値として送ってください。",
                    f"{known[key].name_en} is a quantitative indicator; send it in the "
                    "application values.",
                    {"source": source},
                ))

    numbers: dict[str, Fraction | None] = {}
    for indicator in criteria.indicators:
        table = rubric_scores if indicator.is_rubric else values
        raw = table.get(indicator.key)
        number, error = _read_number(indicator, raw)
        if error is not None:
            add(error)
        elif number is None and indicator.required and not indicator.is_rubric:
            add(FieldError(
                indicator.key, "required",
                f"必須項目です: {indicator.name_ja}",
                f"{indicator.name_en} is required.",
            ))
        numbers[indicator.key] = number
    for indicator in criteria.indicators:
        if indicator.at_most is None:
            continue
        value, ceiling = numbers[indicator.key], numbers[indicator.at_most]
        if value is not None and ceiling is not None and value > ceiling:
            other = criteria.indicator(indicator.at_most)
            add(FieldError(
                indicator.key, "exceeds_related",
                f"「{indicator.name_ja}」は「{other.name_ja}」（{_fmt(ceiling)}）を超えられません。",
                f"{indicator.name_en} cannot exceed {other.name_en} ({_fmt(ceiling)}).",
                {"related": other.key, "max": _number_for_json(ceiling)},
            ))
    return errors, numbers


def _read_number(indicator: Indicator, raw: Any) -> tuple[Fraction | None, FieldError | None]:
    """Parse one submitted value; ``(None, None)`` means not reported."""
    key = indicator.key
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    wrong_type = FieldError(
        key, "wrong_type",
        f"「{indicator.name_ja}」には数値を入力してください。",
        f"Enter a number for {indicator.name_en}.",
        {"got": type(raw).__name__},
    )
    if isinstance(raw, bool):
        return None, wrong_type
    if isinstance(raw, str):
        text = raw.strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            parsed = float(text)  # float() also reads full-width digits (１２)
        except ValueError:
            return None, wrong_type
        raw = parsed
    if isinstance(raw, Decimal):
        finite = raw.is_finite()
    elif isinstance(raw, numbers.Rational):
        finite = True
    elif isinstance(raw, numbers.Real):
        finite = math.isfinite(float(raw))
    else:
        return None, wrong_type
    if not finite:
        return None, FieldError(
            key, "not_finite",
            f"「{indicator.name_ja}」には有限の数値を入力してください（NaN・無限大は不可）。",
            f"{indicator.name_en} must be a finite number (not NaN or infinity).",
        )
    if isinstance(raw, float):
        value = _exact(raw)
    elif isinstance(raw, numbers.Rational | Decimal):
        value = Fraction(raw)
    else:  # other Reals, e.g. numpy floats that are not float subclasses
        value = _exact(float(raw))
    if indicator.type in _INTEGRAL_TYPES and value.denominator != 1:
        return None, FieldError(
            key, "not_integer",
            f"「{indicator.name_ja}」は整数で入力してください。",
            f"{indicator.name_en} must be a whole number.",
            {"value": _number_for_json(value)},
        )
    if not indicator.min <= value <= indicator.max:
        low, high = _number_for_json(indicator.min), _number_for_json(indicator.max)
        return None, FieldError(
            key, "out_of_range",
            f"「{indicator.name_ja}」は{_quantity_ja(indicator, indicator.min)}から"
            f"{_quantity_ja(indicator, indicator.max)}の範囲で入力してください"
            f"（入力値 {_fmt(value)}）。",
            f"{indicator.name_en} must be between {_quantity_en(indicator, indicator.min)} and "
            f"{_quantity_en(indicator, indicator.max)} (got {_fmt(value)}).",
            {"min": low, "max": high, "value": _number_for_json(value)},
        )
    return value, None


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class NextStep:
    """The next value of an indicator that earns more points."""

    value: float
    points: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"value": _number_for_json(self.value), "points": _round(self.points)}


@dataclass(frozen=True)
class IndicatorScore:
    """How one indicator scored, with a sentence explaining it in both languages.

    ``status`` is ``reported`` / ``not_reported`` for quantitative indicators and
    ``reviewed`` / ``pending_review`` for rubric indicators.
    """

    key: str
    viewpoint: str
    name_ja: str
    name_en: str
    type: str
    status: str
    value: float | None
    points: float
    max_points: float
    weight: float
    weighted_points: float
    weighted_max: float
    minimum: float
    minimum_met: bool
    next_step: NextStep | None
    explanation_ja: str
    explanation_en: str
    advice_ja: str
    advice_en: str

    @property
    def pending_review(self) -> bool:
        """A rubric indicator that reviewers have not scored yet (counts 0)."""
        return self.status == "pending_review"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "viewpoint": self.viewpoint,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "type": self.type,
            "status": self.status,
            "pending_review": self.pending_review,
            "value": _number_for_json(self.value),
            "points": _round(self.points),
            "max_points": _round(self.max_points),
            "weight": _round(self.weight),
            "weighted_points": _round(self.weighted_points),
            "weighted_max": _round(self.weighted_max),
            "minimum": _round(self.minimum),
            "minimum_met": self.minimum_met,
            "next_step": self.next_step.to_dict() if self.next_step else None,
            "explanation_ja": self.explanation_ja,
            "explanation_en": self.explanation_en,
            "advice_ja": self.advice_ja,
            "advice_en": self.advice_en,
        }


@dataclass(frozen=True)
class ViewpointScore:
    """Weighted points of one review viewpoint."""

    key: str
    name_ja: str
    name_en: str
    points: float
    max_points: float
    percent: float
    exact_percent: Fraction = field(default=_ZERO, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "points": _round(self.points),
            "max_points": _round(self.max_points),
            "percent": _percent_for_display(self.exact_percent),
        }


@dataclass(frozen=True)
class TierBlocker:
    """One condition of the target tier that is not yet met.

    ``code``: ``percent_below``, ``too_many_minimums_missed``, ``must_meet_missed`` or
    ``viewpoint_below``.
    """

    code: str
    message_ja: str
    message_en: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "code": self.code,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class Improvement:
    """What moving one indicator to its next step would do, all else unchanged."""

    key: str
    viewpoint: str
    name_ja: str
    name_en: str
    from_value: float | None
    to_value: float
    points_gain: float
    weighted_gain: float
    total_after: float
    percent_after: float
    tier_after: str
    reaches_target_tier: bool
    fixes_minimum: bool
    reviewer_assessed: bool
    explanation_ja: str
    explanation_en: str
    advice_ja: str
    advice_en: str
    exact_percent_after: Fraction = field(default=_ZERO, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "viewpoint": self.viewpoint,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "from_value": _number_for_json(self.from_value),
            "to_value": _number_for_json(self.to_value),
            "points_gain": _round(self.points_gain),
            "weighted_gain": _round(self.weighted_gain),
            "total_after": _round(self.total_after),
            "percent_after": _percent_for_display(self.exact_percent_after),
            "tier_after": self.tier_after,
            "reaches_target_tier": self.reaches_target_tier,
            "fixes_minimum": self.fixes_minimum,
            "reviewer_assessed": self.reviewer_assessed,
            "explanation_ja": self.explanation_ja,
            "explanation_en": self.explanation_en,
            "advice_ja": self.advice_ja,
            "advice_en": self.advice_en,
        }


@dataclass(frozen=True)
class PlanStep:
    """One indicator change in a plan to reach the target tier."""

    key: str
    name_ja: str
    name_en: str
    from_value: float | None
    to_value: float
    weighted_gain: float
    reviewer_assessed: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "name_ja": self.name_ja,
            "name_en": self.name_en,
            "from_value": _number_for_json(self.from_value),
            "to_value": _number_for_json(self.to_value),
            "weighted_gain": _round(self.weighted_gain),
            "reviewer_assessed": self.reviewer_assessed,
        }


@dataclass(frozen=True)
class TierPlan:
    """A short set of changes that together reach ``target_tier`` (greedy, not unique)."""

    target_tier: str
    steps: tuple[PlanStep, ...]
    reaches_target_tier: bool
    total_after: float
    percent_after: float
    exact_percent_after: Fraction = field(default=_ZERO, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "target_tier": self.target_tier,
            "steps": [step.to_dict() for step in self.steps],
            "reaches_target_tier": self.reaches_target_tier,
            "total_after": _round(self.total_after),
            "percent_after": _percent_for_display(self.exact_percent_after),
        }


@dataclass(frozen=True)
class ScoreResult:
    """The scored application. ``to_dict()`` is what the API returns and what is stored."""

    criteria_version: str
    criteria_digest: str
    track: str
    total: float
    maximum: float
    percent: float
    tier: str
    tier_name_ja: str
    tier_name_en: str
    tier_rank: int
    provisional: bool
    pending_review: tuple[str, ...]
    viewpoints: tuple[ViewpointScore, ...]
    indicators: tuple[IndicatorScore, ...]
    minimums_met: tuple[str, ...]
    minimums_missed: tuple[str, ...]
    next_tier: str | None
    target_tier: str | None
    gap_points: float
    blockers: tuple[TierBlocker, ...]
    improvements: tuple[Improvement, ...]
    plan: TierPlan | None
    exact_percent: Fraction = field(default=_ZERO, repr=False, compare=False)

    def indicator(self, key: str) -> IndicatorScore:
        """The score of indicator ``key``."""
        for item in self.indicators:
            if item.key == key:
                return item
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; points rounded to 2 decimals, percents floored to 1 decimal."""
        return {
            "criteria_version": self.criteria_version,
            "criteria_digest": self.criteria_digest,
            "track": self.track,
            "total": _round(self.total),
            "maximum": _round(self.maximum),
            "percent": _percent_for_display(self.exact_percent),
            "tier": self.tier,
            "tier_name_ja": self.tier_name_ja,
            "tier_name_en": self.tier_name_en,
            "tier_rank": self.tier_rank,
            "provisional": self.provisional,
            "pending_review": list(self.pending_review),
            "viewpoints": [v.to_dict() for v in self.viewpoints],
            "indicators": [i.to_dict() for i in self.indicators],
            "minimums": {"met": list(self.minimums_met), "missed": list(self.minimums_missed)},
            "next_tier": self.next_tier,
            "target_tier": self.target_tier,
            "gap_points": _round(self.gap_points),
            "blockers": [b.to_dict() for b in self.blockers],
            "improvements": [i.to_dict() for i in self.improvements],
            "plan": self.plan.to_dict() if self.plan else None,
        }


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class _Tally:
    """Exact intermediate sums for one set of values."""

    points: dict[str, Fraction]
    weighted: dict[str, Fraction]
    minimum_met: dict[str, bool]
    viewpoint_points: dict[str, Fraction]
    viewpoint_max: dict[str, Fraction]
    total: Fraction
    maximum: Fraction
    tier_index: int = 0

    @property
    def percent(self) -> Fraction:
        return self.total * _HUNDRED / self.maximum

    def viewpoint_percent(self, key: str) -> Fraction:
        return self.viewpoint_points[key] * _HUNDRED / self.viewpoint_max[key]


def _tally(criteria: Criteria, track: Track, values: Mapping[str, Fraction | None]) -> _Tally:
    points: dict[str, Fraction] = {}
    weighted: dict[str, Fraction] = {}
    minimum_met: dict[str, bool] = {}
    vp_points = {v.key: _ZERO for v in criteria.viewpoints}
    vp_max = {v.key: _ZERO for v in criteria.viewpoints}
    for indicator in criteria.indicators:
        earned = indicator.points_function.points(values.get(indicator.key))
        weight = track.weight(indicator)
        points[indicator.key] = earned
        weighted[indicator.key] = earned * weight
        minimum_met[indicator.key] = earned >= track.minimum(indicator)
        vp_points[indicator.viewpoint] += earned * weight
        vp_max[indicator.viewpoint] += indicator.max_points * weight
    tally = _Tally(
        points=points,
        weighted=weighted,
        minimum_met=minimum_met,
        viewpoint_points=vp_points,
        viewpoint_max=vp_max,
        total=sum(weighted.values(), _ZERO),
        maximum=sum(vp_max.values(), _ZERO),
    )
    tally.tier_index = _tier_index(criteria, tally)
    return tally


def _with_change(
    criteria: Criteria, track: Track, tally: _Tally, indicator: Indicator, value: Fraction | None
) -> _Tally:
    """``tally`` with one indicator moved to ``value``; exact, so equal to a full recount."""
    key = indicator.key
    earned = indicator.points_function.points(value)
    weighted = earned * track.weight(indicator)
    delta = weighted - tally.weighted[key]
    viewpoint_points = dict(tally.viewpoint_points)
    viewpoint_points[indicator.viewpoint] += delta
    changed = _Tally(
        points={**tally.points, key: earned},
        weighted={**tally.weighted, key: weighted},
        minimum_met={**tally.minimum_met, key: earned >= track.minimum(indicator)},
        viewpoint_points=viewpoint_points,
        viewpoint_max=tally.viewpoint_max,
        total=tally.total + delta,
        maximum=tally.maximum,
    )
    changed.tier_index = _tier_index(criteria, changed)
    return changed


def _tier_index(criteria: Criteria, tally: _Tally) -> int:
    # The last tier has no conditions, so there is always a match.
    return next(i for i, tier in enumerate(criteria.tiers) if _tier_reached(criteria, tier, tally))


def _tier_reached(criteria: Criteria, tier: Tier, tally: _Tally) -> bool:
    """Whether ``tally`` meets every condition of ``tier`` (see :class:`Tier`)."""
    if tally.total * _HUNDRED < tier.min_percent * tally.maximum:
        return False
    if tier.max_minimums_missed is not None:
        missed = sum(1 for met in tally.minimum_met.values() if not met)
        if missed > tier.max_minimums_missed:
            return False
    if not all(tally.minimum_met[key] for key in tier.must_meet):
        return False
    return all(
        tally.viewpoint_points[v.key] * _HUNDRED
        >= tier.min_viewpoint_percent * tally.viewpoint_max[v.key]
        for v in criteria.viewpoints
    )


def _blockers(criteria: Criteria, tier: Tier, tally: _Tally) -> list[TierBlocker]:
    """The conditions of ``tier`` that ``tally`` does not meet (empty: tier reached)."""
    blockers: list[TierBlocker] = []
    if tally.percent < tier.min_percent:
        gap = tier.min_percent * tally.maximum / _HUNDRED - tally.total
        blockers.append(TierBlocker(
            "percent_below",
            f"{tier.name_ja}には満点の{_fmt(tier.min_percent)}%"
            f"（{_fmt(tier.min_percent * tally.maximum / _HUNDRED)}点）以上が必要です。"
            f"あと{_fmt(gap)}点。",
            f"{tier.name_en} needs at least {_fmt(tier.min_percent)}% of the maximum "
            f"({_fmt(tier.min_percent * tally.maximum / _HUNDRED)} points); "
            f"{_fmt(gap)} points to go.",
            {"needed_percent": float(tier.min_percent), "gap_points": _round(float(gap))},
        ))
    missed = [key for key, met in tally.minimum_met.items() if not met]
    if tier.max_minimums_missed is not None and len(missed) > tier.max_minimums_missed:
        blockers.append(TierBlocker(
            "too_many_minimums_missed",
            f"{tier.name_ja}では最低基準の未達は{tier.max_minimums_missed}件までです"
            f"（現在{len(missed)}件）。",
            f"{tier.name_en} allows at most {tier.max_minimums_missed} missed minimums "
            f"({len(missed)} missed now).",
            {"allowed": tier.max_minimums_missed, "missed": missed},
        ))
    must = [key for key in tier.must_meet if not tally.minimum_met[key]]
    if must:
        names_ja = "、".join(criteria.indicator(k).name_ja for k in must)
        names_en = ", ".join(criteria.indicator(k).name_en for k in must)
        blockers.append(TierBlocker(
            "must_meet_missed",
            f"{tier.name_ja}には次の指標の最低基準が必須です: {names_ja}",
            f"{tier.name_en} requires the minimum of: {names_en}",
            {"keys": must},
        ))
    for viewpoint in criteria.viewpoints:
        share = tally.viewpoint_percent(viewpoint.key)
        if share < tier.min_viewpoint_percent:
            blockers.append(TierBlocker(
                "viewpoint_below",
                f"{tier.name_ja}には各評価視点で{_fmt(tier.min_viewpoint_percent)}%以上が必要です"
                f"（{viewpoint.name_ja}: {_fmt(_floor1(share))}%）。",
                f"{tier.name_en} needs {_fmt(tier.min_viewpoint_percent)}% in every viewpoint "
                f"({viewpoint.name_en}: {_fmt(_floor1(share))}%).",
                {
                    "viewpoint": viewpoint.key,
                    "needed_percent": float(tier.min_viewpoint_percent),
                    "percent": _percent_for_display(share),
                },
            ))
    return blockers


def score_application(
    criteria: Criteria,
    track: str,
    values: Mapping[str, Any],
    rubric_scores: Mapping[str, Any] | None = None,
    *,
    target_tier: str | None = None,
) -> ScoreResult:
    """Score one application under ``criteria`` on ``track``.

    Parameters
    ----------
    criteria
        from :func:`load_criteria`; the result records its version and digest.
    track
        a track key of the criteria, e.g. ``"global"`` or ``"regional"``.
    values
        quantitative indicator values keyed by indicator key (see :func:`validate_values`).
    rubric_scores
        reviewers' rubric levels 0-4; rubric indicators left out count 0 and are flagged
        ``pending_review`` (the result is then ``provisional``).
    target_tier
        the tier that ``gap_points``, ``blockers``, ``improvements[].reaches_target_tier``
        and ``plan`` aim at; defaults to the tier just above the one reached.

    Raises
    ------
    ScoringInputError
        with errors keyed by field if the values do not validate.
    """
    errors, numbers_ = _read_values(criteria, track, values, rubric_scores)
    tier_keys = [tier.key for tier in criteria.tiers]
    if target_tier is not None and target_tier not in tier_keys:
        errors.setdefault("target_tier", []).append(FieldError(
            "target_tier", "unknown_tier",
            f"不明な認証区分です: {target_tier}", f"Unknown tier {target_tier!r}.",
            {"choices": tier_keys},
        ))
    if errors:
        raise ScoringInputError(errors)

    chosen = criteria.tracks[track]
    tally = _tally(criteria, chosen, numbers_)
    tier = criteria.tiers[tally.tier_index]
    next_index = tally.tier_index - 1 if tally.tier_index > 0 else None
    if target_tier is None:
        target_index = next_index
    else:
        target_index = tier_keys.index(target_tier)
        if target_index >= tally.tier_index:  # already there or better
            target_index = None

    indicator_scores = tuple(
        _indicator_score(criteria, chosen, indicator, numbers_[indicator.key], tally)
        for indicator in criteria.indicators
    )
    viewpoint_scores = tuple(
        ViewpointScore(
            key=v.key,
            name_ja=v.name_ja,
            name_en=v.name_en,
            points=float(tally.viewpoint_points[v.key]),
            max_points=float(tally.viewpoint_max[v.key]),
            percent=float(tally.viewpoint_percent(v.key)),
            exact_percent=tally.viewpoint_percent(v.key),
        )
        for v in criteria.viewpoints
    )

    if target_index is None:
        gap = _ZERO
        blockers: list[TierBlocker] = []
        plan = None
    else:
        target = criteria.tiers[target_index]
        blockers = _blockers(criteria, target, tally)
        gap = max(_ZERO, target.min_percent * tally.maximum / _HUNDRED - tally.total)
        plan = _plan(criteria, chosen, numbers_, target_index)

    pending = tuple(s.key for s in indicator_scores if s.pending_review)
    required_pending = [
        key for key in pending if criteria.indicator(key).required
    ]
    return ScoreResult(
        criteria_version=criteria.version,
        criteria_digest=criteria.digest,
        track=track,
        total=float(tally.total),
        maximum=float(tally.maximum),
        percent=float(tally.percent),
        tier=tier.key,
        tier_name_ja=tier.name_ja,
        tier_name_en=tier.name_en,
        tier_rank=tally.tier_index,
        provisional=bool(required_pending),
        pending_review=pending,
        viewpoints=viewpoint_scores,
        indicators=indicator_scores,
        minimums_met=tuple(k for k, met in tally.minimum_met.items() if met),
        minimums_missed=tuple(k for k, met in tally.minimum_met.items() if not met),
        next_tier=criteria.tiers[next_index].key if next_index is not None else None,
        target_tier=criteria.tiers[target_index].key if target_index is not None else None,
        gap_points=float(gap),
        blockers=tuple(blockers),
        improvements=_improvements(criteria, chosen, numbers_, tally, target_index),
        plan=plan,
        exact_percent=tally.percent,
    )


def _indicator_score(
    criteria: Criteria,
    track: Track,
    indicator: Indicator,
    value: Fraction | None,
    tally: _Tally,
) -> IndicatorScore:
    earned = tally.points[indicator.key]
    weight = track.weight(indicator)
    minimum = track.minimum(indicator)
    nxt = indicator.points_function.next_target(value)
    if value is None:
        status = "pending_review" if indicator.is_rubric else "not_reported"
    else:
        status = "reviewed" if indicator.is_rubric else "reported"
    explanation_ja, explanation_en = _explain(indicator, value, earned, weight, minimum, nxt)
    return IndicatorScore(
        key=indicator.key,
        viewpoint=indicator.viewpoint,
        name_ja=indicator.name_ja,
        name_en=indicator.name_en,
        type=indicator.type,
        status=status,
        value=None if value is None else float(value),
        points=float(earned),
        max_points=float(indicator.max_points),
        weight=float(weight),
        weighted_points=float(earned * weight),
        weighted_max=float(indicator.max_points * weight),
        minimum=float(minimum),
        minimum_met=tally.minimum_met[indicator.key],
        next_step=NextStep(float(nxt[0]), float(nxt[1])) if nxt else None,
        explanation_ja=explanation_ja,
        explanation_en=explanation_en,
        advice_ja=indicator.advice_ja,
        advice_en=indicator.advice_en,
    )


def _improvements(
    criteria: Criteria,
    track: Track,
    values: dict[str, Fraction | None],
    tally: _Tally,
    target_index: int | None,
) -> tuple[Improvement, ...]:
    found: list[tuple[Fraction, int, Improvement]] = []
    for order, indicator in enumerate(criteria.indicators):
        current = values[indicator.key]
        nxt = indicator.points_function.next_target(current)
        if nxt is None:
            continue
        target_value, _points = nxt
        after = _with_change(criteria, track, tally, indicator, target_value)
        points_gain = after.points[indicator.key] - tally.points[indicator.key]
        weighted_gain = after.total - tally.total
        tier_after = criteria.tiers[after.tier_index]
        reaches = target_index is not None and after.tier_index <= target_index
        fixes = not tally.minimum_met[indicator.key] and after.minimum_met[indicator.key]
        from_en = "not reported" if current is None else _quantity_en(indicator, current)
        from_ja = "未報告" if current is None else _quantity_ja(indicator, current)
        if indicator.is_rubric and current is None:
            from_en, from_ja = "not yet reviewed", "審査前"
        extra_en = f"; enough for {tier_after.name_en} on its own" if reaches else ""
        extra_ja = f"。これだけで{tier_after.name_ja}に届きます" if reaches else ""
        improvement = Improvement(
            key=indicator.key,
            viewpoint=indicator.viewpoint,
            name_ja=indicator.name_ja,
            name_en=indicator.name_en,
            from_value=None if current is None else float(current),
            to_value=float(target_value),
            points_gain=float(points_gain),
            weighted_gain=float(weighted_gain),
            total_after=float(after.total),
            percent_after=float(after.percent),
            tier_after=tier_after.key,
            reaches_target_tier=reaches,
            fixes_minimum=fixes,
            reviewer_assessed=indicator.is_rubric,
            explanation_ja=(
                f"{indicator.name_ja}を{from_ja}から{_quantity_ja(indicator, target_value)}へ: "
                f"+{_fmt(points_gain)}点（重み付き +{_fmt(weighted_gain)}点、"
                f"合計{_fmt(after.total)}点・{_fmt(_floor1(after.percent))}%）{extra_ja}"
            ),
            explanation_en=(
                f"{indicator.name_en} from {from_en} to {_quantity_en(indicator, target_value)}: "
                f"+{_fmt(points_gain)} points (+{_fmt(weighted_gain)} weighted, total "
                f"{_fmt(after.total)}, {_fmt(_floor1(after.percent))}%){extra_en}"
            ),
            advice_ja=indicator.advice_ja,
            advice_en=indicator.advice_en,
            exact_percent_after=after.percent,
        )
        found.append((weighted_gain, order, improvement))
    # Biggest weighted rise first; among equals, the one that reaches the tier, then file order.
    found.sort(key=lambda item: (-item[0], not item[2].reaches_target_tier, item[1]))
    return tuple(item[2] for item in found)


def _plan(
    criteria: Criteria,
    track: Track,
    values: dict[str, Fraction | None],
    target_index: int,
) -> TierPlan:
    """Greedy plan: take one step at a time until the target tier is reached.

    Each round prefers a step that reaches the tier outright, then one that clears a blocking
    minimum or viewpoint floor, then an indicator moved fewer times so far (one step on several
    indicators is a more realistic plan than maxing out one), then the largest weighted gain.
    """
    target = criteria.tiers[target_index]
    current = dict(values)
    changes: dict[str, list[Fraction | None]] = {}
    moved: dict[str, int] = {}
    tally = _tally(criteria, track, current)
    for _ in range(_PLAN_STEP_LIMIT):
        if tally.tier_index <= target_index:
            break
        blockers = _blockers(criteria, target, tally)
        minimum_blocked = any(
            b.code in {"too_many_minimums_missed", "must_meet_missed"} for b in blockers
        )
        low_viewpoints = {b.params["viewpoint"] for b in blockers if b.code == "viewpoint_below"}
        best: tuple[Any, ...] | None = None
        for order, indicator in enumerate(criteria.indicators):
            nxt = indicator.points_function.next_target(current[indicator.key])
            if nxt is None:
                continue
            after = _with_change(criteria, track, tally, indicator, nxt[0])
            clears = (
                minimum_blocked
                and not tally.minimum_met[indicator.key]
                and after.minimum_met[indicator.key]
            ) or indicator.viewpoint in low_viewpoints
            moves = -moved.get(indicator.key, 0)
            rank = (
                after.tier_index <= target_index, clears, moves, after.total - tally.total, -order
            )
            if best is None or rank > best[0]:
                best = (rank, indicator, nxt[0], after)
        if best is None:
            break
        _rank, indicator, target_value, tally = best
        changes.setdefault(indicator.key, [current[indicator.key], None])[1] = target_value
        moved[indicator.key] = moved.get(indicator.key, 0) + 1
        current[indicator.key] = target_value

    base = _tally(criteria, track, values)
    steps = []
    for key, (before, after_value) in changes.items():
        indicator = criteria.indicator(key)
        assert after_value is not None
        alone = _with_change(criteria, track, base, indicator, after_value)
        steps.append(PlanStep(
            key=key,
            name_ja=indicator.name_ja,
            name_en=indicator.name_en,
            from_value=None if before is None else float(before),
            to_value=float(after_value),
            weighted_gain=float(alone.total - base.total),
            reviewer_assessed=indicator.is_rubric,
        ))
    return TierPlan(
        target_tier=target.key,
        steps=tuple(steps),
        reaches_target_tier=tally.tier_index <= target_index,
        total_after=float(tally.total),
        percent_after=float(tally.percent),
        exact_percent_after=tally.percent,
    )


def percentile(score: float, peer_scores: Iterable[float]) -> float:
    """Percentile rank of ``score`` among peers, 0-100 (ties count half, as ESCA reports do).

    ``100 * (peers below + 0.5 * peers equal) / peers``. Compare like with like: percents
    with percents of the same criteria version and track.

    Raises
    ------
    ValueError
        if there are no peers or any score is not a finite number.
    """
    peers = list(peer_scores)
    if not peers:
        msg = "percentile needs at least one peer score"
        raise ValueError(msg)
    for item in [score, *peers]:
        if isinstance(item, bool) or not isinstance(item, numbers.Real) or not math.isfinite(item):
            msg = f"scores must be finite numbers, got {item!r}"
            raise ValueError(msg)
    below = sum(1 for peer in peers if peer < score)
    equal = sum(1 for peer in peers if peer == score)
    return 100.0 * (below + 0.5 * equal) / len(peers)


# --------------------------------------------------------------------------------------------
# Wording


def _explain(
    indicator: Indicator,
    value: Fraction | None,
    earned: Fraction,
    weight: Fraction,
    minimum: Fraction,
    nxt: tuple[Fraction, Fraction] | None,
) -> tuple[str, str]:
    """One sentence per language, e.g. '12 contracts → 6 of 10 points (next step at 20 → 8)'."""
    top = _fmt(indicator.max_points)
    if value is None and indicator.is_rubric:
        ja = f"審査前 → {top}点中0点（審査待ち）"
        en = f"not yet reviewed → 0 of {top} points (pending review)"
    else:
        if value is None:
            ja, en = f"未報告 → {top}点中0点", f"not reported → 0 of {top} points"
        else:
            ja = f"{_quantity_ja(indicator, value)} → {top}点中{_fmt(earned)}点"
            en = f"{_quantity_en(indicator, value)} → {_fmt(earned)} of {top} points"
        function = indicator.points_function
        if nxt is None:
            ja += "（最上位の段階に到達）"
            en += " (top step reached)"
        elif function.kind == "linear":
            ja += (
                f"（{_quantity_ja(indicator, function.start)}〜{_quantity_ja(indicator, function.end)}"
                f"で比例配点。{_quantity_ja(indicator, nxt[0])}なら{_fmt(nxt[1])}点）"
            )
            en += (
                f" (linear from {_quantity_en(indicator, function.start)} to "
                f"{_quantity_en(indicator, function.end)}; "
                f"{_quantity_en(indicator, nxt[0])} → {_fmt(nxt[1])})"
            )
        else:
            word_ja = "次は" if indicator.is_rubric else "次の段階は"
            word_en = "next:" if indicator.is_rubric else "next step at"
            ja += f"（{word_ja}{_quantity_ja(indicator, nxt[0])}で{_fmt(nxt[1])}点）"
            en += f" ({word_en} {_quantity_en(indicator, nxt[0])} → {_fmt(nxt[1])})"
    if weight != 1:
        ja += f"、重み×{_fmt(weight)}で{_fmt(earned * weight)}点"
        en += f"; × {_fmt(weight)} weight = {_fmt(earned * weight)}"
    if minimum > 0:
        if earned >= minimum:
            ja += f"、最低基準{_fmt(minimum)}点を達成"
            en += f"; minimum of {_fmt(minimum)} met"
        else:
            ja += f"、最低基準{_fmt(minimum)}点に未達"
            en += f"; minimum of {_fmt(minimum)} not met"
    return ja, en


def _quantity_en(indicator: Indicator, value: Fraction | float) -> str:
    if indicator.is_rubric:
        return f"level {_fmt(value)}"
    if indicator.unit_en == "%":
        return f"{_fmt(value)}%"
    unit = indicator.unit_en
    if value == 1 and indicator.type == "count":  # units are written in the plural
        unit = unit[:-3] + "y" if unit.endswith("ies") else unit.removesuffix("s")
    return f"{_fmt(value)} {unit}"


def _quantity_ja(indicator: Indicator, value: Fraction | float) -> str:
    if indicator.is_rubric:
        return f"レベル{_fmt(value)}"
    return f"{_fmt(value)}{indicator.unit_ja}"


def _fmt(value: Fraction | float | int) -> str:
    """1200 → '1,200'; 7.5 → '7.5'; 2/3 → '0.67'."""
    exact = value if isinstance(value, Fraction) else _exact(value)
    if exact.denominator == 1:
        return f"{exact.numerator:,}"
    try:
        return f"{float(exact):,.2f}".rstrip("0").rstrip(".")
    except OverflowError:  # absurd input echoed back in an error message
        return str(exact)


def _floor1(value: Fraction) -> Fraction:
    """Floor to one decimal, so 79.96% never shows as 80.0%."""
    return Fraction(math.floor(value * 10), 10)


def _percent_for_display(value: Fraction) -> float:
    return float(_floor1(value))


def _round(value: float, digits: int = 2) -> float:
    return round(float(value), digits)


def _number_for_json(value: float | Fraction | None) -> int | float | str | None:
    if value is None:
        return None
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    try:
        number = float(value)
    except OverflowError:  # absurd input echoed back in an error message
        return str(value)
    return int(number) if number.is_integer() else number
