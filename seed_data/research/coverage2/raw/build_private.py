"""Turn raw/mext_r4_extract.tsv (hand-extracted from MEXT's 大学一覧 R4) into private_universities.csv.

Run: python seed_data/research/coverage2/raw/build_private.py  (needs requirements-data.txt)
"""
from __future__ import annotations

import csv
import json
import re
import sys
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[2]
OUT = HERE.parent / "private_universities.csv"
COLS = ["key", "kind", "name_ja", "name_en", "prefecture_code", "city", "address", "lat", "lon", "location_precision", "fields", "website", "sinet_connected", "parent_key", "source", "checked_on", "coord_source", "lab_domain", "agency", "company", "started_on", "ended_on", "hub_track", "selected_on", "valid_until", "renewal_state", "notes"]
SOURCE = "https://www.mext.go.jp/a_menu/koutou/ichiran/mext_01853.html"
MIRROR = ("read in the GitHub mirror EJU-Express/University-info-of-Japan university/datas/r4-university-info.json, "
          "a JSON conversion of MEXT's 大学一覧 (令和4年度, Excel 20230420_mxt_daigakuc01_000230747_0x.xlsx) that reproduces "
          "MEXT's school code, head-office address and faculty/graduate-school/campus table; address = MEXT head-office "
          "address (本部所在地); no coordinates in the source")
FIELD_RULES = [
    ("medical", ("医学", "歯学", "薬学", "看護", "保健", "医療", "健康科学", "健康管理", "リハビリ", "衛生")),
    ("ai_it", ("情報",)),
    ("agri_food", ("農", "獣医", "栄養", "食品", "食物", "園芸", "食")),
    ("bio", ("生命", "バイオ", "生物")),
]
DESIGNATED = {"札幌市", "仙台市", "さいたま市", "千葉市", "横浜市", "川崎市", "相模原市", "新潟市", "静岡市", "浜松市", "名古屋市", "京都市", "大阪市", "堺市", "神戸市", "岡山市", "広島市", "北九州市", "福岡市", "熊本市"}
DROP_WORDS = {"university", "of", "the", "and", "college", "&"}


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    prefs = {r["name_ja"]: r["code"] for r in read(SEED / "prefectures.csv")}
    data = json.loads(resources.files("JpGeocode").joinpath("data/jp_geocode.json").read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {}
    for key in data:
        p, _, m = key.partition(",")
        names.setdefault(p, set()).add(m)
    wards = {(r["prefecture_code"], r["city"]) for r in read(SEED / "geocoding" / "ward_offices.csv")}
    existing_keys, existing_names = set(), set()
    for f in (SEED / "organizations").glob("*.csv"):
        for r in read(f):
            existing_keys.add(r["key"])
            existing_names.add(r["name_ja"])
    for f in (SEED / "research").rglob("*.csv"):
        if "coverage2" in f.parts:
            continue
        for r in read(f):
            if r.get("key"):
                existing_keys.add(r["key"])
                existing_names.add(r.get("name_ja", ""))
    rows, seen, missing = [], set(), set()
    with open(HERE / "mext_r4_extract.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            name = r["name_ja"]
            if name in existing_names:
                print("skip existing", name, file=sys.stderr)
                continue
            addr = r["addr"].strip()
            pref = next(p for p in prefs if addr.startswith(p))
            code = prefs[pref]
            rest = addr[len(pref):]
            # designated-city ward first, then 郡+町村, then the longest municipality name
            city = None
            m = re.match(r"^(.+?市)(.+?区)", rest)
            if m and m.group(1) in DESIGNATED:
                if r["note"] == "HAMAMATSU" or m.group(1) == "浜松市":
                    city = "浜松市"
                else:
                    city = m.group(1) + m.group(2)
                    if (code, city) not in wards:
                        missing.add((code, city))
            if city is None:
                cands = [n for n in names[pref] if rest.startswith(n)]
                g = re.match(r"^(.+?郡)", rest)
                if g:
                    cands += [g.group(1) + n for n in names[pref] if rest[len(g.group(1)):].startswith(n)]
                if cands:
                    city = max(cands, key=len)
            if city is None or city in DESIGNATED and city != "浜松市":
                sys.exit(f"no city for {name}: {addr}")
            address = rest.replace("－", "-").replace("　", " ").strip()
            words = [w for w in re.split(r"[\s\-–.,'’]+", r["name_eng"].lower()) if w and w not in DROP_WORDS]
            slug = "-".join(words)
            slug = slug.replace("institute-technology", "tech")
            key = f"univ-{slug}"
            if key in existing_keys or key in seen:
                key = f"univ-{slug}-pr"
            if key in existing_keys or key in seen:
                sys.exit(f"key collision {key}")
            seen.add(key)
            grad = r["grad"]
            fields = [f for f, words_ in FIELD_RULES if any(w in grad for w in words_)][:4]
            public = r["note"] == "公立"
            note = ("公立大学" if public else "私立大学") + f"; MEXT school code {r['mext_code']}"
            if grad:
                note += f"; graduate schools (science/engineering/health/agri, as listed by MEXT): {grad}"
            if r["note"] and r["note"] not in ("公立", "HAMAMATSU"):
                note += f"; {r['note']}"
            if r["note"] == "HAMAMATSU":
                note += ("; MEXT address uses the pre-2024 ward (浜松市北区); Hamamatsu's wards were reorganised on "
                         "2024-01-01, so city is 浜松市 (placed on the city hall)")
            note += "; " + MIRROR
            rows.append({**dict.fromkeys(COLS, ""), "key": key, "kind": "university", "name_ja": name,
                         "name_en": r["name_eng"].strip(), "prefecture_code": code, "city": city,
                         "address": address, "fields": ";".join(fields), "sinet_connected": "unknown",
                         "source": SOURCE, "checked_on": "2026-12-03", "notes": note})
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(len(rows), "rows ->", OUT)
    for c in sorted(missing):
        print("ward not in ward_offices.csv:", *c, file=sys.stderr)


if __name__ == "__main__":
    main()
