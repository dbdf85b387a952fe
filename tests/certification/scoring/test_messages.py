"""The sentences that explain a score."""

from __future__ import annotations

from hubs.certification.scoring import score_application
from tests.certification.scoring.examples import CRITERIA, full_marks_values, full_rubric



def test_brief_example_wording_on_the_published_file() -> None:
    values = full_marks_values() | {"joint_research_contracts": 12}
    result = score_application(CRITERIA, "global", values, full_rubric())
    assert result.indicator("joint_research_contracts").explanation_en.startswith(
        "12 contracts → 6 of 10 points (next step at 20 contracts → 8)"
    )
