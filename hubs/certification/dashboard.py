"""The coordinators' desk: the review queue as rows (:func:`review_queue_rows`), the history of
decisions (:func:`decision_history`), and the dashboard over both — one page
(``/review/dashboard``) and its JSON twin (``/api/v1/review/dashboard``) over :func:`dashboard`.

It gathers what the coordinators' day is made of, each as a count, the first rows and a link
to the full list: the review queue, proposed decisions awaiting the reader's confirmation,
affiliations to confirm, certifications expiring within six months and the latest decisions;
then certified hubs and open applications counted by prefecture and by track. Fictional
sample hubs are never counted (only their number is given).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hubs.accounts.models import ROLES, User
from hubs.certification import affiliations, decisions
from hubs.certification import operations as ops
from hubs.certification.models import AuditLog, Certification, HubApplication, Review
from hubs.core.errors import NotFound
from hubs.core.extensions import db
from hubs.organizations.models import Organization, Prefecture

#: Rows of each list the dashboard shows; the full lists are a link away.
TOP = 5
#: Applications in the process: submitted and waiting for review, or returned to the applicant
#: for changes. Drafts are the applicant's own until submitted, and are not counted.
OPEN_STATUSES = ("submitted", "returned")
#: What a proposal asks for, as the queue page names it.
PROPOSALS: dict[str, Any] = {"certify": _l("Certify"), "return": _l("Return for changes"), "reject": _l("Reject")}


#: The audit log's steps of a decision (four eyes): proposed, then confirmed or sent back.
DECISION_STEPS: dict[str, tuple[str, Any]] = {
    "decision_proposed": ("proposed", _l("proposed")), "decision_confirmed": ("confirmed", _l("confirmed")),
    "decision_sent_back": ("sent_back", _l("sent back")),
}
#: Most decisions one history page lists, newest first.
MAX_HISTORY = 500


def _days_since(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return max((datetime.now(UTC) - moment).days, 0)


def _prefecture_names(lang: str) -> dict[str, str]:
    return {code: (name_en if lang == "en" else name_ja) for code, name_ja, name_en in
            db.session.execute(select(Prefecture.code, Prefecture.name_ja, Prefecture.name_en))}


def review_queue_rows(lang: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The review queue, oldest first (at most ``limit``), as the page and its JSON twin show it:
    hub, track, prefecture, submitted on, days waiting and the provisional score (rubric not yet final)."""
    prefectures = _prefecture_names(lang)
    rows = []
    for application in ops.review_queue(limit):
        criteria = ops.criteria_of(application.criteria_version)
        labels = ops.track_and_tier_names(criteria, lang)
        result = ops.application_score(application).result
        score = result.to_dict()
        code = application.prefecture_code or (application.organization.prefecture_code
                                               if application.organization else None)
        rows.append({
            "id": application.id, "hub_name": application.hub_name(lang), "sample": application.sample,
            "renewal": application.renewal_of_id is not None,
            "track": application.track, "track_label": labels.get(application.track, application.track),
            "prefecture_code": code, "prefecture": prefectures.get(code or "", ""),
            "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
            "submitted_on": application.submitted_at.date().isoformat() if application.submitted_at else None,
            "days_waiting": _days_since(application.submitted_at),
            "revision": application.current_revision.number, "applicant": application.owner.email,
            "score": {"total": score["total"], "maximum": score["maximum"], "percent": score["percent"],
                      "tier": result.tier, "tier_label": labels.get(result.tier, result.tier),
                      "provisional": result.provisional},
            "url": url_for("certification.review", application_id=application.id),
            "application_url": url_for("certification.application", application_id=application.id),
            "history_url": url_for("certification.decisions", application=application.id),
        })
    return rows


