"""The national map in real headless Chromium: markers drawn, no console errors, offline."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def wait_for_map(probe) -> None:
    probe.page.wait_for_function("document.body.dataset.mapReady !== undefined", timeout=20_000)
    assert probe.page.evaluate("document.body.dataset.mapReady") == "1", probe.console_errors


def test_national_map_draws_markers_without_errors(probe):
    probe.goto("/")
    wait_for_map(probe)
    assert int(probe.page.evaluate("document.body.dataset.markers")) >= 250
    # Clusters and single markers are on the map, and the 47 prefectures are drawn.
    assert probe.page.locator(".marker-cluster").count() > 0
    assert probe.page.locator("path.leaflet-interactive").count() >= 47
    assert probe.page.locator(".leaflet-control-layers-overlays label").count() == 6
    assert probe.console_errors == []
    assert probe.external_requests == []


def test_clicking_a_marker_opens_a_card_with_a_link(probe):
    probe.goto("/?lang=en")
    wait_for_map(probe)
    probe.page.evaluate("""() => {
        const map = window[JSON.parse(document.getElementById('atlas-config').textContent).map];
        map.setView([36.06, 140.13], 12);
    }""")
    marker = probe.page.locator("path.leaflet-interactive[fill='#c0392b']").first
    marker.wait_for(timeout=10_000)
    marker.click(force=True)
    popup = probe.page.locator(".atlas-popup")
    popup.wait_for(timeout=5_000)
    assert "AIST" in popup.inner_text() or "産総研" in popup.inner_text()
    href = popup.locator("a").get_attribute("href")
    assert href.startswith("/org/")
    assert probe.console_errors == []


def test_organization_page_map(probe):
    probe.goto("/org/1")
    wait_for_map(probe)
    assert probe.console_errors == []
    assert probe.external_requests == []
