"""Tests of the certification scoring engine (hubs.certification.scoring) and the published criteria file.

A hand-checked example pins the arithmetic and the wording; Hypothesis properties check that
scoring is deterministic, bounded and monotone and that the tier follows the published rules;
validation tests check that every kind of bad input is reported under its own field.
"""

from __future__ import annotations

import ast
import copy
import json
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hubs.certification.scoring import (
    Criteria,
    CriteriaError,
    ScoreResult,
    ScoringInputError,
    errors_to_dict,
    load_criteria,
    percentile,
    score_application,
    validate_values,
)

ROOT = Path(__file__).resolve().parent.parent
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
            {"key": "none", "name_ja": "認証なし", "name_en": "Not certified",
             "min_percent": 0, "max_minimums_missed": None},
        ],
    }


SMALL = load_criteria(small_criteria_dict())


def test_hand_checked_example() -> None:
    # vision level 2 -> 5 pts x1; 12 contracts -> 6 pts x2 = 12; 30% -> (30-10)/40*10 = 5 pts.
    # total 22 of 10 + 20 + 10 = 40 -> 55%: below Silver's 60% (24 points), so 2 points short.
    result = score_application(
        SMALL, "global", {"contracts": 12, "private_share": 30}, {"vision_strategy": 2}
    )
    assert result.total == 22
    assert result.maximum == 40
    assert result.percent == 55
    assert result.tier == "none"
    assert result.next_tier == "silver"
    assert result.gap_points == 2
    assert [b.code for b in result.blockers] == ["percent_below"]
    assert result.minimums_met == ("vision_strategy", "contracts", "private_share")
    assert result.minimums_missed == ()

    contracts = result.indicator("contracts")
    assert (contracts.points, contracts.max_points, contracts.weight) == (6, 10, 2)
    assert contracts.weighted_points == 12
    assert contracts.next_step is not None
    assert (contracts.next_step.value, contracts.next_step.points) == (20, 8)
    assert contracts.explanation_en == (
        "12 contracts → 6 of 10 points (next step at 20 contracts → 8); × 2 weight = 12; "
        "minimum of 2 met"
    )
    assert contracts.explanation_ja.startswith("12件 → 10点中6点（次の段階は20件で8点）")

    viewpoints = {v.key: v for v in result.viewpoints}
    assert (viewpoints["vision"].points, viewpoints["vision"].max_points) == (5, 10)
    assert (viewpoints["outputs"].points, viewpoints["outputs"].max_points) == (17, 30)

    # What lifts the hub to Silver: 20 contracts (+2 raw x2 = +4) or vision level 3 (+2.5)
    # each reach 24 points alone; private share 35% (+1.25) does not.
    lifts = [(i.key, i.to_value, i.weighted_gain, i.reaches_target_tier) for i in result.improvements]
    assert lifts == [
        ("contracts", 20, 4, True),
        ("vision_strategy", 3, 2.5, True),
        ("private_share", 35, 1.25, False),
    ]
    assert result.improvements[0].tier_after == "silver"
    assert result.plan is not None and result.plan.reaches_target_tier
    assert [(s.key, s.to_value) for s in result.plan.steps] == [("contracts", 20)]


def test_exactly_eighty_percent_is_gold() -> None:
    # 10 + 8*2 + 6 = 32 of 40 = exactly 80%, every minimum met.
    result = score_application(
        SMALL, "global", {"contracts": 20, "private_share": 34}, {"vision_strategy": 4}
    )
    assert result.total == 32
    assert result.tier == "gold"
    assert result.next_tier is None
    assert result.gap_points == 0
    assert result.plan is None
    assert result.to_dict()["percent"] == 80.0


def test_percent_is_floored_for_display_so_it_never_overstates_the_tier() -> None:
    # 31.99 / 40 = 79.975% would round to 80.0 but is not Gold.
    result = score_application(
        SMALL, "global", {"contracts": 20, "private_share": 33.996}, {"vision_strategy": 4}
    )
    assert result.tier == "silver"
    assert result.to_dict()["percent"] == 79.9


