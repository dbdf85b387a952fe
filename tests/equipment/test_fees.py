"""The fee a requester pays: setup + rate × units, × the out-of-prefecture multiplier unless waived."""
from __future__ import annotations

from decimal import Decimal

import pytest

from hubs.equipment.fees import estimate_fee, units_for

CHUGOKU = ("31", "32", "33", "34", "35")


def test_chiba_universal_tester_in_prefecture_matches_the_labs_own_example():
    # Chiba's published example: 2,870 yen setup + 920 yen per hour.
    fee = estimate_fee(2870, 920, 1, 3, "12", "12")
    assert fee is not None
    assert (fee.total_jpy, fee.base_jpy, fee.units, fee.multiplier) == (2870 + 3 * 920, 5630, 3, Decimal(1))


def test_out_of_prefecture_requester_pays_the_multiple_of_setup_and_rate():
    fee = estimate_fee(1000, 500, 1, 2, "36", "13", Decimal(2), ("27",))
    assert fee is not None and fee.total_jpy == 4000 and not fee.waived


def test_agreement_waives_the_surcharge_for_listed_prefectures():
    fee = estimate_fee(None, 8200, None, 1, "34", "33", Decimal(2), CHUGOKU)
    assert fee is not None and fee.total_jpy == 8200 and fee.waived


def test_fractional_multiplier_rounds_down_to_the_yen():
    fee = estimate_fee(None, 2941, None, 1, "15", "13", Decimal("1.5"))
    assert fee is not None and fee.total_jpy == 4411  # 4411.5 → 4411 (円未満切捨て)


def test_no_rule_means_no_surcharge_and_no_published_rate_means_no_estimate():
    fee = estimate_fee(None, 1500, 1, 1, "04", "47")
    assert fee is not None and fee.total_jpy == 1500
    assert estimate_fee(None, None, 1, 1, "04", "47", Decimal(2)) is None


@pytest.mark.parametrize(("hours", "unit_hours", "units"), [
    (0.5, 1, 1), (1, 1, 1), (1.01, 1, 2), (3, 4, 1), (5, 4, 2), (10, None, 1),
])
def test_units_are_whole_rate_units_or_one_sample(hours, unit_hours, units):
    assert units_for(hours, unit_hours) == units


def test_hours_must_be_positive():
    with pytest.raises(ValueError, match="hours"):
        estimate_fee(None, 100, 1, 0, "01", "01")
