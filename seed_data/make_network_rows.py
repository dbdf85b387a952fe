"""Move the sourced research drafts (``seed_data/research/``) into the seed CSVs.

Run once per change of the drafts: ``python seed_data/make_network_rows.py`` (needs
``pip install -r requirements-data.txt`` for JpGeocode's municipal-office points). It reads
the shipped rows and the drafts, applies the drafts' fixes, places rows that state no
coordinate on the office of the municipality (or designated-city ward) that the row names,
and writes ``organizations/*.csv`` and the generated part of ``known_gaps.md``.

Rules (issue 14):

- a row keeps its ``source`` URL and ``checked_on`` date;
- a row that states a coordinate keeps it and its precision; any other row is put on the
  municipal office of its ``city`` with precision ``city``; a row whose city cannot be
  placed is left out and listed;
- rows whose draft notes flag an outdated or unconfirmed name, a truncated name or an
  inferred location are left out and listed (:data:`DROPPED`);
- coordinates are EPSG:4326 lon/lat, written with 5 decimals (~1 m).

The script is idempotent: the drafts are the input for every row they carry, so running it
again gives the same files.
"""
from __future__ import annotations

import csv
import json
import re
from importlib import resources
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESEARCH = HERE / "research"
OUT = HERE / "organizations"

COLUMNS = (
    "key", "kind", "name_ja", "name_en", "prefecture_code", "city", "address", "lat", "lon",
    "location_precision", "fields", "website", "sinet_connected", "parent_key", "ror_id",
    "corporate_number", "source", "checked_on", "lab_domain", "agency", "company",
    "started_on", "ended_on", "hub_track", "selected_on", "valid_until", "renewal_state",
)

#: The date the 297 rows shipped on 2026-11-30 were compiled (commit 10f4c0a); rows the
#: drafts re-checked carry the draft's date instead.
FIRST_CHECK = "2026-11-30"

#: Rows of the drafts left out, with the reason their own notes give.
DROPPED: dict[str, str] = {
    "hub-toyohashi-tech": "hub name truncated in the stored copy of the source (「技術科…」); the full name must come from METI's release",
    "nrd-naro-niaes": "name as in Japan Post data; the unit has since been renamed (current name not confirmed)",
    "nrd-naro-nire": "pre-2016 name (農村工学研究所), now a NARO 研究部門 under another name",
    "nrd-naro-nifts": "pre-2016 name (果樹研究所), now part of 果樹茶業研究部門",
    "nrd-naro-nfri": "pre-2016 name (食品総合研究所, merged into NARO in 2016)",
    "nrd-naro-nias": "pre-2016 name (農業生物資源研究所, merged into NARO in 2016)",
    "nrd-naro-nics": "name as in Japan Post data; the unit has since been renamed",
    "nrd-nict-okinawa": "FY2001 name (沖縄亜熱帯計測技術センター); the centre has been renamed, current name not confirmed",
    "nrd-jaea-oarai": "current official unit name not confirmed (大洗研究所 / 大洗研究開発センター)",
    "nrd-fra-yokohama": "庁舎 of an institute dissolved in FRA's 2020 reorganisation; current unit not confirmed",
    "nrd-fra-hatsukaichi": "庁舎 of an institute dissolved in FRA's 2020 reorganisation; current unit not confirmed",
    "nrd-fra-shiogama": "庁舎 of an institute dissolved in FRA's 2020 reorganisation; current unit not confirmed",
    "nrd-fra-niigata": "庁舎 of an institute dissolved in FRA's 2020 reorganisation; current unit not confirmed",
    "lab-02-aomori-nourin": "location (黒石市) inferred from the corporate seat, not stated for the institute",
    "lab-02-aomori-suisan": "current name (水産総合研究所) not confirmed on the page read",
    "lab-24-mie-nogyo": "city (松阪市) inferred from a 1970 move; current site not stated",
    "lab-30-wakayama-ringyo": "city (上富田町) inferred from the 沿革; current site not stated",
    "lab-06-yamagata-suisan": "city (鶴岡市) inferred; present site not stated",
    "lab-08-ibaraki-suisan": "city (ひたちなか市) inferred from a 1929 move; later moves not visible",
    "lab-04-miyagi-ringyo": "city (大衡村) implied by a foreword, not stated",
    "lab-15-niigata-shinrin": "city (村上市) implied, not stated for the present site",
    "lab-38-ehime-chikusan": "city (西予市) inferred from a 沿革 chain; flagged 'verify' in the draft",
    "lab-20-nagano-ringyo": "city (塩尻市) from a third-party blog only",
    "lab-45-miyazaki-suisan": "flagged: the 本場 may have moved to 日南市 (水産研究・教育センター); current site not confirmed",
    "lab-40-fukuoka-shigen": "that it is the successor forestry lab is inferred, not stated",
    "lab-47-kogei": "current site not confirmed (functions planned to move to おきなわ工芸の杜, 豊見城市)",
    "lab-16-yakuji": "current official name not confirmed (薬事研究所 / 薬事総合研究開発センター)",
}

