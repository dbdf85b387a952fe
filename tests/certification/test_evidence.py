"""Evidence (issue 13, item 1): a narrative and evidence files per rubric indicator, part of the
revision that is submitted and frozen; files checked by content, stored outside the web root,
sent only to the owner and reviewers as attachments; every refusal changes nothing."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from hubs.certification.models import ApplicationRevision, EvidenceFile, HubApplication, RevisionFrozenError
from hubs.core.extensions import db
from tests.fixtures_accounts import GOOD_RUBRIC

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
VISION, OUTCOMES = "vision_strategy", "outcomes_impact"
NARRATIVE = "地域の大学と企業が共同で研究開発を進め、五年で三社が創業した。\n次の三年で海外連携を広げる。"


def xlsx(macros: bool = False) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["指標", "値"])
    book.active.append(["共同研究", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    if not macros:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return out.getvalue()


def multipart(fields: dict[str, str], data: bytes, name: str) -> tuple[bytes, str]:
    """A multipart/form-data body built in memory (the test client would spool a large one to
    a temporary file that it never closes)."""
    boundary = "atlas-evidence-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(client, tokens, app_id, data=PDF, name="計画書.pdf", indicator=VISION, who="alice"):
    body, content_type = multipart({"indicator": indicator}, data, name)
    return client.post(f"/api/v1/applications/{app_id}/evidence", headers=tokens[who], data=body,
                       content_type=content_type)


def state(app, app_id=None) -> tuple:
    """Everything a refusal must leave as it was: evidence rows, narratives, revisions, stored files."""
    with app.app_context():
        rows = sorted(db.session.execute(select(EvidenceFile.id, EvidenceFile.revision_id, EvidenceFile.sha256)).all())
        revisions = sorted(db.session.execute(select(
            ApplicationRevision.id, ApplicationRevision.narratives_json, ApplicationRevision.values_json,
            ApplicationRevision.submitted_at)).all())
        status = db.session.get(HubApplication, app_id).status if app_id else None
        folder = Path(app.config["ATLAS_EVIDENCE_DIR"])
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return rows, revisions, status, files


def test_evidence_is_stored_outside_the_web_root_and_sent_as_an_attachment(app, client, tokens, make_application):
    app_id = make_application(status="draft")
    response = upload(client, tokens, app_id)
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    digest = hashlib.sha256(PDF).hexdigest()
    assert item["name"] == "計画書.pdf" and item["size"] == len(PDF) and item["content_type"] == "application/pdf"
    assert item["indicator"] == VISION and item["sha256"] == digest
    # On disk under the instance folder, named by content, never by the uploaded name, never under static/.
    stored = Path(app.config["ATLAS_EVIDENCE_DIR"]) / digest[:2] / digest
    assert stored.read_bytes() == PDF
    assert stored.stat().st_mode & 0o077 == 0  # readable by the portal's user only
    assert Path(app.instance_path) in stored.parents
    assert Path(app.static_folder) not in stored.parents
    # The application's JSON lists it with its download URL.
    body = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert [(e["id"], e["name"], e["url"]) for e in body["evidence"]] == [(item["id"], "計画書.pdf", item["url"])]
    for who in ("alice", "carol", "dave"):  # the owner and the reviewers
        got = client.get(item["url"], headers=tokens[who])
        assert got.status_code == 200, who
        assert got.data == PDF
        assert got.mimetype == "application/pdf"
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        disposition = got.headers["Content-Disposition"]
        assert disposition.startswith("attachment") and "filename*=UTF-8''%E8%A8%88%E7%94%BB%E6%9B%B8.pdf" in disposition


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (xlsx(), "実績.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (PNG, "写真.png", "image/png"), (JPEG, "photo.JPG", "image/jpeg"), (JPEG, "photo.jpeg", "image/jpeg"),
])
def test_workbooks_and_images_are_accepted_by_content(client, tokens, make_application, data, name, content_type):
    app_id = make_application(status="draft")
    response = upload(client, tokens, app_id, data, name)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["content_type"] == content_type
    got = client.get(response.get_json()["url"], headers=tokens["alice"])
    assert got.mimetype == content_type and got.data == data


def test_a_file_larger_than_the_request_limit_of_other_uploads_is_accepted(client, tokens, make_application, app):
    """The portal's requests stop at 8 MB; evidence goes to its own cap (10 MB by default)."""
    assert app.config["MAX_CONTENT_LENGTH"] < 9 * 1024 * 1024 <= app.config["ATLAS_EVIDENCE_MAX_BYTES"]
    app_id = make_application(status="draft")
    response = upload(client, tokens, app_id, PDF + b"0" * (9 * 1024 * 1024))
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("over", [1, 5 * 1024 * 1024], ids=["one byte over", "far over"])
def test_an_oversized_file_is_refused_with_413_and_changes_nothing(client, tokens, make_application, app, over):
    app_id = make_application(status="draft")
    app.config["ATLAS_EVIDENCE_MAX_BYTES"] = 64 * 1024
    before = state(app, app_id)
    response = upload(client, tokens, app_id, PDF + b"0" * (64 * 1024 - len(PDF) + over))
    assert response.status_code == 413
    problem = response.get_json()["errors"]["file"][0]
    assert problem["code"] == "too_large"
    assert problem["message_ja"] == "証拠資料のファイルは1件 0.0625 MB 以下にしてください。"
    assert "0.0625 MB" in problem["message_en"]
    assert state(app, app_id) == before


