"""Reading an application's submitted values: numbers from forms and JSON, checked per field.

Values arrive as numbers or as text typed into forms (``"1,200"``, full-width ``"１２"``);
``None`` or ``""`` mean not reported. Every problem is reported under its own field.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .criteria import INTEGRAL_TYPES, Criteria, Indicator
from .exact import exact, json_number
from .messages import format_number, quantity_en, quantity_ja

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


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
    params: dict[str, Any] = dataclass_field(default_factory=dict)

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
    errors, _numbers = read_values(criteria, track, values, rubric_scores)
    return errors


def read_values(
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
                f"「{indicator.name_ja}」は「{other.name_ja}」（{format_number(ceiling)}）を超えられません。",
                f"{indicator.name_en} cannot exceed {other.name_en} ({format_number(ceiling)}).",
                {"related": other.key, "max": json_number(ceiling)},
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
        value = exact(raw)
    elif isinstance(raw, numbers.Rational | Decimal):
        value = Fraction(raw)
    else:  # other Reals, e.g. numpy floats that are not float subclasses
        value = exact(float(raw))
    if indicator.type in INTEGRAL_TYPES and value.denominator != 1:
        return None, FieldError(
            key, "not_integer",
            f"「{indicator.name_ja}」は整数で入力してください。",
            f"{indicator.name_en} must be a whole number.",
            {"value": json_number(value)},
        )
    if not indicator.min <= value <= indicator.max:
        low, high = json_number(indicator.min), json_number(indicator.max)
        return None, FieldError(
            key, "out_of_range",
            f"「{indicator.name_ja}」は{quantity_ja(indicator, indicator.min)}から"
            f"{quantity_ja(indicator, indicator.max)}の範囲で入力してください"
            f"（入力値 {format_number(value)}）。",
            f"{indicator.name_en} must be between {quantity_en(indicator, indicator.min)} and "
            f"{quantity_en(indicator, indicator.max)} (got {format_number(value)}).",
            {"min": low, "max": high, "value": json_number(value)},
        )
    return value, None
