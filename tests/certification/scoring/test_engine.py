"""Scoring: a hand-checked example pins the arithmetic; Hypothesis properties check that scoring
is bounded and monotone, that the tier follows the published rules and that advice keeps its word."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hubs.certification.scoring import Criteria, percentile, score_application
from hubs.certification.scoring.messages import Message
from tests.certification.scoring.examples import (
    CRITERIA, PROPERTY, SAMPLES_FILE, SMALL, applications, full_marks_values, full_rubric, small_generated_criteria,
    tier_conditions_hold
)



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
    assert [part.code for part in (contracts.explanation.points, contracts.explanation.detail)] == [
        "points_earned", "next_step"]
    assert [clause.code for clause in contracts.explanation.clauses] == ["weighted_points", "minimum_met"]

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


def test_missed_minimum_keeps_a_high_score_out_of_gold() -> None:
    # 2 contracts earn nothing (minimum 2 missed); 10 + 0 + 10 = 20 of 40 -> none;
    # with the contracts the score would otherwise be high.
    result = score_application(
        SMALL, "global", {"contracts": 2, "private_share": 60}, {"vision_strategy": 4}
    )
    assert result.minimums_missed == ("contracts",)
    assert result.indicator("contracts").minimum_met is False
    assert Message("minimum_missed", {"minimum": 2}) in result.indicator("contracts").explanation.clauses


def test_unreviewed_rubric_counts_zero_and_is_pending() -> None:
    result = score_application(SMALL, "global", {"contracts": 40, "private_share": 50})
    vision = result.indicator("vision_strategy")
    assert vision.status == "pending_review"
    assert vision.pending_review is True
    assert vision.points == 0
    assert vision.explanation.points == Message("points_pending_review", {"top": 10})
    assert vision.explanation.detail is None
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


@pytest.mark.parametrize("track", ["global", "regional", "platform"])
def test_every_track_has_a_maximum_of_200(track: str) -> None:
    assert score_application(CRITERIA, track, full_marks_values()).maximum == 200


def test_full_marks_are_gold_on_every_track() -> None:
    for track in CRITERIA.tracks:
        result = score_application(CRITERIA, track, full_marks_values(), full_rubric())
        assert (result.total, result.percent, result.tier) == (200, 100, "gold")
        assert result.improvements == ()


def test_sample_applications_score_as_labelled() -> None:
    samples = json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))
    assert samples["sample"] is True
    assert samples["criteria_version"] == CRITERIA.version
    tiers = []
    for sample in samples["applications"]:
        assert sample["sample"] is True
        assert "(sample)" in sample["name_ja"] and "(sample)" in sample["name_en"]
        result = score_application(CRITERIA, sample["track"], sample["values"], sample["rubric_scores"])
        assert result.tier == sample["expected_tier"], sample["key"]
        assert result.provisional is False
        tiers.append(result.tier)
    assert len(set(tiers)) == len(tiers) == 3




def scored(application: tuple[str, dict, dict]):
    """The score of a generated (track, values, rubric) application."""
    track, values, rubric = application
    return score_application(CRITERIA, track, values, rubric)


@PROPERTY
@given(applications())
def test_scores_are_bounded(application: tuple[str, dict, dict]) -> None:
    result = scored(application)
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
def test_tier_follows_the_published_rules(application: tuple[str, dict, dict]) -> None:
    result = scored(application)
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
    application: tuple[str, dict, dict], data: st.DataObject
) -> None:
    track, values, rubric = application
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
def test_improvements_are_ranked_and_true_to_their_word(application: tuple[str, dict, dict]) -> None:
    track, values, rubric = application
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
def test_the_plan_reaches_the_next_tier(application: tuple[str, dict, dict]) -> None:
    track, values, rubric = application
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
