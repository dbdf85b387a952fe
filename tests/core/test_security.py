"""Security headers, CSP nonces and embed mode."""
from __future__ import annotations

import re


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/organizations", "/api/v1/organizations?kind=hub", "/org/1", "/nope"):
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
