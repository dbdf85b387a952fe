"""What the engine tells people, as message codes with parameters: advice, explanations, errors.

The engine writes no sentences. Each explanation, piece of advice, tier blocker, input error
and criteria problem is a :class:`Message`: a code from :data:`MessageCode` and its
parameters. The portal words it in the reader's language with gettext
(:mod:`hubs.certification.wording`), so one catalogue holds every language.

Parameters that come from the criteria document travel with the document's own words:
a :class:`Name` carries an indicator's, tier's or viewpoint's Japanese and English names, a
:class:`Quantity` a value with the indicator's units. Numbers stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Union, get_args

from .exact import exact, json_number

if TYPE_CHECKING:
    from .criteria import Indicator, Tier, Viewpoint

MessageCode = Literal[
    # How an indicator scored: the points, a detail in brackets, then clauses.
    "points_earned", "points_not_reported", "points_pending_review",
    "top_step_reached", "next_step", "next_level", "linear_next",
    "weighted_points", "minimum_met", "minimum_missed",
    # Advice: what moving one indicator would do. A value not given yet reads as a status.
    "improvement", "improvement_reaches_tier", "not_reported", "not_yet_reviewed",
    # Why the target tier is not reached.
    "percent_below", "too_many_minimums_missed", "must_meet_missed", "viewpoint_below",
    # Problems with submitted values.
    "unknown_track", "track_missing", "values_not_object", "rubric_scores_not_object",
    "unknown_indicator", "reviewer_only", "not_rubric", "value_required", "exceeds_related",
    "not_a_number", "not_finite", "not_integer", "out_of_range", "unknown_tier",
    # Problems with a criteria document.
    "key_required", "key_unknown", "text_expected", "text_empty", "key_format", "boolean_expected",
    "number_expected", "finite_number_expected", "whole_number_expected", "must_exceed",
    "must_be_at_least", "must_be_at_most", "list_expected", "list_empty", "too_many_items",
    "object_expected", "date_expected", "one_of", "invalid_value", "duplicate_key",
    "unknown_viewpoint", "unknown_indicator_key", "viewpoint_without_indicator", "at_most_invalid",
    "max_not_above_min", "percent_range", "rubric_range", "step_out_of_range",
    "step_points_above_max", "steps_not_increasing", "last_step_not_max", "linear_outside_range",
    "minimum_above_max_points", "minimum_above_indicator_max", "rubric_needs_thresholds",
    "rubric_levels", "rubric_not_allowed", "tiers_not_ordered", "last_tier_has_conditions",
]
MESSAGE_CODES: frozenset[str] = frozenset(get_args(MessageCode))


@dataclass(frozen=True)
class Name:
    """Something the criteria document names in both languages: an indicator, tier or viewpoint."""

    key: str
    ja: str
    en: str

    @classmethod
    def of(cls, item: Indicator | Tier | Viewpoint) -> Name:
        return cls(item.key, item.name_ja, item.name_en)


@dataclass(frozen=True)
class Quantity:
    """A value in an indicator's units (``12 contracts``, ``12件``); rubric values are levels."""

    value: Fraction
    unit_ja: str
    unit_en: str
    kind: str
    """The indicator's type: ``count``, ``money_million_yen``, ``percent`` or ``rubric``."""

    @classmethod
    def of(cls, indicator: Indicator, value: Fraction) -> Quantity:
        return cls(value, indicator.unit_ja, indicator.unit_en, indicator.type)


Param = Union[Name, Quantity, "Message", Fraction, float, str, None, tuple[Name, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Message:
    """Something to tell a person: a code and its parameters, worded by the portal."""

    code: MessageCode
    params: Mapping[str, Param] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the code and :func:`params_to_json` of the parameters."""
        return {"code": self.code, "params": params_to_json(self.params)}


def params_to_json(params: Mapping[str, Param]) -> dict[str, Any]:
    """Parameters as JSON: names by their key, quantities and numbers as numbers."""
    return {key: _json(value) for key, value in params.items()}


def _json(value: Param) -> Any:
    if isinstance(value, Name):
        return value.key
    if isinstance(value, Quantity):
        return json_number(value.value)
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    if isinstance(value, Fraction):
        return json_number(value)
    return value


@dataclass(frozen=True)
class Explanation:
    """How one indicator scored: ``points`` (``12 contracts → 6 of 10 points``), an optional
    ``detail`` shown in brackets (the next step), then ``clauses`` (weight, minimum)."""

    points: Message
    detail: Message | None = None
    clauses: tuple[Message, ...] = ()


def explain(
    indicator: Indicator,
    value: Fraction | None,
    earned: Fraction,
    weight: Fraction,
    minimum: Fraction,
    nxt: tuple[Fraction, Fraction] | None,
) -> Explanation:
    """E.g. '12 contracts → 6 of 10 points (next step at 20 contracts → 8); minimum of 2 met'."""
    top = indicator.max_points
    detail: Message | None = None
    if value is None and indicator.is_rubric:
        points = Message("points_pending_review", {"top": top})
    else:
        if value is None:
            points = Message("points_not_reported", {"top": top})
        else:
            points = Message("points_earned", {"value": Quantity.of(indicator, value), "points": earned, "top": top})
        function = indicator.points
        if nxt is None:
            detail = Message("top_step_reached")
        elif function.type == "linear":
            detail = Message("linear_next", {
                "start": Quantity.of(indicator, function.start), "end": Quantity.of(indicator, function.end),
                "value": Quantity.of(indicator, nxt[0]), "points": nxt[1],
            })
        else:
            code: MessageCode = "next_level" if indicator.is_rubric else "next_step"
            detail = Message(code, {"value": Quantity.of(indicator, nxt[0]), "points": nxt[1]})
    clauses: list[Message] = []
    if weight != 1:
        clauses.append(Message("weighted_points", {"weight": weight, "points": earned * weight}))
    if minimum > 0:
        clauses.append(Message("minimum_met" if earned >= minimum else "minimum_missed", {"minimum": minimum}))
    return Explanation(points, detail, tuple(clauses))


def improvement(
    indicator: Indicator,
    current: Fraction | None,
    target: Fraction,
    gain: Fraction,
    weighted_gain: Fraction,
    total_after: Fraction,
    percent_after: Fraction,
    tier_reached: Tier | None,
) -> Message:
    """E.g. 'Joint research contracts from 12 contracts to 20 contracts: +2 points (+4 weighted,
    total 24, 60%); enough for Silver on its own'. ``percent_after`` is already floored."""
    start: Quantity | Message
    if current is not None:
        start = Quantity.of(indicator, current)
    else:
        start = Message("not_yet_reviewed" if indicator.is_rubric else "not_reported")
    params: dict[str, Param] = {
        "indicator": Name.of(indicator), "start": start, "end": Quantity.of(indicator, target), "gain": gain,
        "weighted_gain": weighted_gain, "total": total_after, "percent": percent_after,
    }
    if tier_reached is None:
        return Message("improvement", params)
    return Message("improvement_reaches_tier", {**params, "tier": Name.of(tier_reached)})


def format_number(value: Fraction | float | int) -> str:
    """1200 → '1,200'; 7.5 → '7.5'; 2/3 → '0.67'."""
    number = value if isinstance(value, Fraction) else exact(value)
    if number.denominator == 1:
        return f"{number.numerator:,}"
    try:
        return f"{float(number):,.2f}".rstrip("0").rstrip(".")
    except OverflowError:  # absurd input echoed back in an error message
        return str(number)