def decision_history(lang: str, application_id: int | None = None, limit: int = MAX_HISTORY,
                     before: int | None = None) -> dict[str, Any]:
    """Who decided what, when, on which revision: the audit log's decisions, newest first
    (one application's with ``application_id``; at most ``limit``; with ``before``, only entries
    older than that audit log id: a page of the API), with the tier and the comment of each."""
    query = select(AuditLog).where(AuditLog.object_type == "HubApplication", AuditLog.action.in_(DECISION_STEPS))
    if application_id is not None:
        query = query.where(AuditLog.object_id == application_id)
    if before is not None:
        query = query.where(AuditLog.id < before)
    entries = list(db.session.scalars(query.order_by(AuditLog.id.desc()).limit(limit)))
    reviews = {r.id: r for r in db.session.scalars(select(Review).where(
        Review.id.in_([e.detail.get("review") for e in entries if isinstance(e.detail.get("review"), int)])))}
    applications = {a.id: a for a in db.session.scalars(select(HubApplication).where(
        HubApplication.id.in_({e.object_id for e in entries})))}
    rows = []
    for entry in entries:
        application = applications.get(entry.object_id) if entry.object_id is not None else None
        review_id = entry.detail.get("review")
        review = reviews.get(review_id) if isinstance(review_id, int) else None
        decision = entry.detail.get("decision") or (review.decision if review else None) or "return"
        labels = ops.track_and_tier_names(ops.criteria_of(application.criteria_version), lang) if application else {}
        tier = review.tier if review else None
        rows.append({
            "id": entry.id, "at": entry.at.isoformat(), "decided_on": entry.at.date().isoformat(),
            "actor": entry.actor.email if entry.actor else None,
            "actor_role": entry.actor.role if entry.actor else None,
            "actor_role_label": ROLES[entry.actor.role][1 if lang == "en" else 0] if entry.actor else None,
            "application_id": entry.object_id, "hub_name": application.hub_name(lang) if application else "",
            "step": DECISION_STEPS[entry.action][0], "step_label": str(DECISION_STEPS[entry.action][1]),
            "decision": decision,
            "decision_label": ops.decision_label(decision, application) if application else str(
                ops.DECISION_LABELS.get(decision, decision)),
            "tier": tier, "tier_label": labels.get(tier, tier) if tier else None,
            "revision": review.revision.number if review else None,
            "comment": review.comment if review else "",
            "application_url": url_for("certification.application", application_id=entry.object_id),
        })
    application = applications.get(application_id) if application_id is not None else None
    if application_id is not None and application is None:
        application = db.session.get(HubApplication, application_id)
        if application is None:
            raise NotFound(_l("No application %(id)s.", id=application_id))
    return {"application_id": application_id,
            "hub_name": application.hub_name(lang) if application else None,
            "decisions": rows}


def _section(count: int, rows: list[dict[str, Any]], url: str) -> dict[str, Any]:
    return {"count": count, "rows": rows, "url": url}


def _awaiting_row(application: HubApplication, lang: str) -> dict[str, Any]:
    proposal = application.pending_proposal
    decision = proposal.decision if proposal else None
    return {"id": application.id, "hub_name": application.hub_name(lang), "decision": decision,
            "decision_label": str(PROPOSALS.get(decision or "", decision or "")),
            "proposer": proposal.reviewer.email if proposal and proposal.reviewer else None,
            "proposed_at": proposal.created_at.isoformat() if proposal and proposal.created_at else None,
            "url": url_for("certification.review", application_id=application.id, _anchor="proposal")}


def _expiring_row(cert: Certification, lang: str) -> dict[str, Any]:
    return {"id": cert.id, "hub_name": cert.application.hub_name(lang), "sample": cert.sample,
            "tier": cert.tier, "track": cert.track, **ops.certification_labels(cert, lang),
            "valid_to": cert.valid_to.isoformat(), "days_left": (cert.valid_to - ops.today()).days,
            "applicant": cert.application.owner.email,
            "url": url_for("certification.hub_history", org_id=cert.organization_id) if cert.organization_id else None,
            "application_url": url_for("certification.application", application_id=cert.application_id)}


def _decision_count() -> int:
    return db.session.scalar(select(func.count(AuditLog.id)).where(
        AuditLog.object_type == "HubApplication", AuditLog.action.in_(DECISION_STEPS))) or 0


