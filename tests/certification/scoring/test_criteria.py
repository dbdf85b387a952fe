"""The published criteria file, and broken criteria documents that must be refused naming the bad key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from hubs.certification.scoring import CriteriaError, criteria_json_schema, load_criteria
from tests.certification.scoring.examples import CRITERIA, CRITERIA_FILE, small_criteria_dict

SCHEMA_FILE = CRITERIA_FILE.with_name("criteria.schema.json")



def test_criteria_file_loads_with_the_four_viewpoints_and_tracks() -> None:
    assert CRITERIA.version == "2026.1"
    assert [v.key for v in CRITERIA.viewpoints] == ["vision", "inputs", "process", "outputs"]
    assert {"global", "regional"} <= set(CRITERIA.tracks)
    assert CRITERIA.tracks["global"].name_ja == "国際展開型"
    assert CRITERIA.tracks["regional"].name_ja == "地域貢献型"
    assert [t.key for t in CRITERIA.tiers] == ["gold", "silver", "bronze", "none"]
    assert "not public" in CRITERIA.document.note
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
        (lambda d: d["indicators"][2].update(key="contracts"), "indicators[2].key"),
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
    assert [problem.path for problem in caught.value.problems] == [key]
    assert str(caught.value).startswith(key)


# --------------------------------------------------------------------------------------------
# The JSON Schema shipped beside the document


def test_the_shipped_schema_is_the_one_the_model_generates() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == criteria_json_schema(), (
        "the criteria model changed: run `flask --app app certification schema` and commit the file")


def test_the_published_criteria_follow_the_shipped_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for document in (json.loads(CRITERIA_FILE.read_text(encoding="utf-8")), small_criteria_dict(), CRITERIA.to_dict()):
        assert [error.message for error in validator.iter_errors(document)] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("version"),
        lambda d: d.update(published_on="April"),
        lambda d: d.update(viewpoints=[]),
        lambda d: d["indicators"][1].update(minimun=2),
        lambda d: d["indicators"][1].update(type="ratio"),
        lambda d: d["indicators"][1].update(required="yes"),
        lambda d: d["indicators"][1].update(key="Contracts"),
        lambda d: d["indicators"][1]["points"].update(type="steps"),
        lambda d: d["indicators"][1]["points"]["steps"].append([50, 12, 1]),
        lambda d: d["indicators"][2]["points"].pop("suggest_step"),
        lambda d: d["tracks"][0]["indicator_weights"].update(contracts=-1),
        lambda d: d["tiers"][0].update(min_percent=120),
        lambda d: d["tiers"][0].update(max_minimums_missed=0.5),
    ],
)
def test_structural_mistakes_are_caught_by_the_schema_and_the_model_alike(change: Any) -> None:
    data = broken(change)
    validator = jsonschema.Draft202012Validator(criteria_json_schema(), format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data))
    with pytest.raises(CriteriaError):
        load_criteria(data)


def test_every_problem_of_a_document_is_reported_with_its_path() -> None:
    data = small_criteria_dict()
    data["indicators"][0].pop("help_en")
    data["indicators"][1]["max_points"] = 0
    data["tracks"][0]["colour"] = "blue"
    with pytest.raises(CriteriaError) as caught:
        load_criteria(data)
    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert {path: message.code for path, message in problems.items()} == {
        "indicators[0].help_en": "key_required",
        "indicators[1].max_points": "must_exceed",
        "tracks[0].colour": "key_unknown",
    }
    assert problems["indicators[1].max_points"].params == {"limit": 0}


@pytest.mark.parametrize(("name", "text"), [("list.json", "[1, 2]"), ("text.yaml", "criteria")])
def test_a_document_must_be_an_object(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CriteriaError) as caught:
        load_criteria(tmp_path / name)
    assert [(p.path, p.message.code) for p in caught.value.problems] == [("", "object_expected")]
