"""Rows read one by one on 2026-12-03 (coverage2 helper). Run build_manual.py to write the drafts."""
CHECKED = "2026-12-03"

# (file, dict) pairs; columns not given are empty.
ROWS = []


def nrd(key, name_ja, name_en, pref, city, address, agency, source, notes, lat="", lon="", website="", fields=""):
    ROWS.append(("national_rd", dict(key=key, kind="national_rd", name_ja=name_ja, name_en=name_en,
                                     prefecture_code=pref, city=city, address=address, lat=lat, lon=lon,
                                     location_precision="campus" if lat else "", fields=fields, website=website,
                                     sinet_connected="unknown", source=source, checked_on=CHECKED,
                                     coord_source=source if lat else "", agency=agency, notes=notes)))


def lab(file, key, name_ja, name_en, pref, city, address, domain, source, notes, lat="", lon="", website="", fields=""):
    ROWS.append((file, dict(key=key, kind="public_lab", name_ja=name_ja, name_en=name_en, prefecture_code=pref,
                            city=city, address=address, lat=lat, lon=lon, location_precision="campus" if lat else "",
                            fields=fields, website=website, sinet_connected="unknown", source=source,
                            checked_on=CHECKED, coord_source=source if lat else "", lab_domain=domain, notes=notes)))


NARO = "農業・食品産業技術総合研究機構"

nrd("nrd-naro-tarc", f"{NARO} 東北農業研究センター", "NARO Tohoku Agricultural Research Center", "03", "盛岡市",
    "盛岡市下厨川", NARO,
    "http://www.naro.affrc.go.jp/tarc/introduction/index.html ; https://iwate-np.co.jp/article/oricon/2381410",
    "NARO page: 前身 東北農業試験場 set up in 1950 at 盛岡市下厨川 (現在地); 岩手日報: 盛岡市下厨川の農研機構東北農業研究センター; address without lot number",
    fields="agri_food")
nrd("nrd-naro-karc-miyakonojo", f"{NARO} 九州沖縄農業研究センター 都城研究拠点",
    "NARO Kyushu Okinawa Agricultural Research Center, Miyakonojo site", "45", "都城市", "", NARO,
    "https://www.naro.go.jp/karc/contents/hatasaku_area/detail/index.html",
    "NARO page: 都城研究拠点は…宮崎県都城市に位置し; sweet-potato breeding centre; no street address on the page",
    fields="agri_food")

NCC = "国立がん研究センター"
nrd("nrd-ncc-tsukiji", f"{NCC} 築地キャンパス（研究所・中央病院）", "National Cancer Center, Tsukiji campus (Research Institute, Hospital)",
    "13", "中央区", "中央区築地5-1-1", NCC,
    "https://japanknowledge.com/contents/nipponica/sample_koumoku.html?entryid=491 ; https://jglobal.jst.go.jp/detail?JGLOBAL_ID=200905058252611437 ; https://wpedia.goo.ne.jp/wiki/%E5%9B%BD%E7%AB%8B%E3%81%8C%E3%82%93%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC",
    "日本大百科全書: 所在地は中央病院と研究所が東京都中央区築地5-1-1; J-GLOBAL (研究所) 住所 〒104-0045 東京都中央区築地5-1-1; coordinate = Wikipedia infobox 位置 of 中央病院 (北緯35度39分56秒 東経139度46分05秒, goo mirror), same campus",
    lat="35.66556", lon="139.76806", website="https://www.ncc.go.jp/", fields="medical")
nrd("nrd-ncc-kashiwa", f"{NCC} 柏キャンパス（東病院）", "National Cancer Center, Kashiwa campus (Hospital East)",
    "12", "柏市", "柏市柏の葉6-5-1", NCC,
    "https://japanknowledge.com/contents/nipponica/sample_koumoku.html?entryid=491 ; https://wpedia.goo.ne.jp/wiki/%E5%9B%BD%E7%AB%8B%E3%81%8C%E3%82%93%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC",
    "日本大百科全書: 東病院は千葉県柏市柏の葉6-5-1; J-GLOBAL 沿革: 研究所支所 next to 東病院 (1994); coordinate = Wikipedia infobox 位置 of 東病院 (北緯35度54分04秒 東経139度56分29秒, goo mirror)",
    lat="35.90111", lon="139.94139", website="https://www.ncc.go.jp/", fields="medical")

nrd("nrd-ncvc", "国立循環器病研究センター", "National Cerebral and Cardiovascular Center", "27", "吹田市", "吹田市岸部新町",
    "国立循環器病研究センター",
    "https://kansai-sanpo.com/new-ncvc ; https://mainichi.jp/articles/20190608/k00/00m/040/162000c",
    "hospital and research institute moved on 2019-07-01 to 北大阪健康医療都市 (健都) by JR岸辺駅 (毎日新聞 2019-06-08: 大阪府吹田市); building summary: 所在地 大阪府吹田市岸部新町 (no lot number)",
    website="https://www.ncvc.go.jp/", fields="medical")
nrd("nrd-ncnp", "国立精神・神経医療研究センター", "National Center of Neurology and Psychiatry", "13", "小平市",
    "小平市小川東町4-1-1", "国立精神・神経医療研究センター",
    "https://kotobank.jp/word/%E5%9B%BD%E7%AB%8B%E7%B2%BE%E7%A5%9E%E7%A5%9E%E7%B5%8C%E5%8C%BB%E7%99%82%E7%A0%94%E7%A9%B6%E3%81%9B%E3%82%93%E3%81%9F%E3%83%BC-3151608 ; http://www.ncnp.go.jp/nin/introduction/introduction1.html",
    "日本大百科全書 (kotobank): 所在地は東京都小平市小川東町4-1-1; 神経研究所 page header: 〒187-8502 東京都小平市小川東町4-1-1; hospital, 神経研究所 and 精神保健研究所 on one campus",
    website="https://www.ncnp.go.jp/", fields="medical")
nrd("nrd-ncchd", "国立成育医療研究センター", "National Center for Child Health and Development", "13", "世田谷区",
    "世田谷区大蔵2-10-1", "国立成育医療研究センター",
    "https://www.ncchd.go.jp/scholar/research/about/outline.html ; http://www.pahoo.org/athome/album/2014/album20140401-01.html ; https://kotobank.jp/word/%E5%9B%BD%E7%AB%8B%E6%88%90%E8%82%B2%E5%8C%BB%E7%99%82%E7%A0%94%E7%A9%B6%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC-677783",
    "NCCHD 研究所 page: research institute moved in 2004 to 大蔵, next to the hospital; デジタル大辞泉: 東京都世田谷区に病院と研究所; a local photo page gives 東京都世田谷区大蔵2-10-1",
    website="https://www.ncchd.go.jp/", fields="medical")
nrd("nrd-ncgg", "国立長寿医療研究センター", "National Center for Geriatrics and Gerontology", "23", "大府市",
    "大府市森岡町7-430", "国立長寿医療研究センター",
    "https://kotobank.jp/word/%E5%9B%BD%E7%AB%8B%E9%95%B7%E5%AF%BF%E5%8C%BB%E7%99%82%E7%A0%94%E7%A9%B6%E3%81%9B%E3%82%93%E3%81%9F%E3%83%BC-3151610",
    "日本大百科全書 (kotobank): 本部の所在地は愛知県大府市森岡町7-430; 研究所 and 病院 there (デジタル大辞泉: 愛知県大府市に病院と研究所がある)",
    website="https://www.ncgg.go.jp/", fields="medical")
nrd("nrd-bri", "建築研究所", "Building Research Institute", "08", "つくば市", "つくば市立原1-3", "建築研究所",
    "http://ja.m.wiki.x.io/wiki/%E5%BB%BA%E7%AF%89%E7%A0%94%E7%A9%B6%E6%89%80 ; https://kotobank.jp/word/%E5%BB%BA%E7%AF%89%E7%A0%94%E7%A9%B6%E6%89%80-1530984",
    "Wikipedia infobox (wiki.x.io mirror): 所在地 〒305-0802 茨城県つくば市立原1番地3; 日本大百科全書: 所在地は茨城県つくば市立原",
    website="https://www.kenken.go.jp/")
nrd("nrd-mpat-pari", "海上・港湾・航空技術研究所 港湾空港技術研究所", "MPAT Port and Airport Research Institute", "14",
    "横須賀市", "横須賀市長瀬3-1-1", "海上・港湾・航空技術研究所",
    "http://yokosuka.keizai.biz/headline/384 ; https://dokosuka.com/kokusouken ; http://saigo.biz/?p=28213",
    "横須賀経済新聞: 「国土技術政策総合研究所」「港湾空港技術研究所」(横須賀市長瀬3); local portal: the shared site's 住所は長瀬3-1-1; a Yokosuka councillor: of MPAT's three institutes 港湾空港技術研究所が横須賀に在しています")

JAXA = "宇宙航空研究開発機構"
nrd("nrd-jaxa-usuda", f"{JAXA} 臼田宇宙空間観測所", "JAXA Usuda Deep Space Center", "20", "佐久市",
    "佐久市上小田切大曲1831-6", JAXA,
    "https://www.jaxa.jp/about/centers/udsc/index_j.html ; http://www.isas.jaxa.jp/j/about/center/udsc/index.shtml",
    "JAXA page: 所在地 〒384-0306 長野県佐久市上小田切大曲1831-6; ISAS page: 位置 東経138°21′54″ 北緯36°07′44″ (64 m antenna site)",
    lat="36.12889", lon="138.36500", website="https://www.jaxa.jp/about/centers/udsc/index_j.html")
nrd("nrd-jaxa-katsuura", f"{JAXA} 勝浦宇宙通信所", "JAXA Katsuura Tracking and Communication Station", "12", "勝浦市",
    "勝浦市芳賀花立山1-14", JAXA,
    "http://ja.wikipedia.org/wiki/%E5%8B%9D%E6%B5%A6%E5%AE%87%E5%AE%99%E9%80%9A%E4%BF%A1%E6%89%80 ; http://www.katsuura-sanpo.com/facilities/see-play/post-1031/",
    "Wikipedia: 千葉県勝浦市に位置するJAXAの施設 (satellite tracking and control), 座標 北緯35度12分33.6秒 東経140度18分3.5秒; Katsuura tourism page: 住所 勝浦市芳賀花立山1-14",
    lat="35.20933", lon="140.30097")
nrd("nrd-jaxa-masuda", f"{JAXA} 増田宇宙通信所", "JAXA Masuda Tracking and Communication Station", "46",
    "熊毛郡中種子町", "熊毛郡中種子町増田", JAXA,
    "https://sub-asate.ssl-lolipop.jp/wiki/%E5%A2%97%E7%94%B0%E5%AE%87%E5%AE%99%E9%80%9A%E4%BF%A1%E6%89%80 ; https://track.sfo.jaxa.jp/facilities/tour-masuda.html",
    "encyclopedia (miniwiki mirror of Wikipedia): 鹿児島県熊毛郡中種子町増田に位置するJAXAの施設 (satellite tracking, rocket telemetry); JAXA guide: opened 1974, 種子島の中部の東側; island site (種子島)")
nrd("nrd-jaxa-okinawa", f"{JAXA} 沖縄宇宙通信所", "JAXA Okinawa Tracking and Communication Station", "47",
    "国頭郡恩納村", "国頭郡恩納村字安富祖金良原1712", JAXA,
    "https://pedia.3rd-in.co.jp/wiki/%E6%B2%96%E7%B8%84%E5%AE%87%E5%AE%99%E9%80%9A%E4%BF%A1%E6%89%80 ; https://mazba.com/4981 ; http://naritama.org/report/nasda_otcs.html",
    "encyclopedia page: 沖縄県国頭郡恩納村に所在するJAXAの施設 (satellite tracking and control); visitor pages quoting the station's page: 所在地 〒904-0402 沖縄県国頭郡恩納村字安富祖金良原1712")

