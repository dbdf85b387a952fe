"""The main pages in Japanese, as a person sees them, with their screenshots kept for a human look.

Each page is opened in headless Chromium in Japanese, waits until its map (if any) is drawn,
and must render without console errors or requests leaving the machine; its full-page
screenshot goes to ``ATLAS_SCREENSHOTS`` (default ``/tmp/atlas-screenshots``). Japanese text
must be drawn with a Japanese font: a missing font would leave empty boxes that no other
assertion notices.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

SCREENSHOTS = Path(os.environ.get("ATLAS_SCREENSHOTS", "/tmp/atlas-screenshots"))

#: True when a Japanese character is drawn differently from an unassigned code point (which every
#: font draws as the same empty box).
_DRAWS_JAPANESE = """() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 40;
  const pen = canvas.getContext("2d");
  const draw = (text) => {
    pen.clearRect(0, 0, 40, 40);
    pen.font = "32px sans-serif";
    pen.fillText(text, 2, 34);
    return Array.from(pen.getImageData(0, 0, 40, 40).data).join(",");
  };
  return draw("地") !== draw(String.fromCodePoint(0x10FFFD));
}"""

#: (file name, path, waits for a drawn map)
PAGES = [
    ("map", "/", True),
    ("organizations", "/organizations?prefecture=13", False),
    ("organization", "/org/1", True),
    ("explore", "/explore", False),
    ("regions", "/regions", False),
    ("paths", "/paths", False),
    ("partners", "/partners", False),
    ("equipment", "/equipment?q=電子顕微鏡", False),
    ("data", "/data", False),
    ("certified", "/certified", False),
]


@pytest.mark.parametrize(("name", "path", "map_page"), PAGES, ids=[p[0] for p in PAGES])
def test_main_page_in_japanese(probe, name, path, map_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    probe.goto(path)
    page = probe.page
    assert page.locator("html").get_attribute("lang") == "ja"
    if map_page:
        page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
        page.wait_for_selector(".folium-map[data-base-layer]", state="attached", timeout=10_000)
    page.wait_for_timeout(300)
    # A Japanese font is installed and used for the page's Japanese text (no empty boxes).
    assert page.evaluate(_DRAWS_JAPANESE), "no installed font draws Japanese: screenshots would show empty boxes"
    page.screenshot(path=str(SCREENSHOTS / f"{name}-ja.png"), full_page=not map_page)
    assert probe.console_errors == []
    assert probe.external_requests == []
