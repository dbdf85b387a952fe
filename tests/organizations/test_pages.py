"""HTML pages render, escape what they show, and load nothing from outside the app."""
from __future__ import annotations

import re

import pytest

PAGES = ["/", "/organizations", "/organizations?kind=hub&region=kinki", "/org/1", "/?lang=en", "/organizations?lang=en"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", PAGES)
def test_no_external_script_or_stylesheet(client, path):
    html = client.get(path).get_data(as_text=True)
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert sources
    external = [s for s in sources if re.match(r"^(https?:)?//", s)]
    assert not external


def test_assets_are_served_by_the_app(client):
    html = client.get("/").get_data(as_text=True)
    for src in re.findall(r'(?:src|href)="(/assets/[^"]+)"', html):
        response = client.get(src)
        assert response.status_code == 200, src
        response.close()


def test_map_page_does_not_inline_the_points(client):
    html = client.get("/").get_data(as_text=True)
    assert len(html.encode()) < 30_000
    assert "東北大学" not in html


def test_table_lists_and_filters(client):
    html = client.get("/organizations?kind=aist_centre").get_data(as_text=True)
    assert "つくばセンター" in html
    assert "大学" not in re.sub(r"<(select|option)[^>]*>.*?</\1>", "", html.split("<tbody>")[1], flags=re.S)


def test_table_bad_filter_is_a_400_page(client):
    response = client.get("/organizations?kind=castle")
    assert response.status_code == 400
    assert "kind" in response.get_data(as_text=True)


def test_organization_page_shows_source_and_precision(client):
    body = client.get("/api/v1/organizations?kind=aist_centre").get_json()
    org = body["features"][0]
    html = client.get(f"/org/{org['id']}").get_data(as_text=True)
    assert org["properties"]["name_ja"] in html
    assert org["properties"]["source"].split()[0] in html


def test_unknown_organization_page_is_404(client):
    assert client.get("/org/999999").status_code == 404


def test_language_defaults_to_japanese_and_switches(client):
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/organizations").get_data(as_text=True)  # remembered
    fresh = client.application.test_client()
    assert '<html lang="en">' in fresh.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
