"""Security headers, CSP nonces and embed mode."""
from __future__ import annotations

import re


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/organizations", "/api/v1/organizations?kind=hub", "/org/1", "/nope", "/api-docs"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "'unsafe-eval'" not in csp
        assert "script-src 'self' 'nonce-" in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"]


def test_every_inline_script_carries_the_nonce(client):
    for path in ("/", "/org/1"):
        response = client.get(path)
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        html = response.get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" in tag or 'type="application/json"' in tag:
                continue
            assert f'nonce="{nonce}"' in tag, tag


def test_nonce_changes_per_request(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_embed_mode_may_be_framed_and_hides_the_header(client):
    response = client.get("/?embed=1")
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert 'class="page-map embed"' in response.get_data(as_text=True)


def test_oversize_body_is_413(client):
    response = client.post("/api/v1/auth/register", data=b"x" * (9 * 1024 * 1024),
                           content_type="application/json")
    assert response.status_code == 413


def test_api_page_serves_swagger_ui_from_the_portal(client):
    """The navigation's "API" opens a page for people; Swagger UI comes from the installed PyPI
    package (never a CDN) and runs under the same CSP as every page (no inline script at all)."""
    home = client.get("/").get_data(as_text=True)
    assert 'href="/api-docs"' in home
    response = client.get("/api-docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "ポータルの API" in html
    assert 'href="/api/v1/openapi.json"' in html
    assert "Authorization: Bearer &lt;token&gt;" in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
    assert not re.search(r"""(src|href)="(https?:)?//""", html)
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        served = client.get(f"/assets/swagger_ui/{asset}")
        assert served.status_code == 200 and len(served.data) > 100_000
        served.close()
    assert client.get("/assets/swagger_ui/../../flask_swagger_ui.py").status_code == 404
    assert "The portal's API" in client.get("/api-docs?lang=en").get_data(as_text=True)
