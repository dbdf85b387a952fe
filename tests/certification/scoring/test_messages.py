"""What the engine says, as message codes with parameters: the criteria's own names and units
travel with them, numbers stay exact. (How they read in Japanese and English is tested in
tests/certification/test_wording.py.)"""

from __future__ import annotations

import json
from fractions import Fraction

from hubs.certification.scoring import score_application
from hubs.certification.scoring.messages import MESSAGE_CODES, Explanation, Message, Name, Quantity, format_number
from tests.certification.scoring.examples import CRITERIA, SMALL, full_marks_values, full_rubric


def contracts(value: int) -> Quantity:
    return Quantity(Fraction(value), "件", "contracts", "count")


def test_an_indicator_is_explained_by_its_points_next_step_weight_and_minimum() -> None:
    result = score_application(SMALL, "global", {"contracts": 12, "private_share": 30}, {"vision_strategy": 2})
    assert result.indicator("contracts").explanation == Explanation(
        Message("points_earned", {"value": contracts(12), "points": 6, "top": 10}),
        Message("next_step", {"value": contracts(20), "points": 8}),
        (Message("weighted_points", {"weight": 2, "points": 12}), Message("minimum_met", {"minimum": 2})),
    )


def test_a_linear_indicator_names_its_range_and_the_next_value() -> None:
    result = score_application(SMALL, "global", {"contracts": 12, "private_share": 30}, {"vision_strategy": 2})
    share = result.indicator("private_share").explanation
    percent = [Quantity(Fraction(n), "%", "%", "percent") for n in (10, 50, 35)]
    assert share.detail == Message("linear_next", {
        "start": percent[0], "end": percent[1], "value": percent[2], "points": Fraction(25, 4)})
    assert share.clauses == ()  # weight 1 and no minimum: nothing more to say


def test_a_rubric_indicator_speaks_of_levels() -> None:
    result = score_application(SMALL, "global", {"contracts": 12}, {"vision_strategy": 2})
    vision = result.indicator("vision_strategy").explanation
    assert vision.detail is not None and vision.detail.code == "next_level"
    assert vision.detail.params["value"] == Quantity(Fraction(3), "レベル", "level", "rubric")


def test_the_top_step_is_said_to_be_reached() -> None:
    values = full_marks_values() | {"joint_research_contracts": 12}
    result = score_application(CRITERIA, "global", values, full_rubric())
    assert result.indicator("licences").explanation.detail == Message("top_step_reached")
    contracts_score = result.indicator("joint_research_contracts").explanation
    assert contracts_score.points.params["value"] == contracts(12)


def test_advice_names_the_indicator_and_the_tier_it_would_reach() -> None:
    result = score_application(SMALL, "global", {"contracts": 12, "private_share": 30}, {"vision_strategy": 2})
    first = result.improvements[0].explanation
    assert first.code == "improvement_reaches_tier"
    assert first.params["indicator"] == Name("contracts", "共同研究契約件数", "Joint research contracts")
    assert first.params["tier"] == Name("silver", "シルバー", "Silver")
    assert (first.params["start"], first.params["end"]) == (contracts(12), contracts(20))
    assert (first.params["gain"], first.params["weighted_gain"], first.params["total"]) == (2, 4, 26)
    last = result.improvements[-1].explanation
    assert last.code == "improvement"  # 35% alone does not reach Silver


def test_a_value_not_given_yet_is_a_status_not_a_number() -> None:
    result = score_application(SMALL, "global", {"contracts": 12})
    advice = {i.key: i.explanation for i in result.improvements}
    assert advice["vision_strategy"].params["start"] == Message("not_yet_reviewed")
    assert advice["private_share"].params["start"] == Message("not_reported")


def test_blockers_carry_the_tier_and_the_shortfall() -> None:
    result = score_application(SMALL, "global", {"contracts": 12}, {"vision_strategy": 1}, target_tier="gold")
    blockers = {b.code: b for b in result.blockers}
    assert set(blockers) == {"percent_below", "too_many_minimums_missed"}
    assert blockers["too_many_minimums_missed"].params["missed"] == (
        Name("vision_strategy", "ビジョン", "Vision"),)
    assert blockers["too_many_minimums_missed"].to_dict() == {"code": "too_many_minimums_missed", "params": {
        "tier": "gold", "allowed": 0, "count": 1, "missed": ["vision_strategy"]}}


def test_message_parameters_are_json_ready() -> None:
    result = score_application(CRITERIA, "regional", full_marks_values() | {"plan_kpis": 3, "licences": 0})
    for message in [i.explanation for i in result.improvements] + [b.message for b in result.blockers]:
        assert message.code in MESSAGE_CODES
        json.dumps(message.to_dict())


def test_numbers_are_written_with_thousands_separators_and_two_decimals_at_most() -> None:
    assert format_number(1200) == "1,200"
    assert format_number(7.5) == "7.5"
    assert format_number(Fraction(2, 3)) == "0.67"
    assert format_number(Fraction(10**400)) == f"{10**400:,}"