def test_missed_minimum_keeps_a_high_score_out_of_gold() -> None:
    # 2 contracts earn nothing (minimum 2 missed); 10 + 0 + 10 = 20 of 40 -> none;
    # with the contracts the score would otherwise be high.
    result = score_application(
        SMALL, "global", {"contracts": 2, "private_share": 60}, {"vision_strategy": 4}
    )
    assert result.minimums_missed == ("contracts",)
    assert result.indicator("contracts").minimum_met is False
    assert "minimum of 2 not met" in result.indicator("contracts").explanation_en


def test_unreviewed_rubric_counts_zero_and_is_pending() -> None:
    result = score_application(SMALL, "global", {"contracts": 40, "private_share": 50})
    vision = result.indicator("vision_strategy")
    assert vision.status == "pending_review"
    assert vision.pending_review is True
    assert vision.points == 0
    assert vision.explanation_en.startswith("not yet reviewed → 0 of 10 points (pending review)")
    assert result.pending_review == ("vision_strategy",)
    assert result.provisional is True
    data = result.to_dict()
    assert data["pending_review"] == ["vision_strategy"]
    assert data["indicators"][0]["pending_review"] is True


def test_target_tier_can_be_chosen() -> None:
    result = score_application(
        SMALL, "global", {"contracts": 3}, {"vision_strategy": 2}, target_tier="gold"
    )
    assert result.tier == "none"
    assert result.next_tier == "silver"
    assert result.target_tier == "gold"
    assert result.gap_points == 32 - result.total
    assert result.plan is not None and result.plan.target_tier == "gold"
    assert result.plan.reaches_target_tier


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
        "minimum_met", "next_step", "explanation_ja", "explanation_en", "status",
    }
    assert set(data["improvements"][0]) >= {
        "key", "from_value", "to_value", "weighted_gain", "reaches_target_tier", "tier_after",
    }


# --------------------------------------------------------------------------------------------
# The published criteria file and the sample applications


def test_criteria_file_loads_with_the_four_viewpoints_and_tracks() -> None:
    assert CRITERIA.version == "2026.1"
    assert [v.key for v in CRITERIA.viewpoints] == ["vision", "inputs", "process", "outputs"]
    assert {"global", "regional"} <= set(CRITERIA.tracks)
    assert CRITERIA.tracks["global"].name_ja == "国際展開型"
    assert CRITERIA.tracks["regional"].name_ja == "地域貢献型"
    assert [t.key for t in CRITERIA.tiers] == ["gold", "silver", "bronze", "none"]
    assert "not public" in CRITERIA.note
    quantitative = [i for i in CRITERIA.indicators if not i.is_rubric]
    rubric = [i for i in CRITERIA.indicators if i.is_rubric]
    assert len(quantitative) >= 14
    assert len(rubric) >= 4
    assert {i.viewpoint for i in rubric} == {"vision", "inputs", "process", "outputs"}


def test_every_points_function_in_the_file_increases_and_tops_out() -> None:
    raw = json.loads(CRITERIA_FILE.read_text(encoding="utf-8"))
    for item in raw["indicators"]:
        points = item["points"]
        if points["type"] == "thresholds":
            values = [step[0] for step in points["steps"]]
            earned = [step[1] for step in points["steps"]]
            assert values == sorted(set(values)), item["key"]
            assert earned == sorted(set(earned)), item["key"]
            assert earned[-1] == item["max_points"], item["key"]
            assert item["min"] <= values[0] and values[-1] <= item["max"], item["key"]
        else:
            assert item["min"] <= points["from"] < points["to"] <= item["max"], item["key"]
        assert 0 <= item["minimum"] <= item["max_points"], item["key"]
        for lang in ("ja", "en"):
            assert item[f"name_{lang}"] and item[f"unit_{lang}"], item["key"]
            assert item[f"help_{lang}"] and item[f"advice_{lang}"], item["key"]
        if item["type"] == "rubric":
            assert [level["level"] for level in item["rubric"]] == [0, 1, 2, 3, 4]