@pytest.mark.parametrize(("data", "name", "code"), [
    (EXE, "report.pdf", "file_type"),
    (HTML, "report.pdf", "file_type"),
    (HTML, "report.html", "file_type"),
    (PNG, "report.pdf", "name_mismatch"),
    (PDF, "report.exe", "name_mismatch"),
    (PDF, "report", "name_mismatch"),
    (plain_zip(), "data.xlsx", "file_type"),
    (xlsx(macros=True), "data.xlsx", "macros"),
    (b"", "empty.pdf", "empty"),
], ids=["exe as pdf", "html as pdf", "html", "png as pdf", "pdf as exe", "no extension", "zip as xlsx", "xlsm",
        "empty"])
def test_a_disguised_or_unknown_file_is_refused_with_400_and_changes_nothing(
        client, tokens, make_application, app, data, name, code):
    app_id = make_application(status="draft")
    before = state(app, app_id)
    response = upload(client, tokens, app_id, data, name)
    assert response.status_code == 400
    problem = response.get_json()["errors"]["file"][0]
    assert problem["code"] == code
    assert problem["message_ja"] and problem["message_ja"] != problem["message_en"]
    assert state(app, app_id) == before


def test_too_many_files_are_refused_per_indicator_and_per_application(client, tokens, make_application, app):
    app_id = make_application(status="draft")
    app.config.update(ATLAS_EVIDENCE_MAX_FILES=2, ATLAS_EVIDENCE_MAX_FILES_PER_REVISION=3)
    for n in range(2):
        assert upload(client, tokens, app_id, PDF + bytes([n]), f"{n}.pdf").status_code == 201
    before = state(app, app_id)
    third = upload(client, tokens, app_id, PNG, "3.png")
    assert third.status_code == 422
    assert third.get_json()["errors"]["file"][0]["code"] == "too_many"
    assert "2" in third.get_json()["errors"]["file"][0]["message_ja"]
    assert state(app, app_id) == before
    assert upload(client, tokens, app_id, PNG, "3.png", indicator=OUTCOMES).status_code == 201
    before = state(app, app_id)
    fourth = upload(client, tokens, app_id, JPEG, "4.jpg", indicator=OUTCOMES)
    assert fourth.status_code == 422 and fourth.get_json()["errors"]["file"][0]["code"] == "too_many"
    assert state(app, app_id) == before


def test_an_unknown_indicator_is_refused(client, tokens, make_application, app):
    app_id = make_application(status="draft")
    before = state(app, app_id)
    response = upload(client, tokens, app_id, indicator="joint_research")  # a number, not a rubric item
    assert response.status_code == 422
    assert response.get_json()["errors"]["indicator"][0]["code"] == "unknown"
    assert state(app, app_id) == before


