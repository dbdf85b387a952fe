"""Fixtures for accounts and certification: users per role, logging in through the real
forms (with their CSRF tokens), bearer tokens, and an application factory.

Imported by ``tests/conftest.py``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from hubs.accounts.models import User
from hubs.certification import affiliations
from hubs.certification import decisions
from hubs.certification import operations as ops
from hubs.core.extensions import db
from hubs.organizations.models import Organization

PASSWORD = "correct horse battery"
SAMPLES = json.loads((Path(__file__).resolve().parent.parent / "seed_data" / "sample_applications.json").read_text(
    encoding="utf-8"))
#: Complete values of a fictional regional hub (the shipped Silver sample).
COMPLETE_VALUES: dict = next(a for a in SAMPLES["applications"] if a["track"] == "regional")["values"]
GOOD_RUBRIC: dict = next(a for a in SAMPLES["applications"] if a["track"] == "regional")["rubric_scores"]

_CHEAP_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/account/login") -> str:
    """The CSRF token from a page's form (every logged-in page has one in the log-out form)."""
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no csrf token on {path}"
    return match.group(1) or match.group(2)


@pytest.fixture
def users(app) -> dict[str, str]:
    """One account per role, plus a second applicant; role name → email."""
    emails = {"alice": "alice@example.org", "bob": "bob@example.org",
              "carol": "carol@example.org", "dave": "dave@example.org"}
    roles = {"alice": "applicant", "bob": "applicant", "carol": "coordinator", "dave": "admin"}
    with app.app_context():
        # A cheap hash keeps the suite fast; create_user (scrypt) is tested in test_accounts.
        db.session.add_all(User(email=email, role=roles[name], password_hash=_CHEAP_HASH) for name, email in emails.items())
        db.session.commit()
    return emails


class AuthActions:
    """Log in and out through the real pages (flaskr's ``auth`` fixture)."""

    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        token = csrf_token(self.client, "/account/login")
        return self.client.post("/account/login", data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        token = csrf_token(self.client, "/applications")
        return self.client.post("/account/logout", data={"csrf_token": token})

    def csrf(self, path: str = "/applications") -> str:
        return csrf_token(self.client, path)


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


def bearer(client, email: str, password: str = PASSWORD) -> dict[str, str]:
    """``Authorization`` header with a fresh token for ``email``."""
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


@pytest.fixture
def tokens(client, users) -> dict[str, dict[str, str]]:
    """Bearer headers per user name (alice, bob, carol, dave)."""
    return {name: bearer(client, email) for name, email in users.items()}


@pytest.fixture
def make_application(app, users):
    """Factory: ``make_application(owner="alice", values=..., status="draft"|"submitted"|"proposed"|
    "certified"|"returned"|"rejected")`` → application id, built through the same operations the
    pages use (a decision is proposed by carol and, unless "proposed", confirmed by dave)."""

    def make(owner: str = "alice", values: dict | None = None, status: str = "draft", track: str = "regional",
             hub: dict | None = None, tier: str | None = None) -> int:
        from hubs.accounts.operations import find_user

        with app.app_context():
            user = find_user(users[owner])
            application = ops.create_application(user, {
                "track": track, "hub": hub or {"name_ja": "テスト拠点", "name_en": "Test hub", "prefecture_code": "13"},
                "values": COMPLETE_VALUES if values is None else values,
            })
            if status in ("submitted", "proposed", "certified", "returned", "rejected"):
                ops.submit_application(application, user)
                link = affiliations.link_for(application)
                if link is not None and link.status == "pending":  # dave (admin) confirms the owner's link
                    affiliations.decide(link, find_user(users["dave"]), confirm=True)
            if status in ("proposed", "certified", "returned", "rejected"):
                # Four eyes: carol (coordinator) proposes, dave (admin) confirms.
                decision = {"certified": "certify", "returned": "return", "rejected": "reject",
                            "proposed": "certify"}[status]
                proposal = decisions.record_review(application, find_user(users["carol"]), {
                    "decision": decision, "comment": "ok", "rubric_scores": GOOD_RUBRIC, "tier": tier,
                    "public_evaluation": "地域の産学連携を着実に進めている。"})
                if status != "proposed":
                    decisions.confirm_proposal(application, find_user(users["dave"]), {"proposal": proposal.id})
            return application.id

    return make


def _add_organization(app, **values) -> int:
    with app.app_context():
        org = Organization(location_precision="campus", source="test fixture", **values)
        db.session.add(org)
        db.session.commit()
        return org.id


@pytest.fixture
def university(app) -> int:
    """A university organisation to link new hubs to."""
    return _add_organization(app, kind="university", name_ja="テスト大学", name_en="Test University",
                             prefecture_code="04", city="仙台市", lat=38.25, lon=140.85)


@pytest.fixture
def existing_hub(app) -> int:
    """A hub organisation already on the map."""
    return _add_organization(app, kind="hub", name_ja="既存拠点", name_en="Existing hub", prefecture_code="26",
                             city="京都市", lat=35.03, lon=135.78)


@pytest.fixture
def smtp_server(monkeypatch):
    """A stand-in SMTP server: records connections ``(host, port)``, logins ``(user, password)``
    and the messages the portal sends, with no network."""
    import smtplib
    from types import SimpleNamespace

    record = SimpleNamespace(connections=[], logins=[], messages=[])

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            record.connections.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def login(self, user, password):
            record.logins.append((user, password))

        def send_message(self, message):
            record.messages.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return record
