"""The equipment network's fixed vocabularies: instrument categories and fee units.

Each category carries its Japanese and English label and the research fields it serves (a
search by field finds an item through its category when the lab lists no fields). Japanese
synonyms (電子顕微鏡 → ``sem`` and ``tem``) are reference data in
``seed_data/equipment/synonyms.csv``, read once by :func:`synonyms`.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from pathlib import Path

from hubs.core.config import SEED_DIR

#: Instrument classes: key → (Japanese label, English label, fields served).
CATEGORIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "sem": ("走査電子顕微鏡 (SEM)", "Scanning electron microscope (SEM)", ("materials", "measurement")),
    "tem": ("透過電子顕微鏡 (TEM)", "Transmission electron microscope (TEM)", ("materials", "measurement")),
    "fib": ("集束イオンビーム加工装置 (FIB)", "Focused ion beam (FIB)", ("materials", "electronics")),
    "optical_microscope": ("光学顕微鏡", "Optical microscope", ("materials", "bio", "measurement")),
    "xrd": ("X線回折装置 (XRD)", "X-ray diffractometer (XRD)", ("materials", "chemistry", "measurement")),
    "xrf": ("蛍光X線分析装置 (XRF)", "X-ray fluorescence spectrometer (XRF)", ("materials", "chemistry", "measurement")),
    "xray_ct": ("X線CT装置", "X-ray CT", ("manufacturing", "materials", "measurement")),
    "ftir": ("フーリエ変換赤外分光光度計 (FT-IR)", "FT-IR spectrometer", ("chemistry", "materials")),
    "icp": ("ICP発光・質量分析装置", "ICP optical emission / mass spectrometer", ("chemistry", "environment")),
    "gcms": ("ガスクロマトグラフ質量分析装置 (GC-MS)", "Gas chromatograph mass spectrometer (GC-MS)",
             ("chemistry", "agri_food", "environment")),
    "lcms": ("液体クロマトグラフ質量分析装置 (LC-MS)", "Liquid chromatograph mass spectrometer (LC-MS)",
             ("chemistry", "bio", "medical")),
    "nmr": ("核磁気共鳴装置 (NMR)", "NMR spectrometer", ("chemistry", "bio")),
    "spectrophotometer": ("分光光度計", "Spectrophotometer", ("chemistry", "measurement")),
    "particle_size": ("粒子径・比表面積測定装置", "Particle size and surface area analyser", ("materials", "chemistry")),
    "thermal_analysis": ("熱分析装置", "Thermal analyser", ("materials", "chemistry")),
    "surface_roughness": ("表面粗さ・形状測定機", "Surface roughness and profile meter", ("manufacturing", "measurement")),
    "hardness_tester": ("硬さ試験機", "Hardness tester", ("materials", "manufacturing")),
    "universal_tester": ("万能材料試験機", "Universal testing machine", ("materials", "manufacturing")),
    "vibration_tester": ("振動試験機", "Vibration tester", ("manufacturing", "mobility")),
    "climate_chamber": ("恒温恒湿・環境試験機", "Climate chamber", ("manufacturing", "electronics")),
    "salt_spray": ("塩水噴霧試験機", "Salt spray tester", ("materials", "manufacturing")),
    "emc_chamber": ("電波暗室・EMC試験設備", "EMC anechoic chamber", ("electronics", "mobility")),
    "am_powder_bed": ("3Dプリンター (粉末床溶融結合)", "3D printer (powder bed fusion)", ("manufacturing",)),
    "am_extrusion": ("3Dプリンター (材料押出)", "3D printer (material extrusion)", ("manufacturing",)),
    "am_vat": ("3Dプリンター (液槽光重合)", "3D printer (vat photopolymerisation)", ("manufacturing",)),
    "machining_centre": ("マシニングセンタ", "Machining centre", ("manufacturing",)),
    "laser_processing": ("レーザー加工機", "Laser processing machine", ("manufacturing",)),
    "thin_film_deposition": ("成膜装置 (スパッタ・蒸着)", "Thin-film deposition (sputtering, evaporation)",
                             ("electronics", "materials")),
    "dry_etching": ("ドライエッチング装置", "Dry etching system", ("electronics",)),
    "clean_room": ("クリーンルーム", "Clean room", ("electronics",)),
    "food_pilot_plant": ("食品試作プラント", "Food pilot plant", ("agri_food",)),
    "other": ("その他", "Other", ()),
}

#: What a published rate is charged per: key → (Japanese, English, hours it covers or None).
RATE_UNITS: dict[str, tuple[str, str, int | None]] = {
    "hour": ("1時間", "per hour", 1),
    "four_hours": ("4時間", "per 4 hours", 4),
    "day": ("1日", "per day", 8),
    "sample": ("1試料", "per sample", None),
    "case": ("1件", "per case", None),
}


def category_label(key: str, lang: str = "ja") -> str:
    """The label of category ``key`` in ``lang`` (``ja`` or ``en``); the key itself if unknown."""
    entry = CATEGORIES.get(key)
    return key if entry is None else entry[1 if lang == "en" else 0]


def rate_unit_label(key: str | None, lang: str = "ja") -> str:
    entry = RATE_UNITS.get(key or "")
    return "" if entry is None else entry[1 if lang == "en" else 0]


def normalise(text: str) -> str:
    """Text as searched: NFKC (full-width Latin and digits read as ASCII), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


@functools.cache
def synonyms(path: Path = SEED_DIR / "equipment" / "synonyms.csv") -> tuple[tuple[str, str], ...]:
    """(normalised term, category) pairs: the shipped synonyms plus every category's own labels and key."""
    pairs = {(normalise(ja), key) for key, (ja, _en, _f) in CATEGORIES.items()}
    pairs |= {(normalise(en), key) for key, (_ja, en, _f) in CATEGORIES.items()}
    pairs |= {(normalise(key), key) for key in CATEGORIES}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["category"] in CATEGORIES:
                for term in row["term_ja"].split("/"):
                    pairs.add((normalise(term), row["category"]))
    pairs.discard(("", "other"))
    return tuple(sorted(pairs))


def categories_for(keyword: str) -> set[str]:
    """Categories whose label or synonym contains ``keyword`` (電子顕微鏡 → ``{"sem", "tem"}``)."""
    word = normalise(keyword)
    if not word:
        return set()
    if word.isascii():
        # Latin abbreviations match whole words only: "tem" is not in "system".
        pattern = re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
        return {category for term, category in synonyms() if pattern.search(term) and category != "other"}
    return {category for term, category in synonyms() if word in term and category != "other"}
