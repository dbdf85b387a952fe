"""Certification data: criteria versions, applications and their revisions, reviews,
certifications and the audit log.

A submitted revision never changes: an ORM hook refuses any update to it, so every
later change has to be a new revision. Models are plain data; the rules live in
:mod:`hubs.certification.operations`.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, event,
    select
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubs.accounts.models import User
from hubs.core.extensions import db, utcnow
from hubs.organizations.models import Organization

#: An application's states, each with its label in the reader's language (gettext).
STATUSES: dict[str, Any] = {
    "draft": _l("Draft"), "submitted": _l("Submitted"), "returned": _l("Returned for changes"),
    "certified": _l("Certified"), "rejected": _l("Rejected"),
}
#: What an application's history records, in the reader's language (an unknown action shows its key).
ACTIONS: dict[str, Any] = {
    "application_created": _l("application created"), "draft_saved": _l("draft saved"),
    "submitted": _l("submitted for review"), "reviewed": _l("review saved"), "certified": _l("certified"),
    "returned": _l("returned for changes"), "rejected": _l("not certified"),
    "evidence_added": _l("evidence added"), "evidence_removed": _l("evidence removed"),
}
DECISIONS = ("certify", "return", "reject")
#: A proposed decision's states: a reviewer proposes, a second reviewer confirms it (it takes
#: effect) or sends it back (it never does). Reviews without a decision have no state.
PROPOSAL_STATES = ("proposed", "confirmed", "sent_back")
#: Longest one-line public evaluation (shown on the hub's public record).
MAX_PUBLIC_EVALUATION = 200
#: Longest narrative an applicant writes for one rubric indicator (characters, line breaks count one).
MAX_NARRATIVE = 2000


class CriteriaVersion(db.Model):
    """One published criteria document, kept as published; the newest is current."""

    __tablename__ = "criteria_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    digest: Mapped[str] = mapped_column(String(80))
    document: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.document)


class HubApplication(db.Model):
    """An application for certification of one hub on one track."""

    __tablename__ = "hub_application"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'submitted', 'returned', 'certified', 'rejected')",
                        name="ck_application_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Optimistic lock: every UPDATE checks it, so of two requests that read the same state
    #: (an edit and a submit, two decisions) only the first to commit changes the application.
    version_id: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version_id}
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    criteria_version_id: Mapped[int] = mapped_column(ForeignKey("criteria_version.id"), index=True)
    track: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    #: An existing hub on the map, or ``None`` for a new hub described below.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    hub_name_ja: Mapped[str] = mapped_column(String(200), default="")
    hub_name_en: Mapped[str] = mapped_column(String(200), default="")
    university_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    prefecture_code: Mapped[str | None] = mapped_column(ForeignKey("prefecture.code"), index=True)
    #: Shipped sample data (fictional hubs), never real; shown as such everywhere.
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    renewal_of_id: Mapped[int | None] = mapped_column(ForeignKey("certification.id", ondelete="SET NULL", use_alter=True, name="fk_hub_application_renewal_of"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    owner: Mapped[User] = relationship(lazy="joined")
    criteria_version: Mapped[CriteriaVersion] = relationship(lazy="joined")
    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    university: Mapped[Organization | None] = relationship(foreign_keys=[university_id])
    revisions: Mapped[list[ApplicationRevision]] = relationship(
        back_populates="application", order_by="ApplicationRevision.number", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="application", order_by="Review.id", cascade="all, delete-orphan"
    )
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="application", foreign_keys="Certification.application_id", order_by="Certification.id"
    )

    @property
    def current_revision(self) -> ApplicationRevision:
        return self.revisions[-1]

    @property
    def pending_proposal(self) -> Review | None:
        """The proposed decision awaiting a second reviewer's confirmation, if any."""
        return next((r for r in reversed(self.reviews) if r.proposal_state == "proposed"), None)

    @property
    def editable(self) -> bool:
        return self.status in ("draft", "returned")

    def hub_name(self, lang: str) -> str:
        if self.organization is not None:
            org = self.organization
            return (org.name_en or org.name_ja) if lang == "en" else (org.name_ja or org.name_en)
        return (self.hub_name_en or self.hub_name_ja) if lang == "en" else (self.hub_name_ja or self.hub_name_en)