#: Citable pages found on 2026-12-03 for shipped public labs that cited only 産技連's member
#: list: the lab's own page, its prefecture's page, or a page that lists it (equipment drafts,
#: the Chugoku labs' fee agreement, a chamber of commerce, the prefecture's tourism site).
SOURCE_FIXES: dict[str, str] = {
    "lab-03-iwate": "https://www2.pref.iwate.jp/~kiri/about/enkaku.html",
    "lab-10-textile": "https://www.pref.gunma.jp/07/p202_00036.html",
    "lab-12-chiba": "https://www.pref.chiba.lg.jp/sanken/kikisetsubi/tetsuzuki.html",
    "lab-26-orimono": "https://miyazu-cci.or.jp/2025/09/19/11864",
    "lab-32-shimane": "https://www.shimane-iit.jp/guide/test_and_mes/",
    "lab-33-okayama": "https://www.pref.hiroshima.lg.jp/site/hiroshima-soken/chuugokurenkei.html",
    "lab-34-city": "https://www.itc.city.hiroshima.jp/post-259.html",
    "lab-34-food": "https://www.pref.hiroshima.lg.jp/soshiki/26/analysis.html",
    "lab-38-ehime": "https://www.projectdesign.jp/201707/public-private-sup/003778.php",
    "lab-38-paper": "https://www.iyokannet.jp/spot/2583",
    "lab-38-textile": "https://ja.wikipedia.org/wiki/愛媛県産業技術研究所_繊維産業技術センター",
    "lab-39-paper": "https://www.pref.kochi.lg.jp/doc/history-2",
    "lab-41-ceramic": "https://www.scrl.gr.jp/about/greeting.html",
    "lab-42-ceramic": "https://www.pref.nagasaki.jp/yogyo/news/detail.php?kubun=1&no=502",
    "lab-44-oita": "http://www.oita-ri.jp/about-us/aisatsu",
    "lab-47-okinawa": "https://www.pref.okinawa.lg.jp/site/shoko/kogyo/kikaku/shisetsu_riyo.html",
}
SOURCE_CHECKED = "2026-12-03"

#: Coverage drafts (``research/coverage2/<name>.csv``) and the output file their rows go to.
COVERAGE2: tuple[tuple[str, str], ...] = (
    ("private_universities", "universities"),
    ("universities_other", "universities"),
    ("industrial_labs", "public_labs"),
    ("domain_labs", "public_labs_domain"),
    ("national_rd", "national_rd"),
    ("inter_university", "inter_university"),
)

#: Field values on the shipped rows that a draft replaced (univ_fixes.csv, "keep: ...").
_KEEP = re.compile(r"keep:\s*(.*)")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _municipal_offices() -> dict[str, tuple[float, float]]:
    """``"都道府県,市区町村"`` (and ``"NN,札幌市北区"`` for wards) to (lat, lon), EPSG:4326."""
    data = json.loads(resources.files("JpGeocode").joinpath("data/jp_geocode.json").read_text(encoding="utf-8"))
    offices = {key: (value["lat"], value["lng"]) for key, value in data.items()}
    for row in _read(HERE / "geocoding" / "ward_offices.csv"):
        offices[f"{row['prefecture_code']},{row['city']}"] = (float(row["lat"]), float(row["lon"]))
    return offices


