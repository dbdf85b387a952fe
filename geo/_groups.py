"""Counting labels per group, shared by cluster detection and the map grid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray


def counts_per_group(groups: NDArray[Any], values: Sequence[Any], n_groups: int) -> list[dict[str, int]]:
    """``{value: count}`` per group, keys sorted, for group indices ``0 .. n_groups - 1``.

    ``groups[i]`` is the group of ``values[i]``; values are counted as strings.
    """
    out: list[dict[str, int]] = [{} for _ in range(n_groups)]
    if len(values) == 0:
        return out
    codes, uniques = pd.factorize(pd.Series(values, dtype=object).astype(str), sort=True)
    names = [str(n) for n in uniques.tolist()]
    combined, counts = np.unique(np.asarray(groups, dtype=np.int64) * len(names) + codes, return_counts=True)
    for c, k in zip(combined.tolist(), counts.tolist(), strict=True):
        out[c // len(names)][names[c % len(names)]] = k
    return out
