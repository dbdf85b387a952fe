"""Lab staff keep their list: a form and their own Excel/CSV list, all or nothing, their organisation only."""
from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from hubs.core.extensions import db
from hubs.equipment.models import Equipment
from hubs.organizations.models import Organization
from tests.equipment.test_booking_pages import lab_staff  # noqa: F401  (the fixture)

JA = {"Accept-Language": "ja"}
NEW_ROW = {"key": "tohoku-new-1", "name_ja": "新しい走査電子顕微鏡", "category": "sem", "maker": "日本電子",
           "model": "JSM-IT800", "year": "2024", "fields": "材料;計測・標準", "bookable": "はい",
           "rate_jpy": "3,500", "rate_unit": "1時間", "source": "https://www.example.ac.jp/equipment/sem",
           "checked_on": "2026-12-01"}


def _machines(app, key: str = "univ-tohoku") -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Equipment).join(Equipment.organization)
                                 .where(Organization.key == key))


def _list_csv(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _upload(client, auth, data: bytes, name: str = "list.csv", dry_run: bool = False):
    form = {"file": (io.BytesIO(data), name), "csrf_token": auth.csrf("/lab/equipment")}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/lab/equipment", data=form, content_type="multipart/form-data", headers=JA)


def test_only_lab_staff_and_admins_reach_the_list(client, auth, users, lab_staff):  # noqa: F811
    assert client.get("/lab/equipment").status_code == 302  # to the login page
    auth.login(users["alice"])
    assert client.get("/lab/equipment").status_code == 403
    auth.logout()
    auth.login(users["dave"])  # the admin
    assert client.get("/lab/equipment").status_code == 404  # an admin names the organisation
    auth.logout()
    auth.login(lab_staff["tohoku"])
    page = client.get("/lab/equipment", headers=JA)
    assert page.status_code == 200
    assert "東北大学" in page.get_data(as_text=True)


def test_the_export_imports_back_unchanged(app, client, auth, lab_staff):  # noqa: F811
    auth.login(lab_staff["tohoku"])
    exported = client.get("/lab/equipment.csv")
    assert exported.status_code == 200 and exported.get_data().startswith(b"\xef\xbb\xbf")
    before = _machines(app)
    report = _upload(client, auth, exported.get_data())
    assert report.status_code == 200
    text = report.get_data(as_text=True)
    assert text.count('class="import-unchanged"') == before > 0
    assert 'class="import-create"' not in text and 'class="import-update"' not in text
    assert _machines(app) == before
    json_twin = client.get("/api/v1/lab/equipment").get_json()
    assert json_twin["columns"][0] == "id" and len(json_twin["machines"]) == before


def test_a_list_with_a_bad_row_changes_nothing_and_names_the_row(app, client, auth, lab_staff):  # noqa: F811
    auth.login(lab_staff["tohoku"])
    before = _machines(app)
    bad = {**NEW_ROW, "key": "tohoku-new-2", "category": "teleporter", "rate_jpy": "三千円"}
    response = _upload(client, auth, _list_csv([NEW_ROW, bad]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "teleporter" in page and "分類" in page  # the column named in Japanese
    assert _machines(app) == before


def test_a_good_list_in_shift_jis_adds_the_machine(app, client, auth, lab_staff):  # noqa: F811
    auth.login(lab_staff["tohoku"])
    before = _machines(app)
    dry = _upload(client, auth, _list_csv([NEW_ROW], "cp932"), dry_run=True)
    assert dry.status_code == 200 and _machines(app) == before
    response = _upload(client, auth, _list_csv([NEW_ROW], "cp932"))
    assert response.status_code == 200
    assert _machines(app) == before + 1
    with app.app_context():
        item = db.session.scalar(select(Equipment).where(Equipment.key == "tohoku-new-1"))
        assert item.rate_jpy == 3500 and item.rate_unit == "hour" and item.bookable is True
        assert item.fields == "materials;measurement"


def test_staff_cannot_touch_another_organisations_machine(app, client, auth, lab_staff):  # noqa: F811
    with app.app_context():
        other = db.session.scalar(select(Equipment).join(Equipment.organization)
                                  .where(Organization.key != "univ-tohoku").limit(1))
        other_id, other_name, other_key = other.id, other.name_ja, other.key
    auth.login(lab_staff["tohoku"])
    by_id = _upload(client, auth, _list_csv([{**NEW_ROW, "id": str(other_id), "key": "", "name_ja": "乗っ取り"}]))
    assert by_id.status_code == 422
    by_key = _upload(client, auth, _list_csv([{**NEW_ROW, "key": other_key, "name_ja": "乗っ取り"}]))
    assert by_key.status_code == 422
    with app.app_context():
        assert db.session.get(Equipment, other_id).name_ja == other_name
    # Staff always see their own organisation, whatever ?org= says.
    assert client.get(f"/api/v1/lab/equipment?org={other_id}").get_json()["organization"]["name_ja"] == "東北大学"


def test_one_machine_by_form(app, client, auth, lab_staff):  # noqa: F811
    auth.login(lab_staff["tohoku"])
    before = _machines(app)
    token = auth.csrf("/lab/equipment")
    wrong = client.post("/lab/equipment/one", data={**NEW_ROW, "checked_on": "明日", "csrf_token": token}, headers=JA)
    assert wrong.status_code == 422 and "YYYY-MM-DD" in wrong.get_data(as_text=True)
    assert _machines(app) == before
    saved = client.post("/lab/equipment/one", data={**NEW_ROW, "csrf_token": token})
    assert saved.status_code == 302
    assert _machines(app) == before + 1
