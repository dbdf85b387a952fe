"""The self-assessment report printed to PDF in real headless Chromium (issue 13, item 7): A4,
one to three pages, with its Japanese text, and without the site's header or buttons."""
from __future__ import annotations

import re
import zlib

import pytest

from tests.fixtures_accounts import COMPLETE_VALUES, PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # see test_applicant.py
]

A4_POINTS = (595, 842)  # 210 × 297 mm


def _streams(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF, inflated where it is compressed."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return out


def _text_characters(pdf: bytes) -> set[str]:
    """The characters the PDF's text maps to (its ToUnicode tables and ActualText spans), so what
    copy and search find."""
    chars: set[str] = set()
    for stream in _streams(pdf):
        for actual in re.findall(rb"/ActualText\s*<FEFF([0-9A-Fa-f]+)>", stream):
            chars.update(bytes.fromhex(actual.decode()).decode("utf-16-be", "ignore"))
        if b"begincmap" not in stream:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for target in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
                chars.add(bytes.fromhex(target.decode()).decode("utf-16-be", "ignore"))
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
            for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first = int(start, 16)
                chars.update(chr(first + n) for n in range(int(high, 16) - int(low, 16) + 1))
    return chars


def test_the_self_assessment_prints_as_an_a4_report(probe):
    page = probe.page
    probe.goto("/account/register")
    page.fill("#email", "print-applicant@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked button[type=submit]")
    token = page.request.post(probe.base_url + "/api/v1/auth/token",
                              data={"email": "print-applicant@example.org", "password": PASSWORD}).json()["token"]
    draft = page.request.post(probe.base_url + "/api/v1/applications", headers={"Authorization": f"Bearer {token}"},
                              data={"track": "regional", "hub": {"name_ja": "印刷試験拠点", "prefecture_code": "13"},
                                    "values": {k: v // 2 for k, v in COMPLETE_VALUES.items()}})
    assert draft.status == 201, draft.text()
    app_id = draft.json()["id"]

    probe.goto(f"/applications/{app_id}/score")
    with page.expect_navigation(wait_until="load"):
        page.click(f"a[href='/applications/{app_id}/self-assessment']")
    assert page.locator("main h1").inner_text().startswith("自己評価")
    assert page.locator("button[data-print]").is_visible()  # shown once its script runs
    assert page.locator("button[data-print]").inner_text() == "印刷"

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    assert page.locator(".tier-gaps").is_visible() and page.locator(".radar-figure svg").is_visible()
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert 1 <= len(pages) <= 3, len(pages)
    sizes = {tuple(round(float(n)) for n in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    assert sizes == {A4_POINTS}
    text = _text_characters(pdf)
    assert set("自己評価各区分までの差印刷拠点") <= text, sorted(text)[:80]
    assert probe.console_errors == [] and probe.external_requests == []
