"""Reviews and decisions with four eyes: a reviewer records rubric levels and proposes a decision
(certify with a tier and a one-line public evaluation, return, reject); a second coordinator or
an admin confirms it or sends it back. Nobody confirms their own proposal or decides on an
application they own; a confirmed certification is put on the map.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from hubs.accounts.models import User
from hubs.certification.models import (
    DECISIONS, MAX_PUBLIC_EVALUATION, Certification, HubApplication, Review
)
from hubs.certification import affiliations, notices
from hubs.certification.periods import certification_period, continued_period
from hubs.core.extensions import db, utcnow
from hubs.organizations.models import Organization, Prefecture
from hubs.certification.scoring import Criteria, ScoreResult, score_application, validate_values
from hubs.core.errors import AtlasError, FieldError, InvalidInput
from hubs.certification.operations import (
    MAX_COMMENT, StateConflict, _draft_revision, _engine_errors, _status, audit, certification_result, criteria_of,
    latest_rubric_scores, tier_names, today,
)


def certifying_tiers(criteria: Criteria) -> list[str]:
    """Tiers a hub can be certified at: all but the last (\"not certified\")."""
    return [tier.key for tier in criteria.tiers[:-1]]


def _may_review(application: HubApplication, reviewer: User) -> None:
    if not reviewer.is_reviewer:
        raise PermissionError("only coordinators and admins review")
    if application.owner_id == reviewer.id:
        raise AtlasError(_l("Nobody reviews or decides on an application they own."), status=403,
                         code="own_application")


def _under_review(application: HubApplication) -> None:
    if application.status != "submitted":
        raise StateConflict(application, _l("Application %(id)s is %(status)s, not under review.",
                                            id=application.id, status=_status(application)))


def _one_line(text: Any) -> str:
    return " ".join(text.split()) if isinstance(text, str) else ""


def record_review(application: HubApplication, reviewer: User, data: Mapping[str, Any]) -> Review:
    """Rubric scores and a comment, and optionally a proposed decision (certify with a tier and
    a one-line public evaluation, return, reject) that a second reviewer must confirm.

    ``revision`` (optional) is the revision number the reviewer read: a decision on an older
    one is refused (409), as is a second proposal while one awaits confirmation.
    """
    _may_review(application, reviewer)
    _under_review(application)
    if not isinstance(data, Mapping):
        raise InvalidInput.single("body", "not_object", _l("Send a JSON object."), 400)
    seen = data.get("revision")
    if seen not in (None, "") and str(seen) != str(application.current_revision.number):
        raise StateConflict(application, _l(
            "This decision was made on revision %(seen)s, but the application is now at revision %(now)s; "
            "reload it and decide again.", seen=seen, now=application.current_revision.number))
    criteria = criteria_of(application.criteria_version)
    errors: list[FieldError] = []
    decision = data.get("decision") or None
    if decision is not None and decision not in DECISIONS:
        errors.append(FieldError("decision", "unknown_decision", _l(
            "The decision must be one of %(allowed)s.", allowed=", ".join(DECISIONS))))
    pending = application.pending_proposal
    if decision is not None:
        affiliations.require_confirmed(application)
    if decision is not None and pending is not None:
        raise StateConflict(application, _l(
            "A proposed decision on application %(id)s already awaits confirmation; it must be confirmed or "
            "sent back first.", id=application.id))
    comment = data.get("comment") or ""
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
        errors.append(FieldError("comment", "too_long", _l(
            "The comment must be text of at most %(limit)s characters.", limit=MAX_COMMENT)))
    if decision == "return" and not (isinstance(comment, str) and comment.strip()):
        errors.append(FieldError("comment", "required", _l("Say in the comment what to change.")))
    evaluation = _one_line(data.get("public_evaluation") or "")
    if len(evaluation) > MAX_PUBLIC_EVALUATION:
        errors.append(FieldError("public_evaluation", "too_long", _l(
            "The public evaluation must be one line of at most %(limit)s characters.", limit=MAX_PUBLIC_EVALUATION)))
    elif decision == "certify" and not evaluation:
        errors.append(FieldError("public_evaluation", "required", _l(
            "Write the one-line public evaluation published with the certification.")))
    given_rubric = data.get("rubric_scores")
    rubric = {**latest_rubric_scores(application), **(given_rubric if isinstance(given_rubric, Mapping) else {})}
    if given_rubric is not None and not isinstance(given_rubric, Mapping):
        rubric = given_rubric  # let the engine name the problem
    values = application.current_revision.values
    # Values were checked at submission; here only the rubric levels are new.
    rubric_errors = _engine_errors(validate_values(criteria, application.track, {}, rubric))
    errors.extend(e for e in rubric_errors if e.code != "required")
    tier = data.get("tier") or None
    if not errors and decision == "certify":
        result = score_application(criteria, application.track, values, rubric)
        allowed = certifying_tiers(criteria)
        tier = tier or result.tier
        if tier not in allowed:
            errors.append(FieldError("tier", "not_certifiable", _l(
                "Choose the tier to certify at (%(allowed)s).", allowed=tier_names(criteria, allowed))))
    if errors:
        raise InvalidInput(errors=errors)
    review = Review(application_id=application.id, revision_id=application.current_revision.id,
                    reviewer_id=reviewer.id, rubric_scores_json=json.dumps(rubric), comment=comment.strip(),
                    decision=decision, tier=tier if decision == "certify" else None,
                    public_evaluation=evaluation if decision == "certify" else "",
                    proposal_state="proposed" if decision else None)
    application.reviews.append(review)
    db.session.flush()
    audit(reviewer, "reviewed", application, review=review.id)
    if decision:
        # Touching the application takes its optimistic lock: of two proposals made at once
        # only the first commits.
        application.updated_at = utcnow()
        audit(reviewer, "decision_proposed", application, review=review.id, decision=decision, tier=review.tier)
        notices.notify(notices.reviewers(excluding=(application.owner_id, reviewer.id)), "awaiting_confirmation",
                       application, proposer=reviewer.email, decision=decision)
    db.session.commit()
    notices.deliver()
    return review


def _pending(application: HubApplication, proposal_id: Any) -> Review:
    """The proposal awaiting confirmation, which must be the one the confirmer read."""
    pending = application.pending_proposal
    if pending is None:
        raise StateConflict(application, _l("No proposed decision on application %(id)s awaits confirmation.",
                                            id=application.id))
    if proposal_id in (None, ""):
        raise InvalidInput.single("proposal", "required", _l("Name the proposal you confirm or send back."))
    if str(proposal_id) != str(pending.id):
        raise StateConflict(application, _l(
            "Proposal %(given)s is no longer the one awaiting confirmation (now %(now)s); reload and check it again.",
            given=proposal_id, now=pending.id))
    if pending.revision_id != application.current_revision.id:
        raise StateConflict(application, _l("The proposal was made on an older revision; it cannot be confirmed."))
    return pending


def _note(data: Mapping[str, Any], *, required: bool) -> str:
    note = data.get("note") or ""
    if not isinstance(note, str) or len(note) > MAX_COMMENT:
        raise InvalidInput.single("note", "too_long", _l(
            "The note must be text of at most %(limit)s characters.", limit=MAX_COMMENT))
    if required and not note.strip():
        raise InvalidInput.single("note", "required", _l("Say why the proposal goes back."))
    return note.strip()


def confirm_proposal(application: HubApplication, confirmer: User, data: Mapping[str, Any]) -> Review:
    """A second coordinator or an admin confirms the pending proposal: the decision takes effect.

    Nobody confirms their own proposal (403 ``own_proposal``) or decides on an application they
    own (403 ``own_application``); a proposal that is not the pending one is refused (409).
    """
    _may_review(application, confirmer)
    _under_review(application)
    if not isinstance(data, Mapping):
        raise InvalidInput.single("body", "not_object", _l("Send a JSON object."), 400)
    proposal = _pending(application, data.get("proposal"))
    affiliations.require_confirmed(application)
    if proposal.reviewer_id == confirmer.id:
        raise AtlasError(_l("Nobody confirms their own proposal: a second coordinator or an admin must."),
                         status=403, code="own_proposal")
    note = _note(data, required=False)
    proposal.proposal_state = "confirmed"
    proposal.decided_by_id, proposal.decided_at, proposal.decision_note = confirmer.id, utcnow(), note
    application.updated_at = utcnow()
    audit(confirmer, "decision_confirmed", application, review=proposal.id, decision=proposal.decision,
          proposed_by=proposal.reviewer_id)
    owner = application.owner
    if proposal.decision == "certify":
        criteria = criteria_of(application.criteria_version)
        result = score_application(criteria, application.track, application.current_revision.values,
                                   proposal.rubric_scores)
        cert = _certify(application, confirmer, proposal.tier or result.tier, result, proposal.public_evaluation)
        # A renewal's result is 継続 (continued), told as such.
        notices.notify([owner], "continued" if cert.renewal_of_id else "certified", application,
                       valid_from=cert.valid_from.isoformat(), valid_to=cert.valid_to.isoformat(),
                       evaluation=cert.public_evaluation, tier=cert.tier)
    elif proposal.decision == "return":
        application.status = "returned"
        _draft_revision(application, confirmer)
        audit(confirmer, "returned", application)
        notices.notify([owner], "returned", application, comment=proposal.comment)
    else:
        application.status = "rejected"
        audit(confirmer, "rejected", application)
        notices.notify([owner], "rejected", application, comment=proposal.comment)
    db.session.commit()
    notices.deliver()
    return proposal


def send_back_proposal(application: HubApplication, reviewer: User, data: Mapping[str, Any]) -> Review:
    """The pending proposal is sent back to the reviewers with a note: it never takes effect,
    stays on record, and the application waits for a new proposal."""
    _may_review(application, reviewer)
    _under_review(application)
    if not isinstance(data, Mapping):
        raise InvalidInput.single("body", "not_object", _l("Send a JSON object."), 400)
    proposal = _pending(application, data.get("proposal"))
    note = _note(data, required=True)
    proposal.proposal_state = "sent_back"
    proposal.decided_by_id, proposal.decided_at, proposal.decision_note = reviewer.id, utcnow(), note
    application.updated_at = utcnow()
    audit(reviewer, "decision_sent_back", application, review=proposal.id, note=note)
    if proposal.reviewer is not None and proposal.reviewer_id != reviewer.id:
        notices.notify([proposal.reviewer], "proposal_sent_back", application, note=note)
    db.session.commit()
    notices.deliver()
    return proposal


def visible_reviews(application: HubApplication, user: User) -> list[Review]:
    """Reviews ``user`` may read: reviewers all of them; the applicant only decisions that took
    effect (a proposal, a sent-back one or a reviewer's working note stays among reviewers)."""
    if user.is_reviewer and application.owner_id != user.id:
        return list(application.reviews)
    return [r for r in application.reviews if r.proposal_state == "confirmed"]


def awaiting_confirmation(user: User | None = None) -> list[HubApplication]:
    """Submitted applications whose proposed decision awaits confirmation (by ``user``: not
    their own proposals, nor applications they own)."""
    rows = db.session.scalars(select(HubApplication).join(Review).where(
        HubApplication.status == "submitted", Review.proposal_state == "proposed").order_by(HubApplication.id))
    out = []
    for application in dict.fromkeys(rows):
        proposal = application.pending_proposal
        if user is not None and (application.owner_id == user.id or (proposal and proposal.reviewer_id == user.id)):
            continue
        out.append(application)
    return out


def _certify(application: HubApplication, reviewer: User, tier: str, result: ScoreResult,
             public_evaluation: str = "") -> Certification:
    application.status = "certified"
    new_hub = application.organization is None
    organization = application.organization or _hub_organization(application)
    if new_hub and organization is not None and reviewer is not None:
        affiliations.link_new_hub(application, organization, reviewer)
    previous = db.session.get(Certification, application.renewal_of_id) if application.renewal_of_id else None
    valid_from, valid_to = (continued_period(previous.valid_to) if previous is not None
                            else certification_period(today()))
    cert = Certification(
        application_id=application.id, revision_id=application.current_revision.id, organization_id=organization.id if organization else None,
        track=application.track, tier=tier, percent=result.percent, criteria_version=application.criteria_version.version,
        valid_from=valid_from, valid_to=valid_to, renewal_of_id=previous.id if previous else None,
        certified_by_id=reviewer.id if reviewer else None, sample=application.sample,
        public_evaluation=public_evaluation,
    )
    db.session.add(cert)
    try:
        db.session.flush()
    except IntegrityError:  # another decision certified this revision first (uq_certification_decision)
        db.session.rollback()
        notices.discard()
        raise StateConflict(application, _l("Application %(id)s was decided meanwhile.", id=application.id)) from None
    if organization is not None:
        organization.hub_track = application.track
        organization.selected_on = valid_from.isoformat()
        organization.valid_until = valid_to
        organization.renewal_state = "renewed" if previous else ""
    audit(reviewer, "certified", application, certification=cert.id, tier=tier, result=certification_result(cert),
          valid_from=valid_from.isoformat(), valid_to=valid_to.isoformat())
    return cert


def _hub_organization(application: HubApplication) -> Organization | None:
    """Put a newly certified hub on the map, at its university or else its prefecture's capital."""
    if application.sample:
        return None
    university = application.university
    prefecture = db.session.get(Prefecture, application.prefecture_code) if application.prefecture_code else None
    if university is not None:
        lat, lon, precision, city = university.lat, university.lon, university.location_precision, university.city
        where = "location of its university"
    elif prefecture is not None and prefecture.capital_lat is not None and prefecture.capital_lon is not None:
        lat, lon, precision, city = prefecture.capital_lat, prefecture.capital_lon, "city", prefecture.capital_ja or ""
        where = "centre of the prefectural capital (approximate)"
    else:
        return None
    org = Organization(
        key=f"certified-hub-{application.id}", kind="hub", name_ja=application.hub_name_ja,
        name_en=application.hub_name_en, prefecture_code=application.prefecture_code or university.prefecture_code,
        city=city, lat=lat, lon=lon, location_precision=precision, parent_id=university.id if university else None,
        source=f"Innovation Hub Atlas certification, application #{application.id}; coordinates: {where}",
    )
    db.session.add(org)
    db.session.flush()
    application.organization_id = org.id
    application.organization = org
    return org
