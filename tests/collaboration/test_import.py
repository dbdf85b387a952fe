"""Replacing the SINET backbone: admin-only, all or nothing, every bad row named."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from hubs.collaboration import current_backbone
from hubs.collaboration.imports import BackboneImportError, read_csv_text, validate_backbone
from hubs.organizations.seed import seed_database

SEED = Path(__file__).resolve().parents[2] / "seed_data"
NODES = (SEED / "sinet_nodes.csv").read_text(encoding="utf-8")
LINKS = (SEED / "sinet_links.csv").read_text(encoding="utf-8")


def okinawa_capacity(client) -> float:
    nodes = client.get("/api/v1/sinet/nodes").get_json()["features"]
    return next(f for f in nodes if f["properties"]["prefecture_code"] == "47")["properties"]["capacity_gbps"]


def upgraded_nodes() -> str:
    """The seed nodes with Okinawa upgraded to 400 Gbps."""
    lines = NODES.splitlines()
    lines = [line.replace(",100,", ",400,") if line.startswith("naha,") else line for line in lines]
    assert lines != NODES.splitlines()
    return "\n".join(lines) + "\n"


def broken_files() -> tuple[str, str]:
    """Two bad node rows (rows 3 and 5) and two bad link rows (rows 2 and 4)."""
    nodes = NODES.splitlines()
    header = nodes[0].split(",")
    lat, cap = header.index("lat"), header.index("capacity_gbps")
    row3 = nodes[3].split(",")
    row3[lat] = "north"
    nodes[3] = ",".join(row3)
    row5 = nodes[5].split(",")
    row5[cap] = "-1"
    nodes[5] = ",".join(row5)
    links = LINKS.splitlines()
    links[2] = links[2].replace(links[2].split(",")[1], "atlantis", 1)
    parts = links[4].split(",")
    parts[3] = "zero"
    links[4] = ",".join(parts)
    return "\n".join(nodes) + "\n", "\n".join(links) + "\n"


def upload(client, auth, nodes: str, links: str):
    token = auth.csrf("/admin/sinet")
    return client.post("/admin/sinet", data={
        "csrf_token": token,
        "nodes": (io.BytesIO(nodes.encode("utf-8")), "nodes.csv"),
        "links": (io.BytesIO(links.encode("utf-8")), "links.csv"),
    }, content_type="multipart/form-data")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/sinet")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_only_admins_may_import(client, auth, users, who):
    auth.login(users[who])
    assert client.get("/admin/sinet").status_code == 403
    assert client.post("/admin/sinet", data={}).status_code == 403


def test_admin_import_replaces_the_backbone(client, auth, users, app):
    auth.login(users["dave"])
    page = client.get("/admin/sinet")
    assert page.status_code == 200 and "47" in page.get_data(as_text=True)
    assert okinawa_capacity(client) == 100
    response = upload(client, auth, upgraded_nodes(), LINKS)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert okinawa_capacity(client) == 400
    with app.app_context():
        backbone = current_backbone()
        assert backbone.node("naha").capacity_gbps == 400
    page = client.get("/admin/sinet").get_data(as_text=True)
    assert "nodes.csv + links.csv" in page and users["dave"] in page


def test_a_bad_upload_imports_nothing_and_names_every_bad_row(client, auth, users):
    auth.login(users["dave"])
    nodes, links = broken_files()
    response = upload(client, auth, nodes.replace(",100,", ",400,"), links)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for row in ("nodes row 3 ", "nodes row 5 ", "links row 2 ", "links row 4 "):
        assert row in page, row
    assert "何も取り込んでいません。" in page  # "Nothing was imported.": Japanese by default
    assert okinawa_capacity(client) == 100


def test_validation_collects_all_problems():
    nodes, links = broken_files()
    with pytest.raises(BackboneImportError) as caught:
        validate_backbone(read_csv_text(nodes, "nodes"), read_csv_text(links, "links"))
    problems = caught.value.problems
    assert len(problems) == 4
    assert "lat is not a number" in problems[0] and "(line 4)" in problems[0]
    assert "capacity_gbps must be positive" in problems[1]
    assert "unknown node 'atlantis'" in problems[2]
    assert "length_km is not a number" in problems[3]


def test_whole_table_problems_are_reported(tmp_path):
    links = "\n".join(line for line in LINKS.splitlines() if "naha" not in line) + "\n"
    with pytest.raises(BackboneImportError, match="not connected"):
        validate_backbone(read_csv_text(NODES, "nodes"), read_csv_text(links, "links"))
    with pytest.raises(BackboneImportError, match="missing column"):
        validate_backbone(read_csv_text("code,lat\nx,1\n", "nodes"), read_csv_text(LINKS, "links"))
    with pytest.raises(BackboneImportError, match="not UTF-8"):
        read_csv_text("code\n東京\n".encode("shift_jis"), "nodes")


def test_cli_import_is_atomic(runner, client, tmp_path):
    good, bad_nodes, bad_links = tmp_path / "nodes.csv", tmp_path / "bad_nodes.csv", tmp_path / "bad_links.csv"
    good.write_text(upgraded_nodes(), encoding="utf-8")
    nodes, links = broken_files()
    bad_nodes.write_text(nodes, encoding="utf-8")
    bad_links.write_text(links, encoding="utf-8")
    links_file = SEED / "sinet_links.csv"
    result = runner.invoke(args=["sinet", "import", str(bad_nodes), str(bad_links)])
    assert result.exit_code != 0 and "nodes row 3" in result.output and "links row 4" in result.output
    assert okinawa_capacity(client) == 100
    result = runner.invoke(args=["sinet", "import", str(good), str(links_file)])
    assert result.exit_code == 0, result.output
    assert okinawa_capacity(client) == 400
    # `flask sinet seed` keeps an imported backbone.
    result = runner.invoke(args=["sinet", "seed"])
    assert "kept the imported backbone" in result.output
    assert okinawa_capacity(client) == 400


def test_seeding_is_idempotent(app, runner, client):
    first = client.get("/api/v1/sinet/links").get_json()["generation"]
    for _ in range(2):
        result = runner.invoke(args=["sinet", "seed"])
        assert result.exit_code == 0 and "unchanged" in result.output
    assert client.get("/api/v1/sinet/links").get_json()["generation"] == first
    with app.app_context():
        seed_database()  # what `flask seed` runs
    assert client.get("/api/v1/sinet/links").get_json()["generation"] == first
