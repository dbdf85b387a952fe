"""The SINET path page in real headless Chromium: route drawn, no console errors, offline."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def wait_for_map(probe) -> None:
    # A selector wait, not wait_for_function: the page's CSP forbids string evaluation.
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    assert probe.page.get_attribute("body", "data-map-ready") == "1", probe.console_errors


def test_path_page_draws_the_route_over_the_backbone(probe):
    probe.goto("/paths?from=1&to=200&lang=en")
    wait_for_map(probe)
    assert probe.page.get_attribute("body", "data-route") == "drawn"
    assert probe.page.locator("path.sinet-route").count() == 1
    assert probe.page.locator("path.sinet-backup").count() == 1
    assert probe.page.locator("path.sinet-link").count() >= 70
    assert probe.page.locator("#fig-latency").inner_text().endswith("ms")
    assert probe.console_errors == []
    assert probe.external_requests == []


def test_search_box_suggests_organisations(probe):
    probe.goto("/paths?lang=en")
    wait_for_map(probe)
    probe.page.fill("#box-from", "Tohoku")
    probe.page.wait_for_selector("#list-from option", state="attached", timeout=5_000)
    value = probe.page.locator("#list-from option").first.get_attribute("value")
    assert "#" in value
    assert probe.console_errors == []


def test_national_map_offers_the_backbone_overlay(probe):
    probe.goto("/?lang=en")
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    probe.page.get_by_text("SINET backbone (model)").click()
    probe.page.wait_for_selector("body[data-sinet-layer]", state="attached", timeout=10_000)
    assert probe.page.locator("path.sinet-link").count() >= 70
    assert probe.console_errors == []
    assert probe.external_requests == []