JAEA = "日本原子力研究開発機構"
nrd("nrd-jaea-horonobe", f"{JAEA} 幌延深地層研究センター", "JAEA Horonobe Underground Research Center", "01",
    "天塩郡幌延町", "天塩郡幌延町北進432-2", JAEA,
    "https://ja.m.wikipedia.org/wiki/%E5%B9%8C%E5%BB%B6%E6%B7%B1%E5%9C%B0%E5%B1%A4%E7%A0%94%E7%A9%B6%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC",
    "Wikipedia infobox: 所在地 〒098-3224 北海道天塩郡幌延町北進432番地2, 座標 北緯45度2分36秒 東経141度51分40秒; geological-disposal research (underground laboratory)",
    lat="45.04333", lon="141.86111", website="https://www.jaea.go.jp/04/horonobe/", fields="energy")
nrd("nrd-jaea-tono", f"{JAEA} 東濃地科学センター", "JAEA Tono Geoscience Center", "21", "土岐市",
    "土岐市泉町定林寺959-31", JAEA,
    "https://www.jaea.go.jp/04/tono/information/index.html ; https://myttline.jp/archives/39664",
    "JAEA page: 東濃地科学センター (土岐地球年代学研究所; long-term geological stability research); local article (2023, JAEA contact): 住所 岐阜県土岐市泉町定林寺959-31")
nrd("nrd-jaea-ningyo", f"{JAEA} 人形峠環境技術センター", "JAEA Ningyo-toge Environmental Engineering Center", "33",
    "苫田郡鏡野町", "苫田郡鏡野町上齋原", JAEA,
    "http://kotoba.ne.jp/word/10/%E4%BA%BA%E5%BD%A2%E5%B3%A0 ; http://d.hatena.ne.jp/keyword/%BF%CD%B7%C1%C6%BD",
    "Wikipedia 人形峠 (quoted): 岡山県苫田郡鏡野町上齋原 side of the pass, 高清水高原には日本原子力研究開発機構の人形峠環境技術センターの敷地が広がっている; a 2007 visitor page gives 苫田郡上斎原村1550 (pre-2005 village name), not used")
nrd("nrd-jaea-naraha", f"{JAEA} 楢葉遠隔技術開発センター", "JAEA Naraha Center for Remote Control Technology Development",
    "07", "双葉郡楢葉町", "双葉郡楢葉町大字山田岡字仲丸1-22", JAEA,
    "https://expydoc.com/doc/8509074/%E6%A5%A2%E8%91%89%E9%81%A0%E9%9A%94%E6%8A%80%E8%A1%93%E9%96%8B%E7%99%BA%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC%E8%A9%A6%E9%A8%93%E6%A3%9F%E5%AE%8C%E6%88%90%E5%BC%8F%E3%81%AE%E9%96%8B%E5%82%AC%E3%81%AB%E3%81%A4%E3%81%84%E3%81%A6 ; http://fukushima.jaea.go.jp/initiatives/cat05/haishi01002.html",
    "JAEA press notice 2016-03-16 (copy): 場所 福島県双葉郡楢葉町大字山田岡字仲丸1番22号 楢葉遠隔技術開発センター (楢葉南工業団地内); JAEA Fukushima page: opened 2015-10-19 (remote-handling test facility for Fukushima Daiichi decommissioning)")
nrd("nrd-jaea-okuma", f"{JAEA} 大熊分析・研究センター", "JAEA Okuma Analysis and Research Center",
    "07", "双葉郡大熊町", "双葉郡大熊町大字夫沢字北原5", JAEA,
    "https://expydoc.com/doc/10564239/%E5%A4%A7%E7%86%8A%E5%88%86%E6%9E%90%E3%83%BB%E7%A0%94%E7%A9%B6%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC%E6%96%BD%E8%A8%AD%E7%AE%A1%E7%90%86%E6%A3%9F%E3%81%AE%E5%AE%89%E5%85%A8%E7%A5%88%E9%A1%98%E7%A5%AD%E5%8F%8A%E3%81%B3%E8%B5%B7%E5%B7%A5%E5%BC%8F%E3%81%AE-%E9%96%8B%E5%82%AC ; https://rdreview.jaea.go.jp/review_jp/2015/j2015_1_0f1_3.html",
    "JAEA press notice 2016-08-24 (copy): 大熊分析・研究センター to be built at 福島県双葉郡大熊町大字夫沢字北原5番 (建設予定地; 施設管理棟, 第1棟, 第2棟); address is the construction site named in 2016, current operation status not read")
nrd("nrd-jaea-aomori", f"{JAEA} 青森研究開発センター", "JAEA Aomori Research and Development Center",
    "02", "むつ市", "むつ市大字関根字北関根400", JAEA,
    "https://www.jaea.go.jp/04/aomori/summary/greeting.html ; https://www.jaea.go.jp/04/aomori/news/news-20070401.html",
    "JAEA pages: 青森県むつ市に本拠地 (関根施設: decommissioning of the nuclear ship むつ's reactor; 大湊施設: AMS analysis); 2007 notice: 原子力船「むつ」の廃止措置等に関する業務 at 青森県むつ市大字関根字北関根400番地 (address of the 関根 site)",
    website="https://www.jaea.go.jp/04/aomori/")

FFPRI = "森林研究・整備機構"
nrd("nrd-ffpri-shikoku", f"{FFPRI} 森林総合研究所 四国支所", "FFPRI Shikoku Research Center", "39", "高知市",
    "高知市朝倉西町2-915", FFPRI,
    "http://www.ffpri-skk.affrc.go.jp/nanisurusin.htm ; http://ecolabo-kochi.jp/event488.html",
    "支所 page: 当支所の位置は高知市朝倉西町2丁目915; open-day notice 2015: 森林総合研究所四国支所(高知市朝倉西町2-915); annual report 2021 (令和3年版) confirms the unit under 森林研究・整備機構",
    fields="environment")
nrd("nrd-ffpri-kyushu", f"{FFPRI} 森林総合研究所 九州支所", "FFPRI Kyushu Research Center", "43", "熊本市中央区",
    "熊本市中央区黒髪4-11-16", FFPRI,
    "https://happylibus.com/doc/50971/%E7%AC%AC-26%E5%8F%B7---%E6%A3%AE%E6%9E%97%E7%B7%8F%E5%90%88%E7%A0%94%E7%A9%B6%E6%89%80 ; http://www.ffpri.affrc.go.jp/kys/business/tatuta/enkaku.html",
    "九州支所年報 第26号 (2014) imprint: 〒860-0862 熊本市中央区黒髪4丁目11-16; 支所 history page: 現在地(熊本県熊本市黒髪4丁目11番16号) since 1954",
    fields="environment")
nrd("nrd-ffpri-tama", f"{FFPRI} 森林総合研究所 多摩森林科学園", "FFPRI Tama Forest Science Garden", "13", "八王子市",
    "八王子市廿里町", FFPRI,
    "https://www.wikiwand.com/ja/articles/%E5%A4%9A%E6%91%A9%E6%A3%AE%E6%9E%97%E7%A7%91%E5%AD%A6%E5%9C%92 ; https://www.ffpri.affrc.go.jp/tmk/introduction/history.html",
    "Wikipedia (wikiwand): 東京都八王子市廿里町にある森林・林業・木材産業に関する試験研究機関, a facility of 森林研究・整備機構; FFPRI 沿革: one of 森林総合研究所's 支所 (no lot number read)",
    fields="environment")
nrd("nrd-ffpri-ftbc", f"{FFPRI} 森林総合研究所 林木育種センター", "FFPRI Forest Tree Breeding Center", "08", "日立市",
    "日立市十王町伊師3809-1", FFPRI,
    "http://www.ffpri.affrc.go.jp/ftbc/business/gyoumusyoukai/enkaku.html",
    "FFPRI 林木育種センター 沿革 page (updated 2022-12-01): 本所 moved in 1995 from 水戸市 to 茨城県多賀郡十王町 (now 日立市); contact 〒319-1301 茨城県日立市十王町伊師3809-1",
    fields="environment")
nrd("nrd-jamstec-mutsu", "海洋研究開発機構 むつ研究所", "JAMSTEC Mutsu Institute for Oceanography", "02", "むつ市", "",
    "海洋研究開発機構", "http://www.umicon.jp/2016/event/mutu0710/report.html",
    "open-day report (2016-07-10, 海と日本プロジェクト): 会場 青森県むつ市 国立研究開発法人海洋研究開発機構(JAMSTEC)むつ研究所, 津軽海峡側の関根漁港の近く (home port of R/V みらい); no street address read")
nrd("nrd-naro-harc-memuro", f"{NARO} 北海道農業研究センター 芽室研究拠点", "NARO Hokkaido Agricultural Research Center, Memuro site",
    "01", "河西郡芽室町", "", NARO,
    "https://www.naro.go.jp/diversity/narorin/blog/harc/167399.html ; https://www.weblio.jp/content/%E5%8C%97%E6%B5%B7%E9%81%93%E8%BE%B2%E6%A5%AD%E8%A9%A6%E9%A8%93%E5%A0%B4",
    "NARO page: 北海道河西郡芽室町にある「北海道農業研究センター 芽室研究拠点」 (field crops: potato, wheat, sugar beet, buckwheat; biomass); Wikipedia: 畑作部 set up in 芽室町 in 1959; no street address read",
    fields="agri_food")


def univ(key, name_ja, name_en, pref, city, address, source, notes, lat="", lon="", website="", fields=""):
    ROWS.append(("universities_other", dict(key=key, kind="university", name_ja=name_ja, name_en=name_en,
                                            prefecture_code=pref, city=city, address=address, lat=lat, lon=lon,
                                            location_precision="campus" if lat else "", fields=fields,
                                            website=website, sinet_connected="unknown", source=source,
                                            checked_on=CHECKED, coord_source=source if lat else "", notes=notes)))


univ("univ-asahikawa-city", "旭川市立大学", "Asahikawa City University", "01", "旭川市", "旭川市永山3条23丁目1-9",
     "https://ja.qa.edu.vn/ja/%E6%97%AD%E5%B7%9D%E5%B8%82%E7%AB%8B%E5%A4%A7%E5%AD%A6 ; https://www.asahikawa-np.com/digest/2023/04/012031488/",
     "公立大学 since 2023-04-01 (formerly the private 旭川大学; 設置者 公立大学法人旭川市立大学); Wikipedia infobox (mirror): 本部所在地 北海道旭川市永山3条23丁目1番9号, 座標 北緯43度49分0.9秒 東経142度26分44.4秒; faculties 経済学部, 保健福祉学部; 旭川新聞 2023-04: 開学式",
     lat="43.81692", lon="142.44567", website="https://www.asahikawa-u.ac.jp/")

RIKEN = "理化学研究所"
nrd("nrd-riken-tsukuba", f"{RIKEN} 筑波地区（バイオリソース研究センター）", "RIKEN Tsukuba Campus (BioResource Research Center)",
    "08", "つくば市", "", RIKEN,
    "https://web.brc.riken.jp/ja/reports/history ; https://web.brc.riken.jp/ja/about/safety",
    "BRC 沿革: ライフサイエンス筑波研究センター opened 1984 in 茨城県旧谷田部町 (現つくば市), renamed 筑波研究所 (2000); BRC set up there in 2001; BRC page names its 筑波キャンパス; no street address read",
    fields="bio")

