"""The applicant's whole path in headless Chromium, then a coordinator certifies."""
from __future__ import annotations

from pathlib import Path

import pytest

from hubs.accounts.operations import create_user
from hubs.core.extensions import db
from tests.conftest import make_app
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC, PASSWORD

pytestmark = [
    pytest.mark.browser,
    # The live server leaks the file of every 304 Not Modified static response (werkzeug drops the
    # body of a 304 without closing it); that is the server's problem, reported, not this flow's.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

HUB_NAME = "Browser test hub <b>bold?</b>"  # the English name, as the pages are in English
SCREENSHOT = Path("/tmp/atlas-score-page.png")


@pytest.fixture(scope="session")
def live_coordinator(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A coordinator account in the live server's database (staff cannot self-register)."""
    database = next(Path(tmp_path_factory.getbasetemp()).glob("live*/atlas.sqlite3"))
    app = make_app(database, database.parent)
    with app.app_context():
        create_user("coordinator@example.org", PASSWORD, "coordinator")
        create_user("confirming-admin@example.org", PASSWORD, "admin")  # the second pair of eyes
        db.engine.dispose()
    return "coordinator@example.org"


def _click(page, selector: str) -> None:
    """Click and wait for the next page to load completely (an aborted stylesheet download
    would leave an unclosed file in the server)."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/account/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    _click(page, "form.stacked button[type=submit]")


def test_applicant_applies_and_coordinator_certifies(probe, browser, live_server, live_coordinator):
    page = probe.page
    probe.goto("/account/register?lang=en")
    page.fill("#email", "browser-applicant@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    _click(page, "form.stacked button[type=submit]")
    _click(page, "text=Log out")
    _log_in(page, live_server, "browser-applicant@example.org")

    _click(page, "text=New application")
    page.fill("#name_ja", "ブラウザ試験拠点")
    page.fill("#name_en", HUB_NAME)
    page.select_option("#prefecture_code", "13")
    page.check("input[name=track][value=regional]")
    _click(page, "text=Create draft")

    # Step 1: the live preview answers, and a draft is saved at once.
    first = page.locator("input[data-indicator]").first
    first.fill(str(COMPLETE_VALUES[first.get_attribute("data-indicator")]))
    page.wait_for_selector("#score-preview-figures:not([hidden])")
    assert page.locator('[data-field="percent"]').text_content().endswith("%")
    _click(page, "button[value=save]")
    assert page.locator(".flash").first.text_content().strip() == "Draft saved."

    # Every step, then check and submit.
    while True:
        for field in page.locator("input[data-indicator]").all():
            key = field.get_attribute("data-indicator")
            if key in COMPLETE_VALUES:
                field.fill(str(COMPLETE_VALUES[key]))
        if page.locator("button[value=next]").count():
            _click(page, "button[value=next]")
        else:
            _click(page, "button[value=finish]")
            break
    page.wait_for_selector(".submit-box")
    assert HUB_NAME in page.locator("h1").text_content()  # shown as text, not markup
    _click(page, "text=Submit for review")
    page.wait_for_selector(".status-submitted")

    _click(page, "text=Score and advice")
    page.wait_for_selector("svg.radar .radar-value")
    assert page.locator(".bar-row").count() == 18
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # A coordinator certifies in a separate browser session.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    coordinator = context.new_page()
    try:
        _log_in(coordinator, live_server, live_coordinator)
        coordinator.goto(live_server + "/review")
        _click(coordinator, f"text={HUB_NAME}")
        for key, level in GOOD_RUBRIC.items():
            coordinator.check(f"input[name=rubric-{key}][value='{level}']")
        coordinator.fill("#comment", "Clear plan; certified.")
        coordinator.check("input[name=decision][value=certify]")
        coordinator.fill("#public_evaluation", "A clear plan, well carried out.")
        _click(coordinator, "text=Save review")
        coordinator.wait_for_selector("#proposal")
        assert coordinator.locator(".flash").first.text_content().strip().startswith("Decision proposed.")
    finally:
        context.close()

    # An admin confirms it (four eyes) in another session.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    admin = context.new_page()
    try:
        _log_in(admin, live_server, "confirming-admin@example.org")
        admin.goto(live_server + "/review")
        _click(admin, f"a[href$='#proposal'] >> text={HUB_NAME}")
        _click(admin, "text=Confirm this decision")
        admin.wait_for_url("**/review")
    finally:
        context.close()

    probe.goto("/applications?lang=en")
    _click(page, f"text={HUB_NAME}")
    page.wait_for_selector(".certificate")
    assert "Clear plan; certified." in page.locator(".reviews").text_content()
    assert probe.console_errors == []
    assert probe.external_requests == []
