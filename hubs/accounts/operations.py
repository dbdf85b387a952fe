"""What can be done with accounts: register, authenticate, issue and check API tokens.

Views call these and commit nothing themselves; each operation commits once or raises
:class:`~hubs.core.errors.InvalidInput` having written nothing.
"""
from __future__ import annotations

import functools
import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from hubs.accounts.models import ROLES, ApiToken, PasswordReset, User
from hubs.core.mail import send_mail
from hubs.core.extensions import db, utcnow
from hubs.core.errors import Conflict, FieldError, InvalidInput, NotFound
from hubs.core.i18n import LANGUAGES

MIN_PASSWORD = 10
MAX_PASSWORD = 128
MAX_EMAIL = 254
#: zxcvbn's score (0-4) a new password needs: 3 is "safely unguessable" against an online attack
#: and stands up to a slowed-down offline one.
MIN_PASSWORD_SCORE = 3
# Deliberately loose: one @, a dot in the domain, no spaces. Mail delivery is the real test.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: ``\s`` as JSON Schema (ECMA-262) reads it: Python's also takes U+001C-U+001F and U+0085, so
#: the API document would allow addresses that the server refused.
_ECMA_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_EMAIL = re.compile(EMAIL_PATTERN.replace(r"\s", _ECMA_SPACE))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_credentials_input(email: object, password: object) -> list[FieldError]:
    """Field errors for an email/password pair (types, shape, length); empty if fine."""
    errors: list[FieldError] = []
    if not isinstance(email, str) or not email.strip():
        errors.append(FieldError("email", "required", _l("Enter an email address.")))
    elif len(email.strip()) > MAX_EMAIL or not _EMAIL.match(email.strip()):
        errors.append(FieldError("email", "invalid", _l("Not an email address.")))
    if not isinstance(password, str) or not password:
        errors.append(FieldError("password", "required", _l("Enter a password.")))
    elif not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        errors.append(FieldError("password", "length", _l(
            "The password must be %(low)s to %(high)s characters long.", low=MIN_PASSWORD, high=MAX_PASSWORD)))
    else:
        errors.extend(check_password_strength(password, email if isinstance(email, str) else ""))
    return errors


def check_password_strength(password: str, email: str = "") -> list[FieldError]:
    """Refuse blank and guessable passwords (common words, sequences, keyboard walks,
    repeats, the email itself), as zxcvbn estimates them."""
    if not password.strip():
        return [FieldError("password", "blank", _l("The password cannot be only spaces."))]
    hints = [email, *re.split(r"[@.]", email)] if email else []
    if zxcvbn(password, user_inputs=[h for h in hints if h])["score"] < MIN_PASSWORD_SCORE:
        return [FieldError("password", "weak", _l(
            "This password is too easy to guess. Use a longer phrase of several uncommon words."))]
    return []


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: object, password: object, role: str = "applicant", organization_id: int | None = None) -> User:
    """A new account; :class:`InvalidInput` (nothing saved) if any field is wrong or taken.

    ``lab_staff`` accounts need the ``organization_id`` they act for.
    """
    errors = check_credentials_input(email, password)
    if role not in ROLES:
        errors.append(FieldError("role", "unknown", _l("Unknown role %(role)s.", role=repr(role))))
    if role == "lab_staff" and organization_id is None:
        errors.append(FieldError("organization", "required", _l("Lab staff need the organisation they work for.")))
    if errors:
        raise InvalidInput(errors=errors)
    if find_user(email) is not None:  # type: ignore[arg-type]
        raise InvalidInput(errors=[FieldError("email", "taken", _l("This email address is already registered."))],
                           status=409, code="conflict")
    user = User(email=normalise_email(email), role=role, organization_id=organization_id)  # type: ignore[arg-type]
    user.set_password(password)  # type: ignore[arg-type]
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: object, password: object) -> User | None:
    """The active user with these credentials, else ``None`` (never says which part was wrong)."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    user = find_user(email)
    if user is None:
        # Hash anyway, so an unknown email takes as long as a known one.
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password made like real ones (the same method and cost)."""
    return generate_password_hash(secrets.token_urlsafe(16))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def live_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    now = utcnow()
    return sorted((t for t in user.tokens if t.expires_at is not None and aware(t.expires_at) > now),
                  key=lambda t: aware(t.created_at) or now, reverse=True)


