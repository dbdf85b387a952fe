"""Certification endpoints of the JSON API (``/api/v1``), over the same operations as the pages.

Changes need ``Authorization: Bearer <token>`` (see :mod:`hubs.accounts.auth`). Bad input is
answered 400/422 with ``errors`` keyed by field, in the asker's language and in both.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from hubs.core.access import current_user, login_required, roles_required
from hubs.certification import decisions
from hubs.certification import operations as ops
from hubs.certification import schemas as s
from hubs.certification import wording
from hubs.certification import affiliations, dashboard, evidence, notices, score_cache
from hubs.certification.models import Certification, CriteriaVersion, HubApplication, Review
from hubs.certification.scoring import criteria_json_schema
from hubs.core.errors import InvalidInput, NotFound
from hubs.core.extensions import db
from hubs.core.i18n import current_language
from hubs.core.openapi import endpoint
from hubs.core.params import page_limits
from hubs.core.responses import csv_response, keyset_page, page_response
from hubs.organizations.models import Organization

bp = Blueprint("certification_api", __name__, url_prefix="/api/v1")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def certification_to_dict(cert: Certification, lang: str) -> dict[str, Any]:
    """Public facts of a certification (tier, period, result 認定/継続 and the one-line evaluation;
    the score stays private)."""
    application = cert.application
    return {
        "id": cert.id, "tier": cert.tier, "track": cert.track, "valid_from": _iso(cert.valid_from),
        "valid_to": _iso(cert.valid_to), "criteria_version": cert.criteria_version, "renewal_of": cert.renewal_of_id,
        "organization_id": cert.organization_id, "hub_name": application.hub_name(lang), "sample": cert.sample,
        "public_evaluation": cert.public_evaluation or "",
        "result": ops.certification_result(cert), "result_label": ops.result_label(cert),
        "url": url_for("certification.hub_history", org_id=cert.organization_id) if cert.organization_id else None,
        **ops.certification_labels(cert, lang),
    }


def review_to_dict(review: Review) -> dict[str, Any]:
    return {"id": review.id, "decision": review.decision, "tier": review.tier, "comment": review.comment,
            "public_evaluation": review.public_evaluation or "", "proposal_state": review.proposal_state,
            "revision": review.revision.number, "created_at": _iso(review.created_at),
            "decided_at": _iso(review.decided_at)}


def _affiliation_state(application: HubApplication) -> dict[str, Any] | None:
    organization = affiliations.organization_of(application)
    if organization is None or application.status == "certified":
        return None
    link = affiliations.link_for(application)
    return {"organization_id": organization.id, "status": link.status if link else "missing"}


def application_to_dict(application: HubApplication, lang: str) -> dict[str, Any]:
    revision = application.current_revision
    viewer = current_user()
    pending = application.pending_proposal
    staff = viewer is not None and viewer.is_reviewer and viewer.id != application.owner_id
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
        "narratives": revision.narratives,
        "evidence": [evidence.evidence_dict(e) for e in revision.evidence],
        "revisions": [{"number": r.number, "submitted_at": _iso(r.submitted_at), "created_at": _iso(r.created_at)}
                      for r in application.revisions],
        "reviews": [review_to_dict(r) for r in decisions.visible_reviews(application, viewer)] if viewer else [],
        "certifications": [certification_to_dict(c, lang) for c in application.certifications],
        "awaiting_confirmation": pending is not None,
        "affiliation": _affiliation_state(application),
        "proposal": review_to_dict(pending) if pending is not None and staff else None,
        "created_at": _iso(application.created_at),
        "updated_at": _iso(application.updated_at),
        "submitted_at": _iso(application.submitted_at),
        "url": url_for("certification.application", application_id=application.id),
    }


@bp.get("/criteria")
@endpoint("getCriteria", query=s.CriteriaRequest, responses={200: s.Criteria}, errors=(404,), tags=("certification",))
def criteria(query: s.CriteriaRequest) -> ResponseReturnValue:
    """The current criteria as published (``?version=`` for an older one)."""
    if query.version:
        version = db.session.scalar(select(CriteriaVersion).where(CriteriaVersion.version == query.version))
        if version is None:
            raise NotFound(_l("No criteria version %(version)s.", version=query.version))
    else:
        version = ops.current_criteria_version()
    return jsonify({**ops.criteria_of(version).to_dict(), "published_at": _iso(version.published_at),
                    "versions": [v.version for v in ops.all_criteria_versions()]})


@bp.get("/criteria/schema")
@endpoint("getCriteriaSchema", responses={200: s.JsonSchemaDocument}, tags=("certification",))
def criteria_schema() -> ResponseReturnValue:
    """The JSON Schema (draft 2020-12) that every criteria document follows."""
    return jsonify(criteria_json_schema())


@bp.post("/criteria/score")
@endpoint("previewScore", body=s.ScorePreview, responses={200: s.Score}, errors=(429,), tags=("certification",))
def score_preview(body: s.ScorePreview) -> ResponseReturnValue:
    """Score values without saving anything (the form's live preview); no login needed."""
    criteria = ops.criteria_of(ops.current_criteria_version())
    result, missing, problems = ops.preview_score(criteria, body.track, body.values.model_dump(exclude_none=True))
    return jsonify({**wording.score_dict(result), "missing_values": missing,
                    "problems": [p.to_dict() for p in problems]})


@bp.get("/applications")
@login_required
@endpoint("listApplications", query=s.ApplicationsRequest, responses={200: s.ApplicationList}, secured=True,
          tags=("certification",))
def applications(query: s.ApplicationsRequest) -> ResponseReturnValue:
    """Your applications; coordinators also get the queue with ``?status=submitted``."""
    user, lang = current_user(), current_language()
    items = ops.review_queue() if user.is_reviewer and query.status == "submitted" else ops.applications_of(user)
    page, after = keyset_page(items, query, "certification_api.applications", lambda a: a.id)
    return page_response({"applications": [application_to_dict(a, lang) for a in page], "next": after})


@bp.get("/review/queue")
@roles_required("coordinator", "admin")
@endpoint("getReviewQueue", responses={200: s.ReviewQueue}, secured=True, errors=(403,), tags=("certification",))
def review_queue() -> ResponseReturnValue:
    """Coordinators: applications waiting for review with days waiting and provisional score (``/review``).

    Not paged: the queue is a work list in order of waiting (oldest submission first, then id),
    and applications leave it as they are decided or come back to its end when resubmitted, so
    neither an id cursor (it would change the order) nor a position (it would skip or repeat
    rows as others leave) pages it soundly. It is capped instead at the largest page
    (``ATLAS_MAX_FEATURES``), oldest first, with ``total`` saying how many wait; the whole
    queue in id order comes in pages from ``/api/v1/applications?status=submitted``."""
    lang = current_language()
    return jsonify(applications=dashboard.review_queue_rows(lang, limit=page_limits()[1]), total=ops.review_queue_size())


@bp.get("/review/dashboard")
@roles_required("coordinator", "admin")
@endpoint("getReviewDashboard", responses={200: s.Dashboard}, secured=True, errors=(403,), tags=("certification",))
def review_dashboard() -> ResponseReturnValue:
    """Coordinators: the queue, proposals awaiting your confirmation, affiliations to confirm,
    expiring certifications and the latest decisions (count, first rows, full list each), and
    certified hubs and open applications by prefecture and track (``/review/dashboard``)."""
    return jsonify(dashboard.dashboard(current_user(), current_language()))


@bp.get("/review/decisions")
@roles_required("coordinator", "admin")
@endpoint("listDecisions", query=s.DecisionsRequest, responses={200: s.DecisionHistory}, secured=True,
          errors=(403, 404), tags=("certification",))
def decision_history(query: s.DecisionsRequest) -> ResponseReturnValue:
    """Coordinators: who decided what, when, on which revision (``/review/decisions``), newest
    first in pages keyed by the audit log entry (``application`` kept in the ``next`` link)."""
    history = dashboard.decision_history(current_language(), query.application, limit=query.page_size + 1,
                                   before=query.after if query.cursor else None)
    page, after = keyset_page(history["decisions"], query, "certification_api.decision_history",
                              lambda row: row["id"], newest_first=True)
    return page_response({**history, "decisions": page, "next": after})


@bp.post("/applications")
@login_required
@endpoint("createApplication", body=s.ApplicationInput, responses={201: s.Application}, secured=True,
          errors=(404, 429), tags=("certification",))
def create(body: s.ApplicationInput) -> ResponseReturnValue:
    """A new draft application (an existing hub by ``hub_id``, or a new ``hub``)."""
    application = ops.create_application(current_user(), body.model_dump(exclude_unset=True))
    return (jsonify(application_to_dict(application, current_language())), 201,
            {"Location": url_for("certification_api.application", application_id=application.id)})


@bp.get("/applications/<int:application_id>")
@login_required
@endpoint("getApplication", responses={200: s.Application}, secured=True, errors=(404,), tags=("certification",))
def application(application_id: int) -> ResponseReturnValue:
    found = ops.get_application(application_id, current_user())
    return jsonify(application_to_dict(found, current_language()))


def _owned(application_id: int) -> HubApplication:
    found = ops.get_application(application_id, current_user())
    if found.owner_id != current_user().id:
        abort(403)
    return found


@bp.put("/applications/<int:application_id>")
@login_required
@endpoint("changeApplication", body=s.ApplicationChange, responses={200: s.Application}, secured=True,
          errors=(403, 404, 409, 429), tags=("certification",), body_after_checks=True)
def update(application_id: int) -> ResponseReturnValue:
    """Change a draft's track or values (409 once submitted)."""
    found = _owned(application_id)
    body = s.ApplicationChange.from_request()
    ops.update_application(found, current_user(), body.model_dump(exclude_unset=True))
    return jsonify(application_to_dict(found, current_language()))


@bp.put("/applications/<int:application_id>/narratives")
@login_required
@endpoint("setNarratives", body=s.NarrativesInput, responses={200: s.Application}, secured=True,
          errors=(403, 404, 409, 429), tags=("certification",), body_after_checks=True)
def narratives(application_id: int) -> ResponseReturnValue:
    """Set the draft's narratives per rubric indicator (Japanese, at most 2,000 characters each);
    409 once submitted: a submitted revision's narratives stay as submitted."""
    found = _owned(application_id)
    ops.refuse_frozen(found)
    body = s.NarrativesInput.from_request()
    ops.update_application(found, current_user(), {"narratives": body.narratives}, merge=True)
    return jsonify(application_to_dict(found, current_language()))


@bp.post("/applications/<int:application_id>/evidence")
@login_required
@endpoint("addEvidence", form=s.EvidenceUpload, responses={201: s.EvidenceItem}, secured=True,
          errors=(403, 404, 409, 413, 429), tags=("certification",))
def evidence_upload(application_id: int) -> ResponseReturnValue:
    """Attach an evidence file (multipart: ``indicator``, ``file``) to the draft: PDF, xlsx, PNG or
    JPEG by content (400 for anything else or a disguised name), 413 over the size cap, 422 over
    the count caps, 409 once submitted. Nothing is kept of a refused file."""
    found = _owned(application_id)
    ops.refuse_frozen(found)
    request.max_content_length = evidence.request_cap()
    try:
        upload, indicator = request.files.get("file"), request.form.get("indicator")
    except RequestEntityTooLarge:
        raise evidence.too_large() from None
    if upload is None or not upload.filename:
        raise InvalidInput.single("file", "required", _l("Choose a file."), status=400)
    added = evidence.add_evidence(found, current_user(), indicator, upload.filename,
                                  upload.stream.read(evidence.max_bytes() + 1))
    return jsonify(evidence.evidence_dict(added)), 201


@bp.delete("/applications/<int:application_id>/evidence/<int:evidence_id>")
@login_required
@endpoint("removeEvidence", responses={204: None}, secured=True, errors=(403, 404, 409, 429),
          tags=("certification",))
def evidence_delete(application_id: int, evidence_id: int) -> ResponseReturnValue:
    """Take an evidence file off the draft (409 once submitted)."""
    evidence.remove_evidence(_owned(application_id), current_user(), evidence_id)
    return "", 204


_BINARY = {"type": "string", "format": "binary"}


@bp.get("/applications/<int:application_id>/evidence/<int:evidence_id>")
@login_required
@endpoint("getEvidence", responses={200: None}, secured=True, errors=(404,), tags=("certification",),
          media={200: dict.fromkeys(evidence.KINDS, _BINARY)})
def evidence_file(application_id: int, evidence_id: int) -> ResponseReturnValue:
    """An evidence file as an attachment (owner and reviewers only; 404 for anyone else)."""
    return evidence.download(application_id, evidence_id, current_user())


@bp.post("/applications/<int:application_id>/submit")
@login_required
@endpoint("submitApplication", responses={200: s.Application}, secured=True, errors=(403, 404, 409, 422, 429),
          tags=("certification",))
def submit(application_id: int) -> ResponseReturnValue:
    """Submit: freezes the current revision for review."""
    found = _owned(application_id)
    ops.submit_application(found, current_user())
    return jsonify(application_to_dict(found, current_language()))


@bp.get("/applications/<int:application_id>/score")
@login_required
@endpoint("scoreApplication", responses={200: s.Score}, secured=True, errors=(404,), tags=("certification",))
def score(application_id: int) -> ResponseReturnValue:
    """Score, breakdown, standing among certified peers and advice."""
    return score_cache.score_response(application_id, current_user())


@bp.get("/applications/<int:application_id>/self-assessment")
@login_required
@endpoint("getSelfAssessment", responses={200: s.SelfAssessment}, secured=True, errors=(404,),
          tags=("certification",))
def self_assessment(application_id: int) -> ResponseReturnValue:
    """The private self-assessment (the JSON twin of ``/applications/<id>/self-assessment``):
    the score, and per certifiable tier whether it is reached and the gap to it. Owner and staff only."""
    found = ops.get_application(application_id, current_user())
    return jsonify(ops.self_assessment(found, current_language()))


def _reviewed(application_id: int) -> HubApplication:
    found = ops.get_application(application_id, current_user())
    if not current_user().is_reviewer:
        abort(403)
    return found


@bp.post("/applications/<int:application_id>/decision")
@login_required
@endpoint("proposeDecision", body=s.DecisionInput, responses={200: s.Application}, secured=True,
          errors=(403, 404, 409, 429), tags=("certification",), body_after_checks=True)
def decision(application_id: int) -> ResponseReturnValue:
    """Coordinators: rubric scores and a proposed decision (certify with a tier and a one-line
    public evaluation, return, reject). It takes effect only when a second coordinator or an
    admin confirms it (``/decision/confirm``); nobody decides on an application they own (403),
    and a second proposal while one is pending, or one on a stale revision, is refused (409)."""
    found = _reviewed(application_id)
    body = s.DecisionInput.from_request()
    review = decisions.record_review(found, current_user(), body.model_dump(exclude_unset=True))
    answer = application_to_dict(found, current_language())
    answer["decision"] = {"decision": review.decision, "tier": review.tier, "proposal": review.id,
                          "proposal_state": review.proposal_state}
    return jsonify(answer)


@bp.post("/applications/<int:application_id>/decision/confirm")
@login_required
@endpoint("confirmDecision", body=s.ConfirmInput, responses={200: s.Application}, secured=True,
          errors=(403, 404, 409, 429), tags=("certification",), body_after_checks=True)
def confirm(application_id: int) -> ResponseReturnValue:
    """A second coordinator or an admin confirms the pending proposal, which then takes effect.
    403 ``own_proposal`` for its proposer, ``own_application`` for the applicant; 409 if the
    named proposal is no longer the pending one."""
    return _proposal_step(application_id, s.ConfirmInput, decisions.confirm_proposal)


@bp.post("/applications/<int:application_id>/decision/send-back")
@login_required
@endpoint("sendBackDecision", body=s.SendBackInput, responses={200: s.Application}, secured=True,
          errors=(403, 404, 409, 429), tags=("certification",), body_after_checks=True)
def send_back(application_id: int) -> ResponseReturnValue:
    """The pending proposal goes back to the reviewers with a note; it stays on record."""
    return _proposal_step(application_id, s.SendBackInput, decisions.send_back_proposal)


def _proposal_step(application_id: int, model: Any, act: Any) -> ResponseReturnValue:
    """Confirm or send back the pending proposal (``act``) with the request's body (``model``)."""
    found = _reviewed(application_id)
    act(found, current_user(), model.from_request().model_dump(exclude_unset=True))
    return jsonify(application_to_dict(found, current_language()))


@bp.get("/affiliations")
@login_required
@endpoint("listAffiliations", query=s.AffiliationsRequest, responses={200: s.AffiliationList}, secured=True,
          tags=("certification",))
def affiliation_list(query: s.AffiliationsRequest) -> ResponseReturnValue:
    """Your links to organisations in pages (ascending id), and on every page the organisations
    your email domain suggests and (for coordinators) the links awaiting confirmation, a work
    list emptied as they are decided (the JSON twin of ``/affiliations``)."""
    user, lang = current_user(), current_language()
    page, after = keyset_page(affiliations.affiliations_of(user), query, "certification_api.affiliation_list",
                              lambda a: a.id)
    return page_response({
        "affiliations": [affiliations.affiliation_dict(a, lang) for a in page],
        "suggestions": [{"id": o.id, "kind": o.kind, "name": (o.name_en or o.name_ja) if lang == "en" else o.name_ja,
                         "website": o.website} for o in affiliations.suggestions(user)],
        "pending": [affiliations.affiliation_dict(a, lang) for a in affiliations.pending()] if user.is_reviewer else [],
        "next": after,
    })


@bp.post("/affiliations")
@login_required
@endpoint("requestAffiliation", body=s.AffiliationInput, responses={201: s.Affiliation}, secured=True,
          errors=(404, 409, 429), tags=("certification",))
def affiliation_request(body: s.AffiliationInput) -> ResponseReturnValue:
    """Ask to be linked to a university or hub; a coordinator confirms it (409 if refused before)."""
    found = affiliations.request_link(current_user(), body.organization_id)
    return jsonify(affiliations.affiliation_dict(found, current_language())), 201


@bp.post("/affiliations/<int:affiliation_id>/<any(confirm, refuse):action>")
@login_required
@endpoint("decideAffiliation", responses={200: s.Affiliation}, secured=True, errors=(403, 404, 409, 429),
          tags=("certification",))
def affiliation_decision(affiliation_id: int, action: str) -> ResponseReturnValue:
    """Coordinators: confirm or refuse a link (403 for one's own; 409 once decided)."""
    if not current_user().is_reviewer:
        abort(403)
    found = affiliations.decide(affiliations.get(affiliation_id), current_user(), action == "confirm")
    return jsonify(affiliations.affiliation_dict(found, current_language()))


@bp.get("/notices")
@login_required
@endpoint("listNotices", query=s.NoticesRequest, responses={200: s.NoticeList}, secured=True, tags=("notices",))
def notice_list(query: s.NoticesRequest) -> ResponseReturnValue:
    """Your notices, newest first, in pages, with the number unread (the JSON twin of ``/notices``)."""
    user = current_user()
    page, after = keyset_page(notices.notices_of(user), query, "certification_api.notice_list", lambda n: n.id,
                              newest_first=True)
    return page_response({"unread": notices.unread_count(user), "notices": [notices.notice_dict(n) for n in page],
                          "next": after})


@bp.post("/notices/read")
@login_required
@endpoint("markNoticesRead", body=s.NoticesRead, responses={200: s.NoticesReadAnswer}, secured=True,
          errors=(429,), tags=("notices",))
def notices_read(body: s.NoticesRead) -> ResponseReturnValue:
    """Mark your notices read: all of them, or those in ``ids``."""
    user = current_user()
    marked = notices.mark_read(user, body.ids)
    return jsonify(marked=marked, unread=notices.unread_count(user))


@bp.get("/certifications")
@endpoint("listCertifications", query=s.CertificationsRequest, responses={200: s.CertificationList},
          media={200: {"application/json": s.CertificationList, "text/csv": {"type": "string"}}},
          tags=("certification",))
def certifications(query: s.CertificationsRequest) -> ResponseReturnValue:
    """Hubs certified today (the JSON twin of ``/certified``); ``format=csv`` for Excel."""
    lang = current_language()
    if query.format == "json":
        page, after = keyset_page(ops.current_certifications(), query, "certification_api.certifications",
                                  lambda c: c.id)
        return page_response({"certifications": [certification_to_dict(c, lang) for c in page], "next": after})
    rows = [certification_to_dict(c, lang) for c in ops.current_certifications()]
    if query.format == "csv":
        columns = ("hub_name", "track", "tier", "valid_from", "valid_to", "criteria_version", "organization_id", "sample")
        labels = {"ja": ("拠点", "類型", "区分", "認定開始", "認定終了", "基準の版", "組織ID", "サンプル"),
                  "en": ("Hub", "Track", "Tier", "Valid from", "Valid to", "Criteria version", "Organisation id", "Sample")}
        return csv_response(labels[lang], ([row[c] for c in columns] for row in rows), "certified-hubs.csv",
                            query.encoding)
    return jsonify(certifications=rows)


@bp.get("/organizations/<int:org_id>/certifications")
@endpoint("listHubCertifications", responses={200: s.CertificationList}, errors=(404,), tags=("certification",))
def organization_certifications(org_id: int) -> ResponseReturnValue:
    """One hub's certification history (the JSON twin of ``/org/<id>/certification``)."""
    if db.session.get(Organization, org_id) is None:
        raise NotFound(_l("No organisation with id %(id)s.", id=org_id))
    lang = current_language()
    return jsonify(certifications=[certification_to_dict(c, lang) for c in ops.certification_history(org_id)])
