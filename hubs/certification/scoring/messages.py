"""The sentences the engine writes: how an indicator scored, and quantities in their units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, get_args

from .exact import exact

if TYPE_CHECKING:
    from .criteria import Indicator

MessageCode = Literal[
    # A criteria document's problems
    "key_required", "key_unknown", "text_expected", "text_empty", "key_format", "boolean_expected",
    "number_expected", "finite_number_expected", "whole_number_expected", "must_exceed",
    "must_be_at_least", "must_be_at_most", "list_expected", "list_empty", "too_many_items", "object_expected", "date_expected",
    "one_of", "invalid_value", "duplicate_key", "unknown_viewpoint", "unknown_indicator_key",
    "viewpoint_without_indicator", "at_most_invalid", "max_not_above_min", "percent_range",
    "rubric_range", "step_out_of_range", "step_points_above_max", "steps_not_increasing",
    "last_step_not_max", "linear_outside_range", "minimum_above_max_points",
    "minimum_above_indicator_max", "rubric_needs_thresholds", "rubric_levels", "rubric_not_allowed",
    "tiers_not_ordered", "last_tier_has_conditions",
]
MESSAGE_CODES: frozenset[str] = frozenset(get_args(MessageCode))


@dataclass(frozen=True)
class Message:
    """Something to tell a person, as a code and its parameters; the portal words it."""

    code: MessageCode
    params: Mapping[str, Any] = field(default_factory=dict)


def explain(
    indicator: Indicator,
    value: Fraction | None,
    earned: Fraction,
    weight: Fraction,
    minimum: Fraction,
    nxt: tuple[Fraction, Fraction] | None,
) -> tuple[str, str]:
    """One sentence per language, e.g. '12 contracts → 6 of 10 points (next step at 20 → 8)'."""
    top = format_number(indicator.max_points)
    if value is None and indicator.is_rubric:
        ja = f"審査前 → {top}点中0点（審査待ち）"
        en = f"not yet reviewed → 0 of {top} points (pending review)"
    else:
        if value is None:
            ja, en = f"未報告 → {top}点中0点", f"not reported → 0 of {top} points"
        else:
            ja = f"{quantity_ja(indicator, value)} → {top}点中{format_number(earned)}点"
            en = f"{quantity_en(indicator, value)} → {format_number(earned)} of {top} points"
        function = indicator.points
        if nxt is None:
            ja += "（最上位の段階に到達）"
            en += " (top step reached)"
        elif function.type == "linear":
            ja += (
                f"（{quantity_ja(indicator, function.start)}〜{quantity_ja(indicator, function.end)}"
                f"で比例配点。{quantity_ja(indicator, nxt[0])}なら{format_number(nxt[1])}点）"
            )
            en += (
                f" (linear from {quantity_en(indicator, function.start)} to "
                f"{quantity_en(indicator, function.end)}; "
                f"{quantity_en(indicator, nxt[0])} → {format_number(nxt[1])})"
            )
        else:
            word_ja = "次は" if indicator.is_rubric else "次の段階は"
            word_en = "next:" if indicator.is_rubric else "next step at"
            ja += f"（{word_ja}{quantity_ja(indicator, nxt[0])}で{format_number(nxt[1])}点）"
            en += f" ({word_en} {quantity_en(indicator, nxt[0])} → {format_number(nxt[1])})"
    if weight != 1:
        ja += f"、重み×{format_number(weight)}で{format_number(earned * weight)}点"
        en += f"; × {format_number(weight)} weight = {format_number(earned * weight)}"
    if minimum > 0:
        if earned >= minimum:
            ja += f"、最低基準{format_number(minimum)}点を達成"
            en += f"; minimum of {format_number(minimum)} met"
        else:
            ja += f"、最低基準{format_number(minimum)}点に未達"
            en += f"; minimum of {format_number(minimum)} not met"
    return ja, en


def quantity_en(indicator: Indicator, value: Fraction | float) -> str:
    if indicator.is_rubric:
        return f"level {format_number(value)}"
    if indicator.unit_en == "%":
        return f"{format_number(value)}%"
    unit = indicator.unit_en
    if value == 1 and indicator.type == "count":  # units are written in the plural
        unit = unit[:-3] + "y" if unit.endswith("ies") else unit.removesuffix("s")
    return f"{format_number(value)} {unit}"


def quantity_ja(indicator: Indicator, value: Fraction | float) -> str:
    if indicator.is_rubric:
        return f"レベル{format_number(value)}"
    return f"{format_number(value)}{indicator.unit_ja}"


def format_number(value: Fraction | float | int) -> str:
    """1200 → '1,200'; 7.5 → '7.5'; 2/3 → '0.67'."""
    number = value if isinstance(value, Fraction) else exact(value)
    if number.denominator == 1:
        return f"{number.numerator:,}"
    try:
        return f"{float(number):,.2f}".rstrip("0").rstrip(".")
    except OverflowError:  # absurd input echoed back in an error message
        return str(number)


