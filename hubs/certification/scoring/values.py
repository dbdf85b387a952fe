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
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .criteria import INTEGRAL_TYPES, Criteria, Indicator
from .exact import exact
from .messages import Message, Name, Param, Quantity, params_to_json

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class FieldError:
    """One problem with one submitted field.

    ``field`` is the indicator key (or ``track``, ``values``, ``rubric_scores``,
    ``target_tier``); ``code`` is one of ``unknown_track``, ``unknown_indicator``,
    ``wrong_type``, ``not_finite``, ``not_integer``, ``out_of_range``, ``required``,
    ``reviewer_only``, ``not_rubric``, ``exceeds_related`` (e.g. more SMEs than partner
    companies), ``unknown_tier``; ``message`` is what to tell the person.
    """

    field: str
    code: str
    message: Message

    @property
    def params(self) -> Mapping[str, Param]:
        return self.message.params

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: field, code and parameters (the portal adds the wording)."""
        return {"field": self.field, "code": self.code, "params": params_to_json(self.params)}


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
    """The errors of :func:`validate_values` and every indicator's value, exact (``None``: not given)."""
    errors: dict[str, list[FieldError]] = {}

    def add(error: FieldError) -> None:
        errors.setdefault(error.field, []).append(error)

    if not isinstance(track, str) or track not in criteria.tracks:
        given = track if isinstance(track, str) else None
        add(FieldError("track", "unknown_track", Message(
            "unknown_track" if given else "track_missing", {"track": given, "choices": tuple(criteria.tracks)},
        )))

    if not isinstance(values, Mapping):
        add(FieldError("values", "wrong_type", Message("values_not_object")))
        values = {}
    if rubric_scores is None:
        rubric_scores = {}
    elif not isinstance(rubric_scores, Mapping):
        add(FieldError("rubric_scores", "wrong_type", Message("rubric_scores_not_object")))
        rubric_scores = {}

    known = {ind.key: ind for ind in criteria.indicators}
    for source, table in (("values", values), ("rubric_scores", rubric_scores)):
        for raw_key in table:
            key = str(raw_key)
            if key not in known:
                add(FieldError(key, "unknown_indicator", Message(
                    "unknown_indicator", {"key": key, "source": source, "criteria_version": criteria.version},
                )))
            elif source == "values" and known[key].is_rubric:
                add(FieldError(key, "reviewer_only", Message(
                    "reviewer_only", {"indicator": Name.of(known[key]), "source": source},
                )))
            elif source == "rubric_scores" and not known[key].is_rubric:
                add(FieldError(key, "not_rubric", Message(
                    "not_rubric", {"indicator": Name.of(known[key]), "source": source},
                )))

    numbers: dict[str, Fraction | None] = {}
    for indicator in criteria.indicators:
        table = rubric_scores if indicator.is_rubric else values
        raw = table.get(indicator.key)
        number, error = _read_number(indicator, raw)
        if error is not None:
            add(error)
        elif number is None and indicator.required and not indicator.is_rubric:
            add(FieldError(indicator.key, "required", Message("value_required", {"indicator": Name.of(indicator)})))
        numbers[indicator.key] = number
    for indicator in criteria.indicators:
        if indicator.at_most is None:
            continue
        value, ceiling = numbers[indicator.key], numbers[indicator.at_most]
        if value is not None and ceiling is not None and value > ceiling:
            related = Name.of(criteria.indicator(indicator.at_most))
            add(FieldError(indicator.key, "exceeds_related", Message(
                "exceeds_related", {"indicator": Name.of(indicator), "related": related, "max": ceiling},
            )))
    return errors, numbers


def _read_number(indicator: Indicator, raw: Any) -> tuple[Fraction | None, FieldError | None]:
    """Parse one submitted value; ``(None, None)`` means not reported."""
    key, name = indicator.key, Name.of(indicator)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    wrong_type = FieldError(key, "wrong_type", Message("not_a_number", {"indicator": name, "got": type(raw).__name__}))
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
        return None, FieldError(key, "not_finite", Message("not_finite", {"indicator": name}))
    if isinstance(raw, float):
        value = exact(raw)
    elif isinstance(raw, numbers.Rational | Decimal):
        value = Fraction(raw)
    else:  # other Reals, e.g. numpy floats that are not float subclasses
        value = exact(float(raw))
    if indicator.type in INTEGRAL_TYPES and value.denominator != 1:
        return None, FieldError(key, "not_integer", Message("not_integer", {"indicator": name, "value": value}))
    if not indicator.min <= value <= indicator.max:
        return None, FieldError(key, "out_of_range", Message("out_of_range", {
            "indicator": name, "min": Quantity.of(indicator, indicator.min),
            "max": Quantity.of(indicator, indicator.max), "value": value,
        }))
    return value, None