NICT = "情報通信研究機構"
nrd("nrd-nict-otakadoya", f"{NICT} おおたかどや山標準電波送信所", "NICT Ohtakadoya-yama LF Standard Time and Frequency Station",
    "07", "田村市", "", NICT,
    "https://s.gtool.pro/https/ja.wikipedia.org/wiki/%E3%81%8A%E3%81%8A%E3%81%9F%E3%81%8B%E3%81%A9%E3%82%84%E5%B1%B1%E6%A8%99%E6%BA%96%E9%9B%BB%E6%B3%A2%E9%80%81%E4%BF%A1%E6%89%80 ; https://kotobank.jp/word/%E3%81%8A%E3%81%8A%E3%81%9F%E3%81%8B%E3%81%A9%E3%82%84%E5%B1%B1%E6%A8%99%E6%BA%96%E9%9B%BB%E6%B3%A2%E9%80%81%E4%BF%A1%E6%89%80-670583",
    "Wikipedia (proxy copy): JJY 40 kHz transmitter of NICT, 設置場所 福島県田村市, on 大鷹鳥谷山 at the 田村市都路町 / 川内村 border, 座標 北緯37度22分21.359秒 東経140度50分56.399秒; デジタル大辞泉: 情報通信研究機構が管理・運営",
    lat="37.37260", lon="140.84900", fields="measurement")
nrd("nrd-nict-haganeyama", f"{NICT} はがね山標準電波送信所", "NICT Hagane-yama LF Standard Time and Frequency Station",
    "41", "佐賀市", "", NICT,
    "https://ja-wiki.pages.dev/wiki/%E7%89%B9%E5%88%A5:%E5%B7%AE%E5%88%86/83483142 ; https://kotobank.jp/word/%E3%81%8A%E3%81%8A%E3%81%9F%E3%81%8B%E3%81%A9%E3%82%84%E5%B1%B1%E6%A8%99%E6%BA%96%E9%9B%BB%E6%B3%A2%E9%80%81%E4%BF%A1%E6%89%80-670583",
    "Wikipedia (revision view, 2021): JJY 60 kHz transmitter on 羽金山 at the 佐賀県佐賀市 / 福岡県糸島市 border, map coordinate {{Coord|33.4656|130.1756}}; デジタル大辞泉: the two NICT stations cover Japan; city taken as 佐賀市 (first named), the border runs through the summit",
    lat="33.4656", lon="130.1756", fields="measurement")
nrd("nrd-jircas-ishigaki", "国際農林水産業研究センター 熱帯・島嶼研究拠点", "JIRCAS Tropical Agriculture Research Front (Ishigaki)",
    "47", "石垣市", "石垣市字真栄里川良原1091-1", "国際農林水産業研究センター",
    "https://www.jircas.go.jp/ja/program/proc/blog/20210628 ; https://ishigaki.keizai.biz/headline/2477 ; https://uitec.net/kokusainourinsunougyourenkeinomirai.html",
    "JIRCAS blog: 石垣島にある国際農研の支所である熱帯・島嶼研究拠点 (set up 1970); 石垣経済新聞: 熱研、石垣市真栄里; a page citing JIRCAS's outline 2022-2023: 所在地は沖縄県石垣市字真栄里川良原1091-1; island site (石垣島)",
    fields="agri_food")
nrd("nrd-qst-nanoterasu", "量子科学技術研究開発機構 次世代放射光施設 NanoTerasu", "QST NanoTerasu synchrotron light facility",
    "04", "仙台市青葉区", "", "量子科学技術研究開発機構",
    "https://www3.nhk.or.jp/tohoku-news/20230511/6000023382.html ; https://2nn.jp/newsplus/1679264175 ; https://note.com./sendaitribune/n/n9a0708b69a22",
    "NHK 2023-05-11: 仙台市青葉区の東北大学のキャンパス内 NanoTerasu (量子科学技術研究開発機構 次世代放射光施設整備開発センター); news 2023-03: 東北大青葉山新キャンパス, 国側の運営主体の量子科学技術研究開発機構; operation started in FY2024 (ceremony 2024-05-18); facility name used, QST's current unit name not read",
    fields="materials;measurement")
nrd("nrd-naro-nifts-kanaya", f"{NARO} 果樹茶業研究部門 金谷茶業研究拠点", "NARO Institute of Fruit Tree and Tea Science, Kanaya tea research site",
    "22", "島田市", "島田市金谷猪土居2769", NARO,
    "http://www.naro.affrc.go.jp/event/list/2019/07/131315.html ; https://www.naro.go.jp/nifts/introduction/chart/07/index.html",
    "NARO event page 2019: 農研機構 果樹茶業研究部門 金谷茶業研究拠点 (静岡県島田市金谷猪土居2769), site of tea research for 100 years; 茶業研究領域 page: 金谷茶業研究拠点(静岡県島田市)",
    fields="agri_food")
nrd("nrd-naro-nifts-makurazaki", f"{NARO} 果樹茶業研究部門 枕崎茶業研究拠点", "NARO Institute of Fruit Tree and Tea Science, Makurazaki tea research site",
    "46", "枕崎市", "", NARO,
    "https://www.naro.go.jp/nifts/introduction/chart/07/index.html",
    "NARO 茶業研究領域 page: 金谷茶業研究拠点(静岡県島田市)と枕崎茶業研究拠点(鹿児島県枕崎市) — tea genetic resources and breeding; no street address read",
    fields="agri_food")
nrd("nrd-naro-nifts-okitsu", f"{NARO} 果樹茶業研究部門 カンキツ研究拠点（興津）", "NARO Institute of Fruit Tree and Tea Science, Citrus research site (Okitsu)",
    "22", "静岡市清水区", "静岡市清水区興津中町485-6", NARO,
    "https://www.jacom.or.jp/yasai/news/2019/01/190116-37132.php ; https://www.naro.go.jp/diversity/narorin/blog/nifts/131436.html",
    "JAcom 2019-01-16: 会場 農研機構果樹茶業研究部門カンキツ研究拠点 静岡県静岡市清水区興津中町485-6 (founded 1902 as 農事試験場園芸部); NARO page: 静岡県静岡市にある「果樹茶業研究部門 カンキツ研究拠点(興津)」",
    fields="agri_food")
nrd("nrd-nies-fukushima", "国立環境研究所 福島地域協働研究拠点", "NIES Fukushima Regional Collaborative Research Center",
    "07", "田村郡三春町", "", "国立環境研究所",
    "https://www.nies.go.jp/fukushima/about/greeting/index.html ; http://web.nies.go.jp/kanko/news/36/36-2-07.html",
    "NIES page: 福島支部 opened 2016-04 in the 環境創造センター at 福島県三春町, renamed 福島地域協働研究拠点 in 2021-04; NIES news 2017: in the research building of 福島県環境創造センター (shared with JAEA); no street address read",
    fields="environment")
nrd("nrd-nies-biwako", "国立環境研究所 琵琶湖分室", "NIES Lake Biwa Branch Office", "25", "大津市", "大津市柳が崎5-34",
    "国立環境研究所",
    "http://www.kyoto-np.co.jp/shiga/article/20170403000152 ; https://ja-wiki.pages.dev/wiki/%E6%BB%8B%E8%B3%80%E7%9C%8C%E7%90%B5%E7%90%B6%E6%B9%96%E7%A0%94%E7%A9%B6%E6%89%80",
    "京都新聞 2017-04-03: 国立環境研究所の琵琶湖分室が大津市柳が崎の滋賀県琵琶湖環境科学研究センター内に設置 (offices on its 2F, lab on 4F); address and coordinate are those of the host building (Wikipedia infobox: 滋賀県大津市柳が崎5-34, 北緯35度01分35.4秒 東経135度52分01.5秒)",
    lat="35.02650", lon="135.86708", fields="environment")
nrd("nrd-nied-shinjo", "防災科学技術研究所 雪氷防災研究センター 新庄雪氷環境実験所", "NIED Snow and Ice Research Center, Shinjo Cryospheric Environment Laboratory",
    "06", "新庄市", "新庄市十日町", "防災科学技術研究所",
    "https://www.tsukuba-sci.com/cms/?p=18783 ; https://www.bosai.go.jp/seppyo/facilities/facilities_s.html ; http://www.city.shinjo.yamagata.jp/book/koho/20151209/pageindices/index6.html",
    "つくばサイエンスニュース: 新庄市(山形)十日町の同研究所雪氷防災研究センター新庄雪氷環境実験所 (snow and ice cryogenic lab, 雪氷防災実験棟); NIED page: 雪氷環境実験室(新庄雪氷環境実験所); 新庄市 広報 2015: set up in 1969; no lot number read")
nrd("nrd-jaea-monju", f"{JAEA} 高速増殖原型炉もんじゅ", "JAEA Prototype Fast Breeder Reactor Monju", "18", "敦賀市",
    "敦賀市白木2-1", JAEA,
    "https://rt.http3.lol/index.php?q=aHR0cHM6Ly9qYS53aWtpcGVkaWEub3JnL3dpa2kvJUUzJTgyJTgyJUUzJTgyJTkzJUUzJTgxJTk4JUUzJTgyJTg1 ; http://www.athome.tsuruga.fukui.jp/nuclear/plant/monju",
    "Wikipedia (proxy copy): 所在地 福井県敦賀市白木2丁目1番地, 座標 北緯35度44分24秒 東経135度59分16秒, 事業主体 日本原子力研究開発機構; 敦賀市 page: 設置者 日本原子力研究開発機構, 設置場所 敦賀市白木2-1, under decommissioning since 2018-03 (a new research reactor is planned on the site)",
    lat="35.74000", lon="135.98778", fields="energy")


def iuri(key, name_ja, name_en, pref, city, address, agency, source, notes, lat="", lon="", website="", fields=""):
    ROWS.append(("inter_university", dict(key=key, kind="inter_university", name_ja=name_ja, name_en=name_en,
                                          prefecture_code=pref, city=city, address=address, lat=lat, lon=lon,
                                          location_precision="campus" if lat else "", fields=fields, website=website,
                                          sinet_connected="unknown", source=source, checked_on=CHECKED,
                                          coord_source=source if lat else "", agency=agency, notes=notes)))


iuri("iuri-naoj-mizusawa", "国立天文台 水沢VLBI観測所", "NAOJ Mizusawa VLBI Observatory", "03", "奥州市",
     "奥州市水沢星ガ丘町2-12", "自然科学研究機構",
     "https://www.city.oshu.iwate.jp/site/kanko/5829.html ; https://ja.wikipedia.org/wiki/%E6%B0%B4%E6%B2%A2%E7%B7%AF%E5%BA%A6%E8%A6%B3%E6%B8%AC%E6%89%80",
     "奥州市 page: 国立天文台・水沢VLBI観測所, 所在地 奥州市水沢星ガ丘町2-12; Wikipedia: 岩手県奥州市水沢星ガ丘町にある国立天文台の観測所 (since 1899; VERA correlation centre, RISE)")
iuri("iuri-naoj-nobeyama", "国立天文台 野辺山宇宙電波観測所", "NAOJ Nobeyama Radio Observatory", "20", "南佐久郡南牧村",
     "南佐久郡南牧村野辺山462-2", "自然科学研究機構",
     "http://www.pluto.dti.ne.jp/~kasai/science/nobeyama/index.html ; https://hima2bushi.net/entry/2022/11/06/120000 ; http://ogino.michikusa.jp/nobeyama/index.htm",
     "visitor pages: 国立天文台野辺山 野辺山宇宙電波観測所, 〒384-1305 長野県南佐久郡南牧村野辺山462−2 (45 m radio telescope); 正式名称「自然科学研究機構国立天文台 野辺山宇宙電波観測所」, opened 1982-03")

KUMA = "https://www.pref.kumamoto.jp/soshiki/75/758.html"
lab("domain_labs", "lab-43-kumamoto-kogen", "熊本県農業研究センター 高原農業研究所", "Kumamoto Prefectural Agricultural Research Center, Highland Agricultural Research Institute",
    "43", "阿蘇市", "阿蘇市一の宮町宮地", "agriculture", KUMA,
    "prefecture's 沿革 page (地域対応研究所): 阿蘇分場 moved in 1972 to 現在地(阿蘇郡一の宮町大字宮地=現阿蘇市一の宮町宮地), renamed 農業研究センター高原農業研究所 in 1989; a branch (the centre's main site is not placed: its city was not stated in the pages read)",
    fields="agri_food")
