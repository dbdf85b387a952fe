"""Build the modelled SINET6 backbone and write ``sinet_nodes.csv`` and ``sinet_links.csv``.

NII publishes the facts below about SINET but not a machine-readable list of its links, so
the portal draws paths over a *model* built from those facts. Every row this script writes
says ``modelled=yes`` and its ``source`` says it is a model. An administrator can replace
both files with real data by importing node and link CSVs of the same format.

Public facts used (NII, https://www.sinet.ad.jp/ ; SINET5 2016 and SINET6 2022 overviews)
-----------------------------------------------------------------------------------------
* SINET6 (April 2022) has a node (data centre) in each of the 47 prefectures, at 400 Gbps,
  Okinawa at 100 Gbps.
* SINET5 joined the data centres with dark fibre in a "ladder" shape and chose paths that
  minimise propagation delay, with backup paths.
* SINET3 (2010) had 13 core nodes: Sapporo, Sendai, Tsukuba, Tokyo (3), Kanazawa, Nagoya,
  Kyoto, Osaka, Hiroshima, Matsuyama, Fukuoka.

Modelling assumptions
---------------------
1. **One node per prefecture, at the prefectural capital.** The data centres' addresses are
   not published, so each node sits at the centre of the prefecture's capital city
   (``location_precision=city``, EPSG:4326 lon/lat of the prefectural office area).
   Exception: Ibaraki's node is placed in Tsukuba, where SINET3 had its core node; that the
   SINET6 Ibaraki data centre is there too is an assumption. Tokyo's three SINET3 core
   nodes are modelled as one node (this portal works at prefecture level).
2. **Core flag.** ``core=yes`` for the prefectures of the SINET3 core cities: Hokkaido
   (Sapporo), Miyagi (Sendai), Ibaraki (Tsukuba), Tokyo, Ishikawa (Kanazawa), Aichi
   (Nagoya), Kyoto, Osaka, Hiroshima, Ehime (Matsuyama), Fukuoka: 11 prefectures. The flag
   records history and sets where the ladder's rungs land; it does not change routing.
3. **Capacity.** Every node and link is 400 Gbps except Okinawa's node and its two links,
   100 Gbps.
4. **The ladder.** Two roughly parallel rails run the length of Japan and meet at Sapporo
   and Fukuoka:
   - the Pacific rail joins the core cities on the Pacific/San'yō corridor directly:
     Sapporo - Sendai - Tsukuba - Tokyo - Nagoya - Osaka - Hiroshima - Fukuoka
     (``kind=rail_pacific``);
   - the Sea-of-Japan rail runs along the Japan Sea side through the prefectures there:
     Sapporo - Aomori - Akita - Yamagata - Niigata - Toyama - Kanazawa - Fukui - Kyoto -
     Tottori - Matsue - Yamaguchi - Fukuoka (``kind=rail_sea_of_japan``);
   - rungs join the rails at core cities (and at Tokyo, via the Jōetsu corridor):
     Sendai-Yamagata, Tokyo-Niigata, Nagoya-Kanazawa, Osaka-Kyoto, Hiroshima-Matsue
     (``kind=rung``).
5. **Every other prefecture** is joined to two or more neighbouring nodes along plausible
   fibre corridors (trunk roads, Shinkansen and railway lines, and the bridges to
   Shikoku: Akashi-Kaikyō for Kobe-Tokushima, Seto-Ōhashi for Okayama-Takamatsu,
   Shimanami for Hiroshima-Matsuyama; the Kanmon strait for Yamaguchi-Fukuoka; the Seikan
   tunnel for Aomori-Sapporo), so that every node keeps a link-disjoint backup
   (``kind=regional``). Matsuyama, the Shikoku core city, is joined to Hiroshima,
   Takamatsu, Kōchi and, across the Hōyo strait, Ōita. Saga-Kumamoto is there so that no
   main route "traps" its pair (leaves no link-disjoint alternative although the graph
   has one: without it, Saga-Fukuoka-Kumamoto-Kagoshima would).
6. **Okinawa** is joined by submarine links to Kagoshima and to Fukuoka at 100 Gbps
   (``kind=submarine``).
7. **Fibre length.** ``length_km`` = great-circle distance between the two nodes x
   ``geo.sinet.ROUTE_FACTOR`` (1.3: fibre follows roads, railways and coasts; published
   long-haul route factors are about 1.2-1.5), rounded to 0.1 km. The same factor is used
   for organisations' access legs, so the two kinds of length are comparable.
8. **Routing** is not stored: ``geo.sinet.Backbone`` chooses routes from these lengths
   (least estimated latency: fibre km plus a fixed cost per router, see its docstring).

The script checks what it writes: the CSVs load into ``geo.sinet.Backbone`` (which
validates every row and refuses a disconnected backbone), 47 nodes one per prefecture,
every node with at least two links, and for every node pair, under both routing rules of
``geo.sinet.Backbone``, a backup route sharing no link with the main route (so no bridge
and no "trap" topology).

Run from the repository root::

    .venv/bin/python seed_data/make_sinet_model.py
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geo.geodesy import great_circle_km  # noqa: E402
from geo.sinet import ROUTE_FACTOR, load_backbone_csv  # noqa: E402

SOURCE_NODES = (
    "MODEL, not the published topology: NII SINET public facts (https://www.sinet.ad.jp/: "
    "SINET6 nodes in all 47 prefectures, 400 Gbps, Okinawa 100 Gbps; SINET3 core cities); "
    "location = prefectural capital (Ibaraki: Tsukuba, the SINET3 core node), "
    "not the data centre's address; built by seed_data/make_sinet_model.py"
)
SOURCE_LINKS = (
    "MODEL, not a published link: ladder-shaped backbone built from NII SINET5/SINET6 "
    "public facts (https://www.sinet.ad.jp/); length = great-circle km x route factor "
    f"{ROUTE_FACTOR}; built by seed_data/make_sinet_model.py"
)

#: (prefecture_code, code, prefecture ja, prefecture en, city ja, lat, lon)
NODES: list[tuple[str, str, str, str, str, float, float]] = [
    ("01", "sapporo", "北海道", "Hokkaido", "札幌市", 43.0642, 141.3469),
    ("02", "aomori", "青森県", "Aomori", "青森市", 40.8244, 140.7400),
    ("03", "morioka", "岩手県", "Iwate", "盛岡市", 39.7036, 141.1527),
    ("04", "sendai", "宮城県", "Miyagi", "仙台市", 38.2688, 140.8721),
    ("05", "akita", "秋田県", "Akita", "秋田市", 39.7186, 140.1024),
    ("06", "yamagata", "山形県", "Yamagata", "山形市", 38.2404, 140.3633),
    ("07", "fukushima", "福島県", "Fukushima", "福島市", 37.7503, 140.4676),
    ("08", "tsukuba", "茨城県", "Ibaraki", "つくば市", 36.0835, 140.0764),
    ("09", "utsunomiya", "栃木県", "Tochigi", "宇都宮市", 36.5657, 139.8836),
    ("10", "maebashi", "群馬県", "Gunma", "前橋市", 36.3911, 139.0608),
    ("11", "saitama", "埼玉県", "Saitama", "さいたま市", 35.8617, 139.6455),
    ("12", "chiba", "千葉県", "Chiba", "千葉市", 35.6051, 140.1233),
    ("13", "tokyo", "東京都", "Tokyo", "新宿区", 35.6895, 139.6917),
    ("14", "yokohama", "神奈川県", "Kanagawa", "横浜市", 35.4478, 139.6425),
    ("15", "niigata", "新潟県", "Niigata", "新潟市", 37.9026, 139.0236),
    ("16", "toyama", "富山県", "Toyama", "富山市", 36.6953, 137.2113),
    ("17", "kanazawa", "石川県", "Ishikawa", "金沢市", 36.5947, 136.6256),
    ("18", "fukui", "福井県", "Fukui", "福井市", 36.0652, 136.2216),
    ("19", "kofu", "山梨県", "Yamanashi", "甲府市", 35.6642, 138.5684),
    ("20", "nagano", "長野県", "Nagano", "長野市", 36.6513, 138.1810),
    ("21", "gifu", "岐阜県", "Gifu", "岐阜市", 35.3912, 136.7223),
    ("22", "shizuoka", "静岡県", "Shizuoka", "静岡市", 34.9769, 138.3831),
    ("23", "nagoya", "愛知県", "Aichi", "名古屋市", 35.1802, 136.9066),
    ("24", "tsu", "三重県", "Mie", "津市", 34.7303, 136.5086),
    ("25", "otsu", "滋賀県", "Shiga", "大津市", 35.0045, 135.8686),
    ("26", "kyoto", "京都府", "Kyoto", "京都市", 35.0212, 135.7556),
    ("27", "osaka", "大阪府", "Osaka", "大阪市", 34.6863, 135.5200),
    ("28", "kobe", "兵庫県", "Hyogo", "神戸市", 34.6913, 135.1830),
    ("29", "nara", "奈良県", "Nara", "奈良市", 34.6851, 135.8048),
    ("30", "wakayama", "和歌山県", "Wakayama", "和歌山市", 34.2260, 135.1675),
    ("31", "tottori", "鳥取県", "Tottori", "鳥取市", 35.5011, 134.2351),
    ("32", "matsue", "島根県", "Shimane", "松江市", 35.4723, 133.0505),
    ("33", "okayama", "岡山県", "Okayama", "岡山市", 34.6618, 133.9344),
    ("34", "hiroshima", "広島県", "Hiroshima", "広島市", 34.3853, 132.4553),
    ("35", "yamaguchi", "山口県", "Yamaguchi", "山口市", 34.1785, 131.4737),
    ("36", "tokushima", "徳島県", "Tokushima", "徳島市", 34.0658, 134.5593),
    ("37", "takamatsu", "香川県", "Kagawa", "高松市", 34.3401, 134.0434),
    ("38", "matsuyama", "愛媛県", "Ehime", "松山市", 33.8416, 132.7657),
    ("39", "kochi", "高知県", "Kochi", "高知市", 33.5597, 133.5311),
    ("40", "fukuoka", "福岡県", "Fukuoka", "福岡市", 33.5902, 130.4017),
    ("41", "saga", "佐賀県", "Saga", "佐賀市", 33.2494, 130.2988),
    ("42", "nagasaki", "長崎県", "Nagasaki", "長崎市", 32.7503, 129.8777),
    ("43", "kumamoto", "熊本県", "Kumamoto", "熊本市", 32.8031, 130.7079),
    ("44", "oita", "大分県", "Oita", "大分市", 33.2382, 131.6126),
    ("45", "miyazaki", "宮崎県", "Miyazaki", "宮崎市", 31.9077, 131.4202),
    ("46", "kagoshima", "鹿児島県", "Kagoshima", "鹿児島市", 31.5966, 130.5571),
    ("47", "naha", "沖縄県", "Okinawa", "那覇市", 26.2124, 127.6809),
]

#: Prefectures of the SINET3 core cities (assumption 2).
CORE = {"01", "04", "08", "13", "17", "23", "26", "27", "34", "38", "40"}

#: Okinawa runs at 100 Gbps (assumption 3).
REDUCED_CAPACITY = {"naha": 100}
DEFAULT_CAPACITY = 400

PACIFIC_RAIL = ["sapporo", "sendai", "tsukuba", "tokyo", "nagoya", "osaka", "hiroshima", "fukuoka"]
SEA_OF_JAPAN_RAIL = [
    "sapporo", "aomori", "akita", "yamagata", "niigata", "toyama", "kanazawa", "fukui",
    "kyoto", "tottori", "matsue", "yamaguchi", "fukuoka",
]  # fmt: skip
RUNGS = [
    ("sendai", "yamagata"),
    ("tokyo", "niigata"),
    ("nagoya", "kanazawa"),
    ("osaka", "kyoto"),
    ("hiroshima", "matsue"),
]
REGIONAL = [
    # Tohoku
    ("aomori", "morioka"), ("morioka", "sendai"), ("morioka", "akita"),
    ("sendai", "fukushima"), ("fukushima", "yamagata"), ("fukushima", "utsunomiya"),
    # Kanto and Koshin'etsu
    ("utsunomiya", "tsukuba"), ("utsunomiya", "maebashi"),
    ("tsukuba", "chiba"), ("chiba", "tokyo"),
    ("tokyo", "saitama"), ("saitama", "maebashi"), ("maebashi", "nagano"),
    ("nagano", "toyama"), ("nagano", "kofu"),
    ("tokyo", "yokohama"), ("yokohama", "shizuoka"), ("tokyo", "kofu"),
    # Tokai and Kinki
    ("shizuoka", "nagoya"), ("nagoya", "gifu"), ("gifu", "fukui"),
    ("nagoya", "tsu"), ("tsu", "otsu"), ("otsu", "kyoto"), ("tsu", "nara"),
    ("nara", "osaka"), ("osaka", "wakayama"), ("wakayama", "nara"),
    ("osaka", "kobe"),
    # Chugoku and Shikoku
    ("kobe", "okayama"), ("okayama", "hiroshima"), ("okayama", "tottori"),
    ("hiroshima", "yamaguchi"),
    ("kobe", "tokushima"), ("okayama", "takamatsu"), ("takamatsu", "tokushima"),
    ("tokushima", "kochi"), ("takamatsu", "matsuyama"), ("matsuyama", "kochi"),
    ("hiroshima", "matsuyama"),
    # Kyushu
    ("matsuyama", "oita"), ("fukuoka", "oita"), ("fukuoka", "saga"),
    ("saga", "nagasaki"), ("saga", "kumamoto"), ("nagasaki", "kumamoto"),
    ("fukuoka", "kumamoto"),
    ("kumamoto", "kagoshima"), ("oita", "miyazaki"), ("miyazaki", "kagoshima"),
]  # fmt: skip
SUBMARINE = [("naha", "kagoshima"), ("naha", "fukuoka")]

NODE_COLUMNS = [
    "code", "prefecture_code", "name_ja", "name_en", "city", "lat", "lon",
    "location_precision", "capacity_gbps", "core", "modelled", "source",
]  # fmt: skip
LINK_COLUMNS = ["a", "b", "capacity_gbps", "length_km", "kind", "modelled", "source"]


def node_rows() -> list[dict[str, object]]:
    """The 47 node rows (assumptions 1-3)."""
    rows = []
    for pref, code, pref_ja, pref_en, city, lat, lon in NODES:
        rows.append(
            {
                "code": code,
                "prefecture_code": pref,
                "name_ja": f"SINET6 {pref_ja}ノード（モデル）",
                "name_en": f"SINET6 {pref_en} node (model)",
                "city": city,
                "lat": f"{lat:.4f}",
                "lon": f"{lon:.4f}",
                "location_precision": "city",
                "capacity_gbps": REDUCED_CAPACITY.get(code, DEFAULT_CAPACITY),
                "core": "yes" if pref in CORE else "no",
                "modelled": "yes",
                "source": SOURCE_NODES,
            }
        )
    return rows


def link_rows() -> list[dict[str, object]]:
    """The link rows (assumptions 3-7), lengths computed from the node coordinates."""
    where = {code: (lon, lat) for _, code, _, _, _, lat, lon in NODES}
    pairs: list[tuple[str, str, str]] = []
    pairs += [(a, b, "rail_pacific") for a, b in zip(PACIFIC_RAIL, PACIFIC_RAIL[1:])]
    pairs += [(a, b, "rail_sea_of_japan") for a, b in zip(SEA_OF_JAPAN_RAIL, SEA_OF_JAPAN_RAIL[1:])]
    pairs += [(a, b, "rung") for a, b in RUNGS]
    pairs += [(a, b, "regional") for a, b in REGIONAL]
    pairs += [(a, b, "submarine") for a, b in SUBMARINE]
    rows = []
    for a, b, kind in pairs:
        (lon_a, lat_a), (lon_b, lat_b) = where[a], where[b]
        length = round(great_circle_km(lon_a, lat_a, lon_b, lat_b) * ROUTE_FACTOR, 1)
        capacity = min(
            REDUCED_CAPACITY.get(a, DEFAULT_CAPACITY), REDUCED_CAPACITY.get(b, DEFAULT_CAPACITY)
        )
        rows.append(
            {
                "a": a,
                "b": b,
                "capacity_gbps": capacity,
                "length_km": f"{length:.1f}",
                "kind": kind,
                "modelled": "yes",
                "source": SOURCE_LINKS,
            }
        )
    return rows


def _write(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _check(nodes_path: Path, links_path: Path) -> None:
    backbone = load_backbone_csv(nodes_path, links_path)  # validates rows and connectivity
    if len(backbone.nodes) != 47 or len({n.prefecture_code for n in backbone.nodes}) != 47:
        msg = "the model must have exactly one node in each of the 47 prefectures"
        raise ValueError(msg)
    degree = dict.fromkeys(backbone.codes, 0)
    for link in backbone.links:
        degree[link.a] += 1
        degree[link.b] += 1
    lonely = [code for code, d in degree.items() if d < 2]
    if lonely:
        msg = f"nodes with fewer than two links: {lonely}"
        raise ValueError(msg)
    # Every pair, under both routing rules, has a route sharing no link with its main
    # route. This rules out bridges (a bridge lies on the main route of the pairs it
    # separates) and "trap" topologies alike.
    for routing in ("latency", "fibre"):
        model = load_backbone_csv(nodes_path, links_path, routing=routing)
        for a in model.codes:
            for b in model.codes:
                backup, reason = model.backup_route(a, b)
                if a != b and backup is None:
                    msg = f"{routing} routing, {a}-{b}: {reason}"
                    raise ValueError(msg)


def main() -> None:
    """Write both CSVs next to this script and check them."""
    nodes_path, links_path = HERE / "sinet_nodes.csv", HERE / "sinet_links.csv"
    nodes, links = node_rows(), link_rows()
    _write(nodes_path, NODE_COLUMNS, nodes)
    _write(links_path, LINK_COLUMNS, links)
    _check(nodes_path, links_path)
    print(f"wrote {len(nodes)} nodes to {nodes_path.name}, {len(links)} links to {links_path.name}")


if __name__ == "__main__":
    main()