def _office(offices, prefectures: dict[str, str], code: str, city: str) -> tuple[float, float] | None:
    if re.match(r"^.+?市.+区$", city):
        return offices.get(f"{code},{city}")
    # "佐波郡玉村町" is listed as "玉村町"; try the name as written first (蒲郡市 is a city).
    bare = re.sub(r"^.+?郡", "", city)
    return offices.get(f"{prefectures[code]},{city}") or offices.get(f"{prefectures[code]},{bare}")


def _first_url(text: str) -> str:
    match = re.search(r"https?://[^\s;]+", text)
    return match.group(0) if match else ""


def _lab_domain(row: dict[str, str]) -> str:
    return "food" if any(w in row["name_ja"] for w in ("食品", "醸造")) else "industrial"


def build() -> tuple[dict[str, list[dict[str, str]]], list[tuple[str, str, str]], list[str]]:
    """The rows per output file, the rows left out (key, name, reason) and caveats."""
    prefectures = {r["code"]: r["name_ja"] for r in _read(HERE / "prefectures.csv")}
    offices = _municipal_offices()
    left_out: list[tuple[str, str, str]] = []
    caveats: list[str] = []

    # The first release's rows as shipped (kept apart, so that the output is never the input).
    shipped = {p.stem: _read(p) for p in sorted((RESEARCH / "shipped_2026-11-30").glob("*.csv"))}

    files: dict[str, list[dict[str, str]]] = {}

    def put(file: str, row: dict[str, str], *, draft: bool) -> None:
        out = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if row.get("key") in DROPPED:
            left_out.append((out["key"], out["name_ja"], DROPPED[out["key"]]))
            return
        if not draft:
            out["checked_on"] = out["checked_on"] or FIRST_CHECK
        if not out["source"].startswith(("https://", "http://")):
            left_out.append((out["key"], out["name_ja"],
                             "shipped row cites only 産技連's member list, with no URL or date; left out until a page that lists it is cited"))
            return
        if out["lat"] and out["location_precision"] == "city" and out["city"]:
            # A city-precision point is the office of the municipality or ward the row names;
            # the first release put ward-named rows on the city hall, so re-place them all.
            point = _office(offices, prefectures, out["prefecture_code"], out["city"])
            if point is not None:
                out["lat"], out["lon"] = f"{point[0]:.5f}", f"{point[1]:.5f}"
        if not out["lat"]:
            if not out["city"]:
                left_out.append((out["key"], out["name_ja"], "no municipality stated in any source read, so it cannot be placed"))
                return
            point = _office(offices, prefectures, out["prefecture_code"], out["city"])
            if point is None:
                left_out.append((out["key"], out["name_ja"], f"municipal office of {out['city']} not in the geocoding data"))
                return
            out["lat"], out["lon"] = f"{point[0]:.5f}", f"{point[1]:.5f}"
            out["location_precision"] = "city"
        files.setdefault(file, []).append(out)

    # --- shipped rows, with the drafts' corrections -------------------------------------------
    aist_draft = {r["key"]: r for r in _read(RESEARCH / "hubs_univ" / "aist.csv")}
    hub_draft = _read(RESEARCH / "hubs_univ" / "hubs.csv")
    univ_updates = {r["key"]: r for r in _read(RESEARCH / "hubs_univ" / "universities_existing_updates.csv")}
    univ_fixes = {r["key"]: r for r in _read(RESEARCH / "hubs_univ" / "univ_fixes.csv")}
    lab_improvements = {r["key"]: r for r in _read(RESEARCH / "public_labs" / "improvements.csv")}

    for row in shipped.get("aist", []):
        if row["key"] in aist_draft:
            continue  # the draft carries every shipped AIST row, with citable sources
        put("aist", row, draft=False)
    for row in aist_draft.values():
        row = dict(row)
        if row["kind"] == "aist_joint_lab":
            put("aist_joint_labs", row, draft=True)
        else:
            # The shipped coordinates came from the project's own brief; the draft dropped them.
            put("aist", row, draft=True)

    for row in hub_draft:
        put("hubs", row, draft=True)

    def not_redrafted(file: str, drafts: list[dict[str, str]]) -> Iterator[dict[str, str]]:
        """The shipped rows of ``file`` that no draft replaces (a drafted row was written by an
        earlier run: the draft is the input), as copies."""
        drafted = {r["key"] for r in drafts}
        return (dict(row) for row in shipped.get(file, []) if row["key"] not in drafted)

    new_universities = _read(RESEARCH / "hubs_univ" / "universities.csv")
    for row in not_redrafted("universities", new_universities):
        row["source"] = _first_url(row["source"])
        if row["key"] in univ_updates:
            update = univ_updates[row["key"]]
            if update["city"] != row["city"]:
                row["lat"] = row["lon"] = ""  # the shipped point was for another municipality
            for name in ("city", "address", "source", "checked_on"):
                row[name] = update[name]
        if row["key"] in univ_fixes:
            keep = _KEEP.search(univ_fixes[row["key"]]["notes"])
            value = keep.group(1).split(" ")[0] if keep else ""
            row["fields"] = "" if value.startswith("(empty)") else value
        put("universities", row, draft=False)
    for row in new_universities:
        put("universities", row, draft=True)

    new_labs = _read(RESEARCH / "public_labs" / "industrial_labs.csv")
    for row in not_redrafted("public_labs", new_labs):
        row["lab_domain"] = row.get("lab_domain") or _lab_domain(row)
        improvement = lab_improvements.get(row["key"])
        if improvement:
            row["source"] = improvement["source"]
            row["checked_on"] = improvement["checked_on"]
            if improvement["address"]:
                row["address"] = improvement["address"]
            if improvement["lat"]:
                row["lat"], row["lon"] = improvement["lat"], improvement["lon"]
                row["location_precision"] = improvement["location_precision"]
        elif row["key"] in SOURCE_FIXES:
            row["source"] = SOURCE_FIXES[row["key"]]
            row["checked_on"] = SOURCE_CHECKED
        else:
            row["source"] = _first_url(row["source"])
        put("public_labs", row, draft=False)
    for row in new_labs:
        row = dict(row)
        if row["key"] == "lab-13-hikaku":
            row["address"] = ""  # two sources disagree on the street address; both say 墨田区
        put("public_labs", row, draft=True)
    for row in _read(RESEARCH / "public_labs" / "domain_labs.csv"):
        put("public_labs_domain", row, draft=True)

    for name in ("kosen", "national_rd", "inter_university"):
        for row in _read(RESEARCH / "research_institutes" / f"{name}.csv"):
            put(name, row, draft=True)

    # Coverage drafts of 2026-12-03 (issue 14): one file per group, written to the file of its kind.
    for name, file in COVERAGE2:
        path = RESEARCH / "coverage2" / f"{name}.csv"
        if path.exists():
            for row in _read(path):
                put(file, row, draft=True)

    # Last, after every draft: sourced site points and 町丁目 points (see apply_precision).
    PRECISION_REPORT.clear()
    PRECISION_REPORT.update(apply_precision(files))

    # Parents must exist; a draft's parent that is not shipped is dropped from the row.
    keys = {r["key"] for rows in files.values() for r in rows}
    for rows in files.values():
        for r in rows:
            if r["parent_key"] and r["parent_key"] not in keys:
                caveats.append(f"`{r['key']}`: parent `{r['parent_key']}` is not in the seed; link left empty")
                r["parent_key"] = ""
    return files, left_out, caveats


