"""Accessibility in headless Chromium: axe-core finds no serious or critical WCAG 2.1 A/AA
violation on any kind of page; the map and its controls work from the keyboard with a
visible focus; pages fit a phone's width; organisation and hub pages print without the
site's header.

axe-core comes from the npm registry (``package.json``; ``make test`` installs it).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hubs.accounts.operations import create_user
from hubs.certification import operations as ops
from hubs.core.extensions import db
from hubs.organizations.models import Organization
from hubs.organizations.vocabulary import KINDS
from tests.conftest import make_app, serving
from tests.fixtures_accounts import COMPLETE_VALUES, PASSWORD

pytestmark = [
    pytest.mark.browser,
    # werkzeug leaks the file of a 304 response it does not send (see test_browser_applicant).
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path("/tmp/atlas-a11y")

APPLICANT = "a11y-applicant@example.org"
COORDINATOR = "a11y-coordinator@example.org"
ADMIN = "a11y-admin@example.org"


class Site:
    """A live server over its own database, with one account per role and an application."""

    def __init__(self, base_url: str, ids: dict[str, int]) -> None:
        self.base_url = base_url
        self.ids = ids


@pytest.fixture(scope="module")
def site(seeded_databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("a11y")
    database = seeded_databases.clone(folder)
    app = make_app(database, folder)
    with app.app_context():
        applicant = create_user(APPLICANT, PASSWORD, "applicant")
        create_user(COORDINATOR, PASSWORD, "coordinator")
        create_user(ADMIN, PASSWORD, "admin")
        application = ops.create_application(applicant, {
            "track": "regional", "values": COMPLETE_VALUES,
            "hub": {"name_ja": "アクセシビリティ試験拠点", "name_en": "Accessibility test hub", "prefecture_code": "27"},
        })
        ops.submit_application(application, applicant)
        university = db.session.scalar(select(Organization.id).where(Organization.kind == "university")
                                       .order_by(Organization.id))
        centre = db.session.scalar(select(Organization.id).where(Organization.kind == "aist_centre")
                                   .order_by(Organization.id))
        ids = {"org": university, "centre": centre, "application": application.id}
    with serving(app, seeded_databases, database) as url:
        yield Site(url, ids)


def _settle(page) -> None:
    # Map pages mark the body when their data are drawn; other pages have nothing to wait for.
    if page.locator("#atlas-config, #sinet-config").count():
        page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    if page.locator("#explore-config").count():
        page.wait_for_selector("body[data-explore-ready]", state="attached", timeout=30_000)


def _log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/account/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked button[type=submit]")
    assert page.locator("button.link-button").count() == 1, "login failed"


def _public_pages(ids: dict[str, int]) -> list[str]:
    return [
        "/", "/organizations", f"/org/{ids['org']}", "/explore", "/regions", "/regions/kinki",
        f"/paths?from={ids['org']}&to={ids['centre']}", f"/partners?org={ids['org']}", "/certified",
        f"/org/{ids['org']}/certification", "/account/login", "/account/register", "/data",
        "/equipment?q=電子顕微鏡", "/equipment?within_km=x", "/equipment/coverage", "/equipment/14", "/api-docs",
    ]


def _serious(page) -> list[dict]:
    # The page's CSP (script-src 'self' + nonce) blocks the inline script that
    # add_script_tag injects, so the context that runs axe is created with bypass_csp=True.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _describe(path: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"][:8]]
        lines.append(f"{path}: [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes) {targets}")
    return "\n".join(lines)


@pytest.fixture
def axe_context(browser):
    def make(**options):
        context = browser.new_context(bypass_csp=True, locale="ja-JP", **options)
        contexts.append(context)
        return context

    contexts: list = []
    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_public_pages_have_no_serious_axe_violations(site, axe_context, lang):
    page = axe_context(viewport=DESKTOP).new_page()
    problems = []
    for path in _public_pages(site.ids):
        url = path + ("&" if "?" in path else "?") + f"lang={lang}"
        page.goto(site.base_url + url)
        _settle(page)
        problems.append(_describe(url, _serious(page)))
    report = "\n".join(p for p in problems if p)
    print(report)
    assert not report, report


@pytest.mark.parametrize(("email", "paths"), [
    (APPLICANT, ["/applications", "/applications/new", "/applications/{application}",
                 "/applications/{application}/score", "/bookings", "/equipment/14", "/notices", "/affiliations"]),
    (COORDINATOR, ["/review/dashboard", "/review", "/review/{application}", "/review/decisions", "/notices",
                   "/affiliations"]),
    (ADMIN, ["/admin/import", "/admin/users", "/admin/criteria"]),
], ids=["applicant", "coordinator", "admin"])
def test_pages_behind_login_have_no_serious_axe_violations(site, axe_context, email, paths):
    page = axe_context(viewport=DESKTOP).new_page()
    _log_in(page, site.base_url, email)
    problems = []
    for path in paths:
        url = path.format(**site.ids)
        page.goto(site.base_url + url)
        problems.append(_describe(url, _serious(page)))
    report = "\n".join(p for p in problems if p)
    print(report)
    assert not report, report


def test_application_form_has_no_serious_axe_violations(site, axe_context):
    page = axe_context(viewport=DESKTOP).new_page()
    _log_in(page, site.base_url, APPLICANT)
    page.goto(site.base_url + "/applications/new")
    page.fill("#name_ja", "編集試験拠点")
    page.select_option("#prefecture_code", "13")
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked.wide button[type=submit]")
    assert "/edit" in page.url
    page.wait_for_selector("body[data-preview-ready]", state="attached", timeout=10_000)
    report = _describe(page.url, _serious(page))
    print(report)
    assert not report, report


# --------------------------------------------------------------------------- keyboard


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        return {tag: e.tagName, cls: String(e.className), text: (e.textContent || '').trim(),
                label: e.getAttribute('aria-label') || '', name: e.getAttribute('name') || '',
                type: e.getAttribute('type') || '', href: e.getAttribute('href') || '',
                labelled: e.labels && e.labels.length ? e.labels[0].textContent.trim() : '',
                outline: style.outlineStyle, outlineWidth: style.outlineWidth};
    }""")


