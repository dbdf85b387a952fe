"""Reading submitted values: every kind of bad input is reported under its own field; numbers typed
into forms ("1,200", full-width digits) are read."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hubs.certification.scoring import ScoringInputError, errors_to_dict, score_application, validate_values
from hubs.certification.scoring.messages import Name
from tests.certification.scoring.examples import CRITERIA, PROPERTY, SMALL, full_marks_values



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
    assert errors["track"][0].to_dict()["params"] == {"track": "platinum", "choices": ["global"]}
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
    params = errors[key][0].to_dict()["params"]
    assert (params["indicator"], params["min"], params["max"]) == (key, 0, 1000 if key == "contracts" else 100)
    assert errors[key][0].message.code == "out_of_range"
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
    assert errors["sme_partners"][0].to_dict()["params"] == {
        "indicator": "sme_partners", "related": "partner_companies", "max": 10}


def test_values_must_be_an_object() -> None:
    errors = validate_values(SMALL, "global", [12, 30])  # type: ignore[arg-type]
    assert "wrong_type" in codes(errors, "values")


@pytest.mark.parametrize("good", [12, 12.0, "12", " 12 ", "１２", Decimal("12"), "1,000"])
def test_numbers_from_forms_are_accepted(good: Any) -> None:
    assert validate_values(SMALL, "global", {"contracts": good}) == {}


def test_errors_carry_their_field_and_a_message_naming_the_indicator() -> None:
    bad = {"contracts": "x", "private_share": 101, "patents": 1}
    errors = validate_values(SMALL, "nowhere", bad, {"vision_strategy": 9})
    assert set(errors) == {"track", "contracts", "private_share", "patents", "vision_strategy"}
    for field, problems in errors.items():
        for error in problems:
            assert error.field == field
            indicator = error.params.get("indicator")
            if field in {"contracts", "private_share", "vision_strategy"}:
                # the criteria's own names in both languages, never the bare key
                assert indicator == Name(field, SMALL.indicator(field).name_ja, SMALL.indicator(field).name_en)
    as_json = errors_to_dict(errors)
    assert as_json["contracts"][0] == {
        "field": "contracts", "code": "wrong_type", "params": {"indicator": "contracts", "got": "str"}}
    json.dumps(as_json)


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