def test_criteria_round_trip_through_to_dict_and_yaml(tmp_path: Path) -> None:
    published = CRITERIA.to_dict()
    json.dumps(published, ensure_ascii=False)
    again = load_criteria(published)
    assert again.digest == CRITERIA.digest
    yaml_file = tmp_path / "criteria.yaml"
    data = json.loads(CRITERIA_FILE.read_text(encoding="utf-8"))
    yaml_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_criteria(yaml_file).digest == CRITERIA.digest


@pytest.mark.parametrize("track", ["global", "regional", "platform"])
def test_every_track_has_a_maximum_of_200(track: str) -> None:
    assert score_application(CRITERIA, track, full_marks_values()).maximum == 200


def test_full_marks_are_gold_on_every_track() -> None:
    for track in CRITERIA.tracks:
        result = score_application(CRITERIA, track, full_marks_values(), full_rubric())
        assert (result.total, result.percent, result.tier) == (200, 100, "gold")
        assert result.improvements == ()


def test_brief_example_wording_on_the_published_file() -> None:
    values = full_marks_values() | {"joint_research_contracts": 12}
    result = score_application(CRITERIA, "global", values, full_rubric())
    assert result.indicator("joint_research_contracts").explanation_en.startswith(
        "12 contracts → 6 of 10 points (next step at 20 contracts → 8)"
    )


def test_sample_applications_score_as_labelled() -> None:
    samples = json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))
    assert samples["sample"] is True
    assert samples["criteria_version"] == CRITERIA.version
    tiers = []
    for app in samples["applications"]:
        assert app["sample"] is True
        assert "(sample)" in app["name_ja"] and "(sample)" in app["name_en"]
        result = score_application(CRITERIA, app["track"], app["values"], app["rubric_scores"])
        assert result.tier == app["expected_tier"], app["key"]
        assert result.provisional is False
        tiers.append(result.tier)
    assert len(set(tiers)) == len(tiers) == 3


# --------------------------------------------------------------------------------------------
# Hypothesis properties


def full_marks_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for indicator in CRITERIA.indicators:
        if indicator.is_rubric:
            continue
        function = indicator.points_function
        top = function.steps[-1][0] if function.kind == "thresholds" else function.end
        values[indicator.key] = int(top) if top.denominator == 1 else float(top)
    values["sme_partners"] = min(values["sme_partners"], values["partner_companies"])
    return values


def full_rubric() -> dict[str, int]:
    return {i.key: 4 for i in CRITERIA.indicators if i.is_rubric}


def value_strategy(indicator: Any) -> st.SearchStrategy[Any]:
    """Valid values for one indicator, concentrated around its steps."""
    low, high = int(indicator.min), int(indicator.max)
    function = indicator.points_function
    top = function.steps[-1][0] if function.kind == "thresholds" else function.end
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


@PROPERTY
@given(applications())
def test_scoring_is_deterministic_and_json_ready(app: tuple[str, dict, dict]) -> None:
    track, values, rubric = app
    first = score_application(CRITERIA, track, values, rubric)
    second = score_application(CRITERIA, track, copy.deepcopy(values), copy.deepcopy(rubric))
    assert first == second
    assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(second.to_dict(), sort_keys=True)