def test_keyboard_reaches_every_map_control_with_a_visible_focus(probe):
    probe.goto("/?lang=en")
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    page = probe.page
    seen = []
    # Markers and clusters are tab stops before the controls: their number grows with the data.
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = _focused(page)
        if focus["tag"] == "BODY":
            break
        seen.append(focus)
        assert focus["outline"] != "none" and focus["outlineWidth"] != "0px", f"no visible focus on {focus}"
        if focus["href"] == "/organizations" and "list of organisations" in focus["text"]:
            break
    zoom = [f for f in seen if "leaflet-control-zoom" in f["cls"]]
    assert {f["label"] for f in zoom} >= {"Zoom in", "Zoom out"}
    layers = [f for f in seen if f["tag"] == "INPUT" and f["type"] == "checkbox"]
    assert len(layers) == len(KINDS) + 1, seen  # one switch per kind, SINET
    assert all(f["labelled"] for f in layers)
    assert seen[-1]["text"] == "list of organisations"
    # The first Tab offers the skip link.
    assert seen[0]["href"] == "#main"


def test_layer_checkbox_toggles_with_the_space_key(probe):
    probe.goto("/?lang=en")
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    page = probe.page
    box = page.locator(".leaflet-control-layers-overlays input[type=checkbox]").last  # SINET, off
    assert not box.is_checked()
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_selector("body[data-sinet-layer]", state="attached", timeout=10_000)
    assert box.is_checked()


# ------------------------------------------------------------------------------ phone


@pytest.mark.parametrize("path", ["/", "/organizations", "/org/1", "/explore", "/certified", "/paths"])
def test_phone_width_needs_no_horizontal_scrolling(browser, live_server, path):
    context = browser.new_context(viewport=PHONE, locale="ja-JP", is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(live_server + path)
        _settle(page)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, f"{path}: document {widths[0]}px wide in a {widths[1]}px window"
        # Every link of the main navigation is on screen and can be tapped.
        for link in page.locator(".site-header nav a").all():
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= widths[1] + 1, f"{path}: {link.text_content()}"
            assert box["height"] >= 24, f"{path}: {link.text_content()} is too small to tap"
        if path == "/":
            # The layer list starts folded on a phone; its toggle opens it.
            overlays = page.locator(".leaflet-control-layers-overlays input").first
            assert not overlays.is_visible()
            page.locator(".leaflet-control-layers-toggle").click()
            assert overlays.is_visible()
        if path == "/organizations":
            # The table scrolls inside its wrapper, not the page.
            wrap = page.evaluate("(() => { const w = document.querySelector('.table-wrap');"
                                 " return [w.scrollWidth, w.clientWidth, getComputedStyle(w).overflowX]; })()")
            assert wrap[2] == "auto"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"phone{path.replace('/', '_') or '_'}.png"), full_page=True)
    finally:
        context.close()


# ------------------------------------------------------------------------------ print


@pytest.mark.parametrize("path", ["/org/1", "/certified", "/org/{org}/certification"])
def test_print_hides_the_header_and_keeps_the_content(site, browser, path):
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site.base_url + path.format(**site.ids))
        _settle(page)
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".site-header nav").is_visible()
        assert page.locator("main h1").is_visible()
        assert page.locator("main").evaluate("m => m.getBoundingClientRect().height") > 100
        SCREENSHOTS.mkdir(exist_ok=True)
        page.pdf(path=str(SCREENSHOTS / f"print{path.replace('/', '_').replace('{org}', 'x')}.pdf"))
    finally:
        context.close()


def test_map_controls_are_named_in_the_pages_language(probe):
    probe.goto("/?lang=ja")
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    page = probe.page
    assert page.get_attribute(".leaflet-control-zoom-in", "aria-label") == "拡大"
    assert page.get_attribute(".leaflet-control-zoom-out", "aria-label") == "縮小"
    assert page.get_attribute(".leaflet-control-layers-list", "role") == "group"
    assert page.get_attribute(".leaflet-container", "aria-label").startswith("地図")
    # folium's viewport tag forbids zooming; only the portal's own, zoomable one is left.
    assert page.locator("meta[name=viewport]").count() == 1
    assert "user-scalable" not in page.get_attribute("meta[name=viewport]", "content")
