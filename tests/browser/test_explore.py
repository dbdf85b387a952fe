"""The exploration page, and the national map with 100,000 organisations, in headless Chromium."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from hubs.organizations.synthetic import add_synthetic
from tests.conftest import PageProbe, SeededDatabases, make_app, probing, serving

pytestmark = pytest.mark.browser

BIG = 100_000


def wait_ready(probe: PageProbe, attribute: str = "data-explore-ready") -> None:
    # Selector waits, not wait_for_function: the pages' CSP forbids string evaluation.
    probe.page.wait_for_selector(f"body[{attribute}]", state="attached", timeout=30_000)
    assert probe.page.get_attribute("body", attribute) == "1", probe.console_errors


def test_explore_switches_choropleth_measures_without_errors(probe):
    probe.goto("/explore?lang=en")
    wait_ready(probe)
    page = probe.page
    assert page.evaluate("document.body.dataset.measure") == "total"
    assert page.locator(".explore-map path.leaflet-interactive").count() >= 47
    legend = page.locator("#choropleth-legend")
    assert "All organisations" in legend.inner_text()
    fills_before = page.evaluate("""() => Array.from(document.querySelectorAll('.explore-map path[data-value]'))
        .map(p => p.getAttribute('fill')).join()""")

    page.select_option("#measure", "per_100k")
    page.wait_for_selector("body[data-measure='per_100k']", state="attached", timeout=10_000)
    assert "per 100,000" in legend.inner_text()
    fills_after = page.evaluate("""() => Array.from(document.querySelectorAll('.explore-map path[data-value]'))
        .map(p => p.getAttribute('fill')).join()""")
    assert fills_after != fills_before

    page.select_option("#measure", "field:ai_it")
    page.wait_for_selector("body[data-measure='field:ai_it']", state="attached", timeout=10_000)
    assert "measure=field%3Aai_it" in page.locator("#choropleth-csv").get_attribute("href")

    # The specialisation ranking and the innovation areas are filled in beside the map.
    assert page.locator("#lq-table tbody tr").count() > 10
    assert "modelled" in page.locator("#areas-list").inner_text()
    # Hovering a prefecture shows its figure.
    page.locator(".explore-map path[data-value]").nth(12).hover(force=True)
    page.locator(".leaflet-tooltip").first.wait_for(timeout=5_000)

    # Cluster detection with other parameters redraws the hulls and links cluster pages.
    page.fill("#radius_km", "10")
    page.fill("#min_size", "3")
    page.click("#cluster-form button[type=submit]")
    page.wait_for_selector("#cluster-table tbody a[href*='radius_km=10']", timeout=10_000)
    href = page.locator("#cluster-table tbody a").first.get_attribute("href")
    assert href.startswith("/clusters/view?radius_km=10&min_size=3")
    assert probe.console_errors == []
    assert probe.external_requests == []


def test_cluster_page_draws_its_map(probe):
    probe.goto("/clusters/view?radius_km=10&min_size=3&id=1&lang=en")
    wait_ready(probe)
    assert probe.page.locator("path.leaflet-interactive").count() >= 3
    assert "Nearest AIST centre" in probe.page.inner_text("main")
    assert probe.console_errors == []


@pytest.fixture(scope="module")
def big_server(seeded_databases: SeededDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server over the seed plus 100,000 synthetic organisations (built once, ~15 s)."""
    folder = tmp_path_factory.mktemp("big")
    database = seeded_databases.clone(folder)
    application = make_app(database, folder)
    with application.app_context():
        add_synthetic(BIG)
    with serving(application, seeded_databases, database) as url:
        yield url


@pytest.fixture
def big_probe(browser, big_server: str) -> Iterator[PageProbe]:
    with probing(browser, big_server) as page:
        yield page


def _set_view_and_wait(page, lat: float, lon: float, zoom: int, previous: str) -> float:
    started = time.perf_counter()
    page.evaluate(f"""() => {{
        const map = window[JSON.parse(document.getElementById('atlas-config').textContent).map];
        map.setView([{lat}, {lon}], {zoom}, {{animate: false}});
    }}""")
    page.wait_for_selector(f"body[data-total]:not([data-total='{previous}'])", state="attached", timeout=5_000)
    return time.perf_counter() - started


def test_national_map_with_100k_organisations_draws_and_stays_responsive(big_probe):
    page = big_probe.page
    response = big_probe.goto("/")
    assert len(response.body()) < 150_000
    started = time.perf_counter()
    wait_ready(big_probe, "data-map-ready")
    assert time.perf_counter() - started < 15
    assert page.evaluate("document.body.dataset.aggregated") == "1"
    total = page.evaluate("document.body.dataset.total")
    assert int(total) >= BIG
    assert 0 < page.locator(".atlas-cell").count() < 500

    # Zoom to Kanto: the server answers for the new box and the new cells are drawn.
    elapsed = _set_view_and_wait(page, 35.7, 139.7, 9, total)
    assert elapsed < 5
    kanto = page.evaluate("document.body.dataset.total")
    assert 0 < int(kanto) < BIG
    assert page.locator(".atlas-cell").count() > 0

    # Zoom in to a street-level box: individual organisations are drawn.
    elapsed = _set_view_and_wait(page, 35.68, 139.76, 14, kanto)
    assert elapsed < 5
    assert page.evaluate("document.body.dataset.aggregated") == "0"

    # The main thread is free: a frame is painted promptly after all that.
    frame_ms = page.evaluate("""() => new Promise(resolve => {
        const t0 = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - t0));
    })""")
    assert frame_ms < 500
    assert big_probe.console_errors == []
    assert big_probe.external_requests == []