lab("domain_labs", "lab-43-kumamoto-kuma", "熊本県農業研究センター 球磨農業研究所", "Kumamoto Prefectural Agricultural Research Center, Kuma Agricultural Research Institute",
    "43", "球磨郡あさぎり町", "", "agriculture", KUMA + " ; https://www.pref.kumamoto.jp/soshiki/75/50239.html",
    "prefecture's 沿革 page: 球磨分場 moved in 1967 to 現在地(球磨郡上村=現球磨郡あさぎり町); 球磨農業研究所 page (2020): tea and deciduous fruit research for the 球磨 area; a branch",
    fields="agri_food")

OITA = "http://206.189.44.186/host-https-ja.wikipedia.org/wiki/%E5%A4%A7%E5%88%86%E7%9C%8C%E8%BE%B2%E6%9E%97%E6%B0%B4%E7%94%A3%E7%A0%94%E7%A9%B6%E6%8C%87%E5%B0%8E%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC"
for key, grp, en, city, addr, old in (
        ("lab-44-oita-suiden", "水田農業グループ", "Paddy Field Agriculture Group", "宇佐市", "宇佐市大字北宇佐65", "水田農業研究所"),
        ("lab-44-oita-kaju", "果樹グループ", "Fruit Tree Group", "国東市", "国東市国東町小原4402", "果樹研究所"),
        ("lab-44-oita-kaki", "花きグループ", "Floriculture Group", "別府市", "別府市大字鶴見710-1", "花き研究所")):
    lab("domain_labs", key, f"大分県農林水産研究指導センター 農業研究部 {grp}",
        f"Oita Prefectural Agriculture, Forestry and Fisheries Research Center, Agricultural Research Division, {en}",
        "44", city, addr, "agriculture", OITA,
        f"Wikipedia (proxy copy) 大分県農林水産研究指導センター: 農業研究部 {grp}, 所在地 {addr} (旧大分県農林水産研究センター{old}); a branch of the 農業研究部 (豊後大野市, shipped as lab-44-oita-nogyo)",
        fields="agri_food")

lab("domain_labs", "lab-21-gifu-chusankan", "岐阜県中山間農業研究所", "Gifu Prefectural Research Institute for Agricultural Technology in Hilly and Mountainous Areas",
    "21", "飛騨市", "", "agriculture",
    "https://pedia.3rd-in.co.jp/wiki/%E5%B2%90%E9%98%9C%E7%9C%8C%E4%B8%AD%E5%B1%B1%E9%96%93%E8%BE%B2%E6%A5%AD%E7%A0%94%E7%A9%B6%E6%89%80",
    "encyclopedia page (Wikipedia-based): 岐阜県飛騨市にある公設の試験研究機関 (hill-area agriculture: tomato, spinach, egoma, peach); 本所 in 飛騨, 中津川支所 in 中津川市; no street address read",
    fields="agri_food")
lab("domain_labs", "lab-21-gifu-chusankan-nakatsugawa", "岐阜県中山間農業研究所 中津川支所", "Gifu Prefectural Research Institute for Agricultural Technology in Hilly and Mountainous Areas, Nakatsugawa Branch",
    "21", "中津川市", "", "agriculture",
    "https://pedia.3rd-in.co.jp/wiki/%E5%B2%90%E9%98%9C%E7%9C%8C%E4%B8%AD%E5%B1%B1%E9%96%93%E8%BE%B2%E6%A5%AD%E7%A0%94%E7%A9%B6%E6%89%80",
    "encyclopedia page: 中津川市に置かれた中津川支所 (tomato, eggplant, chestnut, cyclamen for 東濃); moved within the city (to 福岡) in 2018; no street address read",
    fields="agri_food")
lab("domain_labs", "lab-21-gifu-suisan-gero", "岐阜県水産研究所 下呂支所", "Gifu Prefectural Research Institute for Fisheries and Aquatic Environments, Gero Branch",
    "21", "下呂市", "", "fisheries",
    "https://ja-two.iwiki.icu/wiki/%E5%B2%90%E9%98%9C%E7%9C%8C%E6%B0%B4%E7%94%A3%E7%A0%94%E7%A9%B6%E6%89%80",
    "Wikipedia (mirror) 岐阜県水産研究所: 本所(各務原市)と下呂支所(下呂市)がある; 下呂支所: 試験研究担当; no street address read (the 本所 is shipped as lab-21-gifu-suisan)",
    fields="agri_food")
lab("domain_labs", "lab-24-mie-chagyo", "三重県農業研究所 茶業・花植木研究室", "Mie Prefecture Agricultural Research Institute, Tea and Flowering Plants Laboratory",
    "24", "亀山市", "亀山市椿世町", "agriculture",
    "https://www-pref-mie-lg-jp.cache.yimg.jp/nougi/hp/28918026847.HTM ; http://www.pref.mie.lg.jp/nougi/hp/28918026847.HTM",
    "prefecture page (cache copy): 昭和60年現在地(亀山市椿世町)に移転; 平成29年花植木研究課を統合し、三重県農業研究所茶業・花植木研究室と改称 (also a 大台試験地); a branch of 三重県農業研究所",
    fields="agri_food")
lab("domain_labs", "lab-42-nagasaki-kaju", "長崎県農林技術開発センター 果樹・茶研究部門", "Nagasaki Agricultural and Forestry Technical Development Center, Fruit Tree and Tea Research Division",
    "42", "大村市", "大村市鬼橋町1370", "agriculture",
    "https://www.pref.nagasaki.lg.jp/e-nourin/nougi/section/07fruit/index.html",
    "prefecture page: 果樹・茶研究部門 (研究調整室, カンキツ研究室, ビワ・落葉果樹研究室, 茶業研究室), 研究調整室: 〒856-0021 大村市鬼橋町1370; a division site of the centre (諫早市, shipped as lab-42-nagasaki-nourin)",
    fields="agri_food")
lab("domain_labs", "lab-43-kumamoto-amakusa", "熊本県農業研究センター 天草農業研究所", "Kumamoto Prefectural Agricultural Research Center, Amakusa Agricultural Research Institute",
    "43", "天草市", "天草市本渡町", "agriculture", "https://www.pref.kumamoto.jp/soshiki/75/50238.html",
    "prefecture page: 天草農業研究所 (citrus and subtropical fruit for 天草), 施設等の概要 位置: 天草市本渡町地区; a branch of 熊本県農業研究センター",
    fields="agri_food")
lab("domain_labs", "lab-38-ehime-saibai", "愛媛県農林水産研究所 水産研究センター 栽培資源研究所", "Ehime Research Institute of Agriculture, Forestry and Fisheries, Fisheries Research Center, Aquaculture Resources Institute",
    "38", "伊予市", "伊予市森甲121-3", "fisheries",
    "https://www.weblio.jp/content/%E6%84%9B%E5%AA%9B%E7%9C%8C%E8%BE%B2%E6%9E%97%E6%B0%B4%E7%94%A3%E7%A0%94%E7%A9%B6%E6%89%80+%E6%B0%B4%E7%94%A3%E7%A0%94%E7%A9%B6%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC",
    "Wikipedia (weblio copy, 2022-11): 組織 – 愛媛県栽培資源研究所(旧:愛媛県中予水産試験場):愛媛県伊予市森甲121番地3 (Seto Inland Sea side; the centre's 本場 is in 宇和島市); a branch",
    fields="agri_food")
MIE_SUI = "https://ja.wikipedia.org/wiki/%E4%B8%89%E9%87%8D%E7%9C%8C%E6%B0%B4%E7%94%A3%E7%A0%94%E7%A9%B6%E6%89%80"
lab("domain_labs", "lab-24-mie-suisan-suzuka", "三重県水産研究所 鈴鹿水産研究室", "Mie Prefecture Fisheries Research Institute, Suzuka Laboratory",
    "24", "鈴鹿市", "", "fisheries", MIE_SUI,
    "Wikipedia (older revision): 本所は三重県志摩市にあり、鈴鹿市と尾鷲市に研究室を置く (子団体 鈴鹿水産研究室、尾鷲水産研究室); no street address read; a branch",
    fields="agri_food")
lab("domain_labs", "lab-24-mie-suisan-owase", "三重県水産研究所 尾鷲水産研究室", "Mie Prefecture Fisheries Research Institute, Owase Laboratory",
    "24", "尾鷲市", "", "fisheries", MIE_SUI,
    "Wikipedia (older revision): 本所は三重県志摩市にあり、鈴鹿市と尾鷲市に研究室を置く (子団体 鈴鹿水産研究室、尾鷲水産研究室); no street address read; a branch",
    fields="agri_food")
lab("domain_labs", "lab-23-aichi-gyogyo", "愛知県水産試験場 漁業生産研究所", "Aichi Fisheries Research Institute, Fisheries Production Laboratory",
    "23", "知多郡南知多町", "知多郡南知多町大字豊浜字豊浦", "fisheries",
    "https://www.weblio.jp/content/%E6%84%9B%E7%9F%A5%E7%9C%8C%E6%B0%B4%E7%94%A3%E8%A9%A6%E9%A8%93%E5%A0%B4",
    "Wikipedia (weblio copy, 2025-08 revision): 組織 – 本場(愛知県蒲郡市三谷町若宮), 漁業生産研究所(愛知県知多郡南知多町大字豊浜字豊浦) with 海洋資源グループ and 栽培漁業グループ; one of the 4 分場; a branch (the 本場 is shipped as lab-23-aichi-suisan)",
    fields="agri_food")
nrd("nrd-naro-iam", f"{NARO} 農業機械研究部門", "NARO Institute of Agricultural Machinery", "11", "さいたま市北区",
    "さいたま市北区日進町1丁目", NARO,
    "https://newnissin.com/news/2052 ; https://omiya.keizai.biz/headline/78",
    "local news (2023): 2023年3月25日(土)にさいたま市北区日進町1丁目の農研機構農業機械研究部門で一般公開 (agricultural machinery tests and inspection); 大宮経済新聞: the site as 生物系特定産業技術研究支援センター(さいたま市北区日進町1) under an earlier name; lot number not read",
    fields="manufacturing;agri_food")
lab("domain_labs", "lab-38-ehime-kaju", "愛媛県農林水産研究所 果樹研究センター", "Ehime Research Institute of Agriculture, Forestry and Fisheries, Fruit Tree Research Center",
    "38", "松山市", "松山市下伊台町1618", "agriculture",
    "https://jglobal.jst.go.jp/en/detail?JGLOBAL_ID=200905046107900147 ; https://www.pref.ehime.jp/h35119/enkaku.html",
    "J-GLOBAL (organisation record, updated 2020): 愛媛県農林水産研究所 果樹研究センター, Address 1618 Shimoidaicho, Matsuyama-shi, Ehime 791-0112; prefecture 沿革 (2023): 本館 moved to 松山市下伊台町 in 1978, renamed 果樹研究センター in 2008",
    fields="agri_food")
lab("domain_labs", "lab-38-ehime-mikan", "愛媛県農林水産研究所 果樹研究センター みかん研究所", "Ehime Research Institute of Agriculture, Forestry and Fisheries, Fruit Tree Research Center, Citrus Research Institute",
    "38", "宇和島市", "宇和島市吉田町法華津7-115", "agriculture",
    "https://www-pref-ehime-jp.cache.yimg.jp/page/52379.html ; https://www.pref.ehime.jp/h35119/enkaku.html",
    "prefecture pages: 病害虫防除所 みかん研究所駐在, 所在 宇和島市吉田町法華津7-115; 果樹研究センター沿革: 南予分場を整備・拡充し、みかん研究所に改称 (2007)",
    fields="agri_food")
