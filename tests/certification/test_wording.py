"""The engine's messages as people read them: English msgids, Japanese from the catalogue, the
criteria's own names and units, scores written "6点 / 10点" in Japanese."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from hypothesis import given, settings

from hubs.certification import wording
from hubs.core.errors import group_by_field
from hubs.certification.scoring import CriteriaError, load_criteria, score_application, validate_values
from hubs.certification.scoring.messages import MESSAGE_CODES
from tests.certification.scoring.examples import CRITERIA, SMALL, applications, full_marks_values, small_criteria_dict


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield


def hand_checked() -> dict:
    result = score_application(SMALL, "global", {"contracts": 12, "private_share": 30}, {"vision_strategy": 2})
    return wording.score_dict(result)


def test_every_message_code_has_an_english_msgid() -> None:
    assert set(wording.MSGIDS) == MESSAGE_CODES


def test_an_indicator_is_explained_in_both_languages(context) -> None:
    contracts = hand_checked()["indicators"][1]
    assert contracts["explanation_en"] == (
        "12 contracts → 6 of 10 points (next step at 20 contracts → 8); × 2 weight = 12; minimum of 2 met")
    assert contracts["explanation_ja"] == "12件 → 6点 / 10点（次の段階は20件で8点）、重み×2で12点、最低基準2点を達成"


def test_linear_and_rubric_explanations(context) -> None:
    data = hand_checked()
    vision, share = data["indicators"][0], data["indicators"][2]
    assert vision["explanation_en"] == "level 2 → 5 of 10 points (next: level 3 → 7.5); minimum of 5 met"
    assert vision["explanation_ja"] == "レベル2 → 5点 / 10点（次はレベル3で7.5点）、最低基準5点を達成"
    assert share["explanation_en"] == "30% → 5 of 10 points (linear from 10% to 50%; 35% → 6.25)"
    assert share["explanation_ja"] == "30% → 5点 / 10点（10%〜50%で比例配点。35%なら6.25点）"


def test_unreviewed_and_unreported_indicators(context) -> None:
    data = wording.score_dict(score_application(SMALL, "global", {"contracts": 1}))
    vision, contracts, share = data["indicators"]
    assert vision["explanation_en"] == "not yet reviewed → 0 of 10 points (pending review); minimum of 5 not met"
    assert vision["explanation_ja"] == "審査前 → 0点 / 10点（審査待ち）、最低基準5点に未達"
    assert contracts["explanation_en"].startswith("1 contract → 0 of 10 points (next step at 3 contracts → 2)")
    assert share["explanation_ja"].startswith("未報告 → 0点 / 10点")


def test_advice_reads_as_before(context) -> None:
    first = hand_checked()["improvements"][0]
    assert first["explanation_en"] == ("Joint research contracts from 12 contracts to 20 contracts: +2 points "
                                       "(+4 weighted, total 26, 65%); enough for Silver on its own")
    assert first["explanation_ja"] == ("共同研究契約件数を12件から20件へ: +2点（重み付き +4点、合計26点・65%）。"
                                       "これだけでシルバーに届きます")
    advice = wording.score_dict(score_application(SMALL, "global", {"contracts": 12}))["improvements"]
    by_key = {item["key"]: item for item in advice}
    assert by_key["vision_strategy"]["explanation_ja"].startswith("ビジョンを審査前からレベル1へ")
    assert by_key["private_share"]["explanation_en"].startswith("Private funding share from not reported to 15%")


def test_blockers_name_the_tier_and_the_indicators(context) -> None:
    values = {**full_marks_values(), "plan_kpis": 0, "licences": 0, "startups_founded": 0}
    result = score_application(CRITERIA, "global", values, target_tier="silver")
    blockers = {b["code"]: b for b in wording.score_dict(result)["blockers"]}
    must = blockers["must_meet_missed"]
    assert must["message_en"] == ("Silver requires the minimum of: Vision, strategy and plan "
                                  "and Innovation management process")
    assert must["message_ja"].startswith("シルバーには次の指標の最低基準が必須です: ")
    assert "、" in must["message_ja"] and "vision_strategy" not in must["message_ja"]
    below = blockers["percent_below"]
    assert below["message_en"].startswith("Silver needs at least 65% of the maximum (130 points); ")
    assert below["message_ja"] == "シルバーには満点の65%（130点）以上が必要です。あと15点。"
    viewpoint = blockers["viewpoint_below"]
    assert viewpoint["message_en"] == "Silver needs 35% in every viewpoint (Vision, strategy and plan: 0%)."
    assert blockers["too_many_minimums_missed"]["message_ja"] == "シルバーでは最低基準の未達は2件までです（現在6件）。"


def test_field_errors_name_the_indicator_in_each_language(context) -> None:
    errors = validate_values(SMALL, "global", {"contracts": 1001, "private_share": "lots"}, {"vision_strategy": 2.5})
    shown = {field: [p.to_dict() for p in problems]
             for field, problems in group_by_field(wording.field_errors(errors)).items()}
    out_of_range = shown["contracts"][0]
    assert out_of_range["message_en"] == ("Joint research contracts must be between 0 contracts and "
                                          "1,000 contracts (got 1,001).")
    assert out_of_range["message_ja"] == "「共同研究契約件数」は0件から1,000件の範囲で入力してください（入力値 1,001）。"
    assert shown["private_share"][0]["message_ja"] == "「民間資金の比率」には数値を入力してください。"
    assert shown["vision_strategy"][0]["message_en"] == "Vision must be a whole number."
    assert set(out_of_range) == {"field", "code", "message", "message_ja", "message_en"}


def test_a_broken_criteria_document_is_explained_per_key_in_each_language(context) -> None:
    data = small_criteria_dict()
    data["indicators"][1]["max_points"] = 0
    data["tiers"][0]["colour"] = "gold"
    with pytest.raises(CriteriaError) as caught:
        load_criteria(data)
    problems = [p.to_dict() for p in wording.criteria_problems(caught.value)]
    assert [p["field"] for p in problems] == ["document", "document"]
    assert {p["message_en"] for p in problems} == {
        "Criteria rejected at indicators[1].max_points: Must be greater than 0.",
        "Criteria rejected at tiers[0].colour: Unknown key.",
    }
    assert {p["message_ja"] for p in problems} == {
        "評価基準の誤り（indicators[1].max_points）: 0より大きい値にしてください。",
        "評価基準の誤り（tiers[0].colour）: 不明なキーです。",
    }


def test_every_score_reads_in_both_languages_without_keys_or_placeholders(app) -> None:
    # Keys of one word can be ordinary words too (licences); those of several cannot.
    keys = re.compile("|".join(re.escape(i.key) for i in CRITERIA.indicators if "_" in i.key))

    @given(applications())
    @settings(max_examples=25, deadline=None, database=None)
    def check(application: tuple[str, dict, dict]) -> None:
        track, values, rubric = application
        data = wording.score_dict(score_application(CRITERIA, track, values, rubric))
        texts = [item[f"explanation_{lang}"] for item in data["indicators"] + data["improvements"] for lang in ("ja", "en")]
        texts += [item[f"message_{lang}"] for item in data["blockers"] for lang in ("ja", "en")]
        for text in texts:
            assert text and "%(" not in text and not keys.search(text), text
        for item in data["indicators"]:
            assert re.search(r"\d点 / [\d,.]+点", item["explanation_ja"]), item["explanation_ja"]

    with app.test_request_context(), force_locale("ja"):
        check()
