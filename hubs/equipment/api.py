"""The equipment JSON API under ``/api/v1``: a thin view over :func:`hubs.equipment.operations.search_equipment`."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from hubs.core.i18n import current_language
from hubs.core.openapi import endpoint
from hubs.core.responses import csv_response
from hubs.equipment import operations
from hubs.equipment import schemas as s

bp = Blueprint("equipment_api", __name__, url_prefix="/api/v1")


@bp.get("/equipment")
@endpoint("listEquipment", query=s.EquipmentQuery, responses={200: s.Results}, errors=(404,),
          media={200: {"application/json": s.Results, "text/csv": {"type": "string"}}}, tags=("equipment",))
def equipment(query: s.EquipmentQuery) -> ResponseReturnValue:
    """Machines by category, keyword (with synonyms), field, prefecture or region, distance and fee ceiling.

    Fees are for ``hours`` of use by a requester from ``requester_prefecture``, with the lab's
    out-of-prefecture rule; ``format=csv`` exports the same rows.
    """
    lang = current_language()
    results = operations.search_equipment(query, lang)
    if query.format == "csv":
        header, rows = operations.csv_table(results, lang)
        return csv_response(header, rows, "equipment.csv", query.encoding)
    return jsonify(results)


@bp.get("/equipment/coverage")
@endpoint("getEquipmentCoverage", responses={200: s.Coverage}, tags=("equipment",))
def coverage() -> ResponseReturnValue:
    """The JSON twin of ``/equipment/coverage``: machines per organisation, fee rules, rows left out."""
    return jsonify(operations.coverage(current_language()))