# --- precision (issue 14): street addresses to 町丁目 points, sourced site coordinates ---------
#
# Applied at the end of build(), after every other draft, to the rows still at `city`:
#
# 1. `research/precision/coordinates.csv`: a coordinate stated by a citable page for the row's
#    own site (precision `campus`) or its street address (`address`), by key;
# 2. a row whose street address is the same as that of a row with a sourced `campus` or
#    `address` point shares that point (e.g. three institutes on one campus);
# 3. `geocoding/town_points.csv`: the representative point of the 町丁目 (or 大字) that the
#    row's street address names, from geolonia/japanese-addresses (built from MLIT's
#    位置参照情報); only when the address names a 町丁目 found there (precision `address`).
#
# See geocoding/README.md for the method and its measured accuracy.

TOWN_POINTS_SOURCE = "https://github.com/geolonia/japanese-addresses"
#: What the last build() did in apply_precision (printed by main()).
PRECISION_REPORT: dict[str, object] = {}
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_RUN = re.compile(r"[〇一二三四五六七八九十百千]+")
_PREFECTURE = re.compile(r"^(東京都|北海道|京都府|大阪府|.{2,3}県)")


def _kanji_number(run: str) -> int:
    total, digit = 0, 0
    for ch in run:
        if ch in _KANJI_DIGITS:
            digit = digit * 10 + _KANJI_DIGITS[ch]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
    return total + digit


