"""Third-party browser assets, served by the app from their PyPI packages (``xstatic`` and others).

The portal must work with no internet, so nothing is loaded from a CDN and nothing
third-party is copied into the repository: ``pip install`` brings the files and this
blueprint serves them at ``/assets/<package>/<file>``.
"""
from __future__ import annotations

import base64
import importlib
import importlib.resources
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, send_from_directory
from flask.typing import ResponseReturnValue

PACKAGES = ("leaflet", "leaflet_markercluster")
#: Packages that are not xstatic: name → (Python package, folder of its browser files).
#: ``swagger_ui``: Swagger UI's dist files from PyPI's ``flask-swagger-ui`` (only the files;
#: its blueprint is not used), for the API page.
OTHER_PACKAGES = {"swagger_ui": ("flask_swagger_ui", "dist")}

bp = Blueprint("assets", __name__, url_prefix="/assets")


def _base_dir(package: str) -> str:
    if package in OTHER_PACKAGES:
        module, folder = OTHER_PACKAGES[package]
        return str(importlib.resources.files(module) / folder)
    if package not in PACKAGES:
        abort(404)
    return importlib.import_module(f"xstatic.pkg.{package}").BASE_DIR


@bp.get("/<package>/<path:filename>", endpoint="static")
def serve(package: str, filename: str) -> ResponseReturnValue:
    """One file of an installed asset package, cached by browsers for a day."""
    return send_from_directory(_base_dir(package), filename, max_age=86400)


@bp.after_app_request
def _close_unsent_files(response: Response) -> Response:
    # A 304 answer to a conditional request for a file keeps no body, but werkzeug leaves
    # the opened file to the garbage collector; close it now.
    if response.status_code == 304 and response.direct_passthrough:
        response.close()
        response.response = []
    return response


def favicon_data_uri(app: Flask) -> str:
    """The favicon inline (``data:`` URI): no request a browser may abandon halfway, no 404."""
    svg = Path(app.static_folder or "static", "favicon.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
