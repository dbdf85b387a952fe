"""A crawl of the whole portal: every page a person can reach by following links, as every
role, in Japanese and in English, answers; and a Japanese page shows no internal vocabulary
key and no English sentence (proper nouns, units and acronyms aside).

Pages are discovered from a few start pages by following every same-site link, up to a bound.
Links that only differ in an id or a query value are one *kind* of page: a few of each kind
are visited (the table of 300 organisations does not need 300 visits to show that the
organisation page speaks Japanese). The text checked is what a person reads: the text of the
document with tags, scripts, styles and attribute values removed, plus the attributes read
aloud or shown on hover (``title``, ``alt``, ``aria-label``, ``placeholder``).
"""
from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
import json
import os
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from sqlalchemy import func, select

from hubs.accounts.models import User
from hubs.core.extensions import db
from hubs.equipment.bookings import request_booking
from hubs.equipment.models import Equipment
from hubs.equipment.vocabulary import CATEGORIES, RATE_UNITS
from hubs.organizations.coverage import LICENCES
from hubs.organizations.models import Organization
from tests.fixtures_accounts import _CHEAP_HASH

ROOT = Path(__file__).resolve().parents[2]

#: Where a crawl starts (everything else is found by following links).
START = ("/", "/organizations", "/explore", "/regions", "/data", "/paths", "/partners", "/certified",
         "/equipment", "/equipment/coverage", "/applications", "/applications/new", "/review", "/bookings",
         "/account/login", "/account/register", "/account/password", "/account/tokens", "/admin/users",
         "/admin/import", "/admin/sinet", "/admin/criteria", "/lab/equipment", "/no-such-page",
         # Answers of the forms (a crawler follows no form): the issue's own examples.
         "/partners?org=信州大学&field=medical&kind=public_lab", "/partners?org=北海道大学",
         "/paths?from=北海道大学&to=九州大学", "/equipment?q=電子顕微鏡&requester_prefecture=01&hours=4",
         "/organizations?q=大学", "/partners?org=存在しない機関", "/paths?from=存在しない機関&to=北海道大学")
#: Most pages one crawl visits, and most pages of one kind (same path shape and query keys):
#: Japanese pages are read, English ones only have to answer.
MAX_PAGES = 300
PER_KIND = {"ja": 2, "en": 1}
#: Pages only some roles may open: prefix → roles that may. Anybody else is sent to the login
#: page when not logged in (302) and refused when logged in with another role (403).
RESTRICTED = {"/admin/": ("admin",), "/review": ("coordinator", "admin"), "/lab/": ("lab_staff", "admin")}
SIGNED_IN = ("/applications", "/bookings", "/account/password", "/account/tokens")
#: Never followed: leaving (POST only anyway), downloads and machine-readable twins.
SKIP = re.compile(r"^/(static/|api/|account/logout|healthz)|\.(csv|json|geojson|ics|png|svg|xlsx)$")

#: Latin words a Japanese page may show: proper nouns, acronyms and units.
ALLOWED = {
    "SINET", "AIST", "OIL", "OILs", "ROR", "CSV", "JSON", "GeoJSON", "API", "URL", "ID", "km", "ms", "Gbps",
    "Mbps", "LQ", "KOSEN", "METI", "GSI", "OpenStreetMap", "OSM", "Leaflet", "OpenAPI", "Swagger", "ReDoc",
    "xlsx", "UTF", "BOM", "Shift_JIS", "cp932", "Excel", "PDF", "ICS", "iCal", "RIETI", "e-Stat", "JST", "JSPS",
    "NII", "NEDO", "RIKEN", "NIMS", "QST", "JAXA", "JAMSTEC", "NICT", "NARO", "FRA", "FFPRI", "PWRI", "NIES",
    "CC", "BY", "ODbL", "MIT", "Apache", "Python", "Flask", "WGS", "EPSG", "JGD", "SEM", "TEM", "FIB", "XRD",
    "XRF", "CT", "FT-IR", "ICP", "GC-MS", "LC-MS", "NMR", "EMC", "AI", "IT", "IoT", "DX", "GX", "ISO", "JIS",
    "J-Innovation", "HUB", "geolonia", "japanese-addresses", "code4fukui", "localgovjp", "kW", "kV", "mm", "nm", "cm", "MHz", "GHz", "kg",
}


