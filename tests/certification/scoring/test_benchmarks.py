"""Anonymous benchmarks in the engine: quartile bands only, none below ten peers."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubs.certification.scoring import MIN_PEERS, IndicatorBand, indicator_bands, percentile, quartile_band

TEN = [float(n) for n in range(1, 11)]  # 1..10
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@pytest.mark.parametrize(("value", "band"), [
    (100.0, 1),  # above every peer
    (9.0, 1),  # 8 below + half of 1 equal = 85%
    (8.0, 1),  # 7 below + half of 1 = 75%: exactly three quarters is the top band
    (7.0, 2),  # 65%
    (6.0, 2),  # 55%
    (5.0, 3),  # 45%
    (3.0, 3),  # 25%: exactly a quarter is the third band
    (2.0, 4),  # 15%
    (0.0, 4),  # below every peer
])
def test_bands_are_quarters_best_first(value, band):
    assert quartile_band(value, TEN) == band


def test_exactly_three_quarters_of_the_peers_below_is_the_top_band():
    peers = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]
    assert quartile_band(9.5, peers) == 1  # 9 of 12 below: 75%
    assert quartile_band(3.5, peers) == 3  # 3 of 12 below: 25%, the third quarter
    assert quartile_band(3.0, peers) == 4  # 2.5 of 12: below 25%


def test_no_band_below_ten_peers():
    assert MIN_PEERS == 10
    assert quartile_band(5.0, TEN[:9]) is None
    assert quartile_band(5.0, TEN) is not None
    assert quartile_band(5.0, TEN[:3], min_peers=3) is not None


@pytest.mark.parametrize("bad", [math.nan, math.inf, True])
def test_non_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="finite"):
        quartile_band(bad, TEN)
    with pytest.raises(ValueError, match="finite"):
        quartile_band(1.0, [*TEN, bad])
    with pytest.raises(ValueError, match="min_peers"):
        quartile_band(1.0, TEN, min_peers=0)


@given(finite, st.lists(finite, min_size=10, max_size=40))
def test_the_band_is_the_percentile_rank_in_quarters(value, peers):
    expected = 4 - min(int(percentile(value, peers) // 25), 3)
    assert quartile_band(value, peers) == expected


@given(finite, finite, st.lists(finite, min_size=10, max_size=40))
def test_a_higher_value_never_gets_a_worse_band(low, high, peers):
    low, high = min(low, high), max(low, high)
    assert quartile_band(high, peers) <= quartile_band(low, peers)


def test_indicator_bands_count_only_peers_that_reported_the_indicator():
    peers = [{"a": float(n), "b": float(n)} for n in range(10)] + [{"a": 3.0}]
    bands = indicator_bands(["a", "b", "c"], {"a": 100.0, "b": 0.0}, peers)
    assert bands == [IndicatorBand("a", 1, 11), IndicatorBand("b", 4, 10), IndicatorBand("c", None, 0, "not_reported")]
    fewer = indicator_bands(["b"], {"b": 5.0}, peers[:9] + [{"b": math.nan}])
    assert fewer == [IndicatorBand("b", None, 9, "too_few_peers")]


def test_a_band_carries_no_peer_figure():
    band = indicator_bands(["a"], {"a": 5.0}, [{"a": 1000.0 + n} for n in range(10)])[0]
    assert set(vars(band)) == {"key", "band", "peers", "withheld"}