@PROPERTY
@given(applications())
def test_scores_are_bounded(app: tuple[str, dict, dict]) -> None:
    track, values, rubric = app
    result = score_application(CRITERIA, track, values, rubric)
    assert 0 <= result.total <= result.maximum
    assert 0 <= result.percent <= 100
    assert 0 <= result.to_dict()["percent"] <= 100
    assert math.isclose(sum(v.points for v in result.viewpoints), result.total, abs_tol=1e-9)
    for viewpoint in result.viewpoints:
        assert 0 <= viewpoint.points <= viewpoint.max_points
        assert 0 <= viewpoint.percent <= 100
    for item in result.indicators:
        assert 0 <= item.points <= item.max_points
        assert 0 <= item.weighted_points <= item.weighted_max
        assert item.minimum_met == (item.points >= item.minimum)
    assert set(result.minimums_met) | set(result.minimums_missed) == {
        i.key for i in CRITERIA.indicators
    }


@PROPERTY
@given(applications())
def test_tier_follows_the_published_rules(app: tuple[str, dict, dict]) -> None:
    track, values, rubric = app
    result = score_application(CRITERIA, track, values, rubric)
    keys = [t.key for t in CRITERIA.tiers]
    assert result.tier_rank == keys.index(result.tier)
    assert tier_conditions_hold(CRITERIA, result.tier, result)
    for better in keys[: result.tier_rank]:
        assert not tier_conditions_hold(CRITERIA, better, result)
    if result.tier == "gold":
        assert result.percent >= 80 and not result.minimums_missed
    if result.percent < 50:
        assert result.tier == "none"
    if result.next_tier is None:
        assert result.tier == keys[0] and result.gap_points == 0
    else:
        assert keys.index(result.next_tier) == result.tier_rank - 1
        assert result.blockers


@PROPERTY
@given(applications(), st.data())
def test_improving_one_indicator_never_lowers_total_or_tier(
    app: tuple[str, dict, dict], data: st.DataObject
) -> None:
    track, values, rubric = app
    before = score_application(CRITERIA, track, values, rubric)
    indicator = data.draw(st.sampled_from(CRITERIA.indicators))
    table = rubric if indicator.is_rubric else values
    current = table.get(indicator.key)
    floor = indicator.min if current is None else Fraction(current)
    ceiling = indicator.max
    if indicator.key == "sme_partners":
        ceiling = min(ceiling, Fraction(values["partner_companies"]))
    assume(floor <= ceiling)
    if indicator.type in {"count", "rubric"}:
        raised: Any = data.draw(st.integers(int(floor), int(ceiling)))
    else:
        raised = data.draw(st.floats(float(floor), float(ceiling), allow_nan=False))
    assume(current is None or raised >= current)
    after_values = dict(values)
    after_rubric = dict(rubric)
    (after_rubric if indicator.is_rubric else after_values)[indicator.key] = raised
    after = score_application(CRITERIA, track, after_values, after_rubric)
    assert after.total >= before.total
    assert after.percent >= before.percent
    assert after.tier_rank <= before.tier_rank
    assert set(after.minimums_met) >= set(before.minimums_met)


@PROPERTY
@given(applications())
def test_improvements_are_ranked_and_true_to_their_word(app: tuple[str, dict, dict]) -> None:
    track, values, rubric = app
    result = score_application(CRITERIA, track, values, rubric)
    gains = [i.weighted_gain for i in result.improvements]
    assert gains == sorted(gains, reverse=True)
    for improvement in result.improvements[:3]:
        assert improvement.weighted_gain > 0
        changed_values, changed_rubric = dict(values), dict(rubric)
        target = int(improvement.to_value) if improvement.to_value.is_integer() else improvement.to_value
        (changed_rubric if improvement.reviewer_assessed else changed_values)[improvement.key] = target
        if "sme_partners" in changed_values and "partner_companies" in changed_values:
            assume(changed_values["sme_partners"] <= changed_values["partner_companies"])
        changed = score_application(CRITERIA, track, changed_values, changed_rubric)
        assert math.isclose(changed.total, improvement.total_after, abs_tol=1e-9)
        assert changed.tier == improvement.tier_after
        if result.target_tier is not None:
            reached = changed.tier_rank <= [t.key for t in CRITERIA.tiers].index(result.target_tier)
            assert improvement.reaches_target_tier == reached


