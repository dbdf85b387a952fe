"""What a requester pays for a machine: the labs' own rule, as a pure function.

Public test labs set fees by ordinance as a setup fee plus a rate per unit (an hour, four
hours, a sample); many charge requesters from another prefecture a multiple (県外2倍, 2割増)
and waive it for prefectures they have an agreement with (the five Chugoku prefectures since
April 2016). Amounts are whole yen; a multiplied amount is rounded down to the yen, as the
ordinances do (円未満切捨て). No Flask, no database: tested offline.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from collections.abc import Collection


@dataclass(frozen=True)
class FeeEstimate:
    """An estimate in yen, with how it was reached."""

    total_jpy: int
    base_jpy: int
    units: int
    multiplier: Decimal
    waived: bool


def units_for(hours: float, unit_hours: int | None) -> int:
    """How many rate units ``hours`` of use take: whole units of time, or one sample or case."""
    if unit_hours is None:
        return 1
    return max(1, math.ceil(hours / unit_hours - 1e-9))


def out_of_prefecture_multiplier(lab_prefecture: str, requester_prefecture: str | None,
                                 multiplier: Decimal | None, waived_for: Collection[str] = ()) -> tuple[Decimal, bool]:
    """The multiplier a requester from ``requester_prefecture`` pays, and whether a waiver applied.

    Same prefecture, unknown requester or no rule: 1. An agreement listing the requester's
    prefecture in ``waived_for``: 1, waived.
    """
    if requester_prefecture is None or requester_prefecture == lab_prefecture or multiplier is None:
        return Decimal(1), False
    if requester_prefecture in waived_for:
        return Decimal(1), multiplier != 1
    return Decimal(multiplier), False


def estimate_fee(setup_jpy: int | None, rate_jpy: int | None, unit_hours: int | None, hours: float,
                 lab_prefecture: str, requester_prefecture: str | None = None,
                 multiplier: Decimal | None = None, waived_for: Collection[str] = ()) -> FeeEstimate | None:
    """fee = (setup + rate × units) × out-of-prefecture multiplier (unless waived), in whole yen.

    Parameters
    ----------
    setup_jpy, rate_jpy
        The published amounts; ``rate_jpy`` ``None`` means the lab publishes no fee (→ ``None``).
    unit_hours
        Hours one rate unit covers (1 for an hourly rate), ``None`` for a rate per sample or case.
    hours
        Hours of use asked for (> 0).
    lab_prefecture, requester_prefecture
        JIS X 0401 codes.
    multiplier, waived_for
        The lab's out-of-prefecture rule: its multiplier and the prefectures it is waived for.
    """
    if rate_jpy is None:
        return None
    if not hours > 0:
        msg = f"hours must be positive, not {hours!r}"
        raise ValueError(msg)
    units = units_for(hours, unit_hours)
    base = (setup_jpy or 0) + rate_jpy * units
    factor, waived = out_of_prefecture_multiplier(lab_prefecture, requester_prefecture, multiplier, waived_for)
    total = int((Decimal(base) * factor).to_integral_value(rounding=ROUND_FLOOR))
    return FeeEstimate(total, base, units, factor, waived)
