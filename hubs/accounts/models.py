"""Accounts: people who log in, their role, and the API tokens scripts use.

Passwords are stored as werkzeug hashes; API tokens only as SHA-256 digests (a token is
32 random bytes, so a fast digest is enough and lets us look it up by value).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from hubs.core.extensions import db, utcnow

ROLES: dict[str, tuple[str, str]] = {
    "applicant": ("申請者", "Applicant"),
    "coordinator": ("コーディネーター (審査員)", "Coordinator (reviewer)"),
    "admin": ("管理者", "Administrator"),
    "lab_staff": ("機関職員 (設備担当)", "Lab staff (equipment)"),
}


class User(db.Model):
    """A person with an email login and one role."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('applicant', 'coordinator', 'admin', 'lab_staff')", name="ck_user_role"),
        # Lab staff act for exactly one organisation's equipment and bookings.
        CheckConstraint("role != 'lab_staff' OR organization_id IS NOT NULL", name="ck_user_lab_staff_org"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Always stored lower-cased, so that logins do not depend on case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="applicant")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The organisation a ``lab_staff`` account acts for.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"),
                                                        index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Sessions carry the generation they began in; raising it (log out, password change,
    #: deactivation, reset) ends every session begun before, on every machine.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The language notices and mails are written in (``ja``/``en``; none: Japanese): the
    #: interface language of the first log-in, then as chosen on the account page (or the API).
    language: Mapped[str | None] = mapped_column(String(2))

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_reviewer(self) -> bool:
        """Coordinators and admins review and decide; applicants never do."""
        return self.role in ("coordinator", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 digest is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: After this moment the token no longer works (``ATLAS_TOKEN_LIFETIME_HOURS``).
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="tokens")


class PasswordReset(db.Model):
    """A one-time password-reset link an admin issued; only the SHA-256 of its secret is kept."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