@PROPERTY
@given(applications())
def test_the_plan_reaches_the_next_tier(app: tuple[str, dict, dict]) -> None:
    track, values, rubric = app
    result = score_application(CRITERIA, track, values, rubric)
    if result.plan is None:
        assert result.next_tier is None
        return
    assert result.plan.reaches_target_tier
    planned_values, planned_rubric = dict(values), dict(rubric)
    for step in result.plan.steps:
        target = int(step.to_value) if step.to_value.is_integer() else step.to_value
        (planned_rubric if step.reviewer_assessed else planned_values)[step.key] = target
    sme, partners = planned_values.get("sme_partners"), planned_values.get("partner_companies")
    assume(sme is None or partners is None or sme <= partners)
    planned = score_application(CRITERIA, track, planned_values, planned_rubric)
    assert planned.tier_rank <= result.tier_rank - 1


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


@PROPERTY
@given(
    small_generated_criteria(),
    st.integers(0, 1000),
    st.integers(0, 1000),
    st.one_of(st.none(), st.integers(0, 4)),
)
def test_generated_criteria_stay_bounded_and_monotone(
    criteria: Criteria, low: int, high: int, level: int | None
) -> None:
    low, high = sorted((low, high))
    rubric = {} if level is None else {"vision_strategy": level}
    before = score_application(criteria, "global", {"contracts": low}, rubric)
    after = score_application(criteria, "global", {"contracts": high}, rubric)
    for result in (before, after):
        assert 0 <= result.total <= result.maximum
        assert 0 <= result.percent <= 100
    assert after.total >= before.total
    assert after.tier_rank <= before.tier_rank


# --------------------------------------------------------------------------------------------
# Bad input: errors keyed by field


def valid_values() -> dict[str, Any]:
    return {"contracts": 12, "private_share": 30}


def codes(errors: dict[str, list[Any]], field: str) -> list[str]:
    return [error.code for error in errors.get(field, [])]


def test_valid_values_have_no_errors() -> None:
    assert validate_values(SMALL, "global", valid_values(), {"vision_strategy": 3}) == {}


def test_unknown_track() -> None:
    errors = validate_values(SMALL, "platinum", valid_values())
    assert codes(errors, "track") == ["unknown_track"]
    assert errors["track"][0].params["choices"] == ["global"]
    assert list(errors) == ["track"]


def test_unknown_indicator_key() -> None:
    errors = validate_values(SMALL, "global", valid_values() | {"patents": 3})
    assert codes(errors, "patents") == ["unknown_indicator"]
    assert list(errors) == ["patents"]


@pytest.mark.parametrize("bad", [True, False, "twelve", "12 件", [12], {"n": 12}, object()])
def test_wrong_type(bad: Any) -> None:
    errors = validate_values(SMALL, "global", valid_values() | {"contracts": bad})
    assert codes(errors, "contracts") == ["wrong_type"]
    assert list(errors) == ["contracts"]


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, "nan", "inf", "-Infinity", Decimal("NaN")]
)
def test_not_finite(bad: Any) -> None:
    errors = validate_values(SMALL, "global", valid_values() | {"private_share": bad})
    assert codes(errors, "private_share") == ["not_finite"]


@pytest.mark.parametrize("bad", [12.5, "3.2", Fraction(1, 3)])
def test_counts_must_be_whole(bad: Any) -> None:
    errors = validate_values(SMALL, "global", valid_values() | {"contracts": bad})
    assert codes(errors, "contracts") == ["not_integer"]