class ApplicationRevision(db.Model):
    """The values of one version of an application; frozen once submitted."""

    __tablename__ = "application_revision"
    __table_args__ = (UniqueConstraint("application_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("hub_application.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    values_json: Mapped[str] = mapped_column(Text, default="{}")
    #: Rubric indicator key → the applicant's narrative (Japanese text), frozen with the revision.
    narratives_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    application: Mapped[HubApplication] = relationship(back_populates="revisions")
    #: Evidence files attached to this revision (a later revision holds copies of the references).
    evidence: Mapped[list[EvidenceFile]] = relationship(
        back_populates="revision", order_by="EvidenceFile.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def values(self) -> dict[str, Any]:
        return json.loads(self.values_json)

    @property
    def narratives(self) -> dict[str, str]:
        return json.loads(self.narratives_json or "{}")

    def evidence_of(self, indicator: str) -> list[EvidenceFile]:
        return [e for e in self.evidence if e.indicator == indicator]

    @property
    def frozen(self) -> bool:
        return self.submitted_at is not None


class RevisionFrozenError(RuntimeError):
    """Someone tried to change a submitted revision."""


@event.listens_for(ApplicationRevision, "before_update")
def _refuse_changes_to_submitted(_mapper, connection, revision: ApplicationRevision) -> None:
    # Ask the database, not the session: it holds the state before this flush.
    stored = connection.scalar(
        select(ApplicationRevision.__table__.c.submitted_at).where(ApplicationRevision.__table__.c.id == revision.id)
    )
    if stored is not None:
        msg = f"revision {revision.number} of application {revision.application_id} is submitted and frozen"
        raise RevisionFrozenError(msg)


class EvidenceFile(db.Model):
    """One evidence file attached to a rubric indicator of one revision.

    The bytes live outside the web root, under the instance folder, named by their SHA-256
    (:mod:`hubs.certification.evidence`); the name the applicant gave is kept here only. A new
    revision copies the rows, so both point at the same stored file. Rows of a submitted
    revision are never inserted or changed (the hooks below refuse it, like the revision's).
    """

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("application_revision.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(80))
    #: The name as uploaded (no folders), shown and used as the download's name.
    original_name: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the content, hex: the stored file's name.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: Detected from the content: application/pdf, image/png, image/jpeg or the xlsx type.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revision: Mapped[ApplicationRevision] = relationship(back_populates="evidence")


@event.listens_for(EvidenceFile, "before_insert")
@event.listens_for(EvidenceFile, "before_update")
def _refuse_evidence_on_submitted(_mapper, connection, evidence: EvidenceFile) -> None:
    table = ApplicationRevision.__table__
    stored = connection.scalar(select(table.c.submitted_at).where(table.c.id == evidence.revision_id))
    if stored is not None:
        msg = f"revision {evidence.revision_id} is submitted and frozen: its evidence cannot change"
        raise RevisionFrozenError(msg)


class Review(db.Model):
    """A reviewer's rubric scores, comment and (possibly) proposed decision on one revision.

    A decision takes effect only when a second coordinator or an admin confirms it (four
    eyes): ``proposal_state`` goes from ``proposed`` to ``confirmed`` or ``sent_back``.
    """

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("proposal_state IS NULL OR proposal_state IN ('proposed', 'confirmed', 'sent_back')",
                        name="ck_review_proposal_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("hub_application.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("application_revision.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    rubric_scores_json: Mapped[str] = mapped_column(Text, default="{}")
    comment: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(20))
    tier: Mapped[str | None] = mapped_column(String(20))
    #: The one line published with a certification.
    public_evaluation: Mapped[str] = mapped_column(String(MAX_PUBLIC_EVALUATION), default="", server_default="")
    proposal_state: Mapped[str | None] = mapped_column(String(20))
    #: Who confirmed or sent back the proposal, when, and why (a note for the proposer).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    application: Mapped[HubApplication] = relationship(back_populates="reviews")
    revision: Mapped[ApplicationRevision] = relationship()
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def rubric_scores(self) -> dict[str, int]:
        return json.loads(self.rubric_scores_json)


class Certification(db.Model):
    """A hub's certification at a tier, valid for three Japanese fiscal years (April-March)."""

    __tablename__ = "certification"
    __table_args__ = (UniqueConstraint("application_id", "revision_id", name="uq_certification_decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("hub_application.id", ondelete="CASCADE"), index=True)
    #: The submitted revision certified: one certification per decision, enforced by the database.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("application_revision.id", ondelete="SET NULL"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    track: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(20))
    percent: Mapped[float] = mapped_column(Float)
    criteria_version: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date, index=True)
    renewal_of_id: Mapped[int | None] = mapped_column(ForeignKey("certification.id", ondelete="SET NULL"), index=True)
    certified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    #: The committee's one-line evaluation, public with the hub's record.
    public_evaluation: Mapped[str] = mapped_column(String(MAX_PUBLIC_EVALUATION), default="", server_default="")
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    application: Mapped[HubApplication] = relationship(back_populates="certifications", foreign_keys=[application_id])
    organization: Mapped[Organization | None] = relationship()
    renewal_of: Mapped[Certification | None] = relationship(remote_side=[id])


class AuditLog(db.Model):
    """Who did what, when: every state change of the certification process."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")

    actor: Mapped[User | None] = relationship()

    @property
    def detail(self) -> dict[str, Any]:
        return json.loads(self.detail_json)


class Notice(db.Model):
    """Something that happened for one person (an application returned, a proposal to confirm),
    shown in the portal until read; mailed as well. Words are rendered when read, in the
    reader's language, from ``kind`` and ``params``."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("hub_application.id", ondelete="CASCADE"), index=True)
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    #: Set for notices sent at most once (expiry reminders: certification and months).
    once_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
    application: Mapped[HubApplication | None] = relationship()

    @property
    def params(self) -> dict[str, Any]:
        return json.loads(self.params_json)


class Affiliation(db.Model):
    """An applicant's link to the organisation (a university or a hub) they apply for; a
    coordinator confirms it before any application for that organisation is reviewed."""

    __tablename__ = "affiliation"
    __table_args__ = (
        UniqueConstraint("user_id", "organization_id", name="uq_affiliation_user_organization"),
        CheckConstraint("status IN ('pending', 'confirmed', 'refused')", name="ck_affiliation_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    #: Whether the applicant's email domain matched the organisation's website (a hint only).
    domain_match: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization] = relationship()