def test_narratives_are_saved_and_an_overlong_one_changes_nothing(client, tokens, make_application, app):
    app_id = make_application(status="draft")
    url = f"/api/v1/applications/{app_id}/narratives"
    saved = client.put(url, headers=tokens["alice"], json={"narratives": {VISION: NARRATIVE, OUTCOMES: "あ" * 2000}})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["narratives"] == {VISION: NARRATIVE, OUTCOMES: "あ" * 2000}
    before = state(app, app_id)
    too_long = client.put(url, headers=tokens["alice"], json={"narratives": {VISION: "い" * 2001}})
    assert too_long.status_code == 422
    assert "narratives" in str(too_long.get_json()["errors"])
    unknown = client.put(url, headers=tokens["alice"], json={"narratives": {"joint_research": "x"}})
    assert unknown.status_code == 422
    assert state(app, app_id) == before
    # An empty narrative removes it; the others stay.
    cleared = client.put(url, headers=tokens["alice"], json={"narratives": {OUTCOMES: ""}})
    assert cleared.get_json()["narratives"] == {VISION: NARRATIVE}


def test_the_edit_page_saves_narratives_and_refuses_an_overlong_one_beside_the_field(
        client, auth, users, make_application, app):
    app_id = make_application(status="draft")
    auth.login(users["alice"])
    page = client.get(f"/applications/{app_id}/edit?step=1").get_data(as_text=True)
    assert f'name="narrative-{VISION}"' in page and 'maxlength="2000"' in page and "2,000文字以内" in page
    token = auth.csrf(f"/applications/{app_id}/edit")
    # A browser sends line breaks as CRLF; each counts as one character.
    text = "あ" * 1000 + "\r\n" + "い" * 999
    saved = client.post(f"/applications/{app_id}/edit?step=1",
                        data={"csrf_token": token, f"narrative-{VISION}": text, "action": "save"})
    assert saved.status_code == 302
    assert client.get(f"/api/v1/applications/{app_id}").get_json()["narratives"][VISION] == text.replace("\r\n", "\n")
    # The application page shows it to the applicant before submission, with a way back to edit it.
    overview = client.get(f"/applications/{app_id}").get_data(as_text=True)
    assert "説明と証拠資料" in overview and "あ" * 1000 in overview and f"#evidence-{VISION}" in overview
    before = state(app, app_id)
    refused = client.post(f"/applications/{app_id}/edit?step=1",
                          data={"csrf_token": token, f"narrative-{VISION}": "う" * 2001, "action": "save"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert f'id="err-narrative-{VISION}"' in html and "2,000文字以内" in html and "2,001" in html
    assert state(app, app_id) == before


def test_the_edit_page_uploads_lists_and_removes_evidence(client, auth, users, make_application, app):
    app_id = make_application(status="draft")
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}/edit")
    posted = client.post(f"/applications/{app_id}/evidence", content_type="multipart/form-data", data={
        "csrf_token": token, "indicator": OUTCOMES, "file": (io.BytesIO(PDF), "成果報告.pdf")})
    assert posted.status_code == 302
    assert f"evidence-{OUTCOMES}" in posted.headers["Location"]
    page = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "成果報告.pdf" in page
    with app.app_context():
        evidence_id = db.session.scalar(select(EvidenceFile.id))
    assert client.get(f"/applications/{app_id}/evidence/{evidence_id}").headers["Content-Disposition"].startswith(
        "attachment")
    # A disguised file: the page says why, beside the indicator's upload, in Japanese; nothing changes.
    before = state(app, app_id)
    refused = client.post(f"/applications/{app_id}/evidence", content_type="multipart/form-data", data={
        "csrf_token": token, "indicator": OUTCOMES, "file": (io.BytesIO(HTML), "偽物.pdf")})
    assert refused.status_code == 400
    assert f'id="err-evidence-{OUTCOMES}"' in refused.get_data(as_text=True)
    assert "PDF" in refused.get_data(as_text=True) and "画像" in refused.get_data(as_text=True)
    assert state(app, app_id) == before
    removed = client.post(f"/applications/{app_id}/evidence/{evidence_id}/delete", data={"csrf_token": token})
    assert removed.status_code == 302
    rows, _, _, files = state(app, app_id)
    assert rows == [] and files == []


def _submitted_with_evidence(client, tokens, make_application, app):
    app_id = make_application(status="draft")
    item = upload(client, tokens, app_id).get_json()
    assert client.put(f"/api/v1/applications/{app_id}/narratives", headers=tokens["alice"],
                      json={"narratives": {VISION: NARRATIVE}}).status_code == 200
    assert client.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"]).status_code == 200
    return app_id, item


def test_a_submitted_revision_keeps_its_narratives_and_evidence(client, auth, users, tokens, make_application, app):
    app_id, item = _submitted_with_evidence(client, tokens, make_application, app)
    before = state(app, app_id)
    attempts = [
        upload(client, tokens, app_id, PNG, "後から.png"),
        client.delete(f"/api/v1/applications/{app_id}/evidence/{item['id']}", headers=tokens["alice"]),
        client.put(f"/api/v1/applications/{app_id}/narratives", headers=tokens["alice"],
                   json={"narratives": {VISION: "書き換え"}}),
    ]
    for response in attempts:
        assert response.status_code == 409
        assert response.get_json()["message"].endswith("提出された版とともに固定されています。")
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}")
    page_attempts = [
        client.post(f"/applications/{app_id}/evidence", content_type="multipart/form-data", data={
            "csrf_token": token, "indicator": VISION, "file": (io.BytesIO(PNG), "後から.png")}),
        client.post(f"/applications/{app_id}/evidence/{item['id']}/delete", data={"csrf_token": token}),
    ]
    assert [r.status_code for r in page_attempts] == [409, 409]
    assert "固定" in page_attempts[0].get_data(as_text=True)
    assert state(app, app_id) == before
    # Below the operations, the database layer refuses too.
    with app.app_context():
        revision = db.session.get(HubApplication, app_id).current_revision
        revision.evidence.append(EvidenceFile(indicator=VISION, original_name="x.pdf", sha256="0" * 64,
                                              content_type="application/pdf", size=1))
        with pytest.raises(RevisionFrozenError):
            db.session.flush()
        db.session.rollback()
        revision = db.session.get(HubApplication, app_id).current_revision
        revision.narratives_json = '{"vision_strategy": "x"}'
        with pytest.raises(RevisionFrozenError):
            db.session.flush()
        db.session.rollback()
    assert state(app, app_id) == before


