"""Notices: what happened, for whom it matters, in the portal and by mail.

Applicants are told when their application is returned, certified (a renewal: continued, 継続) or rejected, and when a
certification ends within 6, 3 and 1 months; coordinators when an application is submitted,
when a proposed decision awaits their confirmation and when an affiliation awaits theirs.
A notice is stored with its ``kind`` and parameters and worded when read, in the reader's
language; its mail is worded in the recipient's stored language (``User.language``) and sent
after the operation that made it has committed (:func:`deliver`).

Other features tell people through the same table, header count, page and mail without
importing this module: they call the ``notices.notify``, ``notices.deliver`` and
``notices.discard`` hooks (registered here by :func:`hubs.certification.init_app`) and word and
link their own kinds through the ``notices.words`` and ``notices.link`` hooks (the equipment
feature's booking notices, :mod:`hubs.equipment.notices`).
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import g, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from hubs.accounts.models import User
from hubs.certification.models import Certification, HubApplication, Notice
from hubs.certification.periods import add_months
from hubs.core.extensions import db, utcnow
from hubs.core.i18n import current_language
from hubs.core.mail import send_mail
from hubs.core.registry import hooks

KINDS = ("returned", "certified", "continued", "rejected", "expiring", "submitted", "awaiting_confirmation",
         "proposal_sent_back", "affiliation_to_confirm", "affiliation_confirmed", "affiliation_refused")
#: Months before a certification ends at which its holder is reminded.
EXPIRY_REMINDERS = (6, 3, 1)


def _hub(params: dict[str, Any], lang: str) -> str:
    return (params.get("hub_en") or params.get("hub_ja") or "") if lang == "en" else (
        params.get("hub_ja") or params.get("hub_en") or "")


def words(notice: Notice, lang: str | None = None) -> tuple[str, str]:
    """``(title, detail)`` of a notice in the current locale (``lang`` picks the hub's name)."""
    p = notice.params
    lang = lang or current_language()
    hub, number = _hub(p, lang), notice.application_id
    if notice.kind == "returned":
        return (_("Application #%(id)s (%(hub)s) was returned for changes.", id=number, hub=hub),
                _("Reviewers' comment: %(comment)s", comment=p.get("comment", "")))
    if notice.kind == "certified":
        return (_("%(hub)s is certified.", hub=hub),
                _("Valid until %(date)s. Public evaluation: %(evaluation)s", date=p.get("valid_to", ""),
                  evaluation=p.get("evaluation", "")))
    if notice.kind == "continued":
        return (_("The certification of %(hub)s is continued.", hub=hub),
                _("Valid from %(start)s until %(date)s. Public evaluation: %(evaluation)s",
                  start=p.get("valid_from", ""), date=p.get("valid_to", ""), evaluation=p.get("evaluation", "")))
    if notice.kind == "rejected":
        return (_("Application #%(id)s (%(hub)s) was not certified.", id=number, hub=hub),
                _("Reviewers' comment: %(comment)s", comment=p.get("comment", "")))
    if notice.kind == "expiring":
        return (_("The certification of %(hub)s ends on %(date)s.", hub=hub, date=p.get("valid_to", "")),
                _("Apply for renewal within %(months)s months to keep it without a gap.", months=p.get("months", "")))
    if notice.kind == "submitted":
        return (_("New application #%(id)s (%(hub)s) to review.", id=number, hub=hub), "")
    if notice.kind == "awaiting_confirmation":
        return (_("A proposed decision on application #%(id)s (%(hub)s) awaits confirmation.", id=number, hub=hub),
                _("Proposed by %(email)s.", email=p.get("proposer", "")))
    if notice.kind == "proposal_sent_back":
        return (_("Your proposal on application #%(id)s (%(hub)s) was sent back.", id=number, hub=hub),
                _("Note: %(note)s", note=p.get("note", "")))
    if notice.kind == "affiliation_to_confirm":
        return (_("%(email)s asks to be linked to %(organization)s.", email=p.get("email", ""),
                  organization=_hub(p, lang)), "")
    if notice.kind == "affiliation_confirmed":
        return (_("Your link to %(organization)s is confirmed.", organization=_hub(p, lang)), "")
    if notice.kind == "affiliation_refused":
        return (_("Your link to %(organization)s was not confirmed.", organization=_hub(p, lang)), "")
    for other in hooks("notices.words"):  # a kind another feature made
        worded = other(notice.kind, p, lang)
        if worded is not None:
            return worded
    return (notice.kind, "")


def link(notice: Notice, *, external: bool = False) -> str | None:
    """Where the notice leads: the application, the review page or the affiliations page."""
    try:
        if notice.kind not in KINDS:
            for other in hooks("notices.link"):
                where = other(notice.kind, notice.params, external)
                if where is not None:
                    return where
            return None
        if notice.kind in ("affiliation_to_confirm",):
            return url_for("certification.affiliations_page", _external=external)
        if notice.kind in ("affiliation_confirmed", "affiliation_refused"):
            return url_for("certification.affiliations_page", _external=external)
        if notice.application_id is None:
            return None
        if notice.kind in ("submitted", "awaiting_confirmation", "proposal_sent_back"):
            return url_for("certification.review", application_id=notice.application_id, _external=external)
        return url_for("certification.application", application_id=notice.application_id, _external=external)
    except RuntimeError:  # no request and no SERVER_NAME (a CLI run): mails go without a link
        return None


def hub_params(application: HubApplication) -> dict[str, str]:
    return {"hub_ja": application.hub_name("ja"), "hub_en": application.hub_name("en")}


def notify(users: list[User], kind: str, application: HubApplication | None = None, *,
           once_key: str | None = None, **params: Any) -> list[Notice]:
    """Notices of ``kind`` for each active user, added to the session (the caller commits) and
    queued for mail (sent by :func:`deliver` after the commit)."""
    if application is not None:
        params = {**hub_params(application), **params}
    made = []
    for user in {u.id: u for u in users if u is not None and u.active}.values():
        key = f"{once_key}:{user.id}" if once_key else None
        notice = Notice(user_id=user.id, kind=kind, application_id=application.id if application else None,
                        params_json=json.dumps(params, ensure_ascii=False, default=str), once_key=key)
        notice.user = user
        db.session.add(notice)
        made.append(notice)
    g.setdefault("_notices_to_mail", []).extend(made)
    return made


def reviewers(*, excluding: tuple[int | None, ...] = ()) -> list[User]:
    """Active coordinators and admins, but not those named (the owner, the proposer)."""
    return [u for u in db.session.scalars(select(User).where(User.role.in_(("coordinator", "admin")),
                                                             User.active.is_(True)))
            if u.id not in excluding]


def deliver() -> int:
    """Mail the notices made since the last commit, each in its recipient's language."""
    pending = g.pop("_notices_to_mail", [])
    sent = 0
    for notice in pending:
        user = notice.user
        lang = user.language if user.language in ("ja", "en") else "ja"
        with force_locale(lang):
            title, detail = words(notice, lang)
            where = link(notice, external=True)
            body = "\n\n".join(part for part in (title, detail, where or "",
                                                 _("— Innovation Hub Atlas (this mail was sent automatically)")) if part)
            subject = _("Innovation Hub Atlas: %(title)s", title=title)
        sent += send_mail(user.email, subject, body)
    return sent


def discard() -> None:
    """Forget queued mails (the operation that made them was rolled back)."""
    g.pop("_notices_to_mail", None)


# ---------------------------------------------------------------------------------------
# Reading


def notices_of(user: User, limit: int = 100) -> list[Notice]:
    return list(db.session.scalars(select(Notice).where(Notice.user_id == user.id)
                                   .order_by(Notice.id.desc()).limit(limit)))


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notice).where(
        Notice.user_id == user.id, Notice.read_at.is_(None))) or 0