@pytest.mark.parametrize(
    ("key", "bad"), [("contracts", -1), ("contracts", 1001), ("private_share", 100.01),
                     ("private_share", -0.5), ("contracts", 10**400)]
)
def test_out_of_range(key: str, bad: Any) -> None:
    errors = validate_values(SMALL, "global", valid_values() | {key: bad})
    assert codes(errors, key) == ["out_of_range"]
    params = errors[key][0].params
    assert (params["min"], params["max"]) == (0, 1000 if key == "contracts" else 100)
    json.dumps(errors_to_dict(errors))


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_missing_required(missing: Any) -> None:
    errors = validate_values(SMALL, "global", {"contracts": missing})
    assert codes(errors, "contracts") == ["required"]
    assert "private_share" not in errors  # optional: counts 0 when not reported


def test_every_required_indicator_of_the_file_is_reported_missing() -> None:
    errors = validate_values(CRITERIA, "global", {})
    required = {i.key for i in CRITERIA.indicators if i.required and not i.is_rubric}
    assert set(errors) == required
    assert all(codes(errors, key) == ["required"] for key in required)


def test_rubric_levels_come_from_reviewers_only() -> None:
    errors = validate_values(SMALL, "global", valid_values() | {"vision_strategy": 3})
    assert codes(errors, "vision_strategy") == ["reviewer_only"]
    errors = validate_values(SMALL, "global", valid_values(), {"contracts": 3})
    assert codes(errors, "contracts") == ["not_rubric"]


@pytest.mark.parametrize(("level", "code"), [(5, "out_of_range"), (-1, "out_of_range"),
                                             (2.5, "not_integer"), ("good", "wrong_type")])
def test_bad_rubric_levels(level: Any, code: str) -> None:
    errors = validate_values(SMALL, "global", valid_values(), {"vision_strategy": level})
    assert codes(errors, "vision_strategy") == [code]


def test_more_smes_than_partner_companies_is_rejected() -> None:
    values = full_marks_values() | {"partner_companies": 10, "sme_partners": 11}
    errors = validate_values(CRITERIA, "regional", values)
    assert codes(errors, "sme_partners") == ["exceeds_related"]
    assert errors["sme_partners"][0].params == {"related": "partner_companies", "max": 10}


def test_values_must_be_an_object() -> None:
    errors = validate_values(SMALL, "global", [12, 30])  # type: ignore[arg-type]
    assert "wrong_type" in codes(errors, "values")


@pytest.mark.parametrize("good", [12, 12.0, "12", " 12 ", "１２", Decimal("12"), "1,000"])
def test_numbers_from_forms_are_accepted(good: Any) -> None:
    assert validate_values(SMALL, "global", {"contracts": good}) == {}


def test_errors_carry_both_languages_and_their_field() -> None:
    bad = {"contracts": "x", "private_share": 101, "patents": 1}
    errors = validate_values(SMALL, "nowhere", bad, {"vision_strategy": 9})
    assert set(errors) == {"track", "contracts", "private_share", "patents", "vision_strategy"}
    for field, problems in errors.items():
        for error in problems:
            assert error.field == field
            assert error.message_ja and error.message_en
            assert error.message_ja != error.message_en
    as_json = errors_to_dict(errors)
    assert set(as_json["contracts"][0]) == {"field", "code", "message_ja", "message_en", "params"}


def test_score_application_raises_the_same_errors() -> None:
    bad = {"contracts": -3}
    with pytest.raises(ScoringInputError) as caught:
        score_application(SMALL, "global", bad)
    assert caught.value.errors == validate_values(SMALL, "global", bad)
    assert caught.value.to_dict()["contracts"][0]["code"] == "out_of_range"
    with pytest.raises(ScoringInputError) as caught:
        score_application(SMALL, "global", valid_values(), target_tier="diamond")
    assert codes(caught.value.errors, "target_tier") == ["unknown_tier"]


@PROPERTY
@given(st.text().filter(lambda s: s.strip() != ""))
def test_any_non_numeric_text_is_a_type_error_on_its_field(text: str) -> None:
    try:
        float(text.strip().replace(",", ""))
    except ValueError:
        pass
    else:
        assume(False)
    errors = validate_values(SMALL, "global", {"contracts": 5, "private_share": text})
    assert codes(errors, "private_share") == ["wrong_type"]
    assert list(errors) == ["private_share"]