def test_a_returned_application_carries_narratives_and_evidence_into_its_next_revision(
        client, tokens, make_application, app):
    app_id, item = _submitted_with_evidence(client, tokens, make_application, app)
    proposal = client.post(f"/api/v1/applications/{app_id}/decision", headers=tokens["carol"], json={
        "decision": "return", "comment": "成果の根拠を追加してください。", "rubric_scores": GOOD_RUBRIC}).get_json()
    confirmed = client.post(f"/api/v1/applications/{app_id}/decision/confirm", headers=tokens["dave"],
                            json={"proposal": proposal["decision"]["proposal"]})
    assert confirmed.get_json()["status"] == "returned"
    body = client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()
    assert body["revision"] == 2 and body["narratives"] == {VISION: NARRATIVE}
    [carried] = body["evidence"]
    assert carried["id"] != item["id"] and carried["sha256"] == item["sha256"] and carried["name"] == item["name"]
    # The new draft can change; the submitted revision 1 keeps its file, which stays on disk.
    assert client.delete(carried["url"], headers=tokens["alice"]).status_code == 204
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens["alice"]).get_json()["evidence"] == []
    old = client.get(item["url"], headers=tokens["carol"])
    assert old.status_code == 200 and old.data == PDF
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EvidenceFile)) == 1


def test_reviewers_see_narrative_and_evidence_beside_each_rubric_level(client, auth, users, tokens,
                                                                       make_application, app):
    app_id, item = _submitted_with_evidence(client, tokens, make_application, app)
    auth.login(users["carol"])
    html = client.get(f"/review/{app_id}").get_data(as_text=True)
    legend = html.index(f'name="rubric-{VISION}"')
    narrative = html.index("地域の大学と企業が共同で研究開発を進め")
    link = html.index(f"/applications/{app_id}/evidence/{item['id']}")
    fieldset = html.rfind("<fieldset", 0, legend)
    assert fieldset < narrative < legend and fieldset < link < legend  # inside the indicator's fieldset
    assert "申請者の説明" in html and "計画書.pdf" in html


