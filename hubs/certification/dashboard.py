"""The coordinators' dashboard: one page (``/review/dashboard``) and its JSON twin
(``/api/v1/review/dashboard``) over :func:`dashboard`.

It gathers what the coordinators' day is made of, each as a count, the first rows and a link
to the full list: the review queue, proposed decisions awaiting the reader's confirmation,
affiliations to confirm, certifications expiring within six months and the latest decisions;
then certified hubs and open applications counted by prefecture and by track. Fictional
sample hubs are never counted (only their number is given).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hubs.accounts.models import User
from hubs.certification import affiliations, decisions
from hubs.certification import operations as ops
from hubs.certification.models import AuditLog, Certification, HubApplication
from hubs.core.extensions import db
from hubs.organizations.models import Organization, Prefecture

#: Rows of each list the dashboard shows; the full lists are a link away.
TOP = 5
#: Applications in the process: submitted and waiting for review, or returned to the applicant
#: for changes. Drafts are the applicant's own until submitted, and are not counted.
OPEN_STATUSES = ("submitted", "returned")
#: What a proposal asks for, as the queue page names it.
PROPOSALS: dict[str, Any] = {"certify": _l("Certify"), "return": _l("Return for changes"), "reject": _l("Reject")}


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
        AuditLog.object_type == "HubApplication", AuditLog.action.in_(ops.DECISION_STEPS))) or 0


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
    queue = ops.review_queue_rows(lang)
    awaiting = decisions.awaiting_confirmation(user)
    links = affiliations.pending()
    expiring = ops.expiring_certifications()
    history = ops.decision_history(lang, limit=top)["decisions"]
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
