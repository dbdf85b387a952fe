"""The coordinator's day in headless Chromium (Japanese): log in, land on the dashboard with
who is signed in shown in the header, go on to the review queue, open the decision history; the API page draws the OpenAPI
document with Swagger UI served by the portal itself, under the portal's CSP."""
from __future__ import annotations

from pathlib import Path

import pytest

from hubs.accounts.operations import create_user, find_user
from hubs.certification import operations as ops
from hubs.core.extensions import db
from tests.conftest import make_app
from tests.fixtures_accounts import COMPLETE_VALUES, PASSWORD

pytestmark = [
    pytest.mark.browser,
    # The live server leaks the file of every 304 Not Modified static response (see test_applicant).
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

SCREENSHOTS = Path("/tmp/atlas-screenshots")
COORDINATOR = "coordinator-day@example.org"


def _submitted(tmp_path_factory: pytest.TempPathFactory, name_ja: str, prefecture_code: str) -> int:
    """An application of an applicant waiting for review in the live database (and the coordinator)."""
    database = next(Path(tmp_path_factory.getbasetemp()).glob("live*/atlas.sqlite3"))
    app = make_app(database, database.parent)
    with app.app_context():
        if find_user(COORDINATOR) is None:
            create_user(COORDINATOR, PASSWORD, "coordinator")
        applicant = find_user("queue-applicant@example.org") or create_user(
            "queue-applicant@example.org", PASSWORD, "applicant")
        application = ops.create_application(applicant, {
            "track": "regional", "values": COMPLETE_VALUES,
            "hub": {"name_ja": name_ja, "name_en": "Test hub", "prefecture_code": prefecture_code}})
        ops.submit_application(application, applicant)
        number = application.id
        db.engine.dispose()
    return number


@pytest.fixture(scope="module")
def waiting_application(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> int:
    return _submitted(tmp_path_factory, "群馬モビリティ拠点", "10")


def test_coordinator_lands_on_the_dashboard_in_japanese(probe, live_server, waiting_application):
    page = probe.page
    probe.goto("/account/login")
    page.fill("#email", COORDINATOR)
    page.fill("#password", PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked button[type=submit]")
    assert page.url.endswith("/review/dashboard")
    assert page.locator("main h1").inner_text() == "コーディネーター ダッシュボード"
    signed_in = page.locator(".site-header .signed-in").inner_text()
    assert COORDINATOR in signed_in and "コーディネーター" in signed_in
    assert page.locator(f"tr[data-application='{waiting_application}']").count() == 1
    assert "群馬県" in page.locator("tr[data-prefecture='10']").inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-ja.png"), full_page=True)
    with page.expect_navigation(wait_until="load"):
        page.locator("main a", has_text="審査待ち一覧のすべて").click()
    assert page.url.endswith("/review")
    assert page.locator("main h1").inner_text() == "審査待ち一覧"
    row = page.locator(f"tr[data-application='{waiting_application}']")
    text = row.inner_text()
    assert "群馬モビリティ拠点" in text and "群馬県" in text and "0日" in text and "点 / " in text
    assert page.locator(".site-header nav a", has_text="地域").count() == 1
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-queue-ja.png"), full_page=True)
    with page.expect_navigation(wait_until="load"):
        row.locator("a", has_text="判定の履歴").click()
    assert page.locator("main h1").inner_text().startswith("判定の履歴")
    # The review: a return without a comment is refused, and the reason stands at the top.
    probe.goto(f"/review/{waiting_application}")
    page.check("input[name=decision][value=return]")
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked button[type=submit]")
    summary = page.locator("#error-summary")
    assert summary.is_visible() and summary.bounding_box()["y"] < page.locator("table").first.bounding_box()["y"]
    page.screenshot(path=str(SCREENSHOTS / "review-error-ja.png"), full_page=False)
    page.check("input[name=decision][value=certify]")
    page.select_option("#tier", "bronze")
    page.fill("#public_evaluation", "地域のモビリティ企業との連携を評価")
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked button[type=submit]")
    # Four eyes: the decision is a proposal until a second coordinator or an admin confirms it.
    assert page.url.endswith(f"/review/{waiting_application}")
    assert page.locator("#proposal").is_visible()
    probe.goto(f"/review/decisions?application={waiting_application}")
    row = page.locator("tbody tr").first.inner_text()
    assert "提案" in row and "認定" in row and "ブロンズ" in row and COORDINATOR in row
    page.screenshot(path=str(SCREENSHOTS / "decisions-ja.png"), full_page=True)
    # The refused form answered 422, which Chromium logs; nothing else may go wrong.
    assert [e for e in probe.console_errors if "status of 422" not in e] == []
    assert probe.external_requests == []


def test_api_page_draws_the_document_with_the_portals_own_swagger_ui(probe):
    page = probe.page
    probe.goto("/api-docs")
    page.wait_for_selector("body[data-api-ready='1']", timeout=30000)
    assert page.locator(".opblock").count() > 20  # every operation of the document
    assert page.locator("a#openapi-json").get_attribute("href") == "/api/v1/openapi.json"
    assert page.locator(".site-header nav a", has_text="API").get_attribute("href") == "/api-docs"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-ja.png"), full_page=False)
    # The CSP holds: a violation would be a console error; nothing leaves the machine.
    assert probe.console_errors == [], probe.console_errors
    assert probe.external_requests == []


def test_regions_are_in_the_navigation_and_each_region_has_a_map(probe):
    page = probe.page
    probe.goto("/")
    with page.expect_navigation(wait_until="load"):
        page.locator(".site-header nav a", has_text="地域").click()
    assert page.url.endswith("/regions")
    with page.expect_navigation(wait_until="load"):
        page.locator("main a", has_text="関東").first.click()
    page.wait_for_selector("body[data-explore-ready='1']", timeout=30000)
    # The region's prefectures, fitted: Kanto has seven, none outside it is drawn twice.
    assert page.locator(".region-map path.leaflet-interactive").count() >= 7
    assert int(page.evaluate("document.body.dataset.regionPoints")) > 50
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "region-kanto-ja.png"), full_page=False)
    assert probe.console_errors == [] and probe.external_requests == []


def test_queue_fits_a_phone(browser, live_server, waiting_application, tmp_path_factory):
    """The signed-in line and the queue's nine columns never widen the page on a phone: the
    address wraps and the table scrolls in its own box."""
    _submitted(tmp_path_factory, "長野県の長い名前のものづくりイノベーション拠点", "20")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ja-JP", is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto(live_server + "/account/login")
        page.fill("#email", COORDINATOR)
        page.fill("#password", PASSWORD)
        with page.expect_navigation(wait_until="load"):
            page.click("form.stacked button[type=submit]")
        assert page.url.endswith("/review/dashboard")  # the dashboard fits too
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, widths
        page.goto(live_server + "/review")
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, widths
        assert page.locator(".table-wrap[role=region]").count() == 1
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-review-queue-ja.png"), full_page=True)
    finally:
        context.close()
