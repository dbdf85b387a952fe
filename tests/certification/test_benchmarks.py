"""Anonymous benchmarks (issue 13, item 6): per indicator, the quartile band of the applicant's
value among the values the certified hubs of the track were certified with; none below ten
peers, none for a draft, and never a peer's figure or an exact percentile, in HTML or JSON."""
from __future__ import annotations

import json

from tests.fixtures_accounts import COMPLETE_VALUES

#: Figures only the peers have: none of them may appear anywhere the applicant looks.
PEER_VALUES = [8123.4 + 1.1 * n for n in range(10)]


def _peers(make_application, count: int = 10) -> None:
    for figure in PEER_VALUES[:count]:
        make_application(owner="bob", status="certified", tier="bronze",
                         values={**COMPLETE_VALUES, "joint_research_value": figure, "licences": 30})


def _mine(make_application, status="submitted") -> int:
    return make_application(status=status, values={**COMPLETE_VALUES, "joint_research_value": 5, "licences": 90})


def _bands(body) -> dict:
    return {b["key"]: b for b in body["benchmarks"]["indicators"]}


def _figures(value: float) -> set[str]:
    return {f"{value:.1f}", f"{value:,.1f}", f"{value:.2f}", str(value), f"{round(value):,}", str(round(value))}


def test_each_indicator_gets_a_band_and_no_peer_figure_leaks(client, tokens, make_application):
    _peers(make_application)
    mine = _mine(make_application)
    response = client.get(f"/api/v1/applications/{mine}/score", headers=tokens["alice"])
    body = response.get_json()
    raw = json.dumps(body, ensure_ascii=False)  # as read, not \uXXXX escapes
    bands = _bands(body)
    assert bands["joint_research_value"]["band"] == 4 and bands["joint_research_value"]["peers"] == 10
    assert bands["licences"]["band"] == 1  # above all ten
    assert bands["plan_kpis"]["band"] == 2  # equal to all ten: rank 50%
    assert "vision_strategy" not in bands  # rubric levels are the reviewers', not benchmarked
    assert set(bands["licences"]) == {"key", "band", "band_label", "peers", "withheld"}
    assert body["benchmarks"]["min_peers"] == 10 and body["benchmarks"]["withheld"] is None
    pages = [client.get(f"/applications/{mine}/score?lang={lang}", headers=tokens["alice"]).get_data(as_text=True)
             for lang in ("ja", "en")]
    pages += [client.get(f"/applications/{mine}/self-assessment?lang=ja", headers=tokens["alice"]).get_data(as_text=True),
              json.dumps(client.get(f"/api/v1/applications/{mine}/self-assessment", headers=tokens["alice"]).get_json(),
                         ensure_ascii=False)]
    for text in [raw, *pages]:
        assert "percentile" not in text.lower()
        for figure in PEER_VALUES:
            assert not {s for s in _figures(figure) if s in text}, figure
    assert "上位 25%" in pages[0] and "下位 25%" in pages[0]
    assert "top quarter" in pages[1] and "bottom quarter" in pages[1]


def test_a_draft_gets_no_bands(client, tokens, make_application):
    _peers(make_application)
    draft = _mine(make_application, status="draft")
    body = client.get(f"/api/v1/applications/{draft}/score", headers=tokens["alice"]).get_json()
    assert body["benchmarks"]["withheld"] == "draft" and body["benchmarks"]["indicators"] == []
    html = client.get(f"/applications/{draft}/score?lang=ja", headers=tokens["alice"]).get_data(as_text=True)
    assert "申請を提出すると" in html and "上位 25%" not in html


def test_below_ten_reporting_peers_there_is_no_band(client, tokens, make_application):
    _peers(make_application, count=9)
    mine = _mine(make_application)
    bands = _bands(client.get(f"/api/v1/applications/{mine}/score", headers=tokens["alice"]).get_json())
    assert {b["band"] for b in bands.values()} == {None}
    assert bands["licences"] == {"key": "licences", "band": None, "band_label": None, "peers": 9,
                                 "withheld": "too_few_peers"}


def test_peers_of_another_track_do_not_count(client, tokens, make_application):
    for figure in PEER_VALUES:
        make_application(owner="bob", status="certified", tier="bronze", track="platform",
                         values={**COMPLETE_VALUES, "joint_research_value": figure})
    mine = _mine(make_application)
    bands = _bands(client.get(f"/api/v1/applications/{mine}/score", headers=tokens["alice"]).get_json())
    assert bands["joint_research_value"]["peers"] == 0 and bands["joint_research_value"]["band"] is None
