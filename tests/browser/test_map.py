"""The national map in real headless Chromium: markers drawn, no console errors, offline."""
from __future__ import annotations

import json

import pytest

from hubs.organizations.vocabulary import KINDS

pytestmark = pytest.mark.browser


def wait_for_map(probe) -> None:
    # Selectors, not wait_for_function: the page's CSP forbids the eval that the latter needs.
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    assert probe.page.evaluate("document.body.dataset.mapReady") == "1", probe.console_errors


def test_national_map_draws_markers_without_errors(probe):
    probe.goto("/")
    wait_for_map(probe)
    assert int(probe.page.evaluate("document.body.dataset.markers")) >= 250
    # Clusters and single markers are on the map, and the 47 prefectures are drawn.
    assert probe.page.locator(".atlas-mixed-cluster").count() > 0
    # The base layer draws the 47 prefectures (from the portal's own data, no tiles).
    probe.page.wait_for_selector(".folium-map[data-base-layer]", state="attached", timeout=10_000)
    assert probe.page.locator(".leaflet-atlasBase-pane path").count() >= 47
    # one switch per kind, the SINET backbone
    assert probe.page.locator(".leaflet-control-layers-overlays label").count() == len(KINDS) + 1
    assert probe.console_errors == []
    assert probe.external_requests == []


def test_clicking_a_marker_opens_a_card_with_a_link(probe):
    probe.goto("/?lang=en")
    wait_for_map(probe)
    # Centre the map on an AIST base whose point no other record shares (rows at city
    # precision share their municipal office), zoomed in far enough that its marker stands
    # alone, then click the middle of the map as a person would.
    site = probe.page.evaluate("""async () => {
        const config = JSON.parse(document.getElementById('atlas-config').textContent);
        const all = await (await fetch(config.api.organizations)).json();
        const key = f => f.geometry.coordinates.join(',');
        const seen = {};
        all.features.forEach(f => { seen[key(f)] = (seen[key(f)] || 0) + 1; });
        const alone = all.features.find(f => f.properties.kind === 'aist_centre' && seen[key(f)] === 1);
        const [lon, lat] = alone.geometry.coordinates;
        window[config.map].setView([lat, lon], 15, {animate: false});
        return alone.properties.name_en;
    }""")
    probe.page.wait_for_timeout(500)
    box = probe.page.locator(".folium-map").bounding_box()
    probe.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = probe.page.locator(".atlas-popup")
    popup.wait_for(timeout=5_000)
    assert site in popup.inner_text()
    href = popup.locator("a").get_attribute("href")
    assert href.startswith("/org/")
    popup.locator("a").click()
    probe.page.wait_for_url("**/org/*")
    assert site in probe.page.locator("h1").inner_text()
    assert probe.console_errors == []


def test_organization_page_map(probe):
    probe.goto("/org/1")
    wait_for_map(probe)
    assert probe.console_errors == []
    assert probe.external_requests == []


#: Japan's far ends: Cape Sōya (Hokkaido), Yonaguni (Okinawa), Minami-Torishima aside.
FAR_ENDS = {"Sōya": (45.52, 141.94), "Yonaguni": (24.45, 122.93), "Naha": (26.21, 127.68)}
_VIEW = """() => {
  const map = Object.values(window).find(v => v && v._leaflet_id && typeof v.getBounds === "function");
  const box = map.getContainer().getBoundingClientRect();
  const legend = document.querySelector(".atlas-legend").getBoundingClientRect();
  const ends = {};
  for (const [name, [lat, lon]] of Object.entries(%s)) {
    const p = map.latLngToContainerPoint([lat, lon]);
    ends[name] = {inside: map.getBounds().contains([lat, lon]),
                  underLegend: box.left + p.x >= legend.left && box.left + p.x <= legend.right
                               && box.top + p.y >= legend.top && box.top + p.y <= legend.bottom};
  }
  return {ends, legendOpen: document.querySelector(".atlas-legend").open};
}"""


@pytest.mark.parametrize(("width", "height", "phone"), [(375, 740, True), (1280, 900, False), (1920, 1080, False)])
def test_national_view_shows_all_of_japan_and_the_legend_hides_none_of_it(browser, live_server, width, height, phone):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP", is_mobile=phone,
                                  has_touch=phone)
    try:
        page = context.new_page()
        page.goto(live_server + "/")
        page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
        view = page.evaluate(_VIEW % json.dumps(FAR_ENDS))
        for name, end in view["ends"].items():
            assert end["inside"], (name, width)
            assert not end["underLegend"], (name, width)
        # On a phone the legend starts folded to its heading; on a desk it is open.
        assert view["legendOpen"] is (not phone)
    finally:
        context.close()