def _town_text(text: str) -> str:
    """Comparable form of an address or town name: ASCII digits, ケ for ヶ, no 大字."""
    text = text.translate(str.maketrans("０１２３４５６７８９－ー―‐ヶヵ之", "0123456789----ケケノ"))
    text = text.replace("大字", "").lstrip("字")
    return _KANJI_RUN.sub(lambda m: str(_kanji_number(m.group(0))), text)


def _bare(city: str) -> str:
    return re.sub(r"^.+?郡", "", city)


def _street_part(row: dict[str, str]) -> str | None:
    """The address after its prefecture and municipality, or None if it does not name them."""
    address = _PREFECTURE.sub("", row["address"].strip())
    for city in (row["city"], _bare(row["city"])):
        at = address.find(city) if city else -1
        if at != -1:
            return address[at + len(city):]
    return None


def _town_match(street: str, town: str, koaza: str) -> bool:
    """Does the street part begin with this 町丁目 (and 小字, if given)?"""
    street, town = _town_text(street), _town_text(town)
    rest = None
    if street.startswith(town):
        rest = street[len(town):]
    else:
        chome = re.match(r"^(.*?)(\d+)丁目$", town)
        if chome and street.startswith(chome.group(1) + chome.group(2)):
            rest = street[len(chome.group(1) + chome.group(2)):]
            if not rest or not re.match(r"^[-番の]", rest):
                return False
    if rest is None:
        return False
    if koaza:
        return rest.lstrip("字").startswith(_town_text(koaza))
    # The town must end where the street part's numbers (or 字) begin, not inside a longer name;
    # a 地番 may carry a 甲乙丙 or イロハ prefix (苗羽甲1351-1, 四丁町ヌ1番地3).
    return not rest or bool(re.match(r"^([\d\-番字の（(]|[甲乙丙丁戊ア-ン]\d)", rest))


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from math import asin, cos, radians, sin, sqrt
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    h = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def _add_source(row: dict[str, str], url: str) -> None:
    if url and url not in row["source"]:
        row["source"] = f"{row['source']} ; {url}"