lab("domain_labs", "lab-39-kochi-shinsousui", "高知県海洋深層水研究所", "Kochi Prefectural Deep Seawater Laboratory",
    "39", "室戸市", "室戸市三津", "fisheries",
    "https://www-pref-kochi-lg-jp.cache.yimg.jp/doc/menu-gaiyou ; http://www.pref.kochi.lg.jp/soshiki/151407/menu-gaiyou.html",
    "prefecture page (2024 copy): 平成元年にわが国初の海洋深層水研究施設として高知県室戸市三津に高知県海洋深層水研究所が建設; 業務: 海洋深層水を利用した水産動植物の飼育及び培養技術に係る試験研究 (hence lab_domain fisheries)",
    fields="agri_food")

NIAH_SRC = "https://kotobank.jp/word/%E5%8B%95%E7%89%A9%E8%A1%9B%E7%94%9F%E7%A0%94%E7%A9%B6%E6%89%80-1570571 ; https://www.naro.go.jp/laboratory/niah/introduction/director/201604.html"
nrd("nrd-naro-niah", f"{NARO} 動物衛生研究部門", "NARO National Institute of Animal Health", "08", "つくば市",
    "つくば市観音台3-1-5", NARO,
    "https://ja-two.iwiki.icu/wiki/%E5%8B%95%E7%89%A9%E8%A1%9B%E7%94%9F%E7%A0%94%E7%A9%B6%E6%89%80 ; " + NIAH_SRC,
    "Wikipedia (mirror) 動物衛生研究所 → 後身 動物衛生研究部門 (2016): 本所所在地 〒305-0856 茨城県つくば市観音台三丁目1番地5, 座標 北緯36度1分47.6秒 東経140度6分23秒; NARO page 2016: renamed 動物衛生研究部門, with 海外病、北海道、九州の3研究拠点",
    lat="36.02989", lon="140.10639", fields="bio;agri_food")
for key, site, en, pref, city in (("nrd-naro-niah-hokkaido", "北海道研究拠点", "Hokkaido Research Station", "01", "札幌市"),
                                   ("nrd-naro-niah-kodaira", "海外病研究拠点", "Exotic Disease Research Station", "13", "小平市"),
                                   ("nrd-naro-niah-kyushu", "九州研究拠点", "Kyushu Research Station", "46", "鹿児島市")):
    nrd(key, f"{NARO} 動物衛生研究部門 {site}", f"NARO National Institute of Animal Health, {en}", pref, city, "", NARO,
        NIAH_SRC,
        f"日本大百科全書 (2017): 動物衛生研究部門 has 研究拠点 in 茨城県つくば市、北海道札幌市、東京都小平市(海外病研究拠点)、鹿児島県鹿児島市; NARO page 2016 names the 海外病、北海道、九州の3研究拠点; city only ({city}; ward not stated)",
        fields="bio;agri_food")
lab("domain_labs", "lab-12-chiba-mineoka", "千葉県畜産総合研究センター 嶺岡乳牛研究所", "Chiba Prefectural Livestock Research Center, Mineoka Dairy Cattle Research Institute",
    "12", "南房総市", "", "livestock", "https://www.chibanippo.co.jp/articles/1534353?qt-photonewstab=2",
    "千葉日報: 県畜産総合研究センター – 本所(八街市)と二つの研究所(南房総市、市原市); 南房総にある嶺岡乳牛研究所 is kept as the 牛の改良拠点 (basic plan); no street address read; a branch",
    fields="agri_food")

HRO = "地方独立行政法人北海道立総合研究機構"
lab("domain_labs", "lab-01-hro-rakuno", f"{HRO} 農業研究本部 酪農試験場", "Dairy Agricultural Experiment Station, Hokkaido Research Organization",
    "01", "標津郡中標津町", "標津郡中標津町旭ヶ丘", "livestock",
    "http://ja.wikipedia.org/wiki/北海道立総合研究機構農業研究本部根釧農業試験場?oldid=88486084&ns=0",
    "Wikipedia (2022-03 revision): 地方独立行政法人北海道立総合研究機構農業研究本部酪農試験場 … 中標津町旭ヶ丘にある; renamed from 根釧農業試験場 in 2018; dairy research for 根室・釧路・宗谷",
    fields="agri_food")
lab("domain_labs", "lab-01-hro-kitami", f"{HRO} 農業研究本部 北見農業試験場", "Kitami Agricultural Experiment Station, Hokkaido Research Organization",
    "01", "常呂郡訓子府町", "", "agriculture",
    "https://www.hro.or.jp/agricultural/research/kitami/about/gaiyou.html",
    "HRO page: one of 8 農業試験場 (wheat, potato, sugar beet, grass; Okhotsk); 昭和34年には現在の訓子府町に移転; 位置: 訓子府町の北部, 市街から北西約4kmの弥生地区; no street number read",
    fields="agri_food")
lab("domain_labs", "lab-01-hro-tokachi", f"{HRO} 農業研究本部 十勝農業試験場", "Tokachi Agricultural Experiment Station, Hokkaido Research Organization",
    "01", "河西郡芽室町", "", "agriculture",
    "http://www.hro.or.jp/agricultural/research/tokachi/about/history.html ; https://ja-two.iwiki.icu/wiki/%E5%8C%97%E6%B5%B7%E9%81%93%E7%AB%8B%E5%8D%81%E5%8B%9D%E8%BE%B2%E6%A5%AD%E8%A9%A6%E9%A8%93%E5%A0%B4",
    "HRO 沿革: 昭和35(1960)年 芽室町現在地への移転完了; Wikipedia: 1961年 河西郡芽室町へ移転 (field crops, beans; 十勝); no street number read",
    fields="agri_food")
lab("domain_labs", "lab-01-hro-kamikawa", f"{HRO} 農業研究本部 上川農業試験場", "Kamikawa Agricultural Experiment Station, Hokkaido Research Organization",
    "01", "上川郡比布町", "", "agriculture",
    "https://www.hro.or.jp/agricultural/research/kamikawa/basicinfo.html",
    "HRO 基本情報: 上川農業試験場, moved to 比布町 in 1994 (rice breeding, upper Hokkaido); no street number read",
    fields="agri_food")
lab("domain_labs", "lab-01-hro-dounan", f"{HRO} 農業研究本部 道南農業試験場", "Donan Agricultural Experiment Station, Hokkaido Research Organization",
    "01", "北斗市", "", "agriculture",
    "https://www.hro.or.jp/agricultural/research/dounan/about/history.html",
    "HRO 沿革 + Wikipedia: 道南農業試験場 located in 北斗市本町 (southern Hokkaido horticulture/field crops); no street number read",
    fields="agri_food")
lab("domain_labs", "lab-01-hro-hanayasai", f"{HRO} 農業研究本部 花・野菜技術センター", "Horticulture Technology Center (Flowers and Vegetables), Hokkaido Research Organization",
    "01", "滝川市", "", "agriculture",
    "http://www.hro.or.jp/agricultural/research/hanayasai/about/01gaiyou2007.html",
    "HRO 概要: 花・野菜技術センター, 滝川市 (flower and vegetable research for Hokkaido); no street number read",
    fields="agri_food")
lab("domain_labs", "lab-01-hro-abashiri-suishi", f"{HRO} 水産研究本部 網走水産試験場", "Abashiri Fisheries Research Institute, Hokkaido Research Organization",
    "01", "網走市", "網走市鱒浦1丁目1番1号", "fisheries",
    "https://www.hro.or.jp/fisheries/research/abashiri/h3mfcd0000000cud.html",
    "HRO 概要: 本庁舎 所在地 北海道網走市鱒浦1丁目1番1号 (紋別分庁舎 紋別市港町7丁目8番5号 holds 加工利用部); Okhotsk sea area",
    fields="agri_food")
lab("domain_labs", "lab-45-miyazaki-suisan-kobayashi", "宮崎県水産試験場 内水面支場", "Miyazaki Prefectural Fisheries Experiment Station, Inland Water Branch",
    "45", "小林市", "", "fisheries",
    "https://kensetsunet-pr.com/?p=28330 ; https://profilpelajar.com/ja/%E5%AE%AE%E5%B4%8E%E7%9C%8C%E6%B0%B4%E7%94%A3%E8%A9%A6%E9%A8%93%E5%A0%B4",
    "建設ネット (2024): 内水面資源やチョウザメ養殖の種苗生産等に係る試験研究を行う内水面支場(小林市); Wikipedia names it 小林分場 (older name); a branch",
    fields="agri_food")
lab("domain_labs", "lab-47-okinawa-nogyo", "沖縄県農業研究センター", "Okinawa Prefectural Agricultural Research Center",
    "47", "糸満市", "", "agriculture",
    "https://okinou.ti-da.net/a1869428.html ; https://www.pref.okinawa.jp/arc/pg01.html",
    "Blog report of the open day: 糸満市にある沖縄県農業研究センター (moved to 糸満市); official 所長あいさつ page confirms the name; no street address read",
    fields="agri_food")
lab("domain_labs", "lab-21-gifu-chikusan-rakuno", "岐阜県畜産研究所 酪農研究部", "Gifu Prefectural Livestock Research Institute, Dairy Research Division",
    "21", "恵那市", "恵那市山岡町久保原1975-615", "livestock",
    "https://ja.m.wikipedia.org./wiki/%E5%B2%90%E9%98%9C%E7%9C%8C%E7%95%9C%E7%94%A3%E7%A0%94%E7%A9%B6%E6%89%80",
    "Wikipedia 岐阜県畜産研究所: 酪農研究部 – 恵那市山岡町久保原1975-615にある酪農に関する研究施設 (Holstein breeding); a branch of the institute",
    fields="agri_food")
lab("domain_labs", "lab-21-gifu-chikusan-yoton", "岐阜県畜産研究所 養豚・養鶏研究部", "Gifu Prefectural Livestock Research Institute, Swine and Poultry Research Division",
    "21", "関市", "関市迫間2672-1", "livestock",
    "https://ja.m.wikipedia.org./wiki/%E5%B2%90%E9%98%9C%E7%9C%8C%E7%95%9C%E7%94%A3%E7%A0%94%E7%A9%B6%E6%89%80",
    "Wikipedia 岐阜県畜産研究所: 養豚・養鶏研究部 – 関市迫間2672-1 (formed 2014 by merging 養豚研究部 and 養鶏研究部); a branch of the institute",
    fields="agri_food")
lab("domain_labs", "lab-19-yamanashi-shinrin", "山梨県森林総合研究所", "Yamanashi Forest Research Institute",
    "19", "南巨摩郡富士川町", "", "forestry",
    "https://www.pref.yamanashi.jp/ebook/fureai/vol53_2/pageindices/index14.html",
    "山梨県 広報誌 ふれあい (試験研究機関の紹介): 昭和10年 富士吉田市に県立林業試験場として設立; 平成6年に富士川町の現在の地に移転し「山梨県森林総合研究所」と改称; 生産科・環境科・資源利用科; no street address read",
    fields="agri_food")
lab("domain_labs", "lab-19-yamanashi-shinrin-fujiyoshida", "山梨県森林総合研究所 富士吉田試験園", "Yamanashi Forest Research Institute, Fujiyoshida Experimental Garden",
    "19", "富士吉田市", "", "forestry",
    "https://www-pref-yamanashi-jp.cache.yimg.jp/shinsouken/yoshida_history.html",
    "山梨県 富士吉田試験園 沿革 (cache mirror of www.pref.yamanashi.jp/shinsouken/yoshida_history.html): 林業試験場 founded 1935 at 富士吉田市上吉田; became 富士分場 (1968), 富士吉田支所 (1994), 富士吉田試験園 (1997); subalpine forestry research; a branch",
    fields="agri_food")
