"""The SINET engine's message codes put into words: every code, both languages, names not keys."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from geo.sinet import CODES, load_backbone_csv
from hubs.collaboration.backbone import SEED_LINKS, SEED_NODES
from hubs.collaboration.messages import MessageText

BACKBONE = load_backbone_csv(SEED_NODES, SEED_LINKS)
ORGS = {"11": "東北大学", "22": "九州大学"}
ORGS_EN = {"11": "Tohoku University", "22": "Kyushu University"}

#: One example of every code, with parameters as the engine gives them.
EXAMPLES = {
    "not_connected": {"orgs": ["22"]},
    "connection_unknown": {"orgs": ["11"]},
    "path_summary": {"hops": 3, "fibre_km": 1529.2, "latency_ms": 8.146},
    "connection_assumed_for": {"orgs": ["11", "22"]},
    "modelled_backbone": {},
    "backup_same_node": {"node": "sendai"},
    "backup_bridge": {"links": [["naha", "fukuoka"]], "a": "naha", "b": "sapporo"},
    "backup_trap": {"a": "sendai", "b": "fukuoka"},
    "shared_fields": {"fields": ["agri_food", "bio"]},
    "in_field": {"fields": ["energy"]},
    "other_fields": {"fields": ["bio", "medical"]},
    "no_fields": {},
    "not_on_sinet": {},
    "origin_not_on_sinet": {},
    "same_node": {"node": "sapporo"},
    "hops": {"count": 2},
    "latency": {"ms": 0.063},
    "distance": {"km": 40.24},
    "connection_assumed": {},
    "origin_connection_assumed": {},
    "complementary_kind": {"kind": "public_lab"},
    "programme": {"programme": "certified_hub"},
    "equipment": {"count": 3},
    "outside_filters": {"filters": ["field", "within_km"]},
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def render(app, lang: str, code: str) -> str:
    with app.test_request_context(), force_locale(lang):
        names = ORGS if lang == "ja" else ORGS_EN
        return MessageText(BACKBONE, lang, names).text({"code": code, **EXAMPLES[code]})


def test_every_code_has_an_example():
    assert set(EXAMPLES) == CODES


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_reads_in_both_languages(app, code):
    english, japanese = render(app, "en", code), render(app, "ja", code)
    for text in (english, japanese):
        assert text and text != code and "%(" not in text
        # Keys and codes never reach the reader: fields, nodes and organisations are named.
        assert not re.search(r"\b(agri_food|materials|sendai|sapporo|naha)\b", text)
        assert not re.search(r"\b(11|22)\b", text)
    if code not in ("latency", "distance"):  # bare figures read the same in both
        assert JAPANESE.search(japanese), japanese
        assert not JAPANESE.search(english), english


def test_names_labels_and_lists_follow_the_language(app):
    assert render(app, "ja", "shared_fields") == "共通の分野：農業・食品、バイオ"
    assert render(app, "en", "shared_fields") == "shared field: Agriculture and food, Biotechnology"
    assert render(app, "ja", "same_node") == "同じSINETノード（SINET6 北海道ノード（モデル））"
    assert render(app, "en", "connection_assumed_for") == (
        "assumes Tohoku University, Kyushu University connected to SINET (status unknown)")
    assert render(app, "en", "hops") == "2 hops"
    assert render(app, "ja", "hops") == "2ホップ"
    assert render(app, "en", "latency") == "0.06 ms" and render(app, "en", "distance") == "40 km"


def test_the_api_form_keeps_the_code_and_parameters(app):
    with app.test_request_context(), force_locale("en"):
        detail = MessageText(BACKBONE, "en").detail({"code": "same_node", "node": "sapporo"})
    assert detail == {"code": "same_node", "params": {"node": "sapporo"},
                      "text": "same SINET node (SINET6 Hokkaido node (model))"}
