"""The portal's fixed vocabularies: organisation kinds, research fields, precisions, regions.

Each entry carries its Japanese and English label, so that pages, exports and the API
agree on one list. The terms are reference data, kept in ``vocabulary.csv`` beside this module.
"""
from __future__ import annotations

import csv
from pathlib import Path

Vocabulary = dict[str, tuple[str, str]]


def _read_tables() -> dict[str, Vocabulary]:
    """``vocabulary.csv`` beside this module: one row per term (vocabulary, key, ja, en), in order."""
    tables: dict[str, Vocabulary] = {}
    with (Path(__file__).parent / "vocabulary.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            tables.setdefault(row["vocabulary"], {})[row["key"]] = (row["ja"], row["en"])
    return tables


_TABLES = _read_tables()

KINDS: Vocabulary = _TABLES["kinds"]
#: What a public test laboratory works on (公設試 of industry, agriculture, fisheries, ...).
LAB_DOMAINS: Vocabulary = _TABLES["lab_domains"]
#: J-Innovation HUB selection tracks (国際展開型, 地域貢献型, プラットフォーム型).
HUB_TRACKS: Vocabulary = _TABLES["hub_tracks"]
#: Outcome of the review (継続審査) at the end of a selection's three fiscal years. ``expired``
#: means the validity ended and no renewal was found; a selection is shown as current only
#: while its ``valid_until`` date has not passed.
RENEWAL_STATES: Vocabulary = _TABLES["renewal_states"]
FIELDS: Vocabulary = _TABLES["fields"]
LOCATION_PRECISIONS: Vocabulary = _TABLES["location_precisions"]
SINET_STATES: Vocabulary = _TABLES["sinet_states"]
#: The eight regional sections of 産業技術連携推進会議 (産技連).
REGIONS: Vocabulary = _TABLES["regions"]
#: Column headings of the organisation table in Japanese and English, for exports that people
#: read in Excel; imports accept a heading in either language as well as the column key.
COLUMN_LABELS: Vocabulary = _TABLES["columns"]

PREFECTURE_CODES: tuple[str, ...] = tuple(f"{n:02d}" for n in range(1, 48))


def label(vocabulary: dict[str, tuple[str, str]], key: str, lang: str = "ja") -> str:
    """The label of ``key`` in ``lang`` (``ja`` or ``en``); the key itself if unknown."""
    pair = vocabulary.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
