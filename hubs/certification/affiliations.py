"""Affiliations: an applicant is linked to the organisation they apply for (a university or an
existing hub), and a coordinator confirms the link before any decision on the application.

An email domain that matches the organisation's website domain is suggested (and marked on
the request as a hint for the coordinator, never as proof). Nobody can apply for or renew an
existing hub while their link to it was refused; an application whose link is not confirmed
can be reviewed but not decided. Every request and decision is in the audit log.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hubs.accounts.models import User
from hubs.certification import notices
from hubs.certification.models import Affiliation, HubApplication
from hubs.core.errors import AtlasError, Conflict, InvalidInput, NotFound
from hubs.core.extensions import db, utcnow
from hubs.organizations.models import Organization

#: Organisations an applicant may be linked to.
LINKABLE = ("university", "hub")


def _audit(actor: User | None, action: str, affiliation: Affiliation, **detail: Any) -> None:
    from hubs.certification.operations import audit

    audit(actor, action, affiliation, user=affiliation.user_id, organization=affiliation.organization_id, **detail)


def website_domain(organization: Organization) -> str:
    """``u-tokyo.ac.jp`` from ``https://www.u-tokyo.ac.jp/ja/``; "" without a website."""
    website = (organization.website or "").strip().lower()
    if not website:
        return ""
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    return host.removeprefix("www.")


def email_domain(user: User) -> str:
    return user.email.rsplit("@", 1)[-1].lower()


def domain_matches(user: User, organization: Organization) -> bool:
    """The email's domain is the website's domain or one under it (``lab.u-tokyo.ac.jp``)."""
    site, mail = website_domain(organization), email_domain(user)
    return bool(site) and "." in site and (mail == site or mail.endswith("." + site))


def suggestions(user: User) -> list[Organization]:
    """Organisations whose website domain matches the user's email domain."""
    candidates = db.session.scalars(select(Organization).where(
        Organization.kind.in_(LINKABLE), Organization.website != "").order_by(Organization.name_ja))
    return [o for o in candidates if domain_matches(user, o)]


def affiliations_of(user: User) -> list[Affiliation]:
    return list(db.session.scalars(select(Affiliation).where(Affiliation.user_id == user.id)
                                   .order_by(Affiliation.id.desc())))


def pending() -> list[Affiliation]:
    return list(db.session.scalars(select(Affiliation).where(Affiliation.status == "pending").order_by(Affiliation.id)))


def get(affiliation_id: int) -> Affiliation:
    found = db.session.get(Affiliation, affiliation_id)
    if found is None:
        raise NotFound(_l("No affiliation %(id)s.", id=affiliation_id))
    return found


def _link(user: User, organization_id: int) -> Affiliation | None:
    return db.session.scalar(select(Affiliation).where(Affiliation.user_id == user.id,
                                                      Affiliation.organization_id == organization_id))


def _organization(organization_id: Any) -> Organization:
    try:
        organization = db.session.get(Organization, int(organization_id))
    except (TypeError, ValueError):
        raise InvalidInput.single("organization_id", "wrong_type", _l("organization_id must be a whole number.")) from None
    if organization is None or organization.kind not in LINKABLE:
        raise NotFound(_l("There is no university or hub with this id."))
    return organization


def request_link(user: User, organization_id: Any, *, commit: bool = True) -> Affiliation:
    """Ask to be linked to an organisation; the existing link if there is one (never a second).

    A refused link stays refused (409): a coordinator has already said no.
    """
    organization = _organization(organization_id)
    existing = _link(user, organization.id)
    if existing is not None:
        if existing.status == "refused":
            raise Conflict(_l("Your link to this organisation was refused; ask a coordinator."), code="affiliation_refused")
        return existing
    affiliation = Affiliation(user_id=user.id, organization_id=organization.id, status="pending",
                              domain_match=domain_matches(user, organization))
    affiliation.user, affiliation.organization = user, organization
    db.session.add(affiliation)
    db.session.flush()
    _audit(user, "affiliation_requested", affiliation, domain_match=affiliation.domain_match)
    notices.notify(notices.reviewers(excluding=(user.id,)), "affiliation_to_confirm", email=user.email,
                   hub_ja=organization.name_ja, hub_en=organization.name_en)
    if commit:
        db.session.commit()
        notices.deliver()
    return affiliation