def test_another_applicant_can_neither_download_nor_attach(client, auth, users, tokens, make_application, app):
    app_id, item = _submitted_with_evidence(client, tokens, make_application, app)
    other = make_application(owner="bob", status="draft")
    before = state(app, app_id)
    assert client.get(item["url"], headers=tokens["bob"]).status_code == 404
    assert upload(client, tokens, app_id, who="bob").status_code == 404
    assert client.delete(f"/api/v1/applications/{app_id}/evidence/{item['id']}", headers=tokens["bob"]).status_code == 404
    # Bob's own application does not open Alice's file either.
    assert client.get(f"/api/v1/applications/{other}/evidence/{item['id']}", headers=tokens["bob"]).status_code == 404
    auth.login(users["bob"])
    assert client.get(f"/applications/{app_id}/evidence/{item['id']}").status_code == 404
    client.delete_cookie("session")
    assert client.get(item["url"]).status_code == 401
    assert client.get(f"/applications/{app_id}/evidence/{item['id']}").status_code == 302
    assert state(app, app_id) == before


def test_the_edit_page_refuses_an_oversized_file_in_japanese(client, auth, users, make_application, app):
    app_id = make_application(status="draft")
    app.config["ATLAS_EVIDENCE_MAX_BYTES"] = 64 * 1024
    auth.login(users["alice"])
    token = auth.csrf(f"/applications/{app_id}/edit")
    before = state(app, app_id)
    for size in (64 * 1024 + 1, 2 * 1024 * 1024):  # over the file cap; over the whole request's cap
        body, content_type = multipart({"csrf_token": token, "indicator": VISION}, PDF + b"0" * size, "大きい.pdf")
        response = client.post(f"/applications/{app_id}/evidence", data=body, content_type=content_type)
        assert response.status_code == 413
        assert "証拠資料のファイルは1件 0.0625 MB 以下にしてください。" in response.get_data(as_text=True)
    assert state(app, app_id) == before


def test_one_content_is_stored_once_and_kept_while_any_row_refers_to_it(client, tokens, make_application, app):
    app_id = make_application(status="draft")
    first = upload(client, tokens, app_id, PDF, "a.pdf", VISION).get_json()
    second = upload(client, tokens, app_id, PDF, "b.pdf", OUTCOMES).get_json()
    assert first["sha256"] == second["sha256"] and len(state(app, app_id)[3]) == 1
    assert client.delete(first["url"], headers=tokens["alice"]).status_code == 204
    assert len(state(app, app_id)[3]) == 1
    assert client.get(second["url"], headers=tokens["alice"]).data == PDF
    assert client.delete(second["url"], headers=tokens["alice"]).status_code == 204
    assert state(app, app_id)[3] == []


def test_an_upload_racing_a_submission_is_refused_and_leaves_no_trace(client, tokens, make_application, app,
                                                                      more_apps, monkeypatch):
    """The applicant submits in one tab while a file is still being checked in another: the
    submission wins (optimistic lock); the upload gets 409 and its file is not kept."""
    from hubs.certification import evidence

    app_id = make_application(status="draft")
    other_tab = more_apps().test_client()
    checked = evidence.check_file

    def check_then_submit_elsewhere(filename, data):
        result = checked(filename, data)
        submitted = other_tab.post(f"/api/v1/applications/{app_id}/submit", headers=tokens["alice"])
        assert submitted.status_code == 200
        return result

    monkeypatch.setattr(evidence, "check_file", check_then_submit_elsewhere)
    response = upload(client, tokens, app_id, PNG, "遅れた.png")
    assert response.status_code == 409
    assert response.get_json()["message"] == "この申請はその間に変更されました。読み込み直してからもう一度お試しください。"
    rows, revisions, status, files = state(app, app_id)
    assert status == "submitted" and rows == [] and files == []


def test_prune_deletes_only_files_no_revision_refers_to(client, tokens, make_application, app, runner):
    app_id = make_application(status="draft")
    kept = upload(client, tokens, app_id).get_json()
    stray = Path(app.config["ATLAS_EVIDENCE_DIR"]) / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(PNG)  # e.g. left behind when an account and its applications were deleted
    result = runner.invoke(args=["certification", "prune-evidence"])
    assert result.exit_code == 0 and "evidence files deleted: 1" in result.output
    assert not stray.exists()
    assert client.get(kept["url"], headers=tokens["alice"]).data == PDF
