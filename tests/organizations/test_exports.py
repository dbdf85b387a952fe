"""Full exports (issue 16): every match as GeoJSON, GeoJSON Text Sequences (RFC 8142) or CSV,
written once per data version into a file and sent with an ETag and byte ranges, so that
clients get 304 and GDAL reads the file by URL (``/vsicurl/``)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from hubs.core.extensions import db
from hubs.organizations.models import Organization
from tests.conftest import serving

EXPORT = "/api/v1/organizations/export"


def paged(client, query: str) -> list[dict]:
    """Every feature of ``query`` through the paginated list."""
    found, url = [], f"/api/v1/organizations?limit=200{query}"
    while url:
        body = client.get(url).get_json()
        found += body["features"]
        url = body["next"]
    return found


def test_geojson_export_holds_what_the_pages_hold(client):
    response = client.get(f"{EXPORT}?kind=university&lang=en")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    assert "organizations.geojson" in response.headers["Content-Disposition"]
    body = json.loads(response.data)
    assert body["type"] == "FeatureCollection"
    assert body["features"] == paged(client, "&kind=university&lang=en")


def test_geojson_text_sequences_are_one_feature_per_record(client):
    response = client.get(f"{EXPORT}?format=geojsonseq&prefecture=13")
    assert response.status_code == 200 and response.mimetype == "application/geo+json-seq"
    text = response.data.decode("utf-8")
    records = text.split("\x1e")
    assert records[0] == "" and all(r.endswith("\n") for r in records[1:])
    features = [json.loads(r) for r in records[1:]]
    assert features == paged(client, "&prefecture=13")
    assert all(f["type"] == "Feature" for f in features)


def test_csv_export_has_every_match_once(app, client):
    rows = list(csv.DictReader(io.StringIO(client.get(f"{EXPORT}?format=csv").data.decode("utf-8-sig"))))
    with app.app_context():
        everything = sorted(db.session.scalars(db.select(Organization.id)))
    assert [int(r["id"]) for r in rows] == everything


@pytest.mark.parametrize("fmt", ["geojsonseq", "csv"])
def test_an_export_with_no_match_reads_as_an_empty_file(client, fmt):
    # Read as a client that starts the body before reading it (not buffered): an empty file
    # ends at once and must stay ended, not be read again after it was closed.
    url = f"/api/v1/organizations/export?bbox=0,0,0.001,0.001&format={fmt}"
    for _ in range(2):  # written, then sent from the file
        response = client.open(url, buffered=False)
        assert response.status_code == 200
        body = response.get_data()
        assert body == b"" if fmt == "geojsonseq" else body.count(b"\n") == 1  # the CSV keeps its header


def test_the_old_csv_address_redirects_to_the_export(client):
    response = client.get("/api/v1/organizations?format=csv&kind=hub&encoding=sjis")
    assert response.status_code == 308
    assert response.headers["Location"].endswith(f"{EXPORT}?kind=hub&format=csv&encoding=cp932")
    followed = client.get("/api/v1/organizations?format=csv&kind=hub", follow_redirects=True)
    assert followed.status_code == 200 and followed.mimetype == "text/csv"


def test_exports_are_conditional_on_the_data_version(app, client):
    first = client.get(f"{EXPORT}?kind=hub")
    etag = first.headers["ETag"]
    assert first.data  # read whole, the file closes
    assert client.get(f"{EXPORT}?kind=hub", headers={"If-None-Match": etag}).status_code == 304
    other = client.get(f"{EXPORT}?kind=hub&format=csv", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.data.startswith(b"\xef\xbb\xbf")
    with app.app_context():
        org = db.session.scalars(db.select(Organization).where(Organization.kind == "hub")).first()
        org.name_en = "Renamed hub"
        db.session.commit()
    changed = client.get(f"{EXPORT}?kind=hub", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"Renamed hub" in changed.data


def test_byte_ranges_of_an_export(client):
    whole = client.get(EXPORT).data
    part = client.get(EXPORT, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == whole[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert part.headers["Accept-Ranges"] == "bytes"
    tail = client.get(EXPORT, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == whole[-10:]
    stale = client.get(EXPORT, headers={"Range": "bytes=0-9", "If-Range": '"not-this-version"'})
    assert stale.status_code == 200 and stale.data == whole
    beyond = client.get(EXPORT, headers={"Range": f"bytes={len(whole) + 10}-"})
    assert beyond.status_code == 416


def test_gdal_reads_the_export_by_url(app):
    pyogrio = pytest.importorskip("pyogrio")
    options = {"GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "GDAL_HTTP_MAX_RETRY": "0",
               "CPL_VSIL_CURL_USE_HEAD": "NO"}
    pyogrio.set_gdal_config_options(options)
    try:
        with serving(app) as base:
            frame = pyogrio.read_dataframe(f"/vsicurl/{base}{EXPORT}?kind=hub")
            sequence = pyogrio.read_dataframe(f"/vsicurl/{base}{EXPORT}?kind=hub&format=geojsonseq")
    finally:
        pyogrio.set_gdal_config_options(dict.fromkeys(options))
    with app.test_client() as client:
        hubs = paged(client, "&kind=hub")
    assert sorted(frame["id"]) == sorted(f["id"] for f in hubs)
    assert len(sequence) == len(hubs)
    assert frame.geometry.x.between(122, 154).all()


def test_byte_ranges_of_a_written_export_do_not_spend_the_anonymous_budget(app, tmp_path):
    from tests.conftest import make_app

    limited = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, ATLAS_ANONYMOUS_READ_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    geojsonseq = EXPORT + "?format=geojsonseq"
    whole = client.get(geojsonseq)  # writes the file: counted once
    assert whole.status_code == 200
    size = len(whole.data)
    # GDAL's /vsicurl/ reads by many ranges: none of them is counted.
    for start in range(0, min(size, 20 * 4096), 4096):
        part = client.get(geojsonseq, headers={"Range": f"bytes={start}-{start + 4095}"})
        assert part.status_code == 206, start
        assert part.data == whole.data[start:start + 4096]
    # A range of an export not written yet builds it: counted, like whole downloads.
    assert client.get(EXPORT + "?format=csv", headers={"Range": "bytes=0-99"}).status_code == 206
    assert client.get(EXPORT).status_code == 200
    assert client.get(EXPORT + "?kind=hub").status_code == 429
    assert client.get(EXPORT + "?kind=university", headers={"Range": "bytes=0-99"}).status_code == 429
    assert client.get(geojsonseq, headers={"Range": "bytes=0-99"}).status_code == 206  # still free