def decide(affiliation: Affiliation, coordinator: User, confirm: bool) -> Affiliation:
    """A coordinator or an admin confirms (or refuses) a link; nobody decides on their own."""
    if not coordinator.is_reviewer:
        raise PermissionError("only coordinators and admins confirm affiliations")
    if affiliation.user_id == coordinator.id:
        raise AtlasError(_l("Nobody confirms their own affiliation."), status=403, code="own_affiliation")
    if affiliation.status != "pending":
        raise Conflict(_l("This affiliation was already decided."))
    affiliation.status = "confirmed" if confirm else "refused"
    affiliation.decided_by_id, affiliation.decided_at = coordinator.id, utcnow()
    _audit(coordinator, "affiliation_confirmed" if confirm else "affiliation_refused", affiliation,
           domain_match=affiliation.domain_match)
    organization = affiliation.organization
    notices.notify([affiliation.user], "affiliation_confirmed" if confirm else "affiliation_refused",
                   hub_ja=organization.name_ja, hub_en=organization.name_en)
    db.session.commit()
    notices.deliver()
    return affiliation


# ---------------------------------------------------------------------------------------
# Rules for applications


def organization_of(application: HubApplication) -> Organization | None:
    """The organisation an application's owner must be linked to: the existing hub it is for,
    else the university of a new hub; ``None`` for a new hub placed by prefecture only."""
    return application.organization or application.university


def _accepted_ids(organization: Organization) -> set[int]:
    # A link to a hub's university covers the hub.
    return {organization.id, *([organization.parent_id] if organization.parent_id else [])}


def link_for(application: HubApplication) -> Affiliation | None:
    organization = organization_of(application)
    if organization is None:
        return None
    links = db.session.scalars(select(Affiliation).where(
        Affiliation.user_id == application.owner_id, Affiliation.organization_id.in_(_accepted_ids(organization))))
    ordered = sorted(links, key=lambda a: ("confirmed", "pending", "refused").index(a.status))
    return ordered[0] if ordered else None


def confirmed_with(user: User, organization: Organization | None) -> bool:
    """Whether a coordinator has confirmed ``user``'s link to ``organization`` (or its university)."""
    if organization is None:
        return False
    return any((a := _link(user, i)) is not None and a.status == "confirmed" for i in _accepted_ids(organization))


def require_applicable(user: User, organization_id: int | None) -> None:
    """Before a new application (or renewal) for an organisation: ask for the link if there is
    none (pending until a coordinator confirms), refuse if it was refused (403)."""
    if organization_id is None:
        return
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        return
    links = [a for i in _accepted_ids(organization) if (a := _link(user, i)) is not None]
    if any(a.status == "confirmed" for a in links):
        return
    if links and all(a.status == "refused" for a in links):
        raise AtlasError(_l("You are not affiliated with %(name)s, so you cannot apply for it.",
                            name=organization.name_ja), status=403, code="not_affiliated")
    if not links:
        request_link(user, organization.id, commit=False)


def require_confirmed(application: HubApplication) -> None:
    """Before a decision: the applicant's link to the organisation is confirmed (409 otherwise)."""
    organization = organization_of(application)
    if organization is None:
        return
    link = link_for(application)
    if link is None or link.status != "confirmed":
        raise Conflict(_l("The applicant's affiliation with %(name)s is not confirmed yet; confirm it before "
                          "deciding.", name=organization.name_ja), code="affiliation_unconfirmed")


def link_new_hub(application: HubApplication, organization: Organization, confirmer: User) -> None:
    """A newly certified hub: its applicant is linked to it (confirmed by the decision itself),
    so that the renewal needs no second confirmation."""
    if _link(application.owner, organization.id) is None:
        affiliation = Affiliation(user_id=application.owner_id, organization_id=organization.id, status="confirmed",
                                  domain_match=False, decided_by_id=confirmer.id, decided_at=utcnow())
        db.session.add(affiliation)
        db.session.flush()
        _audit(confirmer, "affiliation_confirmed", affiliation, by="certification")


def affiliation_dict(affiliation: Affiliation, lang: str) -> dict[str, Any]:
    org = affiliation.organization
    return {"id": affiliation.id, "organization_id": affiliation.organization_id,
            "organization_name": (org.name_en or org.name_ja) if lang == "en" else org.name_ja,
            "status": affiliation.status, "domain_match": affiliation.domain_match,
            "email": affiliation.user.email,
            "created_at": affiliation.created_at.isoformat() if affiliation.created_at else None,
            "decided_at": affiliation.decided_at.isoformat() if affiliation.decided_at else None}
