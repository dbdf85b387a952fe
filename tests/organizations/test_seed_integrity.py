"""Seed integrity for the whole network (issue 14): provenance, dates, parents, places.

These read the shipped CSVs themselves (``seed_data/organizations/*.csv``), so that a bad row
is named by file and line, and check the loaded database where the portal's answers matter.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from geo.prefectures import distance_to_prefecture_km, load_prefectures, locate_points
from hubs.organizations.identifiers import corporate_number_is_valid, ror_id_is_valid
from hubs.organizations.records import COLUMNS, validate_row
from hubs.organizations.seed import SEED_DIR
from hubs.organizations.vocabulary import KINDS, LAB_DOMAINS

#: A point may lie this far outside its prefecture's main-area polygon (coast, coarse outline).
COAST_KM = 2.0

#: Points on islands that the coarse main-area polygons leave out, each checked by hand: they
#: are in the right prefecture, beyond 2 km of its main area. Keys to reasons.
ISLANDS = {
    "kosen-hiroshima": "広島商船高専, 大崎上島, Hiroshima",
    "kosen-oshima": "大島商船高専, 周防大島 (屋代島), Yamaguchi",
    "kosen-yuge": "弓削商船高専, 弓削島 (上島町), Ehime; nearest main area is Hiroshima's",
    "nrd-jaxa-tanegashima": "JAXA 種子島宇宙センター, 南種子町, Kagoshima",
    "nrd-nibiohn-tanegashima": "NIBIOHN 薬用植物資源研究センター 種子島研究部, 中種子町, Kagoshima",
    "lab-37-hakko": "香川県産業技術センター 発酵食品研究所, 小豆島町, Kagawa",
    "univ-kansai-nursing-health-sciences": "関西看護医療大学, 淡路市 (淡路島), Hyogo",
    "nrd-jaxa-masuda": "JAXA 増田宇宙通信所, 中種子町 (種子島), Kagoshima",
    "nrd-jircas-ishigaki": "JIRCAS 熱帯・島嶼研究拠点, 石垣市 (石垣島), Okinawa",
    "lab-43-kumamoto-amakusa": "熊本県農業研究センター 天草農業研究所, 天草市 (天草下島), Kumamoto",
    "lab-37-kagawa-olive": "香川県農業試験場 小豆オリーブ研究所, 小豆島町 (小豆島), Kagawa",
    "lab-46-kagoshima-kumage": "鹿児島県農業開発総合センター 熊毛支場, 西之表市 (種子島), Kagoshima",
    "lab-28-hyogo-awaji": "兵庫県立農林水産技術総合センター 淡路農業技術センター, 南あわじ市 (淡路島), Hyogo; nearest main area is Tokushima's",
}

_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def seed_rows() -> list[tuple[str, dict[str, str]]]:
    rows = []
    for path in sorted((SEED_DIR / "organizations").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows.extend((f"{path.name}:{line}", row) for line, row in enumerate(csv.DictReader(fh), start=2))
    return rows


ROWS = seed_rows()


def test_every_file_has_the_documented_columns():
    for path in (SEED_DIR / "organizations").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert tuple(header) == COLUMNS, path.name


def test_every_row_passes_the_row_checks():
    problems = [f"{where}: {e.field}: {e.text('en')}" for where, row in ROWS for e in validate_row(row).errors]
    assert not problems, "\n".join(problems)


def test_every_row_cites_a_url_and_the_date_it_was_checked():
    for where, row in ROWS:
        assert re.match(r"https?://\S+", row["source"]), f"{where}: source {row['source']!r}"
        assert "CONTEXT.md" not in row["source"] and "domain brief" not in row["source"], where
        checked = date.fromisoformat(row["checked_on"])
        assert date(2026, 11, 1) <= checked <= date.today(), where


#: Hosts that serve copies of other sites' pages (Wikipedia mirrors and proxies, a bare IP address):
#: a row cites the page itself, not a copy.
COPIES = re.compile(r"https?://(\d+\.\d+\.\d+\.\d+|[^/]*(iwiki\.icu|wiki\.pages\.dev|gtool\.pro|http3\.lol|wiki\.x\.io"
                    r"|wikizero|wikiwand|classicistranieri|qa\.edu\.vn)|ja\.m\.wikipedia\.org\.)[/:]")


def test_no_row_cites_a_copy_of_a_page():
    copies = [f"{where} {row['key']}: {part.strip()}" for where, row in ROWS
              for part in row["source"].split(";") if COPIES.match(part.strip())]
    assert not copies, "\n".join(copies)


def test_keys_are_unique_and_parents_exist():
    keys = Counter(row["key"] for _, row in ROWS)
    assert not [k for k, n in keys.items() if n > 1]
    for where, row in ROWS:
        assert not row["parent_key"] or row["parent_key"] in keys, f"{where}: parent {row['parent_key']}"


def test_parents_are_of_the_right_kind():
    kind = {row["key"]: row["kind"] for _, row in ROWS}
    for where, row in ROWS:
        if row["kind"] in ("hub", "aist_oil") and row["parent_key"]:
            assert kind[row["parent_key"]] == "university", where
        if row["kind"] == "aist_joint_lab" and row["parent_key"]:
            assert kind[row["parent_key"]] == "aist_centre", where


def test_dates_are_valid_and_in_order():
    for where, row in ROWS:
        for name in ("started_on", "ended_on", "selected_on"):
            assert not row[name] or _PARTIAL.match(row[name]), f"{where}: {name}"
        if row["started_on"] and row["ended_on"]:
            assert row["started_on"] <= row["ended_on"], where
        if row["valid_until"]:
            valid = date.fromisoformat(row["valid_until"])
            assert row["selected_on"] and valid.year >= int(row["selected_on"][:4]), where


def test_identifiers_are_valid_where_given():
    for where, row in ROWS:
        if row["corporate_number"]:
            assert corporate_number_is_valid(row["corporate_number"]), where
        if row["ror_id"]:
            assert ror_id_is_valid(row["ror_id"]), where


def test_kind_attributes_belong_to_their_kinds():
    for where, row in ROWS:
        if row["kind"] == "public_lab":
            assert row["lab_domain"] in LAB_DOMAINS, where
        else:
            assert not row["lab_domain"], where
        if row["kind"] in ("national_rd", "inter_university"):
            assert row["agency"], where
        if row["kind"] == "aist_joint_lab":
            assert row["company"], where
        if row["kind"] == "hub":
            assert row["hub_track"] and row["selected_on"] and row["valid_until"], where


def test_every_point_is_in_its_prefecture_or_within_2_km_of_its_coast():
    prefs = load_prefectures(SEED_DIR / "prefectures.geojson", SEED_DIR / "prefectures.csv")
    located = locate_points(prefs, [float(r["lon"]) for _, r in ROWS], [float(r["lat"]) for _, r in ROWS])
    wrong = []
    for (where, row), (_, place) in zip(ROWS, located.iterrows()):
        if row["key"] in ISLANDS:
            continue
        if place["code"] != row["prefecture_code"]:
            # A coarse shared border (久留米高専 on the Chikugo river): near its own polygon is fine.
            lon, lat = float(row["lon"]), float(row["lat"])
            if distance_to_prefecture_km(prefs, row["prefecture_code"], lon, lat) <= COAST_KM:
                continue
            wrong.append(f"{where} {row['key']}: in {place['code']}, says {row['prefecture_code']}")
        elif place["distance_km"] > COAST_KM:
            wrong.append(f"{where} {row['key']}: {place['distance_km']:.1f} km outside {row['prefecture_code']}")
    assert not wrong, "\n".join(wrong)


def test_known_gaps_list_every_row_left_out():
    gaps = (SEED_DIR / "known_gaps.md").read_text(encoding="utf-8")
    shipped = {row["key"] for _, row in ROWS}
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", gaps, flags=re.M))
    assert listed, "known_gaps.md lists no left-out rows"
    assert not listed & shipped, "a row listed as left out is shipped"


def test_the_japanese_known_gaps_list_the_same_rows_left_out():
    """known_gaps.ja.md translates known_gaps.md: when rows are left out or taken back in, both change."""
    def left_out(name: str) -> list[str]:
        return sorted(re.findall(r"^\| `([a-z0-9-]+)` \|", (SEED_DIR / name).read_text(encoding="utf-8"), flags=re.M))

    assert left_out("known_gaps.ja.md") == left_out("known_gaps.md")


def test_counts_per_kind_are_reported(capsys):
    counts = Counter(row["kind"] for _, row in ROWS)
    precision = Counter(row["location_precision"] for _, row in ROWS)
    with capsys.disabled():
        print("\nseed rows per kind:", dict(sorted(counts.items())), "precision:", dict(precision))
    assert set(counts) == set(KINDS)
    assert sum(counts.values()) >= 600


@pytest.mark.parametrize("kind", ["kosen", "national_rd", "inter_university", "aist_joint_lab"])
def test_new_kinds_reach_the_api_with_their_attributes(client, kind):
    answer = client.get(f"/api/v1/organizations?kind={kind}").get_json()
    assert answer["total"] >= 1
    props = answer["features"][0]["properties"]
    assert props["checked_on"]
    if kind in ("national_rd", "inter_university"):
        assert props["agency"]
    if kind == "aist_joint_lab":
        assert props["company"]


def test_an_expired_selection_is_not_shown_as_current(client):
    hubs = client.get("/api/v1/organizations?kind=hub").get_json()["features"]
    today = date.today().isoformat()
    for feature in hubs:
        props = feature["properties"]
        assert props["selection_current"] == (props["valid_until"] >= today), props["key"]
    expired = next(f for f in hubs if not f["properties"]["selection_current"])
    page = client.get(expired["properties"]["url"]).get_data(as_text=True)
    assert "期間終了" in page


def test_the_data_page_and_its_json_twin_agree(client):
    data = client.get("/api/v1/data").get_json()
    assert data["total"] == sum(k["count"] for k in data["kinds"])
    assert sum(p["count"] for p in data["precision"]) == data["total"]
    assert sum(p["total"] for p in data["prefectures"]) == data["total"]
    assert any(b["type"] == "table" for b in data["known_gaps"]["blocks"])
    assert {lic["licence"] for lic in data["licences"]} >= {"Apache-2.0", "MIT", "CC0-1.0"}
    page = client.get("/data").get_data(as_text=True)
    assert "データについて" in page and "把握している不足" in page
    assert f">{data['total']}<" in page
    assert client.get("/").get_data(as_text=True).count('href="/data"') == 1


def test_the_data_page_escapes_the_gaps_file(app, tmp_path: Path):
    from hubs.organizations.coverage import data_summary

    seed = tmp_path
    (seed / "known_gaps.md").write_text("# Gaps\n\n- <script>alert(1)</script>\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                                        encoding="utf-8")
    with app.test_request_context():
        blocks = data_summary("ja", seed)["known_gaps"]["blocks"]
    assert blocks[0] == {"type": "heading", "level": 2, "text": "Gaps"}
    assert blocks[1]["items"] == ["<script>alert(1)</script>"]
    assert blocks[2] == {"type": "table", "header": ["a", "b"], "rows": [["1", "2"]]}
