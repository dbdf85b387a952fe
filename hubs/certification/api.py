"""Certification endpoints of the JSON API (``/api/v1``), over the same operations as the pages.

Changes need ``Authorization: Bearer <token>`` (see :mod:`hubs.accounts.auth`). Bad input is
answered 400/422 with ``errors`` keyed by field, in the asker's language and in both.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from hubs.accounts.api import json_body
from hubs.accounts.auth import current_user, login_required
from hubs.certification import operations as ops
from hubs.certification import wording
from hubs.certification.models import Certification, CriteriaVersion, HubApplication
from hubs.certification.scoring import criteria_json_schema
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.organizations.models import Organization
from hubs.organizations.queries import parse_encoding
from hubs.core.tables import csv_bytes
from hubs.core.validation import InvalidInput

bp = Blueprint("certification_api", __name__, url_prefix="/api/v1")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def certification_to_dict(cert: Certification, lang: str) -> dict[str, Any]:
    """Public facts of a certification (tier and period; the score stays private)."""
    application = cert.application
    return {
        "id": cert.id, "tier": cert.tier, "track": cert.track, "valid_from": _iso(cert.valid_from),
        "valid_to": _iso(cert.valid_to), "criteria_version": cert.criteria_version, "renewal_of": cert.renewal_of_id,
        "organization_id": cert.organization_id, "hub_name": application.hub_name(lang), "sample": cert.sample,
        "url": url_for("certification.hub_history", org_id=cert.organization_id) if cert.organization_id else None,
    }


def application_to_dict(application: HubApplication, lang: str) -> dict[str, Any]:
    revision = application.current_revision
    return {
        "id": application.id,
        "status": application.status,
        "track": application.track,
        "criteria_version": application.criteria_version.version,
        "hub": {
            "id": application.organization_id, "name": application.hub_name(lang),
            "name_ja": application.hub_name_ja, "name_en": application.hub_name_en,
            "university_id": application.university_id, "prefecture_code": application.prefecture_code,
        },
        "sample": application.sample,
        "renewal_of": application.renewal_of_id,
        "revision": revision.number,
        "values": revision.values,
        "revisions": [{"number": r.number, "submitted_at": _iso(r.submitted_at), "created_at": _iso(r.created_at)}
                      for r in application.revisions],
        "reviews": [{"decision": r.decision, "tier": r.tier, "comment": r.comment, "revision": r.revision.number,
                     "created_at": _iso(r.created_at)} for r in application.reviews],
        "certifications": [certification_to_dict(c, lang) for c in application.certifications],
        "created_at": _iso(application.created_at),
        "updated_at": _iso(application.updated_at),
        "submitted_at": _iso(application.submitted_at),
        "url": url_for("certification.application", application_id=application.id),
    }


@bp.get("/criteria")
def criteria() -> ResponseReturnValue:
    """The current criteria as published (``?version=`` for an older one)."""
    wanted = request.args.get("version")
    if wanted:
        version = db.session.scalar(select(CriteriaVersion).where(CriteriaVersion.version == wanted)) or abort(
            404, description=f"no criteria version {wanted!r}")
    else:
        version = ops.current_criteria_version()
    return jsonify({**ops.criteria_of(version).to_dict(), "published_at": _iso(version.published_at),
                    "versions": [v.version for v in ops.all_criteria_versions()]})


@bp.get("/criteria/schema")
def criteria_schema() -> ResponseReturnValue:
    """The JSON Schema (draft 2020-12) that every criteria document follows."""
    return jsonify(criteria_json_schema())


@bp.post("/criteria/score")
def score_preview() -> ResponseReturnValue:
    """Score values without saving anything (the form's live preview); no login needed."""
    data = json_body()
    criteria = ops.criteria_of(ops.current_criteria_version())
    result, missing = ops.preview_score(criteria, data.get("track"), data.get("values", {}))
    return jsonify({**wording.score_dict(result), "missing_values": missing})


@bp.get("/applications")
@login_required
def applications() -> ResponseReturnValue:
    """Your applications; coordinators also get the queue with ``?status=submitted``."""
    user, lang = current_user(), current_language()
    if user.is_reviewer and request.args.get("status") == "submitted":
        items = ops.review_queue()
    else:
        items = ops.applications_of(user)
    return jsonify(applications=[application_to_dict(a, lang) for a in items])


@bp.post("/applications")
@login_required
def create() -> ResponseReturnValue:
    application = ops.create_application(current_user(), json_body())
    body = application_to_dict(application, current_language())
    return jsonify(body), 201, {"Location": url_for("certification_api.application", application_id=application.id)}


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> ResponseReturnValue:
    found = ops.get_application(application_id, current_user())
    return jsonify(application_to_dict(found, current_language()))


@bp.put("/applications/<int:application_id>")
@login_required
def update(application_id: int) -> ResponseReturnValue:
    found = ops.get_application(application_id, current_user())
    if found.owner_id != current_user().id:
        abort(403)
    data = json_body()
    ops.update_application(found, current_user(), data)
    return jsonify(application_to_dict(found, current_language()))


@bp.post("/applications/<int:application_id>/submit")
@login_required
def submit(application_id: int) -> ResponseReturnValue:
    found = ops.get_application(application_id, current_user())
    if found.owner_id != current_user().id:
        abort(403)
    ops.submit_application(found, current_user())
    return jsonify(application_to_dict(found, current_language()))


@bp.get("/applications/<int:application_id>/score")
@login_required
def score(application_id: int) -> ResponseReturnValue:
    found = ops.get_application(application_id, current_user())
    return jsonify(ops.application_score(found).to_dict())


@bp.post("/applications/<int:application_id>/decision")
@login_required
def decision(application_id: int) -> ResponseReturnValue:
    """``{decision: certify|return|reject, comment, tier?, rubric_scores?}``; coordinators only."""
    found = ops.get_application(application_id, current_user())
    if not current_user().is_reviewer:
        abort(403, description="only coordinators decide")
    data = json_body()
    if not data.get("decision"):
        raise InvalidInput.single("decision", "required", "判定 (certify / return / reject) を指定してください。",
                                  "Give a decision: certify, return or reject.")
    review = ops.record_review(found, current_user(), data)
    body = application_to_dict(found, current_language())
    body["decision"] = {"decision": review.decision, "tier": review.tier}
    return jsonify(body)


@bp.get("/certifications")
def certifications() -> ResponseReturnValue:
    """Hubs certified today (the JSON twin of ``/certified``); ``format=csv`` for Excel."""
    lang = current_language()
    rows = [certification_to_dict(c, lang) for c in ops.current_certifications()]
    if request.args.get("format") == "csv":
        encoding = parse_encoding(request.args.get("encoding"))
        columns = ("hub_name", "track", "tier", "valid_from", "valid_to", "criteria_version", "organization_id", "sample")
        labels = {"ja": ("拠点", "類型", "区分", "認定開始", "認定終了", "基準の版", "組織ID", "サンプル"),
                  "en": ("Hub", "Track", "Tier", "Valid from", "Valid to", "Criteria version", "Organisation id", "Sample")}
        body = csv_bytes(labels[lang], ([row[c] for c in columns] for row in rows), encoding)
        return Response(body, content_type=f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}",
                        headers={"Content-Disposition": 'attachment; filename="certified-hubs.csv"'})
    return jsonify(certifications=rows)


@bp.get("/organizations/<int:org_id>/certifications")
def organization_certifications(org_id: int) -> ResponseReturnValue:
    """One hub's certification history (the JSON twin of ``/org/<id>/certification``)."""
    db.session.get(Organization, org_id) or abort(404, description=f"no organisation with id {org_id}")
    lang = current_language()
    return jsonify(certifications=[certification_to_dict(c, lang) for c in ops.certification_history(org_id)])
