"""Exact numbers in, display numbers out.

Scoring is exact (:class:`fractions.Fraction`) so that a hub at exactly 80% is Gold; these
helpers read a float by its shortest decimal and turn exact results into the floats that
results report (points rounded to 2 decimals, percents floored to 1 so 79.96% never shows
as 80.0%).
"""

from __future__ import annotations

import math
from fractions import Fraction

ZERO = Fraction(0)
HUNDRED = Fraction(100)


def exact(value: int | float | Fraction) -> Fraction:
    """Exact value of a number; floats by their shortest decimal (0.1 is 1/10)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def floor1(value: Fraction) -> Fraction:
    """Floor to one decimal, so 79.96% never shows as 80.0%."""
    return Fraction(math.floor(value * 10), 10)


def percent_for_display(value: Fraction) -> float:
    """A percent as results report it: floored to one decimal."""
    return float(floor1(value))


def round2(value: float) -> float:
    """Points for display: 2 decimals, and whole points as whole numbers (200, not 200.0)."""
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


def json_number(value: float | Fraction | None) -> int | float | str | None:
    """A value as a JSON number: whole numbers as integers, the rest as floats."""
    if value is None:
        return None
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    try:
        number = float(value)
    except OverflowError:  # absurd input echoed back in an error message
        return str(value)
    return int(number) if number.is_integer() else number