lab("domain_labs", "lab-19-yamanashi-suisan-oshino", "山梨県水産技術センター 忍野支所", "Yamanashi Prefectural Fisheries Technology Center, Oshino Branch",
    "19", "南都留郡忍野村", "南都留郡忍野村忍草3098-1", "fisheries",
    "https://fujisan-net.jp/?p=3004654 ; http://fujisan-net.jp/GUNNAISPOT/spot-030.html",
    "山梨日日新聞 ぐんないスポット探訪: 県水産技術センター忍野支所 (忍野村忍草), 所在地 山梨県南都留郡忍野村忍草3098-1; cold-water fish breeding, クニマス culture research; a branch (main centre location not read)",
    fields="agri_food")
lab("domain_labs", "lab-37-kagawa-fuchu", "香川県農業試験場 府中果樹研究所", "Kagawa Prefectural Agricultural Experiment Station, Fuchu Fruit Tree Research Institute",
    "37", "坂出市", "坂出市府中町6117ノ1", "agriculture",
    "https://www.pref.kagawa.lg.jp/noshifuchu/fuchu/2-3-1.html ; http://senmonshi.com/archive/02/02B7PImuHVT055.asp",
    "香川県 沿革: 府中分場 renamed 府中果樹研究所 in 2011, new main building 2021; 建通新聞 (2015): 農業試験場府中果樹研究所(坂出市府中町6117ノ1); a branch",
    fields="agri_food")
lab("domain_labs", "lab-37-kagawa-olive", "香川県農業試験場 小豆オリーブ研究所", "Kagawa Prefectural Agricultural Experiment Station, Shodoshima Olive Research Institute",
    "37", "小豆郡小豆島町", "小豆郡小豆島町池田2519ノ1", "agriculture",
    "http://senmonshi.com/archive/02/02B7PImuHVT055.asp",
    "建通新聞 (2015): 小豆オリーブ研究所(小豆島町池田2519ノ1), rebuilding planned 2015-2020; olive research; a branch",
    fields="agri_food")
FARC = "http://farc.pref.fukuoka.jp/history2/history.html"
lab("domain_labs", "lab-40-fukuoka-buzen", "福岡県農林業総合試験場 豊前分場", "Fukuoka Agriculture and Forestry Research Center, Buzen Branch",
    "40", "行橋市", "", "agriculture", FARC,
    "あゆみ: 3分場(豊前、筑後、八女); 豊前園芸分場 set up 1923 in 京都郡泉村(現行橋市泉); city from that history (current site not re-stated); a branch",
    fields="agri_food")
lab("domain_labs", "lab-40-fukuoka-chikugo", "福岡県農林業総合試験場 筑後分場", "Fukuoka Agriculture and Forestry Research Center, Chikugo Branch",
    "40", "三潴郡大木町", "", "agriculture", FARC,
    "あゆみ: 昭和31年 三瀦郡大木町に筑後分場再設置 (イ業指導所 merged); listed among the current 3分場; a branch",
    fields="agri_food")
lab("domain_labs", "lab-40-fukuoka-yame", "福岡県農林業総合試験場 八女分場", "Fukuoka Agriculture and Forestry Research Center, Yame Branch (tea)",
    "40", "八女市", "", "agriculture",
    f"{FARC} ; https://expydoc.com/doc/7151162/%E5%85%AB%E5%A5%B3%E5%88%86%E5%A0%B4%E8%A6%81%E8%A6%A7---%E7%A6%8F%E5%B2%A1%E7%9C%8C%E8%BE%B2%E6%A5%AD%E7%B7%8F%E5%90%88%E8%A9%A6%E9%A8%93%E5%A0%B4",
    "八女分場要覧: 茶業指導所 set up 1958 in 八女郡黒木町 (now 八女市), renamed 八女分場, new building 1991, 茶・中山間地作物チーム; listed among the 3分場; a branch",
    fields="agri_food")
nrd("nrd-ncgm", "国立国際医療研究センター 戸山（研究所・センター病院）", "National Center for Global Health and Medicine, Toyama campus (Research Institute, Center Hospital)",
    "13", "新宿区", "新宿区戸山1丁目21番1号", "国立国際医療研究センター",
    "https://ja-wiki.pages.dev/wiki/%E5%9B%BD%E7%AB%8B%E5%9B%BD%E9%9A%9B%E5%8C%BB%E7%99%82%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC ; https://www.ncgm.go.jp/aboutus/message/index.html",
    "Wikipedia infobox (mirror): 所在地 〒162-8640 東京都新宿区戸山1丁目21番1号; 下位組織 センター病院、国府台病院、研究所…; NCGM 理事長挨拶: at 新宿区戸山 since 1929; infectious/immune and metabolic disease research; merger with 国立感染症研究所 into 国立健康危機管理研究機構 announced for 2025 – current legal name not re-checked",
    website="https://www.ncgm.go.jp/", fields="medical")
nrd("nrd-ffpri-kansai-breeding", f"{FFPRI} 森林総合研究所 林木育種センター 関西育種場", "FFPRI Forest Tree Breeding Center, Kansai Regional Breeding Office",
    "33", "勝田郡勝央町", "勝田郡勝央町植月中1043", FFPRI,
    "http://www.ffpri.affrc.go.jp/kaniku/business/topics_sonota.html ; http://www.ffpri.affrc.go.jp/kaniku/business/gaiyou.html",
    "FFPRI 関西育種場 pages: お問い合わせ 〒709-4335 岡山県勝田郡勝央町植月中1043; 概要: 国立研究開発法人森林研究・整備機構森林総合研究所林木育種センター関西育種場 (since 2017), new building 2004; tree breeding for the Kansai breeding region",
    website="https://www.ffpri.go.jp/kaniku/", fields="agri_food")
NCSS = f"{NARO} 種苗管理センター"
nrd("nrd-naro-ncss", f"{NCSS}（本所）", "NARO National Center for Seeds and Seedlings (headquarters)",
    "08", "つくば市", "", NARO,
    "https://www.naro.go.jp/diversity/narorin/blog/ncss/167787.html ; https://pedia.3rd-in.co.jp/wiki/%E7%A8%AE%E8%8B%97%E7%AE%A1%E7%90%86%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC",
    "NARO blog: 茨城県つくば市にある種苗管理センターの本所; 全国各地に11の農場・分場; variety registration growing tests (栽培試験), seed inspection, genetic resources; merged into NARO 2016; no street address read",
    fields="agri_food")
nrd("nrd-naro-ncss-hokkaido", f"{NCSS} 北海道中央農場", "NARO National Center for Seeds and Seedlings, Hokkaido Central Farm",
    "01", "北広島市", "北広島市西の里1089", NARO,
    "http://www.ncss.go.jp/main/sosiki/tyuou/tyuou.html ; https://www.naro.go.jp/laboratory/ncss/introduction/chart/0401/index.html",
    "種苗管理センター 農場紹介 (pre-2016 page): 北海道中央農場 〒061-1102 北海道北広島市西の里1089 – seed-potato foundation stock, 栽培試験, 品種純度検査; NARO page (後志分場) confirms the farm continues under NARO since 2016",
    fields="agri_food")
nrd("nrd-naro-ncss-tokachi", f"{NCSS} 十勝農場", "NARO National Center for Seeds and Seedlings, Tokachi Farm",
    "01", "帯広市", "帯広市幸福町東4線210-6", NARO,
    "http://www.ncss.go.jp/main/sosiki/tokachi/tokachi.html",
    "種苗管理センター 農場紹介 (pre-2016 page): 十勝農場 〒089-1246 北海道帯広市幸福町東4線210-6 – seed-potato foundation stock, ELISA testing; name under NARO assumed unchanged (not re-checked)",
    fields="agri_food")
nrd("nrd-naro-ncss-nishinihon", f"{NCSS} 西日本農場", "NARO National Center for Seeds and Seedlings, Western Japan Farm",
    "33", "笠岡市", "", NARO,
    "https://www.naro.go.jp/diversity/narorin/blog/ncss/167787.html",
    "NARO blog: 岡山県笠岡市にある「種苗管理センター西日本農場」 on reclaimed land; core farm for variety registration growing tests (about half of all), genetic resources of vegetables/flowers/fruit; no street address read",
    fields="agri_food")
nrd("nrd-naro-ncss-unzen", f"{NCSS} 雲仙農場", "NARO National Center for Seeds and Seedlings, Unzen Farm",
    "42", "雲仙市", "", NARO,
    "https://www.naro.go.jp/diversity/narorin/blog/ncss/167787.html",
    "NARO blog: 長崎県雲仙市にある種苗管理センター雲仙農場 (visited in an earlier blog); no street address read",
    fields="agri_food")
nrd("nrd-jma-mri", "気象庁 気象研究所", "Meteorological Research Institute, Japan Meteorological Agency",
    "08", "つくば市", "つくば市長峰1-1", "気象庁",
    "http://robotics-handbook.net/museum/mri-jma/index.htm ; https://pedia.3rd-in.co.jp/wiki/%E9%95%B7%E5%B3%B0%20%28%E3%81%A4%E3%81%8F%E3%81%B0%E5%B8%82%29",
    "Visit report (2015): 気象庁気象研究所 茨城県つくば市長峰1-1 (open day); encyclopedia 長峰 (つくば市): the district holds 気象研究所, 高層気象台 and a plant-protection field; a national research institute (施設等機関 of JMA), not a 国立研究開発法人",
    website="https://www.mri-jma.go.jp/", fields="environment")
nrd("nrd-nihs", "国立医薬品食品衛生研究所", "National Institute of Health Sciences",
    "14", "川崎市川崎区", "川崎市川崎区殿町", "厚生労働省",
    "http://www.nihs.go.jp/nihs/ ; http://www.tokyo-np.co.jp/article/kanagawa/list/201803/CK2018030502000130.html",
    "NIHS 研究所について: 2017年に川崎市殿町キングスカイフロント地区に全面移転; 東京新聞 (2018): moved from 世田谷区 to 川崎市川崎区の殿町国際戦略拠点, new building opened 2018-03-02; regulatory science for drugs, food, chemicals; a national research institute of MHLW (not a 国立研究開発法人); no lot number read",
    website="https://www.nihs.go.jp/", fields="medical;bio")
nrd("nrd-nilim-tsukuba", "国土交通省 国土技術政策総合研究所（つくば）", "National Institute for Land and Infrastructure Management (Tsukuba)",
    "08", "つくば市", "", "国土交通省",
    "https://www.kajihara-daisuke.com/article/archives/381",
    "Council member's visit report (2023): つくば市にある国土交通省「国土技術政策総合研究所(国総研)」, on the same site as 建築研究所 and 土木研究所; a national research institute of MLIT (not a 国立研究開発法人); no street address read",
    website="https://www.nilim.go.jp/", fields="")
nrd("nrd-nilim-yokosuka", "国土交通省 国土技術政策総合研究所 横須賀庁舎", "National Institute for Land and Infrastructure Management, Yokosuka office",
    "14", "横須賀市", "横須賀市長瀬", "国土交通省",
    "http://www.tohata.co.jp/works/?mode=show&seq=277",
    "Architect's works page: 国土技術政策総合研究所横須賀新庁舎, 所在地 神奈川県横須賀市長瀬, research building completed 2004 (ports, coasts, airports research); a national research institute of MLIT; no lot number read",
    fields="")
nrd("nrd-nrib", "独立行政法人酒類総合研究所", "National Research Institute of Brewing",
    "34", "東広島市", "", "酒類総合研究所",
    "https://www.nrib.go.jp/topics/nribtopi070214.html ; http://nada-ken.com/main/jp/index_shi/518.html",
    "NRIB topics (2025-02): 当研究所のある東広島市; 灘の酒 用語集: 日本で唯一の酒類専門の公的研究機関, 財務省所管の独立行政法人, 広島県東広島市に所在 (moved from 東京都北区 in 1995); an 独立行政法人 (not a 国立研究開発法人); no street address read",
    website="https://www.nrib.go.jp/", fields="agri_food;bio")
