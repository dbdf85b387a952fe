"""What can be done with accounts: register, authenticate, issue and check API tokens.

Views call these and commit nothing themselves; each operation commits once or raises
:class:`~hubs.core.errors.InvalidInput` having written nothing.
"""
from __future__ import annotations

import functools
import hashlib
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from hubs.accounts.models import ROLES, ApiToken, User
from hubs.core.extensions import db
from hubs.core.errors import FieldError, InvalidInput

MIN_PASSWORD = 10
MAX_PASSWORD = 128
MAX_EMAIL = 254
#: zxcvbn's score (0-4) a new password needs: 3 is "safely unguessable" against an online attack
#: and stands up to a slowed-down offline one.
MIN_PASSWORD_SCORE = 3
# Deliberately loose: one @, a dot in the domain, no spaces. Mail delivery is the real test.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_EMAIL = re.compile(EMAIL_PATTERN)


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


def create_user(email: object, password: object, role: str = "applicant") -> User:
    """A new account; :class:`InvalidInput` (nothing saved) if any field is wrong or taken."""
    errors = check_credentials_input(email, password)
    if role not in ROLES:
        errors.append(FieldError("role", "unknown", _l("Unknown role %(role)s.", role=repr(role))))
    if errors:
        raise InvalidInput(errors=errors)
    if find_user(email) is not None:  # type: ignore[arg-type]
        raise InvalidInput(errors=[FieldError("email", "taken", _l("This email address is already registered."))],
                           status=409, code="conflict")
    user = User(email=normalise_email(email), role=role)  # type: ignore[arg-type]
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


def issue_token(user: User) -> str:
    """A new bearer token for ``user``; the plain value is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token)))
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or not row.user.active:
        return None
    return row.user


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def users_by_role() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))

