"""The SINET path and partner finder pages, rendered over the same services as the API."""
from __future__ import annotations

from hubs.core.extensions import db
from hubs.organizations.models import Organization


def text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def tohoku_and_kyushu(app) -> tuple[int, int]:
    with app.app_context():
        a = db.session.query(Organization).filter_by(name_en="Tohoku University").one().id
        b = db.session.query(Organization).filter_by(name_en="Kyushu University").one().id
    return a, b


def test_empty_path_page_has_search_boxes_and_the_model_notice(client):
    page = text(client, "/paths?lang=en")
    assert 'name="from"' in page and 'name="to"' in page and "<datalist" in page
    assert "Modelled backbone" in page
    assert "sinet-paths.js" in page and "https://" not in page.split("<main", 1)[1].split("</main>")[0]


def test_path_page_shows_figures_hops_and_backup(app, client):
    a, b = tohoku_and_kyushu(app)
    page = text(client, f"/paths?from={a}&to={b}&lang=en")
    for piece in ('id="fig-distance"', 'id="fig-latency"', 'id="fig-hops"', 'id="fig-bottleneck"', "Backup path",
                  "Modelled backbone", "SINET6 Miyagi node", "SINET6 Fukuoka node"):
        assert piece in page, piece
    api = client.get(f"/api/v1/paths?from={a}&to={b}").get_json()["properties"]
    assert f'{api["latency_ms"]:.2f} ms' in page


def test_path_page_resolves_names_and_offers_choices(app, client):
    a, _ = tohoku_and_kyushu(app)
    page = text(client, "/paths?from=Tohoku University&to=Kyushu University&lang=en")
    assert 'id="fig-latency"' in page and f"Tohoku University #{a}" in page
    page = text(client, "/paths?from=University&to=Kyushu University&lang=en")
    assert "Several organisations match" in page and 'id="fig-latency"' not in page
    page = text(client, "/paths?from=zzzz-no-such&to=1&lang=en")
    assert "No organisation has that name" in page


def test_off_network_path_page_explains(app, client):
    a, b = tohoku_and_kyushu(app)
    with app.app_context():
        db.session.get(Organization, b).sinet_connected = "no"
        db.session.commit()
    page = text(client, f"/paths?from={a}&to={b}&lang=en")
    assert 'data-status="off_network"' in page and "not connected to SINET" in page
    assert 'id="fig-latency"' not in page


def test_path_page_errors(client):
    text(client, "/paths?from=999999&to=1", 404)


def test_partner_page_lists_reasons_and_links_csv(app, client):
    a, _ = tohoku_and_kyushu(app)
    page = text(client, f"/partners?org={a}&field=materials&lang=en")
    assert "shared field: Materials" in page and "Nearest public test lab" in page
    assert "format=csv" in page and "Modelled backbone" in page
    assert 'class="reasons"' in page
    # The results on a map beside the list, drawn from the JSON twin.
    assert 'id="partners-config"' in page and "/api/v1/partners?" in page


def test_japanese_pages_say_it_all_in_japanese(app, client):
    a, b = tohoku_and_kyushu(app)
    page = text(client, f"/partners?org={a}&field=materials")
    assert "共通の分野：材料" in page and "SINET6 宮城県ノード" in page
    assert "shared field" not in page and " hops" not in page
    page = text(client, f"/paths?from={a}&to={b}")
    assert 'id="path-status" data-status="ok">バックボーン' in page and "backbone hop" not in page
    with app.app_context():
        db.session.get(Organization, b).sinet_connected = "no"
        db.session.commit()
    page = text(client, f"/paths?from={a}&to={b}")
    assert "九州大学はSINETに接続していないため" in page and "not connected" not in page


def test_partner_page_validates_like_the_api(client):
    text(client, "/partners?org=1&field=astrology", 400)
    text(client, "/partners?org=999999", 404)
    assert "Find partners" in text(client, "/partners?lang=en")


def test_nav_links_to_the_new_pages(client):
    page = text(client, "/organizations")
    assert 'href="/paths"' in page and 'href="/partners"' in page