def _keys_in(value) -> set[str]:
    """Every ``"key"`` of a criteria document (tracks, viewpoints, indicators, tiers)."""
    if isinstance(value, dict):
        found = {value["key"]} if isinstance(value.get("key"), str) else set()
        return found.union(*(_keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys_in(v) for v in value))
    return set()


def _vocabulary_keys() -> set[str]:
    """Every internal key a page could leak: kinds, fields, regions, tracks, tiers, states,
    equipment categories and units, criteria indicators and viewpoints."""
    keys: set[str] = set()
    with (ROOT / "hubs" / "organizations" / "vocabulary.csv").open(encoding="utf-8") as table:
        for row in csv.DictReader(table):
            if row["vocabulary"] != "columns":
                keys.add(row["key"])
    keys |= set(CATEGORIES) | set(RATE_UNITS)
    keys |= {"gold", "silver", "bronze", "draft", "submitted", "returned", "rejected", "certified", "requested",
             "approved", "declined", "cancelled", "withdrawn", "expired", "renewed", "pending", "coordinator",
             "applicant", "admin", "lab_staff"}
    for document in (ROOT / "seed_data" / "criteria").glob("v*.json"):
        keys |= _keys_in(json.loads(document.read_text(encoding="utf-8")))
    # Keys that are also ordinary units or acronyms on a page.
    keys -= {"", "id", "key", "hour", "day", "case", "yes", "no", "other", "none"}
    return {k for k in keys if len(k) > 2}


KEYS = _vocabulary_keys()
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’.\-]*[A-Za-z0-9]|[A-Za-z]")
#: Two or more Latin words in a row (spaces, commas or a colon between them): a sentence,
#: or at least a phrase, of English.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9_'’\-]*(?:[ ,:;()/]+[A-Za-z][A-Za-z0-9_'’\-]*)+")
#: A list written with English commas between Japanese words ("材料, 化学", "1.6 km, 所在…").
CJK = "\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e"
ENGLISH_COMMA = re.compile(f"[{CJK}] ?, ?\\S|\\S ?, ?[{CJK}]")
EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[\w.-]+\.(?:jp|org|com|net|go\.jp|ac\.jp)\S*")


class _Text(HTMLParser):
    """The text a person reads, and the links a person can follow."""

    HIDDEN = {"script", "style", "template", "noscript"}  # <head> is read: its <title> names the tab
    READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._skip_text = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
            return
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        # Text marked as not Japanese by the page (``lang="en"``: the language switch's "English",
        # a document kept in English; ``translate="no"``; ``<code>``: file names, literal input)
        # is not a sentence of the interface.
        marked = attributes.get("translate") == "no" or tag in ("code", "kbd", "samp") or \
            (attributes.get("lang") or "").startswith("en")
        # Attributes shown or read aloud are read; form values (input value=) are data.
        if not self._hidden and not self._skip_text and not marked:
            for name in self.READ_ATTRIBUTES:
                if attributes.get(name):
                    self.parts.append(attributes[name])
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.parts.append(attributes["value"])
        if (self._skip_text or marked) and tag not in self.VOID:
            self._skip_text += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif self._skip_text and tag not in self.VOID:
            self._skip_text -= 1

    def handle_data(self, data):
        if not self._hidden and not self._skip_text:
            self.parts.append(data)