def mark_read(user: User, notice_ids: list[int] | None = None) -> int:
    """Mark the user's notices read (all of them, or those named); returns how many changed."""
    statement = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_ids is not None:
        statement = statement.where(Notice.id.in_(notice_ids))
    changed = getattr(db.session.execute(statement.values(read_at=utcnow())), "rowcount", 0)
    db.session.commit()
    return int(changed or 0)


def notice_dict(notice: Notice) -> dict[str, Any]:
    title, detail = words(notice)
    return {"id": notice.id, "kind": notice.kind, "title": title, "detail": detail,
            "application_id": notice.application_id, "url": link(notice),
            "created_at": notice.created_at.isoformat() if notice.created_at else None,
            "read": notice.read_at is not None}


# ---------------------------------------------------------------------------------------
# Expiry reminders


def remind_expiring(day: date) -> int:
    """Tell each holder of a certification ending within 6, 3 or 1 months, once per threshold
    (only the nearest one that applies: a certification first seen a month before its end
    gets one reminder, not three). Renewed and sample certifications are skipped."""
    renewed = select(Certification.renewal_of_id).where(Certification.renewal_of_id.is_not(None))
    rows = db.session.scalars(select(Certification).where(
        Certification.valid_to >= day, Certification.valid_to <= add_months(day, max(EXPIRY_REMINDERS)),
        Certification.sample.is_(False), Certification.id.not_in(renewed)))
    made = 0
    for cert in rows:
        months = min(m for m in EXPIRY_REMINDERS if cert.valid_to <= add_months(day, m))
        key = f"expiring:{cert.id}:{months}"
        owner = cert.application.owner
        if db.session.scalar(select(Notice.id).where(Notice.once_key == f"{key}:{owner.id}")):
            continue
        made += len(notify([owner], "expiring", cert.application, once_key=key,
                           valid_to=cert.valid_to.isoformat(), months=months))
    db.session.commit()
    deliver()
    return made
