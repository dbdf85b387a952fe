"""The HTML pages: the national map, the table of organisations, one organisation.

Each page has a JSON twin in :mod:`hubs.organizations.api` over the same service function.
"""
from __future__ import annotations

import functools
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import Field
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from hubs.core.access import current_user, roles_required
from hubs.core.i18n import current_language
from hubs.organizations.imports import import_organizations, read_file
from hubs.organizations.maps import MapPage, national_map, organization_map
from hubs.organizations.queries import (
    OrganizationQuery, all_prefectures, count_organizations, find_organizations, get_organization
)
from hubs.organizations.serialisers import organization_feature
from hubs.core.params import parse_query
from hubs.core.tables import TableError
from hubs.organizations.coverage import data_summary
from hubs.organizations.vocabulary import (
    COLUMN_LABELS,
    FIELDS,
    HUB_TRACKS,
    KINDS,
    LAB_DOMAINS,
    LOCATION_PRECISIONS,
    REGIONS,
    RENEWAL_STATES,
    SINET_STATES,
)
from hubs.core.security import embeddable
from hubs.core.audit import record_admin_action

bp = Blueprint("web", __name__)


class OrganizationPage(OrganizationQuery):
    page: int = Field(1, ge=1, le=1_000_000)

PAGE_SIZE = 100


@bp.app_context_processor
def vocabularies() -> dict:
    return {"KINDS": KINDS, "FIELDS": FIELDS, "REGIONS": REGIONS, "SINET_STATES": SINET_STATES,
            "LOCATION_PRECISIONS": LOCATION_PRECISIONS, "LAB_DOMAINS": LAB_DOMAINS, "HUB_TRACKS": HUB_TRACKS,
            "RENEWAL_STATES": RENEWAL_STATES, "today": date.today}


@bp.get("/")
@embeddable
def index() -> ResponseReturnValue:
    """The national map; its points come from ``/api/v1/organizations``."""
    page = _national_page(current_app.config["ATLAS_TILES"], current_language(), request.script_root)
    return render_template("map.html", page=page)


@functools.lru_cache(maxsize=16)
def _national_page(tiles: str, lang: str, _script_root: str) -> MapPage:
    # The map's layout holds no data (the browser fetches it), so one build per language
    # serves every request; the CSP nonce is added when the template renders.
    return national_map(tiles, lang, {
        "organizations": url_for("api.organizations"),
        "prefectures": url_for("api.prefectures"),
    })


@bp.get("/organizations")
def organizations() -> ResponseReturnValue:
    """The table view: the accessible alternative to the map, with the same filters."""
    query = parse_query(OrganizationPage, request.args, form=True)
    page = query.page
    total = count_organizations(query)
    orgs = find_organizations(query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    args = request.args.to_dict(flat=False)
    for name in ("page", "format", "header", "encoding"):  # set by the links themselves
        args.pop(name, None)
    return render_template(
        "organizations.html", orgs=orgs, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        query=query, args=args,
    )


@bp.get("/org/<int:org_id>")
@embeddable
def organization(org_id: int) -> ResponseReturnValue:
    org = get_organization(org_id) or abort(404)
    lang = current_language()
    page = organization_map(
        current_app.config["ATLAS_TILES"], lang, organization_feature(org, lang),
        url_for("api.prefectures"),
    )
    return render_template("organization.html", org=org, page=page)


@bp.app_template_filter("merge_args")
def merge_args(args, **overrides: str) -> str:
    """The query string of ``args`` with ``overrides`` applied (for language links)."""
    merged = args.to_dict(flat=False)
    merged.update({k: [v] for k, v in overrides.items()})
    return urlencode(merged, doseq=True)


@bp.app_template_filter("map_labels")
def map_labels(items, index: int) -> list[tuple[str, str]]:
    """``(key, (ja, en))`` pairs → ``(key, label)`` in the language at ``index``."""
    return [(key, pair[index]) for key, pair in items]


@bp.app_template_global("prefecture_options")
def prefecture_options(lang: str) -> list[tuple[str, str]]:
    return [(p.code, f"{p.code} {p.name_en if lang == 'en' else p.name_ja}") for p in all_prefectures()]


class ImportForm(FlaskForm):
    file = FileField(_l("File (CSV, Excel .xlsx or GeoJSON)"), validators=[FileRequired()])
    dry_run = BooleanField(_l("Dry run: only report what would change"), default=True)


@bp.route("/admin/import", methods=["GET", "POST"])
@roles_required("admin")
def import_page() -> ResponseReturnValue:
    """Admins upload an organisations file; the report lists every row, nothing half-saved."""
    form = ImportForm()
    report, file_error, status = None, None, 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            report = import_organizations(read_file(upload.filename or "", upload.read()), dry_run=form.dry_run.data)
            if report.applied:
                record_admin_action(current_user(), "organizations_imported", "Organization", file=upload.filename,
                                    created=report.count("create"), updated=report.count("update"))
        except TableError as error:
            file_error, status = error.text(), error.status
        if report is not None and not report.ok:
            status = 422
    elif request.method == "POST":
        status = 400
    li = 1 if current_language() == "en" else 0
    labels = {key: pair[li] for key, pair in COLUMN_LABELS.items()}
    return render_template("import.html", form=form, report=report, file_error=file_error, labels=labels), status


@bp.get("/data")
def data() -> ResponseReturnValue:
    """How complete the map is; the JSON twin is ``/api/v1/data``."""
    return render_template("data.html", summary=data_summary(current_language()))


@bp.get("/healthz")
def health() -> ResponseReturnValue:
    """Liveness for load balancers; touches nothing (also the load test's trivial baseline)."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
