"""The collaboration pages: SINET paths, the partner finder and the admin backbone import.

Thin views: parse arguments, call one operation, render. The JSON twins are in
:mod:`hubs.collaboration.api`.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from hubs.collaboration import operations as ops
from hubs.collaboration.schemas import PartnerPageQuery, PartnerQuery
from hubs.core.params import parse_query
from hubs.core.access import current_user
from hubs.collaboration.access import admin_required, current_user_label
from hubs.collaboration.backbone import current_backbone
from hubs.collaboration.forms import BackboneImportForm
from hubs.collaboration.imports import BackboneImportError, backbone_status, import_backbone
from hubs.collaboration.maps import partner_map, path_map
from hubs.core.i18n import current_language
from hubs.core.security import embeddable
from hubs.core.audit import record_admin_action

bp = Blueprint("collaboration", __name__)

_TAGGED_ID = re.compile(r"#(\d{1,12})\s*$")


def _chosen(args: MultiDict, name: str, lang: str) -> tuple[int | None, str, list[dict], str | None]:
    """Read a search box: an id, or text to look up. Returns (id, text, choices, problem).

    An id is taken as is (the operation answers 404 if it is unknown); text that names
    exactly one organisation chooses it, otherwise the matches are offered as choices.
    """
    raw = (args.get(name) or "").strip()
    if not raw:
        return None, "", [], None
    tagged = _TAGGED_ID.search(raw)  # "name #123", as the search box's suggestions read
    if (raw.isascii() and raw.isdigit()) or tagged:
        org = ops.organization_or_404(int(tagged.group(1) if tagged else raw), name)
        return org.id, f"{ops.display_name(org, lang)} #{org.id}", [], None
    choices = ops.suggest_organizations(raw, limit=20, lang=lang)
    exact = [c for c in choices if raw.casefold() in (c["name_ja"].casefold(), c["name_en"].casefold())]
    if len(choices) == 1 or len(exact) == 1:
        chosen = choices[0] if len(choices) == 1 else exact[0]
        return chosen["id"], f"{chosen['name']} #{chosen['id']}", [], None
    problem = "no_match" if not choices else "ambiguous"
    return None, raw, choices, problem


@bp.get("/paths")
@embeddable
def paths() -> ResponseReturnValue:
    """How two organisations connect over SINET; the route itself is drawn from the API."""
    lang = current_language()
    boxes = {name: _chosen(request.args, name, lang) for name in ("from", "to")}
    answer = None
    if boxes["from"][0] is not None and boxes["to"][0] is not None:
        answer = ops.path_between(boxes["from"][0], boxes["to"][0], lang)
    path_url = None
    if answer is not None:
        path_url = url_for("collaboration_api.path", **{"from": answer.origin.id, "to": answer.destination.id},
                           lang=lang)
    page = path_map(current_app.config["ATLAS_TILES"], lang, {
        "nodes": url_for("collaboration_api.sinet_nodes", lang=lang),
        "links": url_for("collaboration_api.sinet_links", lang=lang),
        "path": path_url,
        "suggest": url_for("collaboration_api.suggest"),
    })
    feature = answer.feature() if answer else None
    return render_template("collaboration/paths.html", page=page, answer=answer, feature=feature, boxes=boxes,
                           backbone=current_backbone(), notice=ops.model_notice())


@bp.get("/partners")
@embeddable
def partners() -> ResponseReturnValue:
    """Ranked partner candidates with their reasons; a form until an organisation is chosen."""
    lang = current_language()
    origin_id, origin_text, choices, problem = _chosen(request.args, "org", lang)
    result = None
    # The other parameters are checked even before an organisation is chosen.
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "org"}
    query = parse_query(PartnerPageQuery, MultiDict(args), form=True)
    if origin_id is not None:
        result = ops.find_partners(PartnerQuery(**{**query.model_dump(), "org": origin_id}), lang).to_dict()
    api_args = request.args.to_dict(flat=False)
    api_args["org"] = [str(origin_id or "")]
    json_url = url_for("collaboration_api.partners", **api_args)
    page = partner_map(current_app.config["ATLAS_TILES"], lang, json_url) if result else None
    return render_template(
        "collaboration/partners.html", result=result, origin_text=origin_text, choices=choices, problem=problem,
        json_url=json_url, page=page,
        csv_url=url_for("collaboration_api.partners", **api_args, format="csv"),
        notice=ops.model_notice(), suggest_url=url_for("collaboration_api.suggest"),
    )


@bp.route("/admin/sinet", methods=["GET", "POST"])
@admin_required
def backbone_import() -> ResponseReturnValue:
    """Admins replace the SINET backbone by uploading node and link CSVs (all or nothing)."""
    form = BackboneImportForm()
    problems: list[str] = []
    status = 200
    if form.validate_on_submit():
        try:
            report = import_backbone(
                form.nodes.data.read(), form.links.data.read(),
                origin=f"{form.nodes.data.filename} + {form.links.data.filename}",
                imported_by=current_user_label(),
            )
        except BackboneImportError as error:
            problems = error.problems
            status = 422
        else:
            record_admin_action(current_user(), "backbone_imported", "SinetBackboneVersion", report.generation,
                                nodes=report.nodes, links=report.links)
            flash(_("SINET backbone imported: %(nodes)s nodes, %(links)s links (generation %(generation)s).",
                    nodes=report.nodes, links=report.links, generation=report.generation), "info")
            return redirect(url_for("collaboration.backbone_import"))
    elif request.method == "POST":
        status = 400
    return render_template("collaboration/admin_import.html", form=form, problems=problems,
                           status=backbone_status(), backbone=current_backbone()), status