lab("domain_labs", "lab-01-hro-rinsan", f"{HRO} 森林研究本部 林産試験場", "Forest Products Research Institute, Hokkaido Research Organization",
    "01", "旭川市", "旭川市西神楽1線10号", "forestry",
    "https://ja.wikipedia.org/wiki/%E5%8C%97%E6%B5%B7%E9%81%93%E7%AB%8B%E6%9E%97%E7%94%A3%E8%A9%A6%E9%A8%93%E5%A0%B4 ; https://www.asahikawa-u.ac.jp/post-news240416-25696/",
    "Wikipedia: 所在地 北海道旭川市西神楽1線10号; the only public lab devoted to forest products (wood, mushrooms); moved to the present site 1986; 旭川市立大学 news (2024) visited the 林産試験場 next to 北の森づくり専門学院 (旭川市西神楽1線10号)",
    fields="agri_food;materials")
lab("domain_labs", "lab-01-hro-hakodate-suishi", f"{HRO} 水産研究本部 函館水産試験場", "Hakodate Fisheries Research Institute, Hokkaido Research Organization",
    "01", "函館市", "函館市弁天町20番5号", "fisheries",
    "https://tettyan.com/%E9%9A%8F%E6%99%82%E8%AA%BF%E6%9F%BBin%E5%87%BD%E9%A4%A8/ ; https://center.marine-hakodate.jp/about ; https://www.hro.or.jp/fisheries/research/hakodate/h3mfcd0000000cud/h3mfcd0000000ckf.html",
    "Council member's report: 函館水産試験場 is housed in the 函館市国際水産・海洋総合研究センター built by 函館市 (opened 2014; HRO decision reported by 北海道新聞 2011); centre address 函館市弁天町20番5号 (centre's own page) used as the lab's address; HRO page: covers 渡島・檜山 waters, research vessel 金星丸",
    fields="agri_food")
lab("domain_labs", "lab-01-nemuro-suisan", "根室市水産研究所", "Nemuro City Fisheries Research Institute",
    "01", "根室市", "根室市温根元168番地", "fisheries",
    "https://paperzz.com/doc/6101545/%E6%A0%B9%E5%AE%A4%E5%B8%82%E6%B0%B4%E7%94%A3%E7%A0%94%E7%A9%B6%E6%89%80---%E6%A0%B9%E5%AE%A4%E5%B8%82%E3%83%9B%E3%83%BC%E3%83%A0%E3%83%9A%E3%83%BC%E3%82%B8",
    "根室市 document (copy of the city's page): 施設名 根室市水産研究所, 所在地 根室市温根元168番地, completed 1996; seed production research for ハナサキガニ and ヤナギダコ (joint research with 東海大学 from FY2010); a municipal lab; document date not shown (after 2010)",
    fields="agri_food")
lab("domain_labs", "lab-22-shizuoka-cha", "静岡県農林技術研究所 茶業研究センター", "Shizuoka Prefectural Research Institute of Agriculture and Forestry, Tea Research Center",
    "22", "菊川市", "菊川市倉沢1706-11", "agriculture",
    "https://www-pref-shizuoka-jp.cache.yimg.jp/sangyoshigoto/norinjimusho/1046794/1044290.html ; https://news.ntv.co.jp/n/sdt/category/society/sdb09827b6e56745a9933f0b4dc5226611",
    "静岡県 茶業研究センター 沿革 (cache mirror of the prefecture's page): お問い合わせ 〒439-0002 菊川市倉沢1706-11; founded 1908 as 農事試験場茶業部, part of 農林技術研究所 since 2007; 静岡第一テレビ (2025-04): new main building (ChaOI-PARC) opened in 菊川市; a branch of the 農林技術研究所",
    fields="agri_food")
lab("domain_labs", "lab-15-niigata-engei", "新潟県農業総合研究所 園芸研究センター", "Niigata Agricultural Research Institute, Horticultural Research Center",
    "15", "北蒲原郡聖籠町", "", "agriculture",
    "http://www.ari.pref.niigata.jp/gaiyou/history/rekisi.htm ; https://www.pref.niigata.lg.jp/site/engei/gaiyou.html",
    "新潟県 農業関係試験場の歴史: 旧園芸試験場 moved to 北蒲原郡聖籠町 in 1981 and became 農業総合研究所園芸研究センター in 1997; the centre's current 概要 page (組織体制: 育種栽培科, 環境・施設科; 病害虫防除所 下越駐在所) repeats the 沿革; no street address read; a branch",
    fields="agri_food")
lab("domain_labs", "lab-14-kanagawa-naisuimen", "神奈川県水産技術センター 内水面試験場", "Kanagawa Prefectural Fisheries Technology Center, Inland Water Experimental Station",
    "14", "相模原市緑区", "相模原市大島", "fisheries",
    "http://www.pref.kanagawa.jp/cnt/f490000/p660031.html ; https://www.pref.kanagawa.jp/docs/a4y/contentstop/shisetugaiyou-jyounaiannai.html",
    "神奈川県 内水面試験場の沿革: 平成7年4月 水産総合研究所内水面試験場として相模原市大島に移転, renamed 水産技術センター内水面試験場 2005; 施設概要 (2024) places it by 相模原市「相模川自然の村」; ward (緑区) derived from 大島, not stated; a branch",
    fields="agri_food")
lab("domain_labs", "lab-14-kanagawa-sagamiwan", "神奈川県水産技術センター 相模湾試験場", "Kanagawa Prefectural Fisheries Technology Center, Sagami Bay Experimental Station",
    "14", "小田原市", "小田原市早川1丁目2番1号", "fisheries",
    "https://www.pref.kanagawa.jp/docs/jx3/cnt/f460001/p1193509.html ; http://www.agri-kanagawa.jp/sagami/syoukai/Hyousi.htm",
    "神奈川県 相模湾試験場 沿革: 平成5年 小田原水産合同庁舎を小田原市早川1丁目2番1号(現在地)に新築・移転, named 水産試験場相模湾試験場 (now under 水産技術センター); fisheries engineering, set-net research, flume tank; a branch",
    fields="agri_food")
lab("domain_labs", "lab-12-chiba-suisan-futtsu", "千葉県水産総合研究センター 種苗生産研究所 富津生産開発室", "Chiba Prefectural Fisheries Research Center, Seed Production Institute, Futtsu Laboratory",
    "12", "富津市", "富津市小久保2568-38", "fisheries",
    "http://www.chibpo.com/spot197.html ; https://www-pref-chiba-lg-jp.cache.yimg.jp/lab-suisan/suisan/soshiki/futtsu/torikumi.html ; http://www.pref.chiba.lg.jp/lab-suisan/suisan/soshiki/futtsu/enkaku.html",
    "Visit report (2012): 千葉県水産総合研究センター 種苗生産研究所富津生産開発室, 所在地 千葉県富津市小久保2568-38; prefecture pages (2017, 2023): opened 1991 as 東京湾栽培漁業センター, part of the research centre since 2005; flounder/marbled sole seed production research; a branch",
    fields="agri_food")
AICHI_DIR = "https://happylibus.com/doc/39380/%E8%BE%B2%E6%A5%AD%E9%83%A8%E9%96%80---%E6%84%9B%E7%9F%A5%E7%9C%8C"
lab("domain_labs", "lab-23-aichi-higashimikawa", "愛知県農業総合試験場 東三河農業研究所", "Aichi Agricultural Research Center, Higashi-Mikawa Agricultural Research Institute",
    "23", "豊橋市", "豊橋市飯村町高山11-48", "agriculture",
    f"https://www-pref-aichi-jp.cache.yimg.jp/press-release/higashimikawa-open2023.html ; {AICHI_DIR}",
    "愛知県 press release (2023-10): 東三河農業研究所(豊橋市), 所在地 豊橋市飯村町高山11-48; vegetables, flowers (chrysanthemum breeding) and tea for 東三河; a branch of the 農業総合試験場",
    fields="agri_food")
lab("domain_labs", "lab-23-aichi-sankan", "愛知県農業総合試験場 山間農業研究所", "Aichi Agricultural Research Center, Mountainous Region Agricultural Research Institute",
    "23", "豊田市", "豊田市稲武町スソガエト11", "agriculture",
    f"http://www.pref.aichi.jp/soshiki/nogyo-keiei/0000002.html ; {AICHI_DIR}",
    "愛知県 press release (2018): 山間農業研究所, 所在地 豊田市稲武町スソガエト11 – rice breeding (愛知糯126号, 中部138号), crops for hilly areas; same address in the prefecture's directory of research institutes; a branch",
    fields="agri_food")
lab("domain_labs", "lab-23-aichi-suiden", "愛知県農業総合試験場 作物研究部 水田利用研究室", "Aichi Agricultural Research Center, Crop Research Department, Paddy Field Utilization Laboratory",
    "23", "安城市", "安城市池浦町境目1番地", "agriculture", AICHI_DIR,
    "愛知県 directory of research institutes (農業部門, copy; undated, after 2012 since HQ is 長久手市): 作物研究部水田利用研究室 安城市池浦町境目1番地 – an outlying laboratory of the 農業総合試験場",
    fields="agri_food")
lab("domain_labs", "lab-23-aichi-jyoryoku", "愛知県農業総合試験場 園芸研究部 常緑果樹研究室", "Aichi Agricultural Research Center, Horticulture Research Department, Evergreen Fruit Tree Laboratory",
    "23", "蒲郡市", "蒲郡市神ノ郷町上名取11-1", "agriculture", AICHI_DIR,
    "愛知県 directory of research institutes (農業部門, copy; undated, after 2012): 園芸研究部常緑果樹研究室 蒲郡市神ノ郷町上名取11-1 – citrus research site of the 農業総合試験場",
    fields="agri_food")
lab("domain_labs", "lab-22-shizuoka-fuji-yoson", "静岡県水産・海洋技術研究所 富士養鱒場", "Shizuoka Prefectural Research Institute of Fishery and Ocean, Fuji Trout Hatchery",
    "22", "富士宮市", "富士宮市猪之頭", "fisheries",
    "https://fish-exp.pref.shizuoka.jp/fuji/0006/detail.html ; https://shizuoka-hamamatsu-izu.com/shizuoka/fujinomiya-city/sz079",
    "Institute page: 富士養鱒場 opened 1933 on the 朝霧高原 (富士山西麓), trout seed production and aquaculture research, production moved to the private sector in 1997; guide page: 静岡県富士宮市猪之頭 … 静岡県水産・海洋技術研究所富士養鱒場; a branch",
    fields="agri_food")
HYOGO = "兵庫県立農林水産技術総合センター"
HYOGO_SRC = "http://hyogo-nourinsuisangc.jp/archive/15-one/article/one_2710.html"
lab("domain_labs", "lab-28-hyogo-hokubu", f"{HYOGO} 北部農業技術センター", "Hyogo Prefectural Technology Center for Agriculture, Forestry and Fisheries, Northern Region Agricultural Technology Center",
    "28", "朝来市", "朝来市和田山町安井", "agriculture",
    f"{HYOGO_SRC} ; http://hyogo-nourinsuisangc.jp/hokubu/hokenkak.htm",
    "Centre column (Q&A): 主な施設 … 北部農業技術センター 朝来市; 沿革: moved in 1993 to 朝来郡和田山町安井(朝来市和田山町安井) (agriculture/food processing and the 但馬牛 livestock department); a branch",
    fields="agri_food")
lab("domain_labs", "lab-28-hyogo-awaji", f"{HYOGO} 淡路農業技術センター", "Hyogo Prefectural Technology Center for Agriculture, Forestry and Fisheries, Awaji Agricultural Technology Center",
    "28", "南あわじ市", "", "agriculture", HYOGO_SRC,
    "Centre column (Q&A, 2015): 主な施設 … 淡路農業技術センター 南あわじ市; no street address read; a branch",
    fields="agri_food")