def read(html: str) -> tuple[list[str], list[str]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return [p.strip() for p in parser.parts if p.strip()], parser.links


def _kind(url: str) -> str:
    """A page's kind: its path with ids replaced, and its query's names."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+", "/<id>", parts.path)
    path = re.sub(r"/reset/[^/]+", "/reset/<token>", path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = sorted({k for k, _ in query} - {"page", "sort", "order"})
    # Each step of the application form is a page of its own.
    steps = sorted(v for k, v in query if k == "step")
    return path + "?" + "&".join(names) + "".join(f"={v}" for v in steps)


def _normalised(base: str, href: str) -> str | None:
    absolute = urljoin("http://localhost" + base, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != "localhost":
        return None
    if SKIP.search(parts.path):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("lang",)]
    # ``embed=1`` shows the same page without its frame; ``format=`` downloads.
    if any(k in ("format", "embed", "download") for k, _ in query):
        return None
    return parts.path + ("?" + urlencode(query) if query else "")


class Data:
    """Strings of the data (names, equipment models, sources given as names) that may be in
    Latin letters on a Japanese page: removed from the text before it is checked."""

    def __init__(self, app=None) -> None:
        self.names = re.compile(r"(?!)")  # no data: nothing is removed
        if app is None:
            return
        with app.app_context():
            names = set()
            for row in db.session.execute(select(Organization.name_ja, Organization.name_en)):
                names.update(n for n in row if n)
            for item in db.session.scalars(select(Equipment)):
                for attribute in ("name_ja", "name_en", "name", "model", "maker", "manufacturer"):
                    value = getattr(item, attribute, None)
                    if isinstance(value, str) and value:
                        names.add(value)
        # Names of the reference data's own sources and licences (package names, publishers).
        names.update(value for lic in LICENCES for value in lic.values() if type(value) is str)
        # Longest first, so that a name is removed before a shorter name inside it.
        latin = sorted((n for n in names if re.search(r"[A-Za-z]", n)), key=len, reverse=True)
        self.names = re.compile("|".join(map(re.escape, latin)))

    def strip(self, text: str) -> str:
        return self.names.sub(" ", text) if re.search(r"[A-Za-z]{2}", text) else text


def problems_in(text: str, data: Data) -> list[str]:
    """Raw keys, English and English list commas in one piece of Japanese page text."""
    found = []
    text = EMAIL_OR_URL.sub(" ", data.strip(text))
    if "認証" in text:
        found.append(f"term 認証 (say 認定) in {text[:60]!r}")
    if re.search(r"\d点中", text):
        found.append(f"score (say 78点 / 200点) in {text[:60]!r}")
    if ENGLISH_COMMA.search(text):
        found.append(f"list comma (say 、) in {text[:60]!r}")
    for run in LATIN_RUN.findall(text):
        words = [w for w in re.split(r"[ ,:;()/]+", run) if w]
        foreign = [w for w in words if w not in ALLOWED and w not in KEYS and not re.fullmatch(r"[A-Z0-9\-]+", w)]
        if len(foreign) >= 2:
            return [f"English {text[:90]!r}"]
    for word in LATIN_WORD.findall(text):
        if word in KEYS:
            found.append(f"key {word!r} in {text[:60]!r}")
        # A single English word between Japanese ("接続ノード sapporo", "Details").
        elif word not in ALLOWED and (re.fullmatch(r"[a-z]{3,}|[A-Z][a-z]{3,}", word) or word.lower() in KEYS):
            found.append(f"word {word!r} in {text[:60]!r}")
    return found


def _login(client, email: str) -> None:
    html = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
    answer = client.post("/account/login", data={"email": email, "password": "correct horse battery",
                                                 "csrf_token": token})
    assert answer.status_code == 302, f"{email} could not log in"


def crawl(client, lang: str, data: Data | None, samples: tuple[str, ...] = ()
          ) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Visit pages from :data:`START` and ``samples`` (visited whatever their kind: one
    organisation of each kind, ...); → status per page, problems per Japanese page."""
    client.get(f"/?lang={lang}")
    statuses: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    per_kind: dict[str, int] = {}
    queue = deque(START + samples)
    seen = set(queue)
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        kind = _kind(url)
        if per_kind.get(kind, 0) >= PER_KIND[lang] and url not in samples:
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        answer = client.get(url)
        statuses[url] = answer.status_code
        if answer.mimetype != "text/html":
            continue
        texts, links = read(answer.get_data(as_text=True))
        if data is not None:
            found = [p for text in texts for p in problems_in(text, data)]
            if found:
                problems[url] = sorted(set(found))
        if answer.status_code != 200:
            continue
        for href in links:
            link = _normalised(url, href)
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
    return statuses, problems


@pytest.fixture
def roles(app, users, make_application) -> dict[str, str | None]:
    """Role → email of an account with that role (anonymous: None), with an application in
    every state so that the applicant's and reviewer's pages have rows to follow."""
    with app.app_context():
        machine = db.session.scalar(select(Equipment).where(Equipment.bookable.is_(True)).order_by(Equipment.id))
        db.session.add(User(email="staff@lab.example.org", role="lab_staff", password_hash=_CHEAP_HASH,
                            organization_id=machine.organization_id))
        db.session.commit()
        # A booking request on that machine, so that both sides' booking lists have a row.
        alice = db.session.scalar(select(User).where(User.email == users["alice"]))
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        request_booking(machine, alice, {"start": start, "end": start + timedelta(hours=3), "purpose": "断面観察"})
    make_application(status="draft")
    make_application(status="submitted")
    make_application(status="returned")
    make_application(status="certified", tier="silver")
    return {"anonymous": None, "applicant": users["alice"], "coordinator": users["carol"], "admin": users["dave"],
            "lab_staff": "staff@lab.example.org"}


ROLES = ("anonymous", "applicant", "coordinator", "admin", "lab_staff")


@pytest.mark.parametrize("text", [
    "shared field: agri_food, bio", "同じSINETノード (sapporo)", "SINET connection unknown (assumed)",
    "接続ノード sapporo", "認定: bronze", "11 backbone hops, 2191 km of fibre", "regional",
    "次の値を確認してください: cross_appointments", "200.0点中78.0点", "材料, 化学", "認証なし", "Silver",
])
def test_the_checks_catch_what_the_issue_saw(text):
    assert problems_in(text, Data()), text


@pytest.mark.parametrize("text", [
    "同じSINETノード（SINET6 長野県ノード（モデル））", "0.37 ms", "46 km", "78点 / 200点", "材料、化学",
    "CSV (UTF-8)", "産総研 OIL", "J-Innovation HUB 類型", "400 Gbps", "東京大学",
])
def test_the_checks_let_japanese_with_names_and_units_pass(text):
    assert problems_in(text, Data()) == [], text


def sample_pages(app) -> tuple[str, ...]:
    """Pages that look alike by their address but not by their content: an organisation of
    each kind (a hub has a certification, a lab equipment) and an item of each equipment category."""
    with app.app_context():
        orgs = db.session.execute(select(Organization.kind, func.min(Organization.id)).group_by(Organization.kind))
        items = db.session.execute(select(Equipment.category, func.min(Equipment.id)).group_by(Equipment.category))
        return tuple(f"/org/{i}" for _, i in orgs) + tuple(f"/equipment/{i}" for _, i in items)


def expected_status(role: str, url: str) -> int:
    """What ``url`` should answer to ``role``: 200, or 302 to the login page, 403, 404."""
    path = urlsplit(url).path
    if path == "/no-such-page":
        return 404
    if path == "/lab/equipment" and role == "admin" and "org=" not in url:
        return 404  # an admin opens one organisation's list: ?org=<id>
    allowed = next((roles for prefix, roles in RESTRICTED.items() if path.startswith(prefix)), None)
    if role == "anonymous" and (allowed or path.startswith(SIGNED_IN)):
        return 302
    return 403 if allowed and role not in allowed else 200


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_and_japanese_pages_read_japanese(app, roles, role):
    data = Data(app)
    # The samples are public pages: one role reads them (the others would read the same).
    samples = sample_pages(app) if role == "anonymous" else ()
    report = []
    for lang in ("ja", "en"):
        client = app.test_client()
        if roles[role]:
            _login(client, roles[role])
        statuses, problems = crawl(client, lang, data if lang == "ja" else None, samples if lang == "ja" else ())
        assert len(statuses) > 20, statuses
        wrong = {url: (status, expected_status(role, url)) for url, status in statuses.items()
                 if status != expected_status(role, url)}
        assert wrong == {}, f"{role} ({lang}): pages that answer wrong (got, expected): {wrong}"
        report += [f"{url}: {found}" for url, founds in sorted(problems.items()) for found in founds]
    if os.environ.get("ATLAS_CRAWL_REPORT"):  # every finding, one a line, for a fixing session
        with open(os.environ["ATLAS_CRAWL_REPORT"], "a", encoding="utf-8") as out:
            out.write("".join(f"{role}\t{line}\n" for line in report))
    assert report == [], f"{role}: Japanese pages show keys or English:\n" + "\n".join(report)


#: API answers that carry a message for a person: errors of parameters, bodies and access.
API_MESSAGES = (
    ("get", "/api/v1/organizations/999999", None), ("get", "/api/v1/paths?from=1", None),
    ("get", "/api/v1/partners?org=abc", None), ("get", "/api/v1/equipment?within_km=-1", None),
    ("get", "/api/v1/organizations?kind=nope", None), ("get", "/api/v1/regions/nowhere", None),
    ("get", "/api/v1/choropleth?measure=zzz", None), ("get", "/api/v1/applications", None),
    ("get", "/api/v1/bookings", None),
    ("post", "/api/v1/criteria/score", {"track": "regional", "values": {"cross_appointments": -5, "zz": 1}}),
    ("post", "/api/v1/criteria/score", {"track": "nowhere", "values": {}}),
    ("post", "/api/v1/auth/token", {"email": "nobody@example.org", "password": "wrong"}),
)
#: A value a client must send, quoted in a message ('aist_oil'): not prose.
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|<[^>]*>|Authorization|Bearer")


def _messages(answer) -> list[str]:
    """``message``/``detail`` texts of an answer and of each field error (not ``message_en``)."""
    body = answer.get_json() or {}
    texts = [body.get("message"), body.get("detail")]
    for problems in (body.get("errors") or {}).values():
        texts += [p.get("message") for p in problems if isinstance(p, dict)]
    return [t for t in texts if isinstance(t, str)]


def test_api_messages_read_japanese(app):
    data = Data(app)
    client = app.test_client()
    found = {}
    for method, url, body in API_MESSAGES:
        answer = getattr(client, method)(url, json=body, headers={"Accept-Language": "ja"})
        assert answer.status_code >= 400, (url, answer.status_code)
        messages = _messages(answer)
        assert messages, (url, answer.get_json())
        problems = [p for text in messages for p in problems_in(QUOTED.sub(" ", text), data)]
        if problems:
            found[url] = problems
    assert found == {}


#: Forms sent wrong: each page answers with its errors, which must read Japanese too.
FORMS = (
    ("/account/login", {"email": "nobody@example.org", "password": "wrong"}),
    ("/account/register", {"email": "new@example.org", "password": "short", "confirm": "other"}),
    ("/account/register", {"email": "new@example.org", "password": "abcdefghijk123", "confirm": "zzzzzzzzzzzzzz"}),
    ("/account/register", {"email": "not-an-address", "password": "", "confirm": ""}),
)


def test_form_errors_read_japanese(app):
    data = Data(app)
    client = app.test_client()
    client.get("/?lang=ja")
    found = {}
    for path, form in FORMS:
        html = client.get(path).get_data(as_text=True)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        answer = client.post(path, data={**form, "csrf_token": token})
        assert 400 <= answer.status_code < 500, (path, form, answer.status_code)
        texts, _ = read(answer.get_data(as_text=True))
        problems = [p for text in texts for p in problems_in(text, data)]
        if problems:
            found[f"{path} {sorted(form)}"] = problems
    assert found == {}


def test_review_errors_read_japanese(app, roles):
    """A reviewer who certifies below every tier without choosing one, or gives a rubric level
    out of range, is told so in Japanese, naming tiers and indicators (never their keys)."""
    client = app.test_client()
    _login(client, roles["coordinator"])
    client.get("/?lang=ja")
    data = Data(app)
    for form, expected in (({"decision": "certify", "tier": "", "public_evaluation": "地域の連携を評価"}, "ゴールド、シルバー"),
                           ({"decision": "", "rubric-vision_strategy": "9"}, "ビジョン")):
        html = client.get("/review/2").get_data(as_text=True)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        answer = client.post("/review/2", data={"csrf_token": token, "comment": "", **form})
        assert answer.status_code == 422, form
        texts, _ = read(answer.get_data(as_text=True))
        errors = [text for text in texts if expected in text and ("ください" in text or "範囲" in text)]
        assert errors, (form, texts)
        assert [p for text in texts for p in problems_in(text, data)] == [], form