def apply_precision(files: dict[str, list[dict[str, str]]]) -> dict[str, object]:
    """Raise rows from `city` to `campus`/`address` where a source or the 町丁目 allows it.

    Returns what it did and the 町丁目 method's accuracy against sourced campus points.
    """
    rows = [r for file_rows in files.values() for r in file_rows]
    by_key = {r["key"]: r for r in rows}
    report: dict[str, object] = {"coordinates": 0, "same_address": 0, "town": 0, "checks": []}

    # 1. sourced coordinates, by key
    path = RESEARCH / "precision" / "coordinates.csv"
    for fix in (_read(path) if path.exists() else []):
        row = by_key.get(fix["key"])
        if row is None:
            continue
        if fix.get("address") and not row["address"]:
            # a street address stated by the source; step 3 may place it on its 町丁目
            row["address"] = fix["address"]
            _add_source(row, fix["coord_source"])
        if not fix["lat"]:
            continue
        row["lat"], row["lon"] = f"{float(fix['lat']):.5f}", f"{float(fix['lon']):.5f}"
        row["location_precision"] = fix["location_precision"]
        _add_source(row, fix["coord_source"])
        report["coordinates"] += 1

    # 2. the same street address as a row with a sourced site point
    placed = {}
    for r in rows:
        if r["location_precision"] in ("campus", "address") and r["address"]:
            placed.setdefault((r["prefecture_code"], _town_text(_PREFECTURE.sub("", r["address"]))), r)
    for r in rows:
        if r["location_precision"] != "city" or not r["address"]:
            continue
        other = placed.get((r["prefecture_code"], _town_text(_PREFECTURE.sub("", r["address"]))))
        if other is not None:
            r["lat"], r["lon"], r["location_precision"] = other["lat"], other["lon"], other["location_precision"]
            _add_source(r, _first_url(other["source"]))
            report["same_address"] += 1

    # 3. the 町丁目 of the street address
    towns: dict[tuple[str, str], list[dict[str, str]]] = {}
    for t in _read(HERE / "geocoding" / "town_points.csv"):
        towns.setdefault((t["prefecture_code"], _bare(t["city"])), []).append(t)

    def locate(row: dict[str, str]) -> dict[str, str] | None:
        street = _street_part(row) if row["address"] else None
        if street is None:
            return None
        found = [t for t in towns.get((row["prefecture_code"], _bare(row["city"])), [])
                 if _town_match(street, t["town"], t.get("koaza", ""))]
        # the most specific: a 小字 over its 大字, a longer town name over a shorter one
        found.sort(key=lambda t: (bool(t.get("koaza")), len(t["town"])), reverse=True)
        return found[0] if found else None

    for r in rows:
        point = locate(r)
        if point is None:
            continue
        if r["location_precision"] == "city":
            r["lat"], r["lon"] = f"{float(point['lat']):.5f}", f"{float(point['lon']):.5f}"
            r["location_precision"] = "address"
            _add_source(r, TOWN_POINTS_SOURCE)
            report["town"] += 1
        elif r["location_precision"] == "campus" and TOWN_POINTS_SOURCE not in r["source"]:
            km = _distance_km(float(r["lat"]), float(r["lon"]), float(point["lat"]), float(point["lon"]))
            report["checks"].append((r["key"], round(km, 2)))
    return report


GAPS_BEGIN = "<!-- generated by make_network_rows.py: begin -->"
GAPS_END = "<!-- generated by make_network_rows.py: end -->"


def main() -> None:
    files, left_out, caveats = build()
    for name, rows in files.items():
        with (OUT / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    lines = [GAPS_BEGIN, "", f"### Rows left out ({len(left_out)})", "", "| key | name | why |", "|---|---|---|"]
    lines += [f"| `{k}` | {n} | {why} |" for k, n, why in sorted(left_out)]
    if caveats:
        lines += ["", "### Links not made", ""] + [f"- {c}" for c in caveats]
    lines += ["", GAPS_END]
    gaps = HERE / "known_gaps.md"
    text = gaps.read_text(encoding="utf-8") if gaps.exists() else f"# Known gaps\n\n{GAPS_BEGIN}\n{GAPS_END}\n"
    head, _, rest = text.partition(GAPS_BEGIN)
    _, _, tail = rest.partition(GAPS_END)
    gaps.write_text(head + "\n".join(lines) + tail, encoding="utf-8")
    total = sum(len(r) for r in files.values())
    print(f"{total} rows in {len(files)} files; {len(left_out)} left out")
    print_precision(files)


def print_precision(files: dict[str, list[dict[str, str]]]) -> None:
    """Precision per file, and the 町丁目 method's distance to sourced campus points."""
    from collections import Counter
    from statistics import median
    total = Counter()
    for name, rows in sorted(files.items()):
        counts = Counter(r["location_precision"] for r in rows)
        total.update(counts)
        print(f"  {name}: {dict(sorted(counts.items()))}")
    share = (total["campus"] + total["address"]) / max(1, sum(total.values()))
    print(f"  all: {dict(sorted(total.items()))}; campus or address {share:.1%}")
    report = PRECISION_REPORT
    print(f"  raised: {report.get('coordinates', 0)} by sourced coordinates, "
          f"{report.get('same_address', 0)} by a shared address, {report.get('town', 0)} to their 町丁目")
    checks = report.get("checks") or []
    if checks:
        km = [d for _, d in checks]
        worst = max(checks, key=lambda c: c[1])
        print(f"  町丁目 point vs sourced campus point, {len(km)} rows: median {median(km):.2f} km, "
              f"max {worst[1]:.2f} km ({worst[0]})")


if __name__ == "__main__":
    main()