def _counted(rows: Iterable[Any], kind: str, by_prefecture: dict[str | None, dict[str, int]],
             by_track: dict[str, dict[str, int]]) -> None:
    for track, code, count in rows:
        by_prefecture.setdefault(code, {"certified": 0, "open": 0})[kind] += count
        by_track.setdefault(track, {"certified": 0, "open": 0})[kind] += count


def counts(lang: str) -> dict[str, Any]:
    """Hubs certified today and open applications (:data:`OPEN_STATUSES`), by prefecture
    (those with any, in JIS order, then those without one) and by track (every track of the
    current criteria, then any other), named in ``lang``; sample hubs left out."""
    day = ops.today()
    by_prefecture: dict[str | None, dict[str, int]] = {}
    by_track: dict[str, dict[str, int]] = {}
    place = func.coalesce(HubApplication.prefecture_code, Organization.prefecture_code)
    certified = (select(Certification.track, place, func.count(Certification.id))
                 .join(HubApplication, HubApplication.id == Certification.application_id)
                 .outerjoin(Organization, Organization.id == Certification.organization_id)
                 .where(Certification.valid_from <= day, Certification.valid_to >= day,
                        Certification.sample.is_(False))
                 .group_by(Certification.track, place))
    _counted(db.session.execute(certified), "certified", by_prefecture, by_track)
    open_ = (select(HubApplication.track, place, func.count(HubApplication.id))
             .outerjoin(Organization, Organization.id == HubApplication.organization_id)
             .where(HubApplication.status.in_(OPEN_STATUSES), HubApplication.sample.is_(False))
             .group_by(HubApplication.track, place))
    _counted(db.session.execute(open_), "open", by_prefecture, by_track)
    samples = db.session.scalar(select(func.count(Certification.id)).where(
        Certification.valid_from <= day, Certification.valid_to >= day, Certification.sample.is_(True))) or 0

    names = {code: (name_en if lang == "en" else name_ja) for code, name_ja, name_en in db.session.execute(
        select(Prefecture.code, Prefecture.name_ja, Prefecture.name_en).where(
            Prefecture.code.in_([c for c in by_prefecture if c])))}
    unknown = str(_l("Prefecture not known"))
    prefectures = [{"prefecture_code": code, "prefecture": names.get(code, code) if code else unknown, **numbers}
                   for code, numbers in sorted(by_prefecture.items(), key=lambda item: (item[0] is None, item[0] or ""))]
    criteria = ops.criteria_of(ops.current_criteria_version())
    keys = list(criteria.tracks) if isinstance(criteria.tracks, dict) else [t.key for t in criteria.tracks]
    keys += sorted(k for k in by_track if k not in keys)
    tracks = [{"track": key, "track_label": ops.criteria_label(key, lang=lang),
               **by_track.get(key, {"certified": 0, "open": 0})} for key in keys]
    return {"by_prefecture": prefectures, "by_track": tracks,
            "totals": {"certified": sum(t["certified"] for t in tracks), "open": sum(t["open"] for t in tracks),
                       "samples_left_out": samples}}


def dashboard(user: User, lang: str, top: int = TOP) -> dict[str, Any]:
    """What waits for the coordinators (``user``: proposals they may confirm), each list as
    ``{count, rows (the first ``top``), url (the full list)}``, and the counts of :func:`counts`."""
    queue = review_queue_rows(lang)
    awaiting = decisions.awaiting_confirmation(user)
    links = affiliations.pending()
    expiring = ops.expiring_certifications()
    history = decision_history(lang, limit=top)["decisions"]
    return {
        "queue": _section(len(queue), queue[:top], url_for("certification.queue")),
        "awaiting_confirmation": _section(len(awaiting), [_awaiting_row(a, lang) for a in awaiting[:top]],
                                          url_for("certification.queue", _anchor="awaiting")),
        "affiliations_to_confirm": _section(len(links), [affiliations.affiliation_dict(a, lang) for a in links[:top]],
                                            url_for("certification.affiliations_page", _anchor="to-confirm")),
        "expiring": _section(len(expiring), [_expiring_row(c, lang) for c in expiring[:top]],
                             url_for("certification.queue", _anchor="expiring")),
        "decisions": _section(_decision_count(), history, url_for("certification.decisions")),
        **counts(lang),
    }
