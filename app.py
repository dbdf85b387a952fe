"""Innovation Hub Atlas: the application factory.

``flask --app app run`` finds :func:`create_app` here. Everything of weight lives in
``hubs/`` (web and domain) and ``geo/`` (pure spatial computation).
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from hubs import accounts, certification, collaboration, core, equipment, exploration, organizations
from hubs.core.config import load_config
from hubs.organizations.seed import seed_on_first_start


def create_app(test_config: dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build the portal.

    Parameters
    ----------
    test_config
        Settings that override the environment (tests pass their own database here).
    instance_path
        Folder for the SQLite file and the generated secret key; Flask's ``instance/``
        beside this file by default.
    """
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)

    core.init_app(app)
    organizations.init_app(app)
    accounts.init_app(app)
    certification.init_app(app)
    exploration.init_app(app)
    collaboration.init_app(app)
    equipment.init_app(app)
    seed_on_first_start(app)
    return app