lab("domain_labs", "lab-28-hyogo-tajima-suisan", f"{HYOGO} 但馬水産技術センター", "Hyogo Prefectural Technology Center for Agriculture, Forestry and Fisheries, Tajima Fisheries Technology Center",
    "28", "美方郡香美町", "", "fisheries", HYOGO_SRC,
    "Centre column (Q&A, 2015): 主な施設 … 但馬水産技術センター 美方郡香美町 (Sea of Japan fisheries); no street address read; a branch",
    fields="agri_food")
lab("domain_labs", "lab-26-kyoto-tango", "京都府農林水産技術センター 農林センター 丹後農業研究所", "Kyoto Prefectural Agriculture, Forestry and Fisheries Technology Center, Tango Agricultural Research Institute",
    "26", "京丹後市", "京丹後市弥栄町黒部488", "agriculture",
    "https://www.pref.kyoto.jp/kenkyubrand/news/press/2021/7/030728tangonouken.html ; https://www-pref-kyoto-jp.cache.yimg.jp/tango-noken/enkaku.html",
    "京都府 press release (2021): 京都府農林水産技術センター丹後農業研究所(京丹後市弥栄町黒部488); 沿革: founded 1924 as 農事試験場丹後分場, named 農林センター 丹後農業研究所 in 2009; rice (丹後コシヒカリ), pears, grapes; a branch",
    fields="agri_food")
lab("domain_labs", "lab-26-kyoto-chaken", "京都府農林水産技術センター 農林センター 茶業研究所", "Kyoto Prefectural Agriculture, Forestry and Fisheries Technology Center, Tea Industry Research Institute",
    "26", "宇治市", "宇治市白川中の薗1番地", "agriculture",
    "http://asukyo.pref.kyoto.lg.jp/projects/999 ; http://www.pref.kyoto.jp/chaken/index.html",
    "京都府 施策ナビ (FY2017): 茶業研究所 renewal, 整備場所 現在地(宇治市白川中の薗1番地); institute page: new main building and tea-processing building completed 2018-01; 宇治茶 breeding, processing, functional components; a branch",
    fields="agri_food")
YAMAGUCHI_SUISAN = "http://kirara.pref.yamaguchi.lg.jp/mag/html/20080926/03shokuba.html"
lab("domain_labs", "lab-35-yamaguchi-suisan-gaikai", "山口県水産研究センター 外海研究部", "Yamaguchi Prefectural Fisheries Research Center, Open Sea Research Division",
    "35", "長門市", "長門市仙崎", "fisheries", YAMAGUCHI_SUISAN,
    "山口県 広報 (2008, 県庁職場訪問): 県水産研究センターには、長門市仙崎に拠点を置く外海研究部と、山口市秋穂二島に拠点を置く内海研究部 – Sea of Japan side: ocean observation, research vessels くろしお, seed production (キジハタ, アマダイ); current structure not re-checked after 2008",
    fields="agri_food")
lab("domain_labs", "lab-35-yamaguchi-suisan-naikai", "山口県水産研究センター 内海研究部", "Yamaguchi Prefectural Fisheries Research Center, Inland Sea Research Division",
    "35", "山口市", "山口市秋穂二島", "fisheries", YAMAGUCHI_SUISAN,
    "山口県 広報 (2008): 内海研究部 based at 山口市秋穂二島 – Seto Inland Sea side: fishing gear, clam/laver culture, red tide monitoring, fish disease diagnosis; current structure not re-checked after 2008",
    fields="agri_food")
lab("domain_labs", "lab-46-kagoshima-kumage", "鹿児島県農業開発総合センター 熊毛支場", "Kagoshima Prefectural Institute for Agricultural Development, Kumage Branch",
    "46", "西之表市", "西之表市西之表4406", "agriculture",
    "http://www.campusweb.or.jp/internship/web/koumuin/post-119.php",
    "Public-sector internship page: 鹿児島県農業開発総合センター熊毛支場 – 所在地 891-3101 鹿児島県西之表市西之表4406 (種子島); sugar cane and 安納いも research for the 熊毛 islands; a branch (the same page is the shipped source of the centre's main row)",
    fields="agri_food")
lab("domain_labs", "lab-30-minabe-ume21", "みなべ町うめ21研究センター", "Minabe Town Ume 21 Research Center",
    "30", "日高郡みなべ町", "日高郡みなべ町東本庄1184", "agriculture",
    "http://www.town.minabe.lg.jp/docs/2013091100199/",
    "みなべ町 page (2013): うめ21研究センター, 住所 和歌山県日高郡みなべ町東本庄1184 – a municipal research centre (since 1989) for ume cultivation, processing and soil analysis; the town notes no other small municipality runs such a lab",
    fields="agri_food")
lab("domain_labs", "lab-07-fukushima-hama", "福島県農業総合センター 浜地域研究所", "Fukushima Agricultural Technology Centre, Hama Regional Research Institute",
    "07", "相馬市", "相馬市成田字五郎右エ門橋100番地", "agriculture",
    "http://www.pref.fukushima.lg.jp/sec/37206a/gaiyou.html",
    "福島県 浜地域研究所 概要 (2014): 所在地 〒979-2542 相馬市成田字五郎右エ門橋100番地; former 農業試験場相馬支場, reorganised 2006; rice breeding and cold-tolerance testing for the 浜通り; a branch",
    fields="agri_food")
lab("domain_labs", "lab-07-fukushima-kaju", "福島県農業総合センター 果樹研究所", "Fukushima Agricultural Technology Centre, Fruit Tree Research Institute",
    "07", "福島市", "福島市飯坂町平野檀の東1", "agriculture",
    "https://josen.env.go.jp/plaza/about/communication/kurumaza/report_161120/kurumaza1612_report_b01.html ; https://kameokakajuen.com/?p=296",
    "環境省 除染情報プラザ report (2016): 福島県 農業総合センター 果樹研究所, 福島市飯坂町平野檀の東1 (栽培科, 病害虫科; peach, apple, pear, grape); grower's blog: founded 1935, located at 福島市飯坂町平野; a branch",
    fields="agri_food")
lab("domain_labs", "lab-04-miyagi-furukawa", "宮城県古川農業試験場", "Miyagi Prefectural Furukawa Agricultural Experiment Station",
    "04", "大崎市", "", "agriculture",
    "http://www.pref.miyagi.jp/soshiki/res_center/topics30-3.html ; https://www-pref-miyagi-jp.cache.yimg.jp/soshiki/hk-nousi/enkakusosiki.html",
    "宮城県 研究トピックス (2018): 古川農業試験場(大崎市) open day; 沿革: founded 1921 in 古川町 as a branch of the 農事試験場, independent since 1973, moved to the present site 1999; bred ササニシキ, ひとめぼれ, だて正夢; rice, wheat, soy research; no street address read",
    fields="agri_food")
lab("domain_labs", "lab-08-ibaraki-santoku", "茨城県農業総合センター 山間地帯特産指導所", "Ibaraki Agricultural Center, Mountainous Region Specialty Crops Institute",
    "08", "久慈郡大子町", "久慈郡大子町頃藤6690-1", "agriculture",
    "https://www.pref.ibaraki.jp/nourinsuisan/santoku/index.html",
    "茨城県 page (2021): 山間地帯特産指導所, 〒319-3361 茨城県久慈郡大子町頃藤6690-1 – tea, apple, konjac research for the northern hill country; a branch of the 農業総合センター",
    fields="agri_food")
lab("domain_labs", "lab-08-ibaraki-noken", "茨城県農業総合センター 農業研究所", "Ibaraki Agricultural Center, Agricultural Research Institute",
    "08", "水戸市", "水戸市上国井町3402", "agriculture",
    "https://www-pref-ibaraki-jp.cache.yimg.jp/nourinsuisan/noken/history/history.html ; https://www.pref.ibaraki.jp/nourinsuisan/seikoken/intro/index.html",
    "茨城県 農業研究所 沿革: moved 1968 to the present 水戸市上国井町, renamed 農業総合センター農業研究所 in 1992; 生物工学研究所 page (2022): 311-4203 茨城県水戸市上国井町3402 (農業研究所駐在); rice/field crops; a branch (the centre's HQ is in 笠間市)",
    fields="agri_food")
lab("domain_labs", "lab-11-saitama-suisan", "埼玉県水産研究所", "Saitama Prefectural Fisheries Research Institute",
    "11", "加須市", "", "fisheries",
    "https://www.jcp-saitama-pref.jp/topics-pref/3612 ; https://blog.goo.ne.jp./hatohatohatokin/d/20140318",
    "Council members' visit report: the prefecture's 水産研究所 in 加須市 – research on ornamental fish (goldfish, koi, medaka), food fish (ホンモロコ) and river fisheries; resident's blog (2014, 加須市 guide course): 正式名称 埼玉県農林総合研究センター水産研究所 (name at that time; the current stand-alone name 埼玉県水産研究所 is as the council report uses it, 'verify'); no street address read",
    fields="agri_food")
lab("domain_labs", "lab-41-saga-chagyo", "佐賀県茶業試験場", "Saga Prefectural Tea Research Station",
    "41", "嬉野市", "", "agriculture",
    "https://www.pref.saga.lg.jp/kiji00322808/index.html ; https://www.saga-s.co.jp/articles/-/56753 ; http://www.saronjin.jp/nmcha/sanchi/saga/sagashiken.html",
    "佐賀県 茶業試験場の紹介: founded 1929, moved to the present site 1975, independent since 1979 (釜炒り茶/玉緑茶 research); 佐賀新聞: 嬉野市の県茶業試験場; a 2004 visit page gives 所在地 佐賀県藤津郡嬉野町大字下野丙1870の5 (pre-merger municipality, so not used as the address)",
    fields="agri_food")
NAGASAKI_HIST = "https://www.pref.nagasaki.lg.jp/e-nourin/nougi/overview/history/index.html"
lab("domain_labs", "lab-42-nagasaki-kantaku", "長崎県農林技術開発センター 干拓営農研究室", "Nagasaki Agricultural and Forestry Technical Development Center, Reclaimed Land Farming Laboratory",
    "42", "諫早市", "諫早市中央干拓131", "agriculture", NAGASAKI_HIST,
    "長崎県 農林技術開発センター 沿革 (施設の位置と連絡先): 干拓営農研究室 〒854-0038 諫早市中央干拓131 – field trials on the 諫早湾 reclaimed land since 2000; one of the centre's 6 research sites; a branch",
    fields="agri_food")
lab("domain_labs", "lab-42-nagasaki-bareisho", "長崎県農林技術開発センター 農産園芸研究部門 馬鈴薯研究室", "Nagasaki Agricultural and Forestry Technical Development Center, Potato Laboratory",
    "42", "雲仙市", "雲仙市愛野町乙2777", "agriculture",
    "https://www.pref.nagasaki.jp/e-nourin/nougi/section/04fieldcrop_and_hort/index.html ; " + NAGASAKI_HIST,
    "長崎県 農産園芸研究部門 page: 馬鈴薯研究室 〒854-0302 雲仙市愛野町乙2777 (potato breeding; the other three laboratories are at the 本所 in 諫早市); history: former 農業試験場愛野試験地 (1951); a branch",
    fields="agri_food")
lab("domain_labs", "lab-34-hiroshima-kaju", "広島県立総合技術研究所 農業技術センター 果樹研究部", "Hiroshima Prefectural Technology Research Institute, Agricultural Technology Research Center, Fruit Tree Research Department",
    "34", "東広島市", "東広島市安芸津町三津", "agriculture",
    "https://hk-degital-test-report.website/?p=23902 ; https://www-pref-hiroshima-lg-jp.cache.yimg.jp/soshiki/30/enkaku.html",
    "Construction news (2025): 農業技術センター(東広島市八本松町原)の果樹研究部(同市安芸津町三津) to be rebuilt on its site by FY2028 (citrus, lemon storage, fig breeding); 広島県 沿革 (2024): 果樹試験場 moved to 安芸津町 in 1969, now 果樹研究部; a branch",
    fields="agri_food")
