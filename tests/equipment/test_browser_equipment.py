"""The equipment page in a real browser: the map layer fills from the JSON twin, offline."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_map_layer_draws_the_labs_found_without_leaving_the_server(probe):
    probe.goto("/equipment?q=電子顕微鏡")
    page = probe.page
    page.wait_for_selector("path.leaflet-interactive", timeout=10_000)
    rows = page.locator("table.orgs tbody tr").count()
    markers = page.locator("path.leaflet-interactive").count()
    assert rows > markers > 1  # one marker per site, several machines per site
    page.locator("path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    assert "該当設備" in popup.inner_text()
    assert probe.console_errors == [] and probe.external_requests == []


def test_testbed_is_composed_from_search_checkboxes_and_drawn_on_the_map(probe):
    probe.goto("/equipment?category=emc_chamber&requester_prefecture=23")
    page = probe.page
    boxes = page.locator('input[type="checkbox"][form="testbed-form"]')
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(boxes.count() - 1).check()
    page.locator("#testbed-form button[type=submit]").click()
    page.wait_for_url("**/equipment/testbed?*")
    assert "machine=" in page.url and "requester_prefecture=23" in page.url
    page.wait_for_selector("path.leaflet-interactive", timeout=10_000)
    assert page.locator("h1").inner_text() == "テストベッド"
    assert page.locator("path.leaflet-interactive").count() >= 3  # two sites and the path between them
    assert "モデル" in page.locator("main").inner_text()
    assert probe.console_errors == [] and probe.external_requests == []
