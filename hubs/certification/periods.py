"""Japanese fiscal years (April to March) and certification periods.

A certification is valid for three fiscal years: the one it starts in and the two after,
so a hub certified on 2025-06-10 (FY2025) stays certified until 2028-03-31. A renewal
(継続審査) continues it for the next three: 2028-04-01 to 2031-03-31.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

VALID_FISCAL_YEARS = 3
REMINDER_MONTHS = 6


def fiscal_year(day: date) -> int:
    """The Japanese fiscal year (年度) containing ``day``: FY2025 runs 2025-04-01..2026-03-31."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_end(year: int) -> date:
    return date(year + 1, 3, 31)


def certification_period(start: date) -> tuple[date, date]:
    """``(valid_from, valid_to)`` for a certification starting on ``start``."""
    return start, fiscal_year_end(fiscal_year(start) + VALID_FISCAL_YEARS - 1)


def continued_period(previous_valid_to: date) -> tuple[date, date]:
    """The period of a renewal's result 継続 (continued): the three fiscal years after the
    previous period, from the day after it ends, without a gap or an overlap (also when the
    decision comes after that day: the renewal was applied for while the hub was certified)."""
    return certification_period(previous_valid_to + timedelta(days=1))


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
