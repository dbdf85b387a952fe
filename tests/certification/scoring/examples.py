"""Shared examples for the scoring engine's tests: the published criteria, a small criteria set
whose numbers are easy to check by hand, and Hypothesis strategies for valid applications."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from hubs.certification.scoring import Criteria, ScoreResult, ThresholdPoints, load_criteria

ROOT = Path(__file__).resolve().parents[3]
CRITERIA_FILE = ROOT / "seed_data" / "criteria" / "v1.json"
SAMPLES_FILE = ROOT / "seed_data" / "sample_applications.json"

# No example database: the tests must not write into the repository.
PROPERTY = settings(database=None, deadline=None, max_examples=60)

CRITERIA = load_criteria(CRITERIA_FILE)


# --------------------------------------------------------------------------------------------
# A small criteria set whose numbers are easy to check by hand


def small_criteria_dict() -> dict[str, Any]:
    """Two viewpoints, three indicators, one track; maximum 40 weighted points."""
    return {
        "version": "test.1",
        "published_on": "2026-01-15",
        "title_ja": "テスト基準",
        "title_en": "Test criteria",
        "note": "test model",
        "viewpoints": [
            {"key": "vision", "name_ja": "ビジョン", "name_en": "Vision"},
            {"key": "outputs", "name_ja": "成果", "name_en": "Outputs"},
        ],
        "tracks": [
            {
                "key": "global",
                "name_ja": "国際展開型",
                "name_en": "Global",
                "indicator_weights": {"contracts": 2},
            }
        ],
        "indicators": [
            {
                "key": "vision_strategy", "viewpoint": "vision",
                "name_ja": "ビジョン", "name_en": "Vision", "unit_ja": "レベル", "unit_en": "level",
                "type": "rubric", "min": 0, "max": 4, "required": True,
                "points": {"type": "thresholds", "steps": [[1, 2.5], [2, 5], [3, 7.5], [4, 10]]},
                "max_points": 10, "minimum": 5,
                "help_ja": "審査", "help_en": "reviewed", "advice_ja": "計画", "advice_en": "plan",
                "rubric": [
                    {"level": i, "ja": f"レベル{i}", "en": f"level {i}"} for i in range(5)
                ],
            },
            {
                "key": "contracts", "viewpoint": "outputs",
                "name_ja": "共同研究契約件数", "name_en": "Joint research contracts",
                "unit_ja": "件", "unit_en": "contracts", "type": "count",
                "min": 0, "max": 1000, "required": True,
                "points": {
                    "type": "thresholds", "steps": [[3, 2], [6, 4], [10, 6], [20, 8], [40, 10]]
                },
                "max_points": 10, "minimum": 2,
                "help_ja": "件数", "help_en": "count", "advice_ja": "増やす", "advice_en": "more",
            },
            {
                "key": "private_share", "viewpoint": "outputs",
                "name_ja": "民間資金の比率", "name_en": "Private funding share",
                "unit_ja": "%", "unit_en": "%", "type": "percent",
                "min": 0, "max": 100, "required": False,
                "points": {"type": "linear", "from": 10, "to": 50, "suggest_step": 5},
                "max_points": 10, "minimum": 0,
                "help_ja": "比率", "help_en": "share", "advice_ja": "増やす", "advice_en": "more",
            },
        ],
        "tiers": [
            {"key": "gold", "name_ja": "ゴールド", "name_en": "Gold",
             "min_percent": 80, "max_minimums_missed": 0},
            {"key": "silver", "name_ja": "シルバー", "name_en": "Silver",
             "min_percent": 60, "max_minimums_missed": 1},
            {"key": "none", "name_ja": "認定なし", "name_en": "Not certified",
             "min_percent": 0, "max_minimums_missed": None},
        ],
    }


SMALL = load_criteria(small_criteria_dict())


def full_marks_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for indicator in CRITERIA.indicators:
        if indicator.is_rubric:
            continue
        function = indicator.points
        top = function.steps[-1][0] if isinstance(function, ThresholdPoints) else function.end
        values[indicator.key] = int(top) if top.denominator == 1 else float(top)
    values["sme_partners"] = min(values["sme_partners"], values["partner_companies"])
    return values


def full_rubric() -> dict[str, int]:
    return {i.key: 4 for i in CRITERIA.indicators if i.is_rubric}


def value_strategy(indicator: Any) -> st.SearchStrategy[Any]:
    """Valid values for one indicator, concentrated around its steps."""
    low, high = int(indicator.min), int(indicator.max)
    function = indicator.points
    top = function.steps[-1][0] if isinstance(function, ThresholdPoints) else function.end
    near = min(high, int(top) * 2 + 1)
    if indicator.type in {"count", "rubric"}:
        number = st.one_of(st.integers(low, near), st.integers(low, high))
    else:
        number = st.one_of(
            st.integers(low, near),
            st.floats(float(low), float(near), allow_nan=False, allow_infinity=False),
            st.floats(float(low), float(high), allow_nan=False, allow_infinity=False),
        )
    if indicator.required and not indicator.is_rubric:
        return number
    return st.one_of(st.none(), number)


@st.composite
def applications(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any]]:
    track = draw(st.sampled_from(sorted(CRITERIA.tracks)))
    values: dict[str, Any] = {}
    rubric: dict[str, Any] = {}
    for indicator in CRITERIA.indicators:
        value = draw(value_strategy(indicator))
        if value is None:
            continue
        (rubric if indicator.is_rubric else values)[indicator.key] = value
    if "sme_partners" in values:
        values["sme_partners"] = min(values["sme_partners"], values["partner_companies"])
    return track, values, rubric


def tier_conditions_hold(criteria: Criteria, tier_key: str, result: ScoreResult) -> bool:
    """The published tier rules, re-checked from the public result only."""
    tier = next(t for t in criteria.tiers if t.key == tier_key)
    exact_percent = Fraction(result.total) * 100 / Fraction(result.maximum)
    if exact_percent < tier.min_percent and not math.isclose(
        float(exact_percent), float(tier.min_percent), rel_tol=1e-12
    ):
        return False
    if tier.max_minimums_missed is not None and len(result.minimums_missed) > tier.max_minimums_missed:
        return False
    if any(key in result.minimums_missed for key in tier.must_meet):
        return False
    return all(
        v.percent >= float(tier.min_viewpoint_percent) - 1e-9 for v in result.viewpoints
    )


@st.composite
def small_generated_criteria(draw: st.DrawFn) -> Criteria:
    """Random but valid thresholds, weights, minimums and tiers on the small layout."""
    data = small_criteria_dict()
    n = draw(st.integers(1, 6))
    values = sorted(draw(st.sets(st.integers(1, 1000), min_size=n, max_size=n)))
    max_points = draw(st.integers(max(n, 2), 30))
    points = sorted(draw(st.sets(st.integers(1, max_points - 1), min_size=n - 1, max_size=n - 1)))
    contracts = data["indicators"][1]
    contracts["points"]["steps"] = [[v, p] for v, p in zip(values, [*points, max_points])]
    contracts["max_points"] = max_points
    contracts["minimum"] = draw(st.integers(0, max_points))
    data["tracks"][0]["indicator_weights"] = {
        "contracts": draw(st.sampled_from([0.1, 0.5, 1, 1.2, 2, 3.3]))
    }
    data["tracks"][0]["viewpoint_weights"] = {"vision": draw(st.sampled_from([0.7, 1, 1.5]))}
    gold = draw(st.integers(50, 100))
    data["tiers"][0]["min_percent"] = gold
    data["tiers"][1]["min_percent"] = draw(st.integers(0, gold))
    return load_criteria(data)
