"""Anonymous benchmarks: where a value stands among peers, as a quartile band only.

A band says which quarter of the peers' values a hub's own value falls in (1 = the top
quarter, 4 = the bottom one); with fewer than :data:`MIN_PEERS` peers there is no band at
all, so that no band can be traced back to one peer. Nothing here returns a peer's value,
an exact percentile or a quartile boundary: callers only ever get the band and the number
of peers it was computed among.

Every indicator's points function is non-decreasing, so a higher value is the better one;
the same holds for overall percents.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

#: Fewest peers for a band to be given at all.
MIN_PEERS = 10
#: The bands, best first.
BANDS = (1, 2, 3, 4)

Withheld = Literal["too_few_peers", "not_reported"]


def _finite(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def quartile_band(value: float, peers: Sequence[float], min_peers: int = MIN_PEERS) -> int | None:
    """The quarter of ``peers`` that ``value`` falls in, best first (1..4), or ``None`` with
    fewer than ``min_peers`` peers.

    The rank counts peers below plus half of those equal (as ESCA reports do): a value above
    every peer is in band 1, below every peer in band 4, and a value equal to all of them in
    band 2 (rank 50%).

    Raises
    ------
    ValueError
        if ``value`` or a peer is not a finite number, or ``min_peers`` is below 1.
    """
    if min_peers < 1:
        msg = f"min_peers must be at least 1, got {min_peers}"
        raise ValueError(msg)
    for item in (value, *peers):
        if not _finite(item):
            msg = f"values must be finite numbers, got {item!r}"
            raise ValueError(msg)
    if len(peers) < min_peers:
        return None
    below = sum(1 for peer in peers if peer < value)
    equal = sum(1 for peer in peers if peer == value)
    # Twice the rank, over twice the peers: whole numbers, so a rank of exactly 75% is band 1.
    quarter = (4 * (2 * below + equal)) // (2 * len(peers))
    return 4 - min(quarter, 3)


@dataclass(frozen=True)
class IndicatorBand:
    """One indicator's standing: its ``band`` (``None`` when ``withheld`` says why) among
    ``peers`` peers that reported it."""

    key: str
    band: int | None
    peers: int
    withheld: Withheld | None = None


def indicator_bands(keys: Iterable[str], values: Mapping[str, float], peer_values: Sequence[Mapping[str, float]],
                    min_peers: int = MIN_PEERS) -> list[IndicatorBand]:
    """Per indicator in ``keys``: the band of ``values[key]`` among the peers that reported
    ``key`` (non-finite or missing peer values are left out).

    An indicator the hub has not reported gets no band (``not_reported``); one fewer than
    ``min_peers`` peers reported gets none either (``too_few_peers``).
    """
    out = []
    for key in keys:
        peers = [float(p[key]) for p in peer_values if _finite(p.get(key))]
        own = values.get(key)
        if not _finite(own):
            out.append(IndicatorBand(key, None, len(peers), "not_reported"))
            continue
        assert own is not None
        band = quartile_band(float(own), peers, min_peers)
        out.append(IndicatorBand(key, band, len(peers), None if band is not None else "too_few_peers"))
    return out
