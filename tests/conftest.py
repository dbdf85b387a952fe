"""Fixtures: an app over a copy of one seeded database, a client, a CLI runner, a live
server and headless Chromium (Debian's ``chromium``)."""
from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from hubs.extensions import db
from hubs.seed import seed_database

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def make_app(database: Path, instance: Path, **config) -> object:
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "ATLAS_SEED_ON_START": False,
        "ATLAS_TILES": "none",
    }
    settings.update(config)
    return create_app(settings, instance_path=str(instance))


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the shipped seed data, built once per test session."""
    folder = tmp_path_factory.mktemp("seeded")
    path = folder / "atlas.sqlite3"
    app = make_app(path, folder)
    with app.app_context():
        db.create_all()
        seed_database()
        db.engine.dispose()
    return path


@pytest.fixture
def app(seeded_database: Path, tmp_path: Path):
    """An app over its own copy of the seeded database."""
    database = tmp_path / "atlas.sqlite3"
    shutil.copy(seeded_database, database)
    application = make_app(database, tmp_path)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def live_server(seeded_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal served on a loopback port for the browser tests; yields its base URL."""
    folder = tmp_path_factory.mktemp("live")
    database = folder / "atlas.sqlite3"
    shutil.copy(seeded_database, database)
    application = make_app(database, folder)
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageProbe:
    """A browser page that records console errors, failed requests and dialogs."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r) -> None:  # noqa: ANN001
            # Nothing in the suite may reach the internet: block and record any attempt.
            if r.request.url.startswith(base_url) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.external_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)


@pytest.fixture
def probe(browser, live_server: str) -> Iterator[PageProbe]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    yield PageProbe(page, live_server)
    context.close()
