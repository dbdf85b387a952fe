"""Keyset pages on the certification collections (issue 16): ``limit`` and ``cursor`` as on
``/api/v1/organizations``, ascending ids, ``next`` in the body and a ``Link`` header, a bad
cursor or limit refused with 400 naming it."""
from __future__ import annotations

from sqlalchemy import select

from hubs.core.extensions import db
from hubs.organizations.models import Organization


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


def _universities(app, n: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Organization.id).where(Organization.kind == "university")
                                       .order_by(Organization.id).limit(n)))


def test_affiliations_come_in_pages(client, tokens, app):
    made = []
    for university in _universities(app, 3):
        response = client.post("/api/v1/affiliations", headers=tokens["bob"], json={"organization_id": university})
        assert response.status_code == 201, response.get_json()
        made.append(response.get_json()["id"])
    assert len(made) == 3
    assert walk(client, "/api/v1/affiliations?limit=1", "affiliations", tokens["bob"]) == sorted(made)
    # The coordinators' work list comes whole on every page of their own links.
    for university in _universities(app, 2):
        assert client.post("/api/v1/affiliations", headers=tokens["carol"],
                           json={"organization_id": university}).status_code == 201
    first = client.get("/api/v1/affiliations?limit=1", headers=tokens["carol"]).get_json()
    later = client.get(first["next"], headers=tokens["carol"]).get_json()
    assert len(first["affiliations"]) == len(later["affiliations"]) == 1
    assert {p["id"] for p in first["pending"]} >= set(made) and later["pending"] == first["pending"]
    refused(client, "/api/v1/affiliations", tokens["bob"])


def test_decisions_come_in_pages_newest_first_and_keep_the_application(client, tokens, make_application):
    first = make_application(status="returned")
    make_application(status="returned")
    body = client.get("/api/v1/review/decisions", headers=tokens["carol"]).get_json()
    ids = [d["id"] for d in body["decisions"]]
    assert len(ids) >= 4 and body["next"] is None and ids == sorted(ids, reverse=True)
    assert walk(client, "/api/v1/review/decisions?limit=1", "decisions", tokens["carol"]) == ids
    mine = [d["id"] for d in body["decisions"] if d["application_id"] == first]
    assert len(mine) == 2  # proposed and confirmed
    assert walk(client, f"/api/v1/review/decisions?application={first}&limit=1", "decisions", tokens["carol"]) == mine
    refused(client, "/api/v1/review/decisions", tokens["carol"])
    refused(client, f"/api/v1/review/decisions?application={first}", tokens["carol"])


def test_the_review_queue_is_a_capped_work_list_oldest_first(app, client, tokens, make_application):
    waiting = [make_application(status="submitted") for _ in range(3)]
    whole = client.get("/api/v1/review/queue", headers=tokens["carol"]).get_json()
    assert [row["id"] for row in whole["applications"]] == waiting and whole["total"] == 3
    app.config["ATLAS_MAX_FEATURES"] = 2
    capped = client.get("/api/v1/review/queue", headers=tokens["carol"]).get_json()
    assert [row["id"] for row in capped["applications"]] == waiting[:2] and capped["total"] == 3


def test_the_new_pages_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/lab/equipment", "/api/v1/affiliations", "/api/v1/review/decisions"):
        operation = document["paths"][path]["get"]
        assert {"limit", "cursor"} <= {p["name"] for p in operation["parameters"]}, path
        assert "Link" in operation["responses"]["200"]["headers"], path
    assert "total" in document["components"]["schemas"]["ReviewQueue"]["properties"]
    assert "cursor" not in {p["name"] for p in document["paths"]["/api/v1/review/queue"]["get"].get("parameters", [])}
