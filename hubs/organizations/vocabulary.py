"""The portal's fixed vocabularies: organisation kinds, research fields, precisions, regions.

Each entry carries its Japanese and English label, so that pages, exports and the API
agree on one list.
"""
from __future__ import annotations

KINDS: dict[str, tuple[str, str]] = {
    "aist_centre": ("産総研 研究拠点", "AIST research base"),
    "aist_oil": ("産総研 OIL", "AIST open innovation laboratory"),
    "public_lab": ("公設試験研究機関", "Public test laboratory"),
    "university": ("大学", "University"),
    "hub": ("イノベーション拠点", "Innovation hub"),
    "kosen": ("高等専門学校", "College of technology (KOSEN)"),
    "national_rd": ("国立研究開発法人等", "National research and development agency"),
    "inter_university": ("大学共同利用機関", "Inter-university research institute"),
    "aist_joint_lab": ("産総研 冠ラボ", "AIST company-named joint laboratory"),
}

#: What a public test laboratory works on (公設試 of industry, agriculture, fisheries, ...).
LAB_DOMAINS: dict[str, tuple[str, str]] = {
    "industrial": ("工業", "Industry"),
    "food": ("食品", "Food"),
    "agriculture": ("農業", "Agriculture"),
    "livestock": ("畜産", "Livestock"),
    "fisheries": ("水産", "Fisheries"),
    "forestry": ("林業", "Forestry"),
}

#: J-Innovation HUB selection tracks (国際展開型, 地域貢献型, プラットフォーム型).
HUB_TRACKS: dict[str, tuple[str, str]] = {
    "global": ("国際展開型", "Global"),
    "regional": ("地域貢献型", "Regional contribution"),
    "platform": ("プラットフォーム型", "Platform"),
}

#: Outcome of the review (継続審査) at the end of a selection's three fiscal years. ``expired``
#: means the validity ended and no renewal was found; a selection is shown as current only
#: while its ``valid_until`` date has not passed.
RENEWAL_STATES: dict[str, tuple[str, str]] = {
    "renewed": ("継続", "Renewed"),
    "expired": ("期間満了（継続未確認）", "Ended (no renewal found)"),
}

FIELDS: dict[str, tuple[str, str]] = {
    "materials": ("材料", "Materials"),
    "chemistry": ("化学", "Chemistry"),
    "bio": ("バイオ", "Biotechnology"),
    "medical": ("医療・健康", "Medical and health"),
    "agri_food": ("農業・食品", "Agriculture and food"),
    "energy": ("エネルギー", "Energy"),
    "environment": ("環境", "Environment"),
    "electronics": ("エレクトロニクス", "Electronics"),
    "ai_it": ("AI・情報", "AI and IT"),
    "manufacturing": ("ものづくり", "Manufacturing"),
    "mobility": ("モビリティ", "Mobility"),
    "measurement": ("計測・標準", "Measurement and standards"),
    "crafts_design": ("伝統産業・デザイン", "Crafts and design"),
}

LOCATION_PRECISIONS: dict[str, tuple[str, str]] = {
    "address": ("住所", "Street address"),
    "campus": ("敷地・キャンパス", "Site or campus"),
    "city": ("市区町村役場（施設の位置ではない）", "Municipal office (not the site)"),
}

SINET_STATES: dict[str, tuple[str, str]] = {
    "yes": ("接続", "Connected"),
    "no": ("未接続", "Not connected"),
    "unknown": ("不明", "Unknown"),
}

#: The eight regional sections of 産業技術連携推進会議 (産技連).
REGIONS: dict[str, tuple[str, str]] = {
    "hokkaido": ("北海道", "Hokkaido"),
    "tohoku": ("東北", "Tohoku"),
    "kanto": ("関東甲信越静", "Kanto-Koshinetsu-Shizuoka"),
    "tokai_hokuriku": ("東海・北陸", "Tokai-Hokuriku"),
    "kinki": ("近畿", "Kinki"),
    "chugoku": ("中国", "Chugoku"),
    "shikoku": ("四国", "Shikoku"),
    "kyushu_okinawa": ("九州・沖縄", "Kyushu-Okinawa"),
}

PREFECTURE_CODES: tuple[str, ...] = tuple(f"{n:02d}" for n in range(1, 48))


def label(vocabulary: dict[str, tuple[str, str]], key: str, lang: str = "ja") -> str:
    """The label of ``key`` in ``lang`` (``ja`` or ``en``); the key itself if unknown."""
    pair = vocabulary.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
