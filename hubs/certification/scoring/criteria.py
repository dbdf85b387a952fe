"""The published criteria set: its structure, and reading it from JSON, YAML or a mapping.

A criteria document (``seed_data/criteria/*.json``) declares review viewpoints, tracks with
their weights and minimums, indicators with their points functions, and tiers listed best
first. :func:`load_criteria` checks it and returns a :class:`Criteria`.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from .exact import ZERO, exact

INDICATOR_TYPES = ("count", "money_million_yen", "percent", "rubric")
RUBRIC_LEVELS = (0, 1, 2, 3, 4)
INTEGRAL_TYPES = frozenset({"count", "rubric"})
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class CriteriaError(ValueError):
    """A criteria file or mapping breaks the schema; ``key`` names the offending key path."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}")



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
    start: Fraction = ZERO
    end: Fraction = ZERO
    suggest_step: Fraction = ZERO

    def points(self, value: Fraction | None) -> Fraction:
        """Raw points for ``value``; ``None`` (not reported, not reviewed) earns 0."""
        if value is None:
            return ZERO
        if self.kind == "thresholds":
            earned = ZERO
            for threshold, step_points in self.steps:
                if value < threshold:
                    break
                earned = step_points
            return earned
        if value <= self.start:
            return ZERO
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
    integral = kind in INTEGRAL_TYPES
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
    minimum = _number(obj, "minimum", path, lowest=ZERO)
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
        value = _number(minimums_raw, key, f"{path}.minimums", lowest=ZERO)
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
    min_percent = _number(obj, "min_percent", path, lowest=ZERO)
    if min_percent > 100:
        raise CriteriaError(f"{path}.min_percent", "must be within 0..100")
    missed = obj.get("max_minimums_missed")
    if missed is not None and (isinstance(missed, bool) or not isinstance(missed, int) or missed < 0):
        raise CriteriaError(f"{path}.max_minimums_missed", "must be a non-negative integer or null")
    floor = (
        _number(obj, "min_viewpoint_percent", path, lowest=ZERO)
        if "min_viewpoint_percent" in obj
        else ZERO
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
    number = exact(value)
    if integral and number.denominator != 1:
        raise CriteriaError(path, "must be a whole number for this indicator type")
    return number


def _join(path: str, key: str) -> str:
    return key if path == "$" else f"{path}.{key}"


