"""Keyset pagination of /api/v1/organizations without zoom (issue 16): pages ordered by id,
``limit`` bounded by the configuration, an opaque ``cursor``, the next page named in the body
and in an RFC 8288 ``Link`` header, all of it in the OpenAPI document."""
from __future__ import annotations

import re

from hubs.core.extensions import db
from hubs.organizations.models import Organization
from tests.conftest import make_app


def walk(client, url: str) -> tuple[list[int], list[dict]]:
    """Follow ``next`` from ``url`` to the end; the ids seen and every page's body."""
    ids, pages = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        link = response.headers.get("Link")
        if body["next"]:
            assert link == f'<{body["next"]}>; rel="next"'
        else:
            assert link is None
        ids += [f["id"] for f in body["features"]]
        pages.append(body)
        url = body["next"]
    return ids, pages


def test_walking_the_pages_gives_every_organisation_once_in_id_order(app, client):
    with app.app_context():
        everything = sorted(db.session.scalars(db.select(Organization.id)))
    ids, pages = walk(client, "/api/v1/organizations?limit=100")
    assert ids == everything
    assert [len(p["features"]) for p in pages[:-1]] == [100] * (len(pages) - 1)
    assert {p["total"] for p in pages} == {len(everything)}
    assert pages[-1]["next"] is None


def test_the_next_link_keeps_the_filters(client):
    ids, pages = walk(client, "/api/v1/organizations?kind=university&prefecture=13&limit=5&lang=en")
    assert len(pages) > 1
    assert all("kind=university" in p["next"] and "prefecture=13" in p["next"] and "lang=en" in p["next"]
               for p in pages[:-1])
    assert all(f["properties"]["kind"] == "university" and f["properties"]["name"] == (
        f["properties"]["name_en"] or f["properties"]["name_ja"]) for p in pages for f in p["features"])
    unpaged = client.get("/api/v1/organizations?kind=university&prefecture=13").get_json()
    assert ids == [f["id"] for f in unpaged["features"]] and unpaged["next"] is None


def test_a_page_neither_skips_nor_repeats_when_rows_go_away_meanwhile(app, client):
    first = client.get("/api/v1/organizations?limit=50").get_json()
    expected = client.get(first["next"]).get_json()["features"][0]["id"]
    with app.app_context():  # an organisation of the first page is deleted after it was read
        db.session.delete(db.session.get(Organization, first["features"][10]["id"]))
        db.session.commit()
    assert client.get(first["next"]).get_json()["features"][0]["id"] == expected


def test_limit_defaults_and_is_bounded_by_the_configuration(app, tmp_path):
    small = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_PAGE_SIZE=7, ATLAS_MAX_FEATURES=20)
    client = small.test_client()
    assert len(client.get("/api/v1/organizations").get_json()["features"]) == 7
    assert len(client.get("/api/v1/organizations?limit=20").get_json()["features"]) == 20
    refused = client.get("/api/v1/organizations?limit=21&lang=en")
    assert refused.status_code == 400 and refused.get_json()["parameter"] == "limit"
    assert "20" in refused.get_json()["message"]
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/organizations"]["get"]["parameters"]}
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 20, "default": 7}
    assert "[0-9a-z]" in str(parameters["cursor"]["schema"])
    assert "Link" in document["paths"]["/api/v1/organizations"]["get"]["responses"]["200"]["headers"]
    collection = document["components"]["schemas"]["OrganizationCollection"]
    assert "next" in collection["properties"]


def test_bad_limits_and_cursors_are_refused_naming_the_parameter(client):
    for query, parameter in (("limit=0", "limit"), ("limit=x", "limit"), ("cursor=%21%21", "cursor"),
                             ("cursor=" + "z" * 7, "cursor")):
        response = client.get(f"/api/v1/organizations?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["parameter"] == parameter


def test_a_cursor_past_the_end_is_an_empty_last_page(client):
    body = client.get("/api/v1/organizations?cursor=zzzzzz").get_json()
    assert body["features"] == [] and body["next"] is None and body["total"] > 0


def test_pages_are_cached_and_conditional(client):
    first = client.get("/api/v1/organizations?limit=10")
    again = client.get("/api/v1/organizations?limit=10", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    cursor = re.search(r"cursor=([0-9a-z]+)", first.get_json()["next"]).group(1)
    assert int(cursor, 36) == first.get_json()["features"][-1]["id"]  # opaque to clients, plain to us