def issue_token(user: User) -> str:
    """A new bearer token for ``user``; the plain value is returned once and never stored.

    It expires after ``ATLAS_TOKEN_LIFETIME_HOURS``. A user holds at most
    ``ATLAS_MAX_TOKENS`` working tokens: expired ones are dropped and, past the cap, the
    oldest is revoked, so calling this in a loop never piles tokens up.
    """
    config = current_app.config
    now = utcnow()
    for old in [t for t in user.tokens if t.expires_at is None or aware(t.expires_at) <= now]:
        db.session.delete(old)
    for old in live_tokens(user)[max(config["ATLAS_MAX_TOKENS"] - 1, 0):]:
        db.session.delete(old)
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token),
                            expires_at=now + timedelta(hours=config["ATLAS_TOKEN_LIFETIME_HOURS"])))
    db.session.commit()
    return token


def set_language(user: User, language: object) -> User:
    """The language ``user`` reads notices and mails in (``ja`` or ``en``), as they chose it."""
    if language not in LANGUAGES:
        raise InvalidInput.single("language", "invalid", _l("Choose Japanese (ja) or English (en)."))
    user.language = str(language)
    db.session.commit()
    return user


#: A token with its user in one query, built once (every API request asks it).
_TOKEN = select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.token_hash == bindparam("digest"))


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(_TOKEN, {"digest": _digest(token)})
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if row.expires_at is None or aware(row.expires_at) <= now:  # none: issued before expiry existed
        return None
    last = aware(row.last_used_at)
    if last is None or now - last > timedelta(minutes=5):  # a write at most every 5 minutes
        row.last_used_at = now
        db.session.commit()
    return row.user


def revoke_token(user: User, token_id: int) -> None:
    """Revoke one of ``user``'s own tokens; :class:`NotFound` for anyone else's."""
    row = db.session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None
    if row is None or row.user_id != user.id:
        raise NotFound(_l("No such token."))
    db.session.delete(row)
    db.session.commit()


def end_sessions(user: User, *, tokens: bool = False) -> None:
    """End every session ``user`` has (and every token with ``tokens``); commits."""
    user.session_generation = (user.session_generation or 0) + 1
    if tokens:
        for row in list(user.tokens):
            db.session.delete(row)
    db.session.commit()


def change_password(user: User, current: object, new: object) -> None:
    """Set a new password after checking the current one; ends every other session and token."""
    if not isinstance(current, str) or not user.check_password(current):
        raise InvalidInput.single("current_password", "wrong", _l("The current password is wrong."))
    errors = check_credentials_input(user.email, new)
    if errors:
        raise InvalidInput(errors=errors)
    user.set_password(new)  # type: ignore[arg-type]
    end_sessions(user, tokens=True)


def set_active(admin: User, user: User, active: bool) -> None:
    """Admins deactivate (or reactivate) an account; deactivation ends its sessions and tokens."""
    if user.id == admin.id:
        raise Conflict(_l("You cannot deactivate your own account."))
    user.active = active
    end_sessions(user, tokens=not active)


def _reset_url(token: str) -> str:
    from flask import url_for

    return url_for("accounts.reset_password", token=token, _external=True)


def issue_password_reset(admin: User, user: User) -> tuple[str, bool]:
    """A one-time reset link for ``user`` (valid ``ATLAS_RESET_LIFETIME_HOURS``).

    Mailed to the user when ``ATLAS_SMTP_URL`` is set; returns ``(link, mailed)`` so that
    the admin is shown the link to pass on otherwise. Earlier unused links stop working.
    """
    now = utcnow()
    for old in db.session.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id,
                                                              PasswordReset.used_at.is_(None))):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(
        user_id=user.id, token_hash=_digest(token), issued_by_id=admin.id,
        expires_at=now + timedelta(hours=current_app.config["ATLAS_RESET_LIFETIME_HOURS"])))
    db.session.commit()
    link = _reset_url(token)
    # Mailed only through a configured server; otherwise (or if it fails) the admin passes it on.
    mailed = bool(current_app.config.get("ATLAS_SMTP_URL")) and send_mail(
        user.email, "Innovation Hub Atlas: パスワードの再設定 / password reset",
        f"パスワードを再設定するには次のリンクを開いてください（1回限り有効）。\n"
        f"Open this link once to set a new password:\n\n{link}\n")
    return link, mailed


def password_reset_for(token: str) -> PasswordReset | None:
    """The unused, unexpired reset behind ``token``, else ``None``."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _digest(token)))
    if row is None or row.used_at is not None or aware(row.expires_at) <= utcnow() or not row.user.active:
        return None
    return row


def reset_password(token: str, new: object) -> User:
    """Use a reset link once: set the password, end every session and token of the user."""
    row = password_reset_for(token)
    if row is None:
        raise NotFound(_l("This password-reset link is unknown, used or expired."))
    errors = check_credentials_input(row.user.email, new)
    if errors:
        raise InvalidInput(errors=errors)
    row.used_at = utcnow()
    row.user.set_password(new)  # type: ignore[arg-type]
    end_sessions(row.user, tokens=True)
    return row.user


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def users_by_role() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))

