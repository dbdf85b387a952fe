"""Heavy anonymous reads (issue 11, class 2): junk parameters build no answer at all, equal
requests share one cached answer, no
answer lists an unbounded number of organisations, and expensive anonymous reads are
rate-limited per client (configurable); people logged in are not counted."""
from __future__ import annotations

from tests.conftest import make_app


def test_junk_parameters_build_nothing_and_equal_requests_share_one_answer(client):
    from hubs.core.cache import cached_bytes

    client.get("/api/v1/organizations?zoom=5")
    before = cached_bytes()
    for n in range(20):
        junk = client.get(f"/api/v1/organizations?zoom=5&junk={n}")
        assert junk.status_code == 400 and junk.get_json()["parameter"] == "junk"  # undeclared: refused
    assert cached_bytes() == before
    # The same question asked in other words (order, list forms) is one cached answer.
    first = client.get("/api/v1/organizations?zoom=5&kind=university,hub")
    second = client.get("/api/v1/organizations?kind=hub&kind=university&zoom=5")
    assert first.status_code == second.status_code == 200
    assert first.headers["ETag"] == second.headers["ETag"]


def test_a_list_without_zoom_comes_in_pages_no_larger_than_the_cap(app, tmp_path):
    from hubs.organizations.synthetic import add_synthetic

    with app.app_context():
        add_synthetic(3500)
    capped = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_MAX_FEATURES=3200)
    client = capped.test_client()
    page = client.get("/api/v1/organizations?lang=en")
    assert page.status_code == 200
    body = page.get_json()
    assert len(body["features"]) == 1000 and body["total"] > 4000 and body["next"]
    assert client.get("/api/v1/organizations?limit=3201").status_code == 400
    assert len(client.get("/api/v1/organizations?limit=3200").get_json()["features"]) == 3200
    zoomed = client.get("/api/v1/organizations?zoom=5")
    assert zoomed.status_code == 200 and zoomed.get_json()["aggregated"] is True
    assert client.get("/api/v1/organizations/export?format=csv").status_code == 200
    assert client.get("/api/v1/organizations?synthetic=exclude").status_code == 200  # few matches: points


def test_expensive_anonymous_reads_are_rate_limited(app, tmp_path, users):
    limited = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_ANONYMOUS_READ_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    paths = ["/api/v1/organizations?zoom=5", "/api/v1/choropleth", "/api/v1/clusters", "/api/v1/specialisation"]
    codes = [client.get(p).status_code for p in paths]
    assert codes == [200, 200, 200, 429]  # one budget for all expensive reads
    assert client.get("/api/v1/prefectures").status_code == 200  # cheap, cached reads are free
    from tests.fixtures_accounts import bearer

    headers = bearer(client, users["alice"])
    assert all(client.get(p, headers=headers).status_code == 200 for p in paths)
