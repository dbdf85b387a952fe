"""Hostile text through every way in, then every page and map in headless Chromium.

Script tags, event-handler attributes, backticks and ``${…}``, quotes, backslashes and
very long strings enter as hub names, review comments, imported organisation names and
registration input. Everywhere they show up they must show as text: no dialog opens, no
console error (a blocked inline script would log one), nothing leaves the machine.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from hubs.accounts.operations import create_user
from hubs.certification import affiliations
from hubs.certification import decisions
from hubs.certification import operations as ops
from hubs.core.extensions import db
from hubs.organizations.imports import import_organizations
from hubs.organizations.models import Organization
from tests.conftest import PageProbe, make_app, serving
from tests.fixtures_accounts import COMPLETE_VALUES, GOOD_RUBRIC, PASSWORD

pytestmark = pytest.mark.browser

HOSTILE = [
    '<script>alert("x1")</script>',
    '<img src=x onerror=alert("x2")>',
    '"><svg onload=alert("x3")>',
    "`${alert('x4')}` ${alert('x5')}",
    "'; alert('x6'); // \\' \\\" </script>",
    "javascript:alert('x7')",
    "{{ 7*7 }} {% raw %}",
    "長い名前" * 45,
]


@pytest.fixture(scope="module")
def hostile_server(seeded_databases, tmp_path_factory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("hostile")
    database = seeded_databases.clone(folder)
    app = make_app(database, folder)
    ids = {}
    with app.app_context():
        applicant = create_user("applicant@example.org", PASSWORD, "applicant")
        coordinator = create_user("coordinator@example.org", PASSWORD, "coordinator")
        admin = create_user("admin@example.org", PASSWORD, "admin")  # confirms (four eyes)
        university = db.session.scalar(select(Organization).where(Organization.key == "univ-tohoku"))
        for number, text in enumerate(HOSTILE[:4]):
            application = ops.create_application(applicant, {
                "track": "regional", "values": COMPLETE_VALUES,
                "hub": {"name_ja": text, "name_en": text, "university_id": university.id}})
            ops.submit_application(application, applicant)
            link = affiliations.link_for(application)
            if link is not None and link.status == "pending":
                affiliations.decide(link, admin, confirm=True)
            proposal = decisions.record_review(application, coordinator, {
                "decision": "certify" if number % 2 == 0 else "return", "comment": HOSTILE[number + 3],
                "rubric_scores": GOOD_RUBRIC, "tier": None, "public_evaluation": HOSTILE[number + 2]})
            decisions.confirm_proposal(application, admin, {"proposal": proposal.id})
            ids.setdefault("applications", []).append(application.id)
        report = import_organizations([
            (line, {"key": f"hostile-{line}", "kind": "public_lab", "name_ja": text, "name_en": text,
                    "prefecture_code": "13", "city": text[:100], "lat": "35.68", "lon": f"{139.70 + line / 100:.2f}",
                    "location_precision": "city", "source": text, "fields": "materials"})
            for line, text in enumerate(HOSTILE, start=2)])
        assert report.applied, report.to_dict()
        ids["orgs"] = [row.id for row in report.rows]
        db.session.commit()
        db.engine.dispose()
    with serving(app, seeded_databases, database) as url:
        yield {"url": url, **ids}


@pytest.fixture
def hostile_probe(browser, hostile_server) -> Iterator[PageProbe]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    yield PageProbe(context.new_page(), hostile_server["url"])
    context.close()


def login(probe: PageProbe, email: str) -> None:
    probe.goto("/account/login")
    probe.page.fill("input[name=email]", email)
    probe.page.fill("input[name=password]", PASSWORD)
    probe.page.click("form button[type=submit], form input[type=submit]")
    probe.page.wait_for_load_state()


def assert_clean(probe: PageProbe, where: str) -> None:
    assert probe.dialogs == [], f"{where}: a dialog opened: {probe.dialogs}"
    assert probe.console_errors == [], f"{where}: {probe.console_errors}"
    assert probe.external_requests == [], f"{where}: {probe.external_requests}"


def test_public_pages_and_maps_show_hostile_text_as_text(hostile_probe, hostile_server):
    probe = hostile_probe
    org = hostile_server["orgs"][0]
    pages = ["/", "/organizations?prefecture=13&q=alert", f"/org/{org}", "/certified",
             f"/paths?from={org}&to={hostile_server['orgs'][1]}", f"/partners?org={org}", "/explore",
             "/organizations?q=" + "%3Cscript%3Ealert(1)%3C/script%3E"]
    for path in pages:
        probe.goto(path)
        probe.page.wait_for_load_state("networkidle")
        assert_clean(probe, path)
    probe.goto(f"/org/{org}")
    assert HOSTILE[0] in probe.page.locator("h1").inner_text()
    probe.goto("/organizations?prefecture=13&q=alert")
    assert HOSTILE[1] in probe.page.locator("table").inner_text()


def test_map_popup_and_tooltip_show_hostile_names_as_text(hostile_probe, hostile_server):
    probe = hostile_probe
    probe.goto("/?lang=en")
    probe.page.wait_for_selector("body[data-map-ready]", state="attached", timeout=20_000)
    box = probe.page.locator(".folium-map").bounding_box()
    seen = []
    for line in range(2, 6):  # the imported labs stand at 35.68 N, 139.70 + line/100 E
        probe.page.evaluate("""(lon) => {
            const config = JSON.parse(document.getElementById('atlas-config').textContent);
            window[config.map].closePopup();
            window[config.map].setView([35.68, lon], 16, {animate: false});
        }""", 139.70 + line / 100)
        probe.page.wait_for_timeout(400)
        probe.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tooltip = probe.page.locator(".leaflet-tooltip")
        tooltip.last.wait_for(timeout=5_000)
        probe.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        popup = probe.page.locator(".atlas-popup")
        popup.wait_for(timeout=5_000)
        # At this zoom every point carries its name: the hostile name is one of the labels.
        seen.append((tooltip.all_inner_texts(), popup.inner_text()))
    for (tips, text), hostile in zip(seen, HOSTILE):
        assert any(hostile[:30] in tip for tip in tips)
        assert hostile[:30] in text
    assert_clean(probe, "map popups")


def test_applicant_and_coordinator_pages_show_hostile_text_as_text(hostile_probe, hostile_server):
    probe = hostile_probe
    login(probe, "applicant@example.org")
    for application in hostile_server["applications"]:
        for path in (f"/applications/{application}", f"/applications/{application}/score"):
            probe.goto(path)
            assert_clean(probe, path)
    probe.goto(f"/applications/{hostile_server['applications'][0]}")
    assert HOSTILE[0] in probe.page.locator("main").inner_text()
    probe.page.context.clear_cookies()
    login(probe, "coordinator@example.org")
    for path in ["/review", *(f"/review/{a}" for a in hostile_server["applications"])]:
        probe.goto(path)
        assert_clean(probe, path)


def test_registration_echoes_hostile_input_as_text(hostile_probe):
    probe = hostile_probe
    probe.goto("/account/register")
    probe.page.fill("input[name=email]", '"><script>alert("reg")</script>@example.org')
    probe.page.fill("input[name=password]", "`${alert('pw')}`")
    probe.page.fill("input[name=confirm]", "`${alert('pw')}`")
    probe.page.click("form button[type=submit], form input[type=submit]")
    probe.page.wait_for_load_state()
    assert_clean(probe, "registration")
