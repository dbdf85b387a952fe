"""Switching language in real headless Chromium: a Japanese browser gets Japanese, the
"English" link switches, and the choice holds on the next page."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_switch_to_english_and_stay_there(probe):
    page = probe.page
    probe.goto("/organizations")  # the context's locale is ja-JP
    page.wait_for_selector("html[lang=ja]", state="attached")
    assert page.locator("main h1").inner_text() == "組織"
    assert page.locator("th", has_text="都道府県").count() >= 1
    assert page.locator("a.skip-link").inner_text() == "本文へスキップ"

    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_selector("html[lang=en]", state="attached")
    assert "lang=en" in page.url
    assert page.locator("main h1").inner_text() == "Organisations"
    assert page.locator("th", has_text="Prefecture").count() >= 1

    probe.goto("/")  # no ?lang: the session remembers English
    page.wait_for_selector("html[lang=en]", state="attached")
    assert page.locator("a.skip-link").inner_text() == "Skip to content"
    assert page.locator(".site-header nav a", has_text="Organisations").count() == 1
    assert page.locator(".lang-switch a[hreflang=ja]").inner_text() == "日本語"
    assert probe.external_requests == []
