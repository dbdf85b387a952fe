"""The result types: JSON-ready, deterministic, percents floored so they never overstate a tier."""

from __future__ import annotations

import copy
import json

from hypothesis import given

from hubs.certification.scoring import score_application
from tests.certification.scoring.examples import CRITERIA, PROPERTY, SMALL, applications



def test_percent_is_floored_for_display_so_it_never_overstates_the_tier() -> None:
    # 31.99 / 40 = 79.975% would round to 80.0 but is not Gold.
    result = score_application(
        SMALL, "global", {"contracts": 20, "private_share": 33.996}, {"vision_strategy": 4}
    )
    assert result.tier == "silver"
    assert result.to_dict()["percent"] == 79.9


def test_to_dict_shape_is_json_ready() -> None:
    result = score_application(SMALL, "global", {"contracts": 12}, {"vision_strategy": 1})
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert set(data) == {
        "criteria_version", "criteria_digest", "track", "total", "maximum", "percent", "tier",
        "tier_name_ja", "tier_name_en", "tier_rank", "provisional", "pending_review",
        "viewpoints", "indicators", "minimums", "next_tier", "target_tier", "gap_points",
        "blockers", "improvements", "plan",
    }
    assert data["criteria_version"] == "test.1"
    assert data["criteria_digest"].startswith("sha256:")
    assert set(data["minimums"]) == {"met", "missed"}
    assert set(data["indicators"][1]) >= {
        "key", "value", "points", "max_points", "weight", "weighted_points", "minimum",
        "minimum_met", "next_step", "advice_ja", "advice_en", "status",
    }
    assert "explanation_en" not in data["indicators"][1]  # wording is the portal's job
    assert set(data["improvements"][0]) >= {
        "key", "from_value", "to_value", "weighted_gain", "reaches_target_tier", "tier_after",
    }
    assert data["blockers"] == [{"code": "percent_below", "params": {
        "tier": "silver", "needed_percent": 60.0, "needed_points": 24, "gap_points": 9.5}}]


@PROPERTY
@given(applications())
def test_scoring_is_deterministic_and_json_ready(application: tuple[str, dict, dict]) -> None:
    track, values, rubric = application
    first = score_application(CRITERIA, track, values, rubric)
    second = score_application(CRITERIA, track, copy.deepcopy(values), copy.deepcopy(rubric))
    assert first == second
    assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(second.to_dict(), sort_keys=True)