@PROPERTY
@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=100.000001)).filter(math.isfinite))
def test_any_out_of_range_percent_is_reported_on_its_field(value: float) -> None:
    errors = validate_values(SMALL, "global", {"contracts": 5, "private_share": value})
    assert codes(errors, "private_share") == ["out_of_range"]
    assert list(errors) == ["private_share"]


# --------------------------------------------------------------------------------------------
# Broken criteria name the bad key


def broken(change: Any) -> dict[str, Any]:
    data = small_criteria_dict()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("version"), "version"),
        (lambda d: d.update(published_on="April"), "published_on"),
        (lambda d: d["indicators"][1]["points"]["steps"].reverse(), "indicators[1].points.steps[1]"),
        (lambda d: d["indicators"][1]["points"]["steps"][-1].__setitem__(1, 9),
         "indicators[1].points.steps"),
        (lambda d: d["indicators"][1].update(viewpoint="money"), "indicators[1].viewpoint"),
        (lambda d: d["indicators"][1].update(minimun=2), "indicators[1].minimun"),
        (lambda d: d["indicators"][1].update(minimum=11), "indicators[1].minimum"),
        (lambda d: d["indicators"][1].update(type="ratio"), "indicators[1].type"),
        (lambda d: d["indicators"][1].update(max=-1), "indicators[1].max"),
        (lambda d: d["indicators"][2]["points"].update({"from": 60}), "indicators[2].points.to"),
        (lambda d: d["indicators"][0]["rubric"].pop(), "indicators[0].rubric"),
        (lambda d: d["indicators"][2].update(key="contracts"), "indicators.contracts"),
        (lambda d: d["tracks"][0]["indicator_weights"].update(patents=1),
         "tracks[0].indicator_weights.patents"),
        (lambda d: d["tracks"][0]["indicator_weights"].update(contracts=-1),
         "tracks[0].indicator_weights.contracts"),
        (lambda d: d["tiers"].reverse(), "tiers[1].min_percent"),
        (lambda d: d["tiers"].pop(), "tiers[1]"),
        (lambda d: d["tiers"][0].update(must_meet=["patents"]), "tiers[0].must_meet[0]"),
    ],
)
def test_broken_criteria_name_the_bad_key(change: Any, key: str) -> None:
    with pytest.raises(CriteriaError) as caught:
        load_criteria(broken(change))
    assert caught.value.key == key
    assert str(caught.value).startswith(key)


# --------------------------------------------------------------------------------------------
# Percentile among peers


def test_percentile_counts_ties_as_half() -> None:
    assert percentile(50, [10, 50, 90]) == 50
    assert percentile(95, [10, 50, 90]) == 100
    assert percentile(5, [10, 50, 90]) == 0
    assert percentile(70, [70, 70]) == 50


@pytest.mark.parametrize("peers", [[], [1.0, math.nan]])
def test_percentile_rejects_bad_peers(peers: list[float]) -> None:
    with pytest.raises(ValueError):
        percentile(50, peers)


@PROPERTY
@given(
    st.floats(0, 100),
    st.floats(0, 100),
    st.lists(st.floats(0, 100), min_size=1, max_size=30),
)
def test_percentile_is_bounded_and_monotone(a: float, b: float, peers: list[float]) -> None:
    low, high = sorted((a, b))
    assert 0 <= percentile(low, peers) <= percentile(high, peers) <= 100


# --------------------------------------------------------------------------------------------
# Purity


def test_engine_imports_nothing_from_flask_or_the_database() -> None:
    source = (ROOT / "hubs" / "certification" / "scoring.py").read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"flask", "flask_sqlalchemy", "sqlalchemy", "sqlite3", "hubs", "app"}
