"""Fixtures: an app over a copy of one seeded database, a client, a CLI runner, a live
server and headless Chromium (Debian's ``chromium``)."""
from __future__ import annotations

import contextlib
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app import create_app
from hubs.core.extensions import db
from hubs.organizations.seed import seed_database

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


#: Set to a PostgreSQL URL with the right to create databases (CI does) to run the whole
#: suite on PostgreSQL instead of SQLite; each test then gets a database cloned from a
#: seeded template.
POSTGRES_ADMIN_URL = os.environ.get("ATLAS_TEST_POSTGRES_URL", "")


class BufferedClient(FlaskClient):
    """The test client, reading each answer whole and closing it as a WSGI server does: a file
    sent by ``send_file`` (exports) is closed at once, even when a test reads only the status."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def make_app(database: Path | str, instance: Path, **config) -> object:
    """An app over ``database``: a SQLite file path, or any SQLAlchemy URL."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database if isinstance(database, str) else f"sqlite:///{database}",
        "ATLAS_SEED_ON_START": False,
        "ATLAS_TILES": "none",
    }
    settings.update(config)
    application = create_app(settings, instance_path=str(instance))
    application.test_client_class = BufferedClient
    return application


class SeededDatabases:
    """Copies of one database holding the shipped seed data, built once per session.

    SQLite: the seeded file is copied. PostgreSQL: ``CREATE DATABASE … TEMPLATE`` clones it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.postgres = bool(POSTGRES_ADMIN_URL)
        if self.postgres:
            import psycopg

            self._psycopg = psycopg
            self.template = f"atlas_template_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.template}"')
            url = self._url(self.template)
        else:
            url = self.folder / "atlas.sqlite3"
        app = make_app(url, folder)
        with app.app_context():
            db.create_all()
            seed_database()
            db.engine.dispose()

    def _admin(self, sql: str) -> None:
        with self._psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(sql)

    def _url(self, name: str) -> str:
        base = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+psycopg", database=name)
        return base.render_as_string(hide_password=False)

    def clone(self, folder: Path) -> Path | str:
        if not self.postgres:
            target = folder / "atlas.sqlite3"
            shutil.copy(self.folder / "atlas.sqlite3", target)
            return target
        name = f"atlas_test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._url(name)

    def drop(self, database: Path | str) -> None:
        if self.postgres and isinstance(database, str):
            self._admin(f'DROP DATABASE IF EXISTS "{make_url(database).database}" WITH (FORCE)')

    def close(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


@pytest.fixture(scope="session")
def seeded_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededDatabases]:
    databases = SeededDatabases(tmp_path_factory.mktemp("seeded"))
    yield databases
    databases.close()


@pytest.fixture
def app(seeded_databases: SeededDatabases, tmp_path: Path):
    """An app over its own copy of the seeded database."""
    database = seeded_databases.clone(tmp_path)
    application = make_app(database, tmp_path)
    yield application
    with application.app_context():
        db.engine.dispose()
    seeded_databases.drop(database)


@pytest.fixture
def more_apps(app, tmp_path: Path):
    """Factory of further app instances over ``app``'s database (other workers, a restarted
    server); their connections are closed before that database goes away."""
    apps = []

    def make(**config):
        other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, **config)
        apps.append(other)
        return other

    yield make
    for other in apps:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@contextlib.contextmanager
def serving(app, databases: SeededDatabases | None = None, database: Path | str | None = None) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields the base URL. On exit the
    server stops, its connections close and (given ``databases``) its database is dropped."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()
        if databases is not None and database is not None:
            databases.drop(database)


@pytest.fixture(scope="session")
def live_server(seeded_databases: SeededDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal served on a loopback port for the browser tests; yields its base URL."""
    folder = tmp_path_factory.mktemp("live")
    database = seeded_databases.clone(folder)
    with serving(make_app(database, folder), seeded_databases, database) as url:
        yield url


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

        def route(r) -> None:
            # Nothing in the suite may reach the internet: block and record any attempt.
            if r.request.url.startswith(base_url) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.external_requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)


@contextlib.contextmanager
def probing(browser, base_url: str) -> Iterator[PageProbe]:
    """A Japanese desktop browser page on ``base_url``, closed afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    try:
        yield PageProbe(context.new_page(), base_url)
    finally:
        context.close()


@pytest.fixture
def probe(browser, live_server: str) -> Iterator[PageProbe]:
    with probing(browser, live_server) as page:
        yield page
from tests.fixtures_accounts import *  # noqa
