"""The language of one's notices and mails (issue 13, item 4): Japanese unless chosen, set on
the account page or through the API, and kept when one later logs in in another language."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path


def _mails_to(app, address: str) -> list[email.message.EmailMessage]:
    folder = Path(app.config["ATLAS_OUTBOX_DIR"])
    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
    return [m for m in mails if m["To"] == address]


def _language(client, headers: dict[str, str]) -> str:
    return client.get("/api/v1/auth/account", headers=headers).get_json()["language"]


def test_a_chosen_english_gives_english_mail_and_the_default_japanese(app, client, auth, users, make_application):
    auth.login(users["bob"])
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "通知とメールの言語" in page and '<option selected value="ja">日本語</option>' in page
    chosen = client.post("/account/language", data={"language": "en", "csrf_token": auth.csrf("/account/tokens")})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/account/tokens"
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "Notices and e-mail will be in this language." in page  # and the pages follow
    assert '<option selected value="en">English</option>' in page
    auth.logout()
    make_application(owner="bob", status="returned")
    make_application(owner="alice", status="returned")  # alice never chose: Japanese
    [to_bob] = _mails_to(app, users["bob"])
    [to_alice] = _mails_to(app, users["alice"])
    assert "was returned for changes" in to_bob["Subject"] and "Reviewers' comment: ok" in to_bob.get_content()
    assert "差し戻されました" in to_alice["Subject"] and "審査員のコメント: ok" in to_alice.get_content()


def test_the_api_reads_and_sets_the_language(client, tokens):
    assert client.get("/api/v1/auth/account", headers=tokens["alice"]).get_json() == {
        "id": client.get("/api/v1/auth/account", headers=tokens["alice"]).get_json()["id"],
        "email": "alice@example.org", "role": "applicant", "language": "ja"}
    changed = client.put("/api/v1/auth/account", headers=tokens["alice"], json={"language": "en"})
    assert changed.status_code == 200 and changed.get_json()["language"] == "en"
    assert _language(client, tokens["alice"]) == "en"
    assert client.get("/api/v1/auth/account").status_code == 401


def test_a_bad_language_is_refused_and_changes_nothing(client, auth, users, tokens):
    for body in ({"language": "fr"}, {"language": None}, {}, {"language": "en", "theme": "dark"}):
        refused = client.put("/api/v1/auth/account", headers={**tokens["alice"], "Accept-Language": "ja"}, json=body)
        assert refused.status_code == 422, body
        assert "language" in refused.get_json()["errors"] or "theme" in refused.get_json()["errors"]
    assert _language(client, tokens["alice"]) == "ja"
    auth.login(users["alice"])
    page = client.post("/account/language", data={"language": "fr", "csrf_token": auth.csrf("/account/tokens")})
    assert page.status_code == 400 and 'id="err-language"' in page.get_data(as_text=True)
    assert _language(client, tokens["alice"]) == "ja"


def test_a_later_log_in_in_japanese_keeps_the_chosen_language(client, auth, users, tokens):
    client.get("/?lang=en")
    auth.login(users["bob"])  # the first log-in records the interface language
    auth.logout()
    assert _language(client, tokens["bob"]) == "en"
    client.get("/?lang=ja")
    auth.login(users["bob"])
    assert _language(client, tokens["bob"]) == "en"
    client.put("/api/v1/auth/account", headers=tokens["bob"], json={"language": "ja"})
    auth.logout()
    client.get("/?lang=en")
    auth.login(users["bob"])
    assert _language(client, tokens["bob"]) == "ja"
