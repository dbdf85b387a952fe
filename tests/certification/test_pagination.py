"""Keyset pages on the certification collections (issue 16): ``limit`` and ``cursor`` as on
``/api/v1/organizations``, ascending ids, ``next`` in the body and a ``Link`` header, a bad
cursor or limit refused with 400 naming it."""
from __future__ import annotations


def walk(client, url: str, member: str, headers: dict | None = None) -> list[int]:
    """Every id of a collection, one item per page; checks the Link header matches ``next``."""
    ids: list[int] = []
    while url:
        response = client.get(url, headers=headers or {})
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert len(body[member]) <= 1
        ids += [item["id"] for item in body[member]]
        url = body["next"]
        assert (response.headers.get("Link") == f'<{url}>; rel="next"') if url else "Link" not in response.headers
    return ids


def refused(client, url: str, headers: dict | None = None) -> None:
    for bad in ("cursor=!!", "cursor=" + "z" * 7, "limit=0", "limit=abc", "limit=100000000"):
        response = client.get(f"{url}{'&' if '?' in url else '?'}{bad}", headers=headers or {})
        assert response.status_code == 400, bad
        assert response.get_json()["parameter"] == bad.split("=")[0]


def test_applications_come_in_pages(client, tokens, make_application):
    made = sorted(make_application() for _ in range(3))
    whole = [a["id"] for a in client.get("/api/v1/applications", headers=tokens["alice"]).get_json()["applications"]]
    assert whole == made
    assert walk(client, "/api/v1/applications?limit=1", "applications", tokens["alice"]) == made
    refused(client, "/api/v1/applications", tokens["alice"])


def test_notices_come_in_pages(client, tokens, make_application):
    for _ in range(2):
        make_application(status="returned")  # each decision leaves alice a notice
    body = client.get("/api/v1/notices", headers=tokens["alice"]).get_json()
    ids = [n["id"] for n in body["notices"]]
    assert len(ids) >= 2 and body["next"] is None and ids == sorted(ids, reverse=True)  # newest first
    assert walk(client, "/api/v1/notices?limit=1", "notices", tokens["alice"]) == ids
    refused(client, "/api/v1/notices", tokens["alice"])


def test_certifications_come_in_pages_and_the_csv_has_them_all(client, make_application):
    for _ in range(3):
        make_application(status="certified")
    ids = sorted(c["id"] for c in client.get("/api/v1/certifications").get_json()["certifications"])
    assert len(ids) >= 3
    assert walk(client, "/api/v1/certifications?limit=1", "certifications") == ids
    csv = client.get("/api/v1/certifications?format=csv&limit=1").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == len(ids) + 1
    refused(client, "/api/v1/certifications")
