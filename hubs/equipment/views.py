"""The ``/equipment`` page: search form, table and a map layer of the labs.

Its JSON twin is ``GET /api/v1/equipment`` (:mod:`hubs.equipment.api`) over the same service.
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from hubs.core.errors import NotFound, ParameterError
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.core.params import parse_query
from hubs.equipment import operations
from hubs.equipment.maps import equipment_map
from hubs.equipment.schemas import EquipmentQuery
from hubs.equipment.vocabulary import CATEGORIES, category_label
from hubs.organizations.models import Organization

bp = Blueprint("equipment", __name__)


def _origins(lang: str) -> list[tuple[int, str]]:
    """Organisations to measure distance from (real ones, by prefecture and name)."""
    rows = db.session.execute(select(Organization.id, Organization.name_ja, Organization.name_en,
                                     Organization.prefecture_code)
                              .where(Organization.synthetic.is_(False))
                              .order_by(Organization.prefecture_code, Organization.name_ja)).all()
    return [(r.id, f"{r.prefecture_code} {(r.name_en or r.name_ja) if lang == 'en' else r.name_ja}") for r in rows]


@bp.get("/equipment")
def search() -> ResponseReturnValue:
    """Find a machine and what it costs this requester; bad parameters are named on the form."""
    lang = current_language()
    errors: dict[str, list[str]] = {}
    results, query, status = None, EquipmentQuery(), 200
    try:
        query = parse_query(EquipmentQuery, request.args, form=True)
        results = operations.search_equipment(query, lang)
    except (ParameterError, NotFound) as error:
        errors, status = error.messages(), 400
    api_args = {key: values for key in request.args if key not in ("format", "encoding")
                if (values := [v for v in request.args.getlist(key) if v.strip()])}
    page = equipment_map(current_app.config["ATLAS_TILES"], lang, {
        "api": url_for("equipment_api.equipment", **api_args) if not errors else None})
    return render_template(
        "equipment/search.html", page=page, query=query, results=results, errors=errors, args=api_args,
        categories=[(key, category_label(key, lang)) for key in CATEGORIES], origins=_origins(lang),
        json_twin=url_for("equipment_api.equipment", **api_args)), status


@bp.get("/equipment/coverage")
def coverage() -> ResponseReturnValue:
    """Which labs and machines the shipped data cover, the fee rules, and what was left out."""
    return render_template("equipment/coverage.html", data=operations.coverage(current_language()),
                           json_twin=url_for("equipment_api.coverage"))
